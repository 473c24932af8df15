-- BC dates and timestamps, and years after 9999: input, output in every DateStyle,
-- storage, ordering, arithmetic, range limits, extract, to_char / to_date, date_trunc
CREATE TABLE bcd (d date, t timestamp, tz timestamptz);
INSERT INTO bcd VALUES
  ('4714-11-24 BC', '4714-11-24 00:00 BC', '4714-11-24 00:00+00 BC'),
  ('0044-03-15 BC', '0044-03-15 10:30 BC', '0044-03-15 10:30+02 BC'),
  ('0001-12-31 BC', '0001-12-31 23:59:59.5 BC', '0001-01-01 00:00 BC'),
  ('0001-01-01', '0001-01-01 00:00', '0001-01-01 00:00+00'),
  ('5874897-12-31', '294276-12-31 23:59:59.999999', '294276-12-31 23:59:59.999999+00'),
  ('infinity', '-infinity', 'infinity'),
  ('10000-01-01', '10000-01-01', '10000-01-01 12:00 +00');
SELECT * FROM bcd ORDER BY d;
SELECT * FROM bcd ORDER BY t;
SELECT * FROM bcd ORDER BY tz DESC;
SET datestyle = 'SQL, DMY';
SELECT * FROM bcd ORDER BY d;
SET datestyle = 'Postgres, MDY';
SELECT * FROM bcd ORDER BY d;
SET datestyle = 'German';
SELECT * FROM bcd ORDER BY d;
RESET datestyle;
SELECT d, d + 1, d - 1, d - '2000-01-01'::date FROM bcd WHERE isfinite(d) AND d < '5000-01-01' ORDER BY d;
SELECT t + interval '1 year 2 days', t - interval '1 month', t - '0001-01-01'::timestamp
  FROM bcd WHERE t BETWEEN '1000-01-01 BC' AND '2000-01-01' ORDER BY t;
SELECT '4714-11-23 BC'::date;
SELECT '4714-11-24 BC'::date - 1;
SELECT '5874897-12-31'::date + 1;
SELECT '5874898-01-01'::date;
SELECT '294277-01-01 00:00'::timestamp;
SELECT '294276-12-31 23:59:59.999999'::timestamp + interval '1 usec';
SELECT '4714-11-24 00:00 BC'::timestamp - interval '1 usec';
SELECT '0000-01-01'::date;
SELECT 'Jan 1, 45 BC'::date, 'March 15, 44 BC 10:30'::timestamp;
SELECT to_date('15 Mar 44 BC', 'DD Mon YYYY BC'),
       to_timestamp('0044-03-15 10:00 BC', 'YYYY-MM-DD HH24:MI BC'), to_date('12', 'MM');
SELECT to_char(d, 'YYYY-MM-DD BC CC IYYY J DDD D Day') FROM bcd WHERE d < '2000-01-01' ORDER BY d;
SELECT to_char(t, 'Y,YYY YYY YY Y a.d. FMCC') FROM bcd ORDER BY t;
SELECT extract(year FROM d), extract(century FROM d), extract(millennium FROM d),
       extract(decade FROM d), extract(isoyear FROM d), extract(dow FROM d),
       extract(doy FROM d), extract(week FROM d) FROM bcd ORDER BY d;
SELECT extract(epoch FROM t), extract(julian FROM d) FROM bcd ORDER BY t;
SELECT date_trunc('year', t), date_trunc('decade', t), date_trunc('week', t)
  FROM bcd WHERE t > '4000-01-01 BC' ORDER BY t;
SELECT date_trunc('century', '0044-03-15 BC'::timestamp),
       date_trunc('millennium', '0044-03-15 BC'::timestamp);
SELECT date_trunc('year', '4714-11-24 BC'::timestamp);
SELECT age('0044-03-15 BC'::timestamp, '0100-01-01 BC'::timestamp),
       age('2000-01-01'::timestamp, '0044-03-15 BC'::timestamp);
SELECT make_date(-44, 3, 15), make_timestamp(-44, 3, 15, 1, 2, 3), make_date(0, 1, 1);
SELECT d::timestamp, t::date, tz::date, tz::timestamp FROM bcd WHERE d < '5000-01-01' ORDER BY d;
SELECT '0044-03-15 BC'::date = '0044-03-15 BC'::date, '0044-03-15 BC'::date < '0043-03-15 BC'::date;
SELECT generate_series('0002-12-30 BC'::timestamp, '0001-01-02', '1 day');
SELECT count(DISTINCT d), min(d), max(d), min(t), max(t) FROM bcd;
SET timezone = 'America/New_York';
SELECT tz FROM bcd ORDER BY tz;
SELECT '0044-03-15 10:00 BC'::timestamptz, '0044-03-15 BC'::date::timestamptz;
RESET timezone;
CREATE INDEX bcd_d ON bcd (d);
SET enable_seqscan = off;
SELECT d FROM bcd WHERE d < '0001-01-01' ORDER BY d;
RESET enable_seqscan;
DROP TABLE bcd;
-- BC values through ranges, JSON, AT TIME ZONE, date + time(tz), date_bin, casts
SELECT daterange('0044-03-15 BC', '0001-01-01'),
       tsrange('0044-03-15 BC', '10000-01-01') @> '0001-01-01 BC'::timestamp;
SELECT to_json('0044-03-15 BC'::date), to_jsonb('0044-03-15 BC 10:00'::timestamp),
       to_json('0044-03-15 BC 10:00+00'::timestamptz), to_json('10000-01-01'::date);
SELECT '0044-03-15 BC 10:00'::timestamp AT TIME ZONE 'UTC',
       '0044-03-15 BC 10:00+00'::timestamptz AT TIME ZONE 'Europe/Paris';
SELECT '0044-03-15 BC'::date + '10:00'::time, '0044-03-15 BC'::date + '10:00+02'::timetz,
       'infinity'::date + '10:00+02'::timetz;
SELECT date_bin('1 day', '0044-03-15 BC 10:00'::timestamp, '2001-01-01');
SELECT '0044-03-15 BC'::date::text::date, cast('0044-03-15 BC'::timestamp AS text);
SELECT to_char('0044-03-15 BC 10:00+00'::timestamptz, 'YYYY-MM-DD HH24:MI TZ OF BC');
SELECT ('0044-03-15 BC'::date, '2000-01-01'::date) OVERLAPS ('0001-01-01'::date, '0002-01-01'::date);
SELECT extract(epoch FROM '0044-03-15 BC'::date), extract(julian FROM '0044-03-15 BC 12:00'::timestamp),
       extract(julian FROM '2020-01-01 12:00'::timestamp), date_part('julian', '2020-01-01 06:00:01.5'::timestamp);
