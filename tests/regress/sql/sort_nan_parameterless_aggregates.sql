-- NaN sorts above every number (float and numeric, both directions, in tables too), and
-- a parameterless aggregate called without * is 42809.
DROP TABLE IF EXISTS regress_snp;
CREATE TABLE regress_snp (n numeric, f float8, r real);
INSERT INTO regress_snp VALUES ('NaN', 'NaN', 'NaN'), (1, 1, 1), (NULL, NULL, NULL),
  ('Infinity', 'Infinity', 'Infinity'), ('-Infinity', '-Infinity', '-Infinity'),
  ('NaN', 'NaN', 'NaN'), (-2.5, -2.5, -2.5), (3, 3, 3);
SELECT n FROM regress_snp ORDER BY n;
SELECT n FROM regress_snp ORDER BY n DESC;
SELECT n FROM regress_snp ORDER BY n NULLS FIRST;
SELECT f FROM regress_snp ORDER BY f;
SELECT f FROM regress_snp ORDER BY f DESC NULLS LAST;
SELECT r FROM regress_snp ORDER BY r;
SELECT n, f FROM regress_snp ORDER BY n, f DESC;
SELECT n FROM regress_snp ORDER BY n LIMIT 3;
SELECT n FROM regress_snp ORDER BY n DESC LIMIT 2;
SELECT n, sum(n) OVER (ORDER BY n ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
  FROM regress_snp ORDER BY n;
SELECT n, first_value(n) OVER w, last_value(n) OVER w FROM regress_snp
  WINDOW w AS (ORDER BY n RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING) ORDER BY n;
SELECT x FROM (VALUES ('NaN'::numeric), (1), ('NaN')) v(x) ORDER BY x;
SELECT count() FROM regress_snp;
SELECT count() OVER () FROM regress_snp;
SELECT pg_catalog.count() FROM regress_snp;
SELECT count(*) FROM regress_snp;
-- variance / stddev of numeric with infinities: NaN
SELECT var_pop(n), var_samp(n), stddev_pop(n), stddev_samp(n) FROM regress_snp
  WHERE n IS NOT NULL AND n <> 'NaN';
SELECT var_pop(x), var_samp(x) FROM (VALUES ('Infinity'::numeric)) v(x);
SELECT var_pop(x), var_samp(x) FROM (VALUES (1::numeric), (2), (4)) v(x);
-- percentiles of a multi-dimensional array of fractions keep its shape
SELECT percentile_disc(array[[NULL, 1, 0.5], [0.75, 0.25, NULL]]) WITHIN GROUP (ORDER BY f)
  FROM regress_snp WHERE f <> 'NaN';
SELECT percentile_cont(array[[0.5, 1], [0, 0.25]]) WITHIN GROUP (ORDER BY r)
  FROM regress_snp WHERE r > -1000 AND r < 1000;
SELECT percentile_disc(array[[2, 0.5]]) WITHIN GROUP (ORDER BY f) FROM regress_snp;
DROP TABLE regress_snp;
