-- GROUPING SETS over computed columns of a FROM subquery that is merged into the
-- query: each such column keeps its identity (a placeholder), so it is NULL in the
-- grouping sets without it and its HAVING test is not folded away.
DROP TABLE IF EXISTS regress_gspu;
CREATE TABLE regress_gspu (a int, b int, c int8);
INSERT INTO regress_gspu SELECT g % 4, g % 3, g FROM generate_series(1, 24) g;
ANALYZE regress_gspu;
SELECT a, x FROM (SELECT a, b, 'foo'::text AS x FROM regress_gspu) AS t
  GROUP BY GROUPING SETS (a, x) HAVING x = 'foo';
EXPLAIN (COSTS OFF) SELECT a, x FROM (SELECT a, b, 'foo'::text AS x FROM regress_gspu) AS t
  GROUP BY GROUPING SETS (a, x) HAVING x = 'foo';
SELECT a, x || 'x' FROM (SELECT a, b, 'foo'::text AS x FROM regress_gspu) AS t
  GROUP BY GROUPING SETS (a, x) ORDER BY a;
SELECT x, NOT x AS not_x, b FROM (SELECT *, a = 1 AS x FROM regress_gspu) AS t
  GROUP BY GROUPING SETS (x, b) ORDER BY x, b;
SELECT s, count(*), grouping(s) FROM (SELECT a + b AS s, c FROM regress_gspu) AS t
  GROUP BY ROLLUP (s) ORDER BY s;
SELECT a, s, sum(c) FROM (SELECT a, b * 10 AS s, c FROM regress_gspu) AS t
  GROUP BY CUBE (a, s) HAVING s IS NULL ORDER BY a, s;
EXPLAIN (COSTS OFF) SELECT a, s, sum(c) FROM (SELECT a, b * 10 AS s, c FROM regress_gspu) AS t
  GROUP BY CUBE (a, s) HAVING s IS NULL ORDER BY a, s;
EXPLAIN (COSTS OFF) SELECT x, y || 'y', count(*) FROM (SELECT a, 'foo'::text AS x, b::text AS y FROM regress_gspu) AS t
  GROUP BY GROUPING SETS ((x), (y), ()) HAVING y IS NOT NULL;
SELECT x, y || 'y', count(*) FROM (SELECT a, 'foo'::text AS x, b::text AS y FROM regress_gspu) AS t
  GROUP BY GROUPING SETS ((x), (y), ()) HAVING y IS NOT NULL ORDER BY 2;
DROP TABLE regress_gspu;
