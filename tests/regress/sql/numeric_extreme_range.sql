-- numeric values at the edges of its range: 131072 digits before the point and 16383
-- after must store, add, aggregate and print quickly (a value's digits are converted
-- as text, never one by one), and intermediate results may pass the range where the
-- final one does not.
CREATE TABLE numeric_extreme (a numeric);
INSERT INTO numeric_extreme SELECT 9e131071 + x FROM generate_series(1, 5) x;
SELECT length(a::text), a % 1000 FROM numeric_extreme ORDER BY a;
SELECT min(a) < max(a), length(avg(a)::text), avg(a) % 1000 FROM numeric_extreme;
SELECT sum(a) FROM numeric_extreme;
-- the sum of squares overflows, the variance does not
SELECT variance(a), var_pop(a), stddev(a) FROM numeric_extreme;
UPDATE numeric_extreme SET a = -a RETURNING a % 100;
SELECT length(trim_scale(a)::text), min_scale(a), scale(a) FROM numeric_extreme LIMIT 1;
DELETE FROM numeric_extreme;
-- tiny values: squares need twice the fraction digits numeric can hold
INSERT INTO numeric_extreme VALUES (0), (3e-500), (-3e-500), (4e-500 - 1e-16383),
  (-4e-500 + 1e-16383);
SELECT trim_scale(variance(a) * 1e1000), trim_scale(var_samp(a) * 1e1000)
  FROM numeric_extreme;
-- a product's fraction digits are rounded to the most numeric can hold
SELECT trim_scale((0.1 - 2e-16383) * (0.1 - 3e-16383));
SELECT scale(1e-10000 * 1e-10000), 1e-10000 * 1e-10000 = 0;
SELECT trim_scale(5e-16383 * 0.5), trim_scale(-5e-16383 * 0.5);
-- the series' step past its last value leaves the range without an error
SELECT (i / (10::numeric ^ 131071))::numeric(1,0)
  FROM generate_series(6 * (10::numeric ^ 131071), 9 * (10::numeric ^ 131071),
                       10::numeric ^ 131071) AS a(i);
SELECT 9e131071 * 10;
SELECT 1e-16383 * 1e-1;
-- binary form and base-10000 packing of long values, at every digit alignment
CREATE TABLE numeric_align (a numeric);
INSERT INTO numeric_align SELECT (x || repeat('0', n) || '.' || repeat('7', n))::numeric
  FROM (VALUES ('1'), ('-12'), ('123'), ('1234'), ('-12345'), ('0'), ('-0')) v(x),
       generate_series(0, 9) n;
SELECT a FROM numeric_align ORDER BY a;
DROP TABLE numeric_align;
DROP TABLE numeric_extreme;
