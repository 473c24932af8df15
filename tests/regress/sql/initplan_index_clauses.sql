-- A comparison with an uncorrelated scalar subquery's value (an InitPlan, $0) is an
-- index clause, as PostgreSQL's PARAM_EXEC is a pseudo-constant: Index / Bitmap scans
-- with "Index Cond: (a = $0)" on plain tables and on each partition, where run-time
-- pruning then skips the partitions the value rules out ("never executed").
DROP TABLE IF EXISTS regress_ipic;
DROP TABLE IF EXISTS regress_ipic_p;
CREATE TABLE regress_ipic (a int, b int);
INSERT INTO regress_ipic SELECT i % 30, i FROM generate_series(1, 3000) i;
CREATE INDEX regress_ipic_a ON regress_ipic (a);
ANALYZE regress_ipic;
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_ipic WHERE a = (SELECT 25);
SELECT count(*), sum(b) FROM regress_ipic WHERE a = (SELECT 25);
EXPLAIN (COSTS OFF) SELECT * FROM regress_ipic WHERE a < (SELECT 5) ORDER BY a, b LIMIT 3;
SELECT * FROM regress_ipic WHERE a < (SELECT 5) ORDER BY a, b LIMIT 3;
SELECT count(*) FROM regress_ipic WHERE a = (SELECT max(a) FROM regress_ipic WHERE b < 10);
SELECT count(*) FROM regress_ipic WHERE a = (SELECT NULL::int);
CREATE TABLE regress_ipic_p (a int, b int) PARTITION BY RANGE (a);
CREATE TABLE regress_ipic_p1 PARTITION OF regress_ipic_p FOR VALUES FROM (0) TO (10);
CREATE TABLE regress_ipic_p2 PARTITION OF regress_ipic_p FOR VALUES FROM (10) TO (20);
CREATE TABLE regress_ipic_p3 PARTITION OF regress_ipic_p FOR VALUES FROM (20) TO (30);
INSERT INTO regress_ipic_p SELECT i % 30, i FROM generate_series(1, 3000) i;
CREATE INDEX ON regress_ipic_p (a);
ANALYZE regress_ipic_p;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT count(*) FROM regress_ipic_p WHERE a = (SELECT 25);
SELECT count(*), sum(b) FROM regress_ipic_p WHERE a = (SELECT 25);
SELECT count(*), sum(b) FROM regress_ipic_p WHERE a >= (SELECT 18) AND a < (SELECT 21);
DROP TABLE regress_ipic_p;
DROP TABLE regress_ipic;
