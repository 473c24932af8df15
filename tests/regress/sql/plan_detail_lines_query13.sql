-- compare explain text
-- EXPLAIN detail lines of session 13's planner work compared as whole text: partitions'
-- and inheritance children's columns named after each child ("Filter: (t_1.b > 1)",
-- VERBOSE "Output:" per child), per-partition groupings (enable_partitionwise_aggregate),
-- grouping sets' rollups ("Group Key" / "Sort Key" lines, hashed sets in PostgreSQL's
-- rollup order and column order), quals pushed into UNION branches.
DROP TABLE IF EXISTS regress_pdl;
DROP TABLE IF EXISTS regress_pdl_c;
DROP TABLE IF EXISTS regress_pdl_i;
DROP TABLE IF EXISTS regress_pdl_g;
CREATE TABLE regress_pdl (a int, b int, c text) PARTITION BY RANGE (a);
CREATE TABLE regress_pdl_p1 PARTITION OF regress_pdl FOR VALUES FROM (0) TO (10);
CREATE TABLE regress_pdl_p2 (c text, b int, a int);
ALTER TABLE regress_pdl ATTACH PARTITION regress_pdl_p2 FOR VALUES FROM (10) TO (20);
INSERT INTO regress_pdl SELECT i % 20, i, 'x' || (i % 3) FROM generate_series(1, 400) i;
ANALYZE regress_pdl;
EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM regress_pdl WHERE b > 1;
EXPLAIN (VERBOSE, COSTS OFF) SELECT a, b + 1 FROM regress_pdl WHERE a > 3 ORDER BY a;
EXPLAIN (VERBOSE, COSTS OFF) SELECT c, count(*) FROM regress_pdl GROUP BY c;
EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM regress_pdl p JOIN regress_pdl q ON p.a = q.b;
SET enable_partitionwise_aggregate = on;
EXPLAIN (VERBOSE, COSTS OFF) SELECT a, count(*), max(c) FROM regress_pdl GROUP BY a HAVING count(*) > 1;
EXPLAIN (COSTS OFF) SELECT a, count(*) FROM regress_pdl GROUP BY a;
RESET enable_partitionwise_aggregate;
CREATE TABLE regress_pdl_i (a int, b int);
CREATE TABLE regress_pdl_c (c int) INHERITS (regress_pdl_i);
EXPLAIN (VERBOSE, COSTS OFF) SELECT a FROM regress_pdl_i WHERE b > 0;
CREATE TABLE regress_pdl_g (a int, b int, c int, v int);
INSERT INTO regress_pdl_g SELECT i % 4, i % 5, i % 3, i FROM generate_series(1, 200) i;
ANALYZE regress_pdl_g;
EXPLAIN (COSTS OFF) SELECT a, b, c, sum(v) FROM regress_pdl_g GROUP BY CUBE (a, b, c);
SET enable_hashagg = off;
EXPLAIN (COSTS OFF) SELECT a, b, c, sum(v) FROM regress_pdl_g GROUP BY CUBE (a, b, c);
EXPLAIN (COSTS OFF) SELECT a, b, sum(v) FROM regress_pdl_g GROUP BY GROUPING SETS ((a, b), (b), (a), ()) ORDER BY b;
RESET enable_hashagg;
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT a, b FROM regress_pdl_g UNION SELECT b, c FROM regress_pdl_g) u WHERE a = 2 AND b < 3;
DROP TABLE regress_pdl_g;
DROP TABLE regress_pdl_c;
DROP TABLE regress_pdl_i;
DROP TABLE regress_pdl;
