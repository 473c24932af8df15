-- Parallel joins: a partial outer input (Parallel Seq Scan) joined below a Gather to an
-- inner input every participant runs whole (Hash Join with a hash table per process,
-- Nested Loop over an index scan, Merge Join), Finalize / Partial Aggregate over such a
-- join, and Gathers below a serial join. Parallel Hash is not built yet, so it is turned
-- off here (PostgreSQL would prefer it with these settings). The costs that make small
-- tables worth scanning in parallel are zero, as in PostgreSQL's own tests; only
-- aggregated or ordered answers are printed.
CREATE TABLE regress_pj_big (id int, k int, v text);
INSERT INTO regress_pj_big SELECT g, g % 100, 'v' || g FROM generate_series(1, 3000) g;
CREATE TABLE regress_pj_small (k int PRIMARY KEY, name text);
INSERT INTO regress_pj_small SELECT g, 'n' || g FROM generate_series(0, 99) g;
CREATE TABLE regress_pj_mid (id int, w int);
INSERT INTO regress_pj_mid SELECT g, g % 7 FROM generate_series(1, 1000) g;
ANALYZE regress_pj_big;
ANALYZE regress_pj_small;
ANALYZE regress_pj_mid;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET enable_parallel_hash = off;
-- Hash Join over a partial outer side, with and without aggregation above
EXPLAIN (COSTS OFF) SELECT b.id, s.name FROM regress_pj_big b JOIN regress_pj_small s ON b.k = s.k;
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_pj_big b JOIN regress_pj_small s ON b.k = s.k;
SELECT count(*) FROM regress_pj_big b JOIN regress_pj_small s ON b.k = s.k;
EXPLAIN (COSTS OFF) SELECT b.id FROM regress_pj_big b JOIN regress_pj_mid m ON b.id = m.id WHERE m.w = 3;
SELECT sum(b.id), count(*) FROM regress_pj_big b JOIN regress_pj_mid m ON b.id = m.id WHERE m.w = 3;
-- outer, semi and anti joins keep the partial side as the outer one
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_pj_big b LEFT JOIN regress_pj_mid m ON b.id = m.id;
SELECT count(*), count(m.w), sum(m.w) FROM regress_pj_big b LEFT JOIN regress_pj_mid m ON b.id = m.id;
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_pj_big b
  WHERE NOT EXISTS (SELECT 1 FROM regress_pj_mid m WHERE m.id = b.id);
SELECT count(*), sum(b.id) FROM regress_pj_big b
  WHERE NOT EXISTS (SELECT 1 FROM regress_pj_mid m WHERE m.id = b.id);
SELECT count(*) FROM regress_pj_big b
  WHERE EXISTS (SELECT 1 FROM regress_pj_small s WHERE s.k = b.k AND s.name > 'n5');
-- three tables
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_pj_big b JOIN regress_pj_mid m ON b.id = m.id
  JOIN regress_pj_small s ON s.k = b.k WHERE m.w = 2;
SELECT sum(m.w), count(*), max(s.name) FROM regress_pj_big b JOIN regress_pj_mid m ON b.id = m.id
  JOIN regress_pj_small s ON s.k = b.k WHERE m.w = 2;
-- Nested Loop over an index scan (with Memoize), Merge Join
SET enable_hashjoin = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_pj_big b JOIN regress_pj_small s ON b.k = s.k;
SELECT count(*), max(s.name) FROM regress_pj_big b JOIN regress_pj_small s ON b.k = s.k;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT sum(m.w) FROM regress_pj_big b JOIN regress_pj_mid m ON b.id = m.id;
SELECT sum(m.w) FROM regress_pj_big b JOIN regress_pj_mid m ON b.id = m.id;
RESET enable_nestloop;
RESET enable_hashjoin;
-- Gathers below a serial join
EXPLAIN (COSTS OFF) SELECT b.id, m.w FROM regress_pj_big b JOIN regress_pj_mid m ON b.id = m.id
  WHERE b.k = 5;
SELECT b.id, m.w FROM regress_pj_big b JOIN regress_pj_mid m ON b.id = m.id
  WHERE b.k = 5 ORDER BY b.id LIMIT 5;
-- a parallel restricted select list is computed above the Gather
EXPLAIN (COSTS OFF) SELECT b.id, random() FROM regress_pj_big b JOIN regress_pj_mid m ON b.id = m.id;
SELECT count(*) FROM (SELECT b.id, random() >= 0 AS r FROM regress_pj_big b
  JOIN regress_pj_mid m ON b.id = m.id) x WHERE r;
-- ORDER BY: Gather Merge over each participant's sorted share of the join
EXPLAIN (COSTS OFF) SELECT b.id, s.name FROM regress_pj_big b JOIN regress_pj_small s ON b.k = s.k
  WHERE b.id % 100 = 7 ORDER BY s.name, b.id;
SELECT b.id, s.name FROM regress_pj_big b JOIN regress_pj_small s ON b.k = s.k
  WHERE b.id % 100 = 7 ORDER BY s.name, b.id;
-- a cursor's query is planned serial
EXPLAIN (COSTS OFF) DECLARE regress_pj_cur CURSOR FOR
  SELECT b.id FROM regress_pj_big b JOIN regress_pj_small s ON b.k = s.k;
-- a temporary table is never read by a worker; a transaction that wrote runs the
-- fragment in the leader alone
CREATE TEMP TABLE regress_pj_tmp AS SELECT * FROM regress_pj_small;
ANALYZE regress_pj_tmp;
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_pj_big b JOIN regress_pj_tmp s ON b.k = s.k;
SELECT count(*) FROM regress_pj_big b JOIN regress_pj_tmp s ON b.k = s.k;
DROP TABLE regress_pj_tmp;
BEGIN;
INSERT INTO regress_pj_small VALUES (1000, 'x');
UPDATE regress_pj_big SET k = 1000 WHERE id = 1;
SELECT count(*), max(s.name) FROM regress_pj_big b JOIN regress_pj_small s ON b.k = s.k;
ROLLBACK;
-- Parallel Hash Join: both inputs partial
RESET enable_parallel_hash;
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_pj_big b JOIN regress_pj_mid m ON b.id = m.id;
SELECT count(*), sum(b.id), sum(m.w) FROM regress_pj_big b JOIN regress_pj_mid m ON b.id = m.id;
EXPLAIN (COSTS OFF) SELECT b.id, m.w FROM regress_pj_big b LEFT JOIN regress_pj_mid m ON b.id = m.id;
SELECT count(*), sum(b.id), count(m.w) FROM regress_pj_big b LEFT JOIN regress_pj_mid m ON b.id = m.id;
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_pj_big b
  WHERE NOT EXISTS (SELECT 1 FROM regress_pj_mid m WHERE m.id = b.id);
SELECT count(*) FROM regress_pj_big b
  WHERE NOT EXISTS (SELECT 1 FROM regress_pj_mid m WHERE m.id = b.id);
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_pj_big b JOIN regress_pj_mid m ON b.id = m.id
  JOIN regress_pj_big b2 ON b2.id = m.id * 2;
SELECT count(*), sum(m.w) FROM regress_pj_big b JOIN regress_pj_mid m ON b.id = m.id
  JOIN regress_pj_big b2 ON b2.id = m.id * 2;
SET parallel_leader_participation = off;
SELECT count(*), sum(b.id), sum(m.w) FROM regress_pj_big b JOIN regress_pj_mid m ON b.id = m.id;
RESET parallel_leader_participation;
SET enable_parallel_hash = off;
-- errors raised in a worker reach the client
SET parallel_leader_participation = off;
SELECT sum(b.id / (b.id - 77)) FROM regress_pj_big b JOIN regress_pj_small s ON b.k = s.k;
RESET parallel_leader_participation;
DROP TABLE regress_pj_big, regress_pj_small, regress_pj_mid;
RESET enable_parallel_hash;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
