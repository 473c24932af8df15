-- Parallel query over indexes and the parallel_workers reloption: the table's
-- parallel_workers replaces the size rule for the worker count (0: never in parallel),
-- Parallel Index Scan / Index Only Scan (the participants take the B-tree's leaf pages
-- in turn) and Parallel Bitmap Heap Scan (the leader builds the bitmap, all share its
-- pages). Only ordered or one-row answers are printed.
-- compare explain text
CREATE TABLE regress_pix_t (a int, b int, c int, d text);
INSERT INTO regress_pix_t SELECT (g * 7919) % 10000, g, (g * 7919) % 100, 'x' || g
  FROM generate_series(0, 9999) g;
CREATE INDEX regress_pix_a ON regress_pix_t (a);
CREATE INDEX regress_pix_c ON regress_pix_t (c);
CREATE INDEX regress_pix_cb ON regress_pix_t (c, b);
VACUUM ANALYZE regress_pix_t;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET max_parallel_workers_per_gather = 4;
-- the reloption: checked, stored, and the worker count without the size rule
ALTER TABLE regress_pix_t SET (parallel_workers = 1025);
ALTER TABLE regress_pix_t SET (parallel_workers = -1);
ALTER TABLE regress_pix_t SET (parallel_workers = 3);
SELECT reloptions FROM pg_class WHERE relname = 'regress_pix_t';
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_pix_t WHERE d > 'x5';
SELECT count(*) FROM regress_pix_t WHERE d > 'x5';
SET min_parallel_table_scan_size = 0;
ALTER TABLE regress_pix_t SET (parallel_workers = 0);
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_pix_t WHERE d > 'x5';
ALTER TABLE regress_pix_t RESET (parallel_workers);
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_pix_t WHERE d > 'x5';
-- Parallel Index Scan and Index Only Scan: the participants share the leaf pages
ALTER TABLE regress_pix_t SET (parallel_workers = 3);
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT count(b) FROM regress_pix_t WHERE c > 1;
SELECT count(b), sum(b) FROM regress_pix_t WHERE c > 1;
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_pix_t WHERE c > 95;
SELECT count(*) FROM regress_pix_t WHERE c > 95;
EXPLAIN SELECT sum(b), count(*) FROM regress_pix_t WHERE a < 5000 AND d LIKE '%7';
SELECT sum(b), count(*) FROM regress_pix_t WHERE a < 5000 AND d LIKE '%7';
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
  SELECT count(b) FROM regress_pix_t WHERE c > 1;
SELECT count(*), min(b), max(b) FROM regress_pix_t WHERE c >= 50 AND c < 52;
-- GROUP BY over the partial index scan
SELECT a % 10 AS k, count(*), sum(b) FROM regress_pix_t WHERE c > 5 GROUP BY 1 ORDER BY 1;
EXPLAIN (COSTS OFF) SELECT d, count(*) FROM regress_pix_t WHERE c > 5 GROUP BY d;
SELECT count(*) FROM regress_pix_t WHERE c > 1000;
-- one process alone (no worker allowed) runs it as a serial scan
SET max_parallel_workers = 0;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
  SELECT count(b) FROM regress_pix_t WHERE c > 1;
SELECT count(b), sum(b) FROM regress_pix_t WHERE c > 1;
RESET max_parallel_workers;
-- the rows of a Gather over the scan (unordered: aggregated or one row)
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT b, d FROM regress_pix_t WHERE a < 500 AND d LIKE '%1';
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
  SELECT b, d FROM regress_pix_t WHERE a < 500 AND d LIKE '%1';
EXPLAIN (COSTS OFF) SELECT b FROM regress_pix_t WHERE c = 7 AND b < 1000;
-- = ANY: the participants share each element's scan in turn
EXPLAIN (COSTS OFF) SELECT b FROM regress_pix_t WHERE c IN (7, 8);
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
  SELECT b FROM regress_pix_t WHERE c IN (7, 8, 9);
SELECT count(*), sum(b) FROM regress_pix_t WHERE c IN (7, 8, 9, NULL, 7) AND b > 100;
SELECT count(*), sum(b) FROM regress_pix_t WHERE c = ANY ('{}'::int[]);
SELECT count(*), sum(b) FROM (SELECT b FROM regress_pix_t WHERE c < 3) s;
RESET parallel_leader_participation;
-- Parallel Bitmap Heap Scan: the leader's bitmap, its pages shared
SET enable_indexscan = off;
SET enable_bitmapscan = on;
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_pix_t WHERE c > 1;
SELECT count(*), sum(b) FROM regress_pix_t WHERE c > 1;
EXPLAIN SELECT count(*), sum(b) FROM regress_pix_t WHERE c > 1 AND d LIKE '%4';
SELECT count(*), sum(b) FROM regress_pix_t WHERE c > 1 AND d LIKE '%4';
-- (Heap Blocks: the leader's pages, none without it)
SET parallel_leader_participation = off;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
  SELECT count(*) FROM regress_pix_t WHERE c < 90;
RESET parallel_leader_participation;
SELECT count(*), sum(b) FROM regress_pix_t WHERE c IN (3, 5, 7) OR a < 10;
SET max_parallel_workers = 0;
SELECT count(*), sum(b) FROM regress_pix_t WHERE c > 1 AND d LIKE '%4';
RESET max_parallel_workers;
-- in a join: the partial outer side of a Parallel Hash Join
CREATE TABLE regress_pix_s (k int, v text);
INSERT INTO regress_pix_s SELECT g, 'v' || g FROM generate_series(1, 5) g;
ANALYZE regress_pix_s;
SET enable_seqscan = on;
SET enable_nestloop = off;
EXPLAIN
  SELECT count(*), sum(t.b) FROM regress_pix_t t JOIN regress_pix_s s ON t.c = s.k WHERE t.c < 50;
SELECT count(*), sum(t.b) FROM regress_pix_t t JOIN regress_pix_s s ON t.c = s.k WHERE t.c < 50;
RESET enable_nestloop;
DROP TABLE regress_pix_s;
-- enable_material off: no Materialize over a Nested Loop's inner side; a Gather as the
-- inner side's cheapest path leaves no partial Nested Loop to it
CREATE TABLE regress_pix_u AS SELECT * FROM regress_pix_t;
ANALYZE regress_pix_u;
SET enable_seqscan = off;
SET enable_hashjoin = off;
SET enable_mergejoin = off;
SET enable_material = off;
EXPLAIN (COSTS OFF)
  SELECT count(*) FROM regress_pix_t t, regress_pix_u u WHERE t.c > 1 AND u.c = 0;
SELECT count(*) FROM regress_pix_t t, regress_pix_u u
  WHERE t.c > 1 AND u.c = 0 AND u.b < 300;
SET max_parallel_workers_per_gather = 0;
EXPLAIN (COSTS OFF)
  SELECT count(*) FROM regress_pix_t t, regress_pix_u u WHERE t.c > 1 AND u.c = 0;
SET max_parallel_workers_per_gather = 4;
RESET enable_hashjoin;
RESET enable_mergejoin;
RESET enable_material;
DROP TABLE regress_pix_u;
RESET enable_indexscan;
RESET enable_seqscan;
RESET enable_bitmapscan;
-- the sizes: heap pages read at random and index pages against their thresholds
ALTER TABLE regress_pix_t RESET (parallel_workers);
SET min_parallel_index_scan_size = 1;
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_pix_t WHERE a < 3000;
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_pix_t WHERE a < 1000;
SET min_parallel_index_scan_size = 3;
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_pix_t WHERE a < 3000;
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_pix_t WHERE a < 1000;
SET min_parallel_index_scan_size = 10;
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_pix_t WHERE a < 3000;
SET min_parallel_index_scan_size = 0;
SET min_parallel_table_scan_size = 20;
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_pix_t WHERE a < 3000;
EXPLAIN (COSTS OFF) SELECT count(b) FROM regress_pix_t WHERE a < 3000;
SET min_parallel_table_scan_size = 70;
EXPLAIN (COSTS OFF) SELECT count(b) FROM regress_pix_t WHERE a < 3000;
RESET min_parallel_index_scan_size;
RESET min_parallel_table_scan_size;
DROP TABLE regress_pix_t;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET max_parallel_workers_per_gather;
