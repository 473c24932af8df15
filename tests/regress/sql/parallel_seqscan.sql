-- Parallel query: Gather over a Parallel Seq Scan run by real worker processes, Finalize
-- Aggregate over Partial Aggregates, Gather Merge over sorted partial scans. The costs
-- that make a small table worth scanning in parallel are set to zero (as PostgreSQL's
-- own tests do); the costs themselves are compared in test_explain_parallel.py. Only
-- ordered or one-row answers are printed: rows from several processes come in no
-- fixed order.
CREATE TABLE regress_par_t (a int, b text, c numeric, f float8, s smallint, i int8);
INSERT INTO regress_par_t SELECT g, 'v' || (g % 100), g / 8.0, g / 4.0, (g % 300)::smallint,
  g::int8 * 1000000000 FROM generate_series(1, 3000) g;
INSERT INTO regress_par_t VALUES (NULL, NULL, NULL, NULL, NULL, NULL);
ANALYZE regress_par_t;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
EXPLAIN (COSTS OFF) SELECT * FROM regress_par_t WHERE a = 2321;
SELECT * FROM regress_par_t WHERE a = 2321;
SELECT * FROM regress_par_t WHERE a < 0;
-- the select list is computed in the workers
EXPLAIN (COSTS OFF) SELECT a, b || '!' FROM regress_par_t WHERE c > 370 AND b = 'v97';
SELECT a, b || '!' FROM regress_par_t WHERE c > 370 AND b = 'v97';
-- parallel restricted functions (random) and FOR UPDATE keep the plan serial
EXPLAIN (COSTS OFF) SELECT * FROM regress_par_t WHERE a = 2321 AND random() >= 0;
EXPLAIN (COSTS OFF) SELECT * FROM regress_par_t WHERE a = 2321 FOR UPDATE;
EXPLAIN (COSTS OFF) SELECT * FROM regress_par_t WHERE a = 2321 LIMIT 1;
PREPARE regress_par_p(int) AS SELECT b FROM regress_par_t WHERE a = $1;
EXPLAIN (COSTS OFF) EXECUTE regress_par_p(77);
EXECUTE regress_par_p(77);
DEALLOCATE regress_par_p;
-- the worker count: max_parallel_workers_per_gather caps it, 0 turns parallel plans off
SET max_parallel_workers_per_gather = 1;
EXPLAIN (COSTS OFF) SELECT * FROM regress_par_t WHERE a = 2321;
SET max_parallel_workers_per_gather = 0;
EXPLAIN (COSTS OFF) SELECT * FROM regress_par_t WHERE a = 2321;
RESET max_parallel_workers_per_gather;
-- without the leader, every row and every error comes from a worker
SET parallel_leader_participation = off;
SELECT a / (a - 1500) FROM regress_par_t WHERE a = 1500;
SELECT * FROM regress_par_t WHERE a = 2999;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT * FROM regress_par_t WHERE a = 2999;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT count(*) FROM regress_par_t;
SELECT max(a) / 0 FROM regress_par_t;
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
-- aggregates: Finalize Aggregate over the workers' Partial Aggregates
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_par_t;
SELECT count(*) FROM regress_par_t;
EXPLAIN (COSTS OFF) SELECT count(a), sum(a), avg(a), min(b), max(f) FROM regress_par_t WHERE a % 3 = 0;
SELECT count(a), sum(a), avg(a), min(b), max(f) FROM regress_par_t WHERE a % 3 = 0;
SELECT sum(f), avg(f), avg(s), sum(s), sum(i), avg(i), sum(c), avg(c), max(c) FROM regress_par_t;
SELECT count(*), sum(a), avg(a), max(b) FROM regress_par_t WHERE a < 0;
EXPLAIN (COSTS OFF) SELECT count(*) + 1 AS c FROM regress_par_t HAVING count(*) > 5;
SELECT count(*) + 1 AS c FROM regress_par_t HAVING count(*) > 5;
EXPLAIN (COSTS OFF) SELECT count(DISTINCT b) FROM regress_par_t;
-- ORDER BY: Gather Merge over the participants' sorted rows
EXPLAIN (COSTS OFF) SELECT a FROM regress_par_t WHERE a % 97 = 3 ORDER BY a;
SELECT a FROM regress_par_t WHERE a % 97 = 3 ORDER BY a;
EXPLAIN (COSTS OFF) SELECT a, b FROM regress_par_t ORDER BY b DESC, a LIMIT 5;
SELECT a, b FROM regress_par_t ORDER BY b DESC, a LIMIT 5;
-- temporary tables are never scanned in parallel
CREATE TEMP TABLE regress_par_tmp AS SELECT * FROM regress_par_t;
ANALYZE regress_par_tmp;
EXPLAIN (COSTS OFF) SELECT * FROM regress_par_tmp WHERE a = 2321;
DROP TABLE regress_par_tmp;
DROP TABLE regress_par_t;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
