-- HAVING over a grouped expression that the planner splits into conjuncts (or folds,
-- NOT NOT a), under ROLLUP and plain GROUP BY: PostgreSQL 15 reads the columns from
-- each group's first input row, so the grand-total row of a ROLLUP passes or fails
-- HAVING by that row's values.
DROP TABLE IF EXISTS regress_geh_t;
CREATE TABLE regress_geh_t (a int4, b int4, f bool);
INSERT INTO regress_geh_t VALUES (1, 2, true), (3, 1, false), (2, 5, true), (0, 1, NULL);
SELECT a < b AND b < 3 AS c, count(*) FROM regress_geh_t GROUP BY ROLLUP (a < b AND b < 3) HAVING a < b AND b < 3 ORDER BY 1;
SELECT a < b AND b < 3 AS c, count(*) FROM regress_geh_t GROUP BY (a < b AND b < 3) HAVING a < b AND b < 3;
SELECT NOT f AS nf, count(*) FROM regress_geh_t GROUP BY ROLLUP (NOT f) HAVING NOT NOT f ORDER BY 1;
SELECT a < b AND b < 3 AS c, sum(a) FROM regress_geh_t GROUP BY CUBE (a < b AND b < 3) HAVING a < b AND b < 3 OR sum(a) > 5 ORDER BY 1, 2;
SELECT a < b AND b < 3 AS c FROM regress_geh_t WHERE false GROUP BY ROLLUP (a < b AND b < 3) HAVING a < b AND b < 3;
EXPLAIN (COSTS OFF) SELECT a < b AND b < 3 AS c, count(*) FROM regress_geh_t GROUP BY ROLLUP (a < b AND b < 3) HAVING a < b AND b < 3;
DROP TABLE regress_geh_t;
