-- Parallel Append: the participants spread over a partitioned table's (or an
-- inheritance tree's) children: partial children (Parallel Seq Scans) shared, non-partial
-- ones (parallel_workers = 0) run whole by one participant; an Append of partial
-- children when enable_parallel_append is off. Only one-row answers are printed.
-- compare explain text
CREATE TABLE regress_pa_p (a int, b text) PARTITION BY RANGE (a);
CREATE TABLE regress_pa_p1 PARTITION OF regress_pa_p FOR VALUES FROM (0) TO (1000);
CREATE TABLE regress_pa_p2 PARTITION OF regress_pa_p FOR VALUES FROM (1000) TO (3000);
CREATE TABLE regress_pa_p3 PARTITION OF regress_pa_p FOR VALUES FROM (3000) TO (10000);
INSERT INTO regress_pa_p SELECT g, 'x' || g FROM generate_series(0, 9999) g;
ANALYZE regress_pa_p;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 4;
EXPLAIN SELECT count(*), sum(a) FROM regress_pa_p;
SELECT count(*), sum(a) FROM regress_pa_p;
EXPLAIN (COSTS OFF) SELECT * FROM regress_pa_p WHERE b LIKE '%77';
SELECT count(*), sum(a) FROM regress_pa_p WHERE b LIKE '%7';
-- partial and non-partial children
ALTER TABLE regress_pa_p2 SET (parallel_workers = 0);
EXPLAIN SELECT count(*), sum(a) FROM regress_pa_p;
SELECT count(*), sum(a) FROM regress_pa_p;
-- only non-partial children
ALTER TABLE regress_pa_p1 SET (parallel_workers = 0);
ALTER TABLE regress_pa_p3 SET (parallel_workers = 0);
EXPLAIN SELECT count(*), sum(a) FROM regress_pa_p;
SELECT count(*), sum(a) FROM regress_pa_p;
SET parallel_leader_participation = off;
SELECT count(*), sum(a) FROM regress_pa_p;
SELECT count(*), min(b), max(b) FROM regress_pa_p WHERE b LIKE '%7';
RESET parallel_leader_participation;
SET max_parallel_workers = 0;
SELECT count(*), sum(a) FROM regress_pa_p WHERE b LIKE '%7';
RESET max_parallel_workers;
-- enable_parallel_append off: a Gather over an Append of partial children, or serial
SET enable_parallel_append = off;
EXPLAIN SELECT count(*), sum(a) FROM regress_pa_p;
ALTER TABLE regress_pa_p1 RESET (parallel_workers);
ALTER TABLE regress_pa_p2 RESET (parallel_workers);
ALTER TABLE regress_pa_p3 RESET (parallel_workers);
EXPLAIN SELECT count(*), sum(a) FROM regress_pa_p;
SELECT count(*), sum(a) FROM regress_pa_p;
SET parallel_leader_participation = off;
SELECT count(*), sum(a) FROM regress_pa_p WHERE b LIKE '%7';
RESET parallel_leader_participation;
RESET enable_parallel_append;
-- pruning first: the surviving partitions only
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_pa_p WHERE a < 2000;
SELECT count(*) FROM regress_pa_p WHERE a < 2000;
-- an inheritance tree whose children are laid out unlike the parent
CREATE TABLE regress_pa_i (k int, v int);
CREATE TABLE regress_pa_i1 (extra text) INHERITS (regress_pa_i);
CREATE TABLE regress_pa_i2 (w float8, extra2 int) INHERITS (regress_pa_i);
INSERT INTO regress_pa_i SELECT g, g % 7 FROM generate_series(1, 1000) g;
INSERT INTO regress_pa_i1 SELECT g, g % 5, 'e' FROM generate_series(1, 2000) g;
INSERT INTO regress_pa_i2 SELECT g, g % 3, 0.5, 1 FROM generate_series(1, 3000) g;
ANALYZE regress_pa_i;
ANALYZE regress_pa_i1;
ANALYZE regress_pa_i2;
EXPLAIN (COSTS OFF) SELECT count(*), sum(k), sum(v) FROM regress_pa_i;
SELECT count(*), sum(k), sum(v) FROM regress_pa_i;
SET parallel_leader_participation = off;
SELECT count(*), sum(k), sum(v) FROM regress_pa_i WHERE v > 0;
RESET parallel_leader_participation;
DROP TABLE regress_pa_i CASCADE;
DROP TABLE regress_pa_p;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
