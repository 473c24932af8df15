-- min() / max() answered by InitPlans over an index: with ORDER BY, set-returning
-- functions or HAVING above them the InitPlans sit on the level's top node, the
-- sort keys read their values ($n), and the values reach the nodes above the Result.
DROP TABLE IF EXISTS regress_mmip;
CREATE TABLE regress_mmip (a int, b int);
INSERT INTO regress_mmip SELECT g, g % 13 FROM generate_series(1, 3000) g;
CREATE INDEX regress_mmip_a ON regress_mmip (a);
ANALYZE regress_mmip;
EXPLAIN (COSTS OFF) SELECT max(a) FROM regress_mmip ORDER BY 1;
SELECT max(a) FROM regress_mmip ORDER BY 1;
EXPLAIN (COSTS OFF) SELECT max(a) FROM regress_mmip ORDER BY max(a) + 1;
EXPLAIN (COSTS OFF) SELECT max(a), generate_series(1, 3) AS g FROM regress_mmip ORDER BY g DESC;
SELECT max(a), generate_series(1, 3) AS g FROM regress_mmip ORDER BY g DESC;
SELECT min(a), max(a), generate_series(1, 2) AS g FROM regress_mmip WHERE a > 10 ORDER BY g;
EXPLAIN (COSTS OFF) SELECT max(a) FROM regress_mmip HAVING max(a) > 0 ORDER BY 1;
SELECT max(a) FROM regress_mmip HAVING max(a) > 0 ORDER BY 1;
SELECT max(a) FROM regress_mmip HAVING max(a) < 0 ORDER BY 1;
DROP TABLE regress_mmip;
