-- Full partitionwise aggregation (optimizer/partitionwise_aggregate.py): with
-- enable_partitionwise_aggregate on, GROUP BY over every partition key column groups
-- each partition below the Append (each grouping naming its own partition); a GROUP BY
-- without the key, one partition left by pruning, or the setting off: one grouping
-- over the Append. Results as PostgreSQL's.
DROP TABLE IF EXISTS regress_pwa;
CREATE TABLE regress_pwa (a int, b int, c text) PARTITION BY LIST (a);
CREATE TABLE regress_pwa_p1 PARTITION OF regress_pwa FOR VALUES IN (0, 1, 2);
CREATE TABLE regress_pwa_p2 PARTITION OF regress_pwa FOR VALUES IN (3, 4, 5);
CREATE TABLE regress_pwa_p3 PARTITION OF regress_pwa FOR VALUES IN (6, 7, 8, 9);
INSERT INTO regress_pwa SELECT i % 10, i % 7, 'x' || (i % 13) FROM generate_series(1, 3000) i;
ANALYZE regress_pwa;
SET enable_partitionwise_aggregate = on;
EXPLAIN (COSTS OFF) SELECT a, count(*), sum(b) FROM regress_pwa GROUP BY a;
SELECT a, count(*), sum(b) FROM regress_pwa GROUP BY a;
EXPLAIN (COSTS OFF) SELECT a, count(*), sum(b) FROM regress_pwa GROUP BY a HAVING avg(b) > 3 ORDER BY 1;
SELECT a, count(*), sum(b) FROM regress_pwa GROUP BY a HAVING avg(b) > 3 ORDER BY 1;
EXPLAIN (COSTS OFF) SELECT a, b, count(*) FROM regress_pwa GROUP BY a, b ORDER BY 1, 2;
SELECT a, b, count(*) FROM regress_pwa GROUP BY a, b ORDER BY 1, 2;
EXPLAIN (VERBOSE, COSTS OFF) SELECT a, count(*) FROM regress_pwa GROUP BY a;
EXPLAIN (COSTS OFF) SELECT a, count(*) FROM regress_pwa WHERE a < 3 GROUP BY a;
SELECT a, count(*) FROM regress_pwa WHERE a < 3 GROUP BY a;
SELECT a + 1, max(c), string_agg(DISTINCT c, ',' ORDER BY c) FROM regress_pwa WHERE b = 2 GROUP BY a ORDER BY 1;
SELECT b, count(*) FROM regress_pwa GROUP BY b;
RESET enable_partitionwise_aggregate;
EXPLAIN (COSTS OFF) SELECT a, count(*), sum(b) FROM regress_pwa GROUP BY a;
SELECT a, count(*), sum(b) FROM regress_pwa GROUP BY a;
DROP TABLE regress_pwa;
