-- Float NaNs are one value to hashing and merging, as PostgreSQL's float equality and
-- hash functions make them: GROUP BY, DISTINCT, UNION, INTERSECT, grouping sets,
-- DISTINCT aggregates, hash / merge / nested-loop joins and IN all see one NaN.
CREATE TABLE regress_fnk (x float8, r real, n numeric);
INSERT INTO regress_fnk VALUES ('NaN', 'NaN', 'NaN'), ('NaN', 'NaN', 'NaN'), (1, 1, 1),
  ('Infinity', '-Infinity', 2), (NULL, NULL, NULL);
SELECT x, count(*) FROM regress_fnk GROUP BY x ORDER BY 1;
SELECT r, count(*) FROM regress_fnk GROUP BY r ORDER BY 1;
SELECT n, count(*) FROM regress_fnk GROUP BY n ORDER BY 1;
SELECT DISTINCT x FROM regress_fnk ORDER BY 1;
SELECT x FROM regress_fnk UNION SELECT x FROM regress_fnk ORDER BY 1;
SELECT x FROM regress_fnk INTERSECT SELECT 'NaN'::float8;
SELECT count(DISTINCT x), count(DISTINCT r) FROM regress_fnk;
SELECT x, count(*) FROM regress_fnk GROUP BY ROLLUP (x) ORDER BY 1;
SELECT count(*) FROM regress_fnk a JOIN regress_fnk b ON a.x = b.x;
SET enable_mergejoin = off;
SELECT count(*) FROM regress_fnk a JOIN regress_fnk b ON a.x = b.x;
SET enable_hashjoin = off;
SELECT count(*) FROM regress_fnk a JOIN regress_fnk b ON a.x = b.x;
SELECT count(*) FROM regress_fnk a LEFT JOIN regress_fnk b ON a.r = b.r;
RESET enable_mergejoin;
RESET enable_hashjoin;
SELECT count(*) FROM regress_fnk a WHERE a.x IN (SELECT x FROM regress_fnk);
DROP TABLE regress_fnk;
