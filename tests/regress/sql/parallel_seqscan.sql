-- Parallel query, first step: Gather over a Parallel Seq Scan run by real worker
-- processes. The costs that make a small table worth scanning in parallel are set to
-- zero (as PostgreSQL's own tests do), so the plans appear here without a big table.
-- Only one-row answers are printed: rows from several processes come in no fixed order.
CREATE TABLE regress_par_t (a int, b text, c numeric);
INSERT INTO regress_par_t SELECT g, 'v' || (g % 100), g / 8.0 FROM generate_series(1, 5000) g;
ANALYZE regress_par_t;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
EXPLAIN (COSTS OFF) SELECT * FROM regress_par_t WHERE a = 4321;
SELECT * FROM regress_par_t WHERE a = 4321;
SELECT * FROM regress_par_t WHERE a < 0;
-- the select list is computed in the workers
EXPLAIN (COSTS OFF) SELECT a, b || '!' FROM regress_par_t WHERE c > 624 AND b = 'v97';
SELECT a, b || '!' FROM regress_par_t WHERE c > 624 AND b = 'v97';
-- parallel restricted functions (random) and FOR UPDATE keep the plan serial
EXPLAIN (COSTS OFF) SELECT * FROM regress_par_t WHERE a = 4321 AND random() >= 0;
EXPLAIN (COSTS OFF) SELECT * FROM regress_par_t WHERE a = 4321 FOR UPDATE;
EXPLAIN (COSTS OFF) SELECT * FROM regress_par_t WHERE a = 4321 LIMIT 1;
PREPARE regress_par_p(int) AS SELECT b FROM regress_par_t WHERE a = $1;
EXPLAIN (COSTS OFF) EXECUTE regress_par_p(77);
EXECUTE regress_par_p(77);
DEALLOCATE regress_par_p;
-- the worker count: max_parallel_workers_per_gather caps it, 0 turns parallel plans off
SET max_parallel_workers_per_gather = 1;
EXPLAIN (COSTS OFF) SELECT * FROM regress_par_t WHERE a = 4321;
SET max_parallel_workers_per_gather = 0;
EXPLAIN (COSTS OFF) SELECT * FROM regress_par_t WHERE a = 4321;
RESET max_parallel_workers_per_gather;
-- without the leader, every row and every error comes from a worker
SET parallel_leader_participation = off;
SELECT a / (a - 2500) FROM regress_par_t WHERE a = 2500;
SELECT * FROM regress_par_t WHERE a = 4999;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT * FROM regress_par_t WHERE a = 4999;
RESET parallel_leader_participation;
-- a transaction's own new rows are seen
BEGIN;
INSERT INTO regress_par_t VALUES (0, 'new', 0);
EXPLAIN (COSTS OFF) SELECT * FROM regress_par_t WHERE a = 0;
SELECT * FROM regress_par_t WHERE a = 0;
ROLLBACK;
-- a cursor's plan is serial: it can move backward
BEGIN;
DECLARE regress_par_cur CURSOR FOR SELECT a FROM regress_par_t WHERE a % 1000 = 0;
FETCH 2 FROM regress_par_cur;
FETCH BACKWARD 1 FROM regress_par_cur;
CLOSE regress_par_cur;
COMMIT;
-- temporary tables are never scanned in parallel
CREATE TEMP TABLE regress_par_tmp AS SELECT * FROM regress_par_t;
ANALYZE regress_par_tmp;
EXPLAIN (COSTS OFF) SELECT * FROM regress_par_tmp WHERE a = 4321;
DROP TABLE regress_par_tmp;
DROP TABLE regress_par_t;
-- costs: the parallel divisor (workers + the leader's share), parallel_setup_cost,
-- parallel_tuple_cost per row, and the worker count's log3 rule over the table's pages
CREATE TABLE regress_par_c (a int, b text);
INSERT INTO regress_par_c SELECT g, 'v' || g FROM generate_series(1, 20000) g;
ANALYZE regress_par_c;
SET parallel_setup_cost = 10;
RESET parallel_tuple_cost;
SET min_parallel_table_scan_size = 8;
EXPLAIN SELECT * FROM regress_par_c WHERE a < 100;
SET min_parallel_table_scan_size = 1;
SET max_parallel_workers_per_gather = 8;
EXPLAIN SELECT * FROM regress_par_c WHERE a < 100;
SET parallel_leader_participation = off;
EXPLAIN SELECT * FROM regress_par_c WHERE a < 100;
SET min_parallel_table_scan_size = 1000;
EXPLAIN SELECT * FROM regress_par_c WHERE a < 100;
RESET parallel_leader_participation;
RESET max_parallel_workers_per_gather;
DROP TABLE regress_par_c;
-- aggregates: Finalize Aggregate over the workers' Partial Aggregates (count, sum, avg,
-- min, max; shared and serialized states for int8 / numeric), or an Aggregate over a
-- Gather of the few rows the workers find
CREATE TABLE regress_par_a (a int, b text, f float8, s smallint);
INSERT INTO regress_par_a SELECT g, 'v' || (g % 100), g / 4.0, (g % 300)::smallint FROM generate_series(1, 20000) g;
INSERT INTO regress_par_a VALUES (NULL, NULL, NULL, NULL);
ANALYZE regress_par_a;
SET parallel_setup_cost = 10;
SET min_parallel_table_scan_size = 8;
EXPLAIN SELECT count(*) FROM regress_par_a;
SELECT count(*) FROM regress_par_a;
EXPLAIN SELECT count(a), sum(a), avg(a), min(b), max(f) FROM regress_par_a WHERE a % 3 = 0;
SELECT count(a), sum(a), avg(a), min(b), max(f) FROM regress_par_a WHERE a % 3 = 0;
SELECT sum(f), avg(f), avg(s), sum(s) FROM regress_par_a;
EXPLAIN SELECT count(*) FROM regress_par_a WHERE a < 0;
SELECT count(*), sum(a), avg(a), max(b) FROM regress_par_a WHERE a < 0;
EXPLAIN (COSTS OFF) SELECT count(*) + 1 AS c FROM regress_par_a HAVING count(*) > 5;
SELECT count(*) + 1 AS c FROM regress_par_a HAVING count(*) > 5;
EXPLAIN (COSTS OFF) SELECT count(DISTINCT b) FROM regress_par_a;
SET parallel_leader_participation = off;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT count(*) FROM regress_par_a;
SELECT max(a) / 0 FROM regress_par_a;
RESET parallel_leader_participation;
DROP TABLE regress_par_a;
CREATE TABLE regress_par_n (a int8, n numeric);
INSERT INTO regress_par_n SELECT g::int8 * 1000000000, g / 3.0 FROM generate_series(1, 20000) g;
ANALYZE regress_par_n;
EXPLAIN SELECT sum(a), avg(a), sum(n), avg(n), max(n) FROM regress_par_n;
SELECT sum(a), avg(a), sum(n), avg(n), max(n) FROM regress_par_n;
DROP TABLE regress_par_n;
-- ORDER BY: Gather Merge over the participants' sorted rows
CREATE TABLE regress_par_s (a int, b text);
INSERT INTO regress_par_s SELECT (g * 7919) % 20000, 'v' || g FROM generate_series(1, 20000) g;
ANALYZE regress_par_s;
SET parallel_tuple_cost = 0.001;
EXPLAIN SELECT * FROM regress_par_s WHERE a % 5 = 0 ORDER BY a;
EXPLAIN SELECT * FROM regress_par_s ORDER BY b DESC LIMIT 10;
SELECT * FROM regress_par_s ORDER BY b DESC LIMIT 10;
EXPLAIN SELECT a, b FROM regress_par_s WHERE a < 1000 ORDER BY a DESC;
SET parallel_tuple_cost = 0;
SET parallel_setup_cost = 0;
EXPLAIN (COSTS OFF) SELECT a FROM regress_par_s WHERE a % 97 = 3 ORDER BY a;
SELECT a FROM regress_par_s WHERE a % 97 = 3 ORDER BY a;
DROP TABLE regress_par_s;
RESET parallel_tuple_cost;
RESET parallel_setup_cost;
RESET min_parallel_table_scan_size;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
