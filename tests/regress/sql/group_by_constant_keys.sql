-- GROUP BY keys that are constants, or columns WHERE fixes to a constant, order
-- nothing: any input counts as sorted, so a GroupAggregate reads it without a Sort
-- where that is cheaper than hashing.
DROP TABLE IF EXISTS regress_gbck;
CREATE TABLE regress_gbck (a int, b int, c text);
INSERT INTO regress_gbck SELECT g % 4, g % 10, 'c' || g FROM generate_series(1, 4000) g;
ANALYZE regress_gbck;
EXPLAIN (COSTS OFF) SELECT x, count(*) FROM (SELECT a, 'foo'::text AS x FROM regress_gbck) t
  GROUP BY x HAVING x = 'foo';
SELECT x, count(*) FROM (SELECT a, 'foo'::text AS x FROM regress_gbck) t
  GROUP BY x HAVING x = 'foo';
EXPLAIN (COSTS OFF) SELECT a, count(*) FROM regress_gbck WHERE a = 1 GROUP BY a;
SELECT a, count(*) FROM regress_gbck WHERE a = 1 GROUP BY a;
EXPLAIN (COSTS OFF) SELECT 1, count(*) FROM regress_gbck GROUP BY 1;
SELECT 1, count(*) FROM regress_gbck GROUP BY 1;
SELECT a, count(*) FROM regress_gbck WHERE a = 7 GROUP BY a;
DROP TABLE regress_gbck;
