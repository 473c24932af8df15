-- RANGE frames with an offset for every type with in_range support: integers (mixed
-- offset types), floats, numeric, date/time types with interval offsets; NULLs, infinity,
-- overflowing bounds, and NaN / negative offsets.
DROP TABLE IF EXISTS regress_winr;
CREATE TABLE regress_winr (i2 int2, i8 int8, f4 float4, f8 float8, n numeric, ts timestamp, tz timestamptz, t time, iv interval, ttz timetz);
INSERT INTO regress_winr VALUES (1, 10, 1.5, 2.5, 1.25, '2024-01-01 10:00', '2024-01-01 10:00+00', '10:00', '1 hour', '10:00+01'), (2, 20, 2.5, 3.5, 2.5, '2024-01-01 12:00', '2024-01-02 10:00+00', '11:30', '2 hours', '11:00+01'), (4, 40, 4.5, 5.5, 5, '2024-01-03 00:00', '2024-01-05 10:00+00', '13:00', '1 day', '13:00+01'), (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
SELECT i2, count(*) OVER (ORDER BY i2 RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM regress_winr ORDER BY 1;
SELECT i2, count(*) OVER (ORDER BY i2 RANGE BETWEEN 1::int8 PRECEDING AND 1::int2 FOLLOWING) FROM regress_winr ORDER BY 1;
SELECT i8, count(*) OVER (ORDER BY i8 RANGE BETWEEN 10 PRECEDING AND CURRENT ROW) FROM regress_winr ORDER BY 1;
SELECT f4, count(*) OVER (ORDER BY f4 RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM regress_winr ORDER BY 1;
SELECT f8, count(*) OVER (ORDER BY f8 RANGE BETWEEN 1.5 PRECEDING AND 'infinity' FOLLOWING) FROM regress_winr ORDER BY 1;
SELECT n, count(*) OVER (ORDER BY n RANGE BETWEEN 1.25 PRECEDING AND 1 FOLLOWING) FROM regress_winr ORDER BY 1;
SELECT ts, count(*) OVER (ORDER BY ts RANGE BETWEEN '2 hours' PRECEDING AND '1 day' FOLLOWING) FROM regress_winr ORDER BY 1;
SELECT tz, count(*) OVER (ORDER BY tz DESC RANGE BETWEEN '1 day' PRECEDING AND CURRENT ROW) FROM regress_winr ORDER BY 1;
SELECT t, count(*) OVER (ORDER BY t RANGE BETWEEN '90 minutes' PRECEDING AND CURRENT ROW) FROM regress_winr ORDER BY 1;
SELECT iv, count(*) OVER (ORDER BY iv RANGE BETWEEN '1 hour' PRECEDING AND '1 hour' FOLLOWING) FROM regress_winr ORDER BY 1;
SELECT ttz, count(*) OVER (ORDER BY ttz RANGE BETWEEN '1 hour' PRECEDING AND CURRENT ROW) FROM regress_winr ORDER BY 1;
SELECT n, count(*) OVER (ORDER BY n RANGE BETWEEN 'NaN' PRECEDING AND CURRENT ROW) FROM regress_winr ORDER BY 1;
SELECT i2, count(*) OVER (ORDER BY i2 RANGE BETWEEN 1.5 PRECEDING AND CURRENT ROW) FROM regress_winr ORDER BY 1;
SELECT ts, count(*) OVER (ORDER BY ts RANGE BETWEEN '-1 hour' PRECEDING AND CURRENT ROW) FROM regress_winr ORDER BY 1;
SELECT i8, count(*) OVER (ORDER BY i8 RANGE BETWEEN 9223372036854775800 FOLLOWING AND 9223372036854775807 FOLLOWING) FROM regress_winr ORDER BY 1;
DROP TABLE regress_winr;
