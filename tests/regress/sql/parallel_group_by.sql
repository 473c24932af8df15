-- Parallel GROUP BY: Partial HashAggregate / GroupAggregate in every participant,
-- Finalize HashAggregate / GroupAggregate above the Gather (Merge), or the serial
-- grouping over a Gather (Merge), by cost. The costs that make a small table worth
-- scanning in parallel are zero, as in PostgreSQL's own tests; rows are ordered or
-- summarised (groups from several processes come in no fixed order).
CREATE TABLE regress_pg_t (id int, k int, t text, f float8, n numeric);
INSERT INTO regress_pg_t SELECT g, g % 50, 'v' || (g % 7), (g % 5) / 2.0, g / 4.0
  FROM generate_series(1, 3000) g;
INSERT INTO regress_pg_t VALUES (NULL, NULL, NULL, 'NaN', NULL), (0, NULL, NULL, 'NaN', 1);
CREATE TABLE regress_pg_s (k int, name text);
INSERT INTO regress_pg_s SELECT g, 'n' || (g % 4) FROM generate_series(0, 49) g;
ANALYZE regress_pg_t;
ANALYZE regress_pg_s;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
EXPLAIN (COSTS OFF) SELECT k, count(*) FROM regress_pg_t GROUP BY k;
SELECT * FROM (SELECT k, count(*), sum(id), avg(id), min(t), max(n) FROM regress_pg_t GROUP BY k) x
  ORDER BY k LIMIT 5;
SELECT count(*), sum(c) FROM (SELECT k, count(*) c FROM regress_pg_t GROUP BY k) x;
EXPLAIN (COSTS OFF) SELECT k % 10, count(*), sum(id) FROM regress_pg_t GROUP BY k % 10;
SELECT * FROM (SELECT k % 10 AS g, count(*), sum(id), avg(n) FROM regress_pg_t GROUP BY k % 10) x
  ORDER BY g;
-- text, float (NaN keys group together) and NULL keys; HAVING
SELECT * FROM (SELECT t, f, count(*), sum(n) FROM regress_pg_t GROUP BY t, f) x
  ORDER BY t, f;
EXPLAIN (COSTS OFF) SELECT t, count(*) FROM regress_pg_t GROUP BY t HAVING count(*) > 400;
SELECT * FROM (SELECT t, count(*) FROM regress_pg_t GROUP BY t HAVING count(*) > 400) x
  ORDER BY t;
-- the sorted strategies
SET enable_hashagg = off;
EXPLAIN (COSTS OFF) SELECT k, count(*), avg(f) FROM regress_pg_t GROUP BY k;
SELECT count(*), sum(c), max(a) FROM (SELECT k, count(*) c, avg(f) a FROM regress_pg_t GROUP BY k) x;
RESET enable_hashagg;
-- over a parallel join
EXPLAIN (COSTS OFF) SELECT s.name, count(*), sum(t.id) FROM regress_pg_t t
  JOIN regress_pg_s s ON t.k = s.k GROUP BY s.name;
SELECT * FROM (SELECT s.name, count(*), sum(t.id) FROM regress_pg_t t
  JOIN regress_pg_s s ON t.k = s.k GROUP BY s.name) x ORDER BY name;
-- every group from the workers alone
SET parallel_leader_participation = off;
SELECT * FROM (SELECT t, count(*), sum(id) FROM regress_pg_t GROUP BY t) x ORDER BY t;
RESET parallel_leader_participation;
-- aggregates without a partial form keep the serial plan
EXPLAIN (COSTS OFF) SELECT k, count(DISTINCT t) FROM regress_pg_t GROUP BY k;
DROP TABLE regress_pg_t, regress_pg_s;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
