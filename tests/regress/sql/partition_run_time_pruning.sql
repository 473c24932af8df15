-- Run-time partition pruning: parameters of a prepared statement and stable functions
-- prune at executor start-up ("Subplans Removed"), an InitPlan's value when the Append
-- runs ("never executed" under EXPLAIN ANALYZE); EXPLAIN EXECUTE.
DROP TABLE IF EXISTS prt_r CASCADE;
DROP TABLE IF EXISTS prt_t CASCADE;
DROP TABLE IF EXISTS prt_l CASCADE;
DROP TABLE IF EXISTS prt_m CASCADE;
DEALLOCATE ALL;
CREATE TABLE prt_r (a int, b text) PARTITION BY RANGE (a);
CREATE TABLE prt_r1 PARTITION OF prt_r FOR VALUES FROM (0) TO (10);
CREATE TABLE prt_r2 PARTITION OF prt_r FOR VALUES FROM (10) TO (20);
CREATE TABLE prt_r3 PARTITION OF prt_r FOR VALUES FROM (20) TO (30);
INSERT INTO prt_r SELECT g, 'x' || g FROM generate_series(0, 29) g;
SET plan_cache_mode = force_generic_plan;
PREPARE prt_q1(int) AS SELECT * FROM prt_r WHERE a = $1;
EXPLAIN (COSTS OFF) EXECUTE prt_q1(5);
EXECUTE prt_q1(5);
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) EXECUTE prt_q1(15);
EXECUTE prt_q1(15);
EXECUTE prt_q1(99);
EXPLAIN (COSTS OFF) EXECUTE prt_q1(NULL);
PREPARE prt_q2(int, int) AS SELECT * FROM prt_r WHERE a >= $1 AND a < $2 ORDER BY a;
EXPLAIN (COSTS OFF) EXECUTE prt_q2(8, 12);
EXECUTE prt_q2(8, 12);
EXECUTE prt_q2(25, 100);
PREPARE prt_q3(int) AS SELECT count(*) FROM prt_r WHERE a > $1 + 5;
EXPLAIN (COSTS OFF) EXECUTE prt_q3(10);
EXECUTE prt_q3(10);
PREPARE prt_q4(text) AS SELECT * FROM prt_r WHERE b = $1;
EXPLAIN (COSTS OFF) EXECUTE prt_q4('x3');
EXECUTE prt_q4('x3');
EXPLAIN (COSTS OFF) EXECUTE prt_q1(1, 2);
EXPLAIN (COSTS OFF) EXECUTE prt_nonesuch(1);
-- an InitPlan's value prunes when the Append runs
EXPLAIN (COSTS OFF) SELECT * FROM prt_r WHERE a = (SELECT 5);
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT * FROM prt_r WHERE a = (SELECT 5);
SELECT * FROM prt_r WHERE a = (SELECT 25);
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT * FROM prt_r WHERE a < (SELECT 12);
-- stable functions prune at start-up
CREATE TABLE prt_t (t timestamptz, v int) PARTITION BY RANGE (t);
CREATE TABLE prt_t1 PARTITION OF prt_t FOR VALUES FROM ('2000-01-01') TO ('2020-01-01');
CREATE TABLE prt_t2 PARTITION OF prt_t FOR VALUES FROM ('2020-01-01') TO ('2100-01-01');
INSERT INTO prt_t VALUES ('2010-05-05', 1), ('2099-01-01', 2);
EXPLAIN (COSTS OFF) SELECT * FROM prt_t WHERE t < now();
EXPLAIN (COSTS OFF) SELECT * FROM prt_t WHERE t > now();
SELECT v FROM prt_t WHERE t > now();
SELECT v FROM prt_t WHERE t < now() ORDER BY v;
-- list partitions and a default
CREATE TABLE prt_l (k text, v int) PARTITION BY LIST (k);
CREATE TABLE prt_la PARTITION OF prt_l FOR VALUES IN ('a');
CREATE TABLE prt_lb PARTITION OF prt_l FOR VALUES IN ('b', 'c');
CREATE TABLE prt_ld PARTITION OF prt_l DEFAULT;
INSERT INTO prt_l VALUES ('a', 1), ('b', 2), ('c', 3), ('z', 4);
PREPARE prt_q5(text) AS SELECT * FROM prt_l WHERE k = $1;
EXPLAIN (COSTS OFF) EXECUTE prt_q5('c');
EXECUTE prt_q5('c');
EXPLAIN (COSTS OFF) EXECUTE prt_q5('q');
EXECUTE prt_q5('q');
-- a Merge Append prunes too
CREATE TABLE prt_m (a int, b text) PARTITION BY LIST (a);
CREATE TABLE prt_m1 PARTITION OF prt_m FOR VALUES IN (1, 3);
CREATE TABLE prt_m2 PARTITION OF prt_m FOR VALUES IN (2, 4);
CREATE TABLE prt_m3 PARTITION OF prt_m FOR VALUES IN (5);
INSERT INTO prt_m SELECT 1 + g % 5, 'x' || g FROM generate_series(1, 5000) g;
CREATE INDEX ON prt_m (b);
ANALYZE prt_m;
PREPARE prt_q7(int) AS SELECT * FROM prt_m WHERE a <> $1 AND a < $1 ORDER BY b LIMIT 3;
EXPLAIN (COSTS OFF) EXECUTE prt_q7(3);
EXECUTE prt_q7(3);
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT * FROM prt_m WHERE a = (SELECT 2) ORDER BY b LIMIT 2;
SELECT * FROM prt_m WHERE a = (SELECT 2) ORDER BY b LIMIT 2;
-- EXPLAIN EXECUTE of a statement on a plain table
PREPARE prt_q6(int) AS SELECT $1 + 1 AS n;
EXPLAIN (COSTS OFF) EXECUTE prt_q6(1);
RESET plan_cache_mode;
DEALLOCATE ALL;
DROP TABLE prt_r CASCADE;
DROP TABLE prt_t CASCADE;
DROP TABLE prt_l CASCADE;
DROP TABLE prt_m CASCADE;
