-- INSERT ... ON CONFLICT into partitioned tables: arbiters found on each leaf,
-- DO NOTHING / DO UPDATE, multi-level trees, and the refused cross-partition move.
DROP TABLE IF EXISTS poc_t CASCADE;
DROP TABLE IF EXISTS poc_m CASCADE;
CREATE TABLE poc_t (a int PRIMARY KEY, b text, c int) PARTITION BY RANGE (a);
CREATE TABLE poc_t1 PARTITION OF poc_t FOR VALUES FROM (0) TO (10);
CREATE TABLE poc_t2 PARTITION OF poc_t FOR VALUES FROM (10) TO (20);
CREATE TABLE poc_td PARTITION OF poc_t DEFAULT;
INSERT INTO poc_t VALUES (1, 'a', 1), (11, 'b', 2), (100, 'd', 3);
INSERT INTO poc_t VALUES (1, 'z') ON CONFLICT DO NOTHING;
INSERT INTO poc_t VALUES (1, 'z'), (12, 'q'), (100, 'y'), (200, 'n') ON CONFLICT (a) DO NOTHING RETURNING *;
INSERT INTO poc_t VALUES (11, 'z') ON CONFLICT (a) DO UPDATE SET b = excluded.b || poc_t.b RETURNING *;
INSERT INTO poc_t VALUES (100, 'w', 9) ON CONFLICT ON CONSTRAINT poc_t_pkey DO UPDATE SET c = excluded.c + poc_t.c RETURNING tableoid::regclass, *;
INSERT INTO poc_t VALUES (11, 'z') ON CONFLICT (a) DO UPDATE SET b = 'never' WHERE poc_t.c > 5;
INSERT INTO poc_t VALUES (11, 'z') ON CONFLICT (a) DO UPDATE SET a = 2;
INSERT INTO poc_t VALUES (11, 'z') ON CONFLICT (a) DO UPDATE SET a = 300;
INSERT INTO poc_t VALUES (11, 'z') ON CONFLICT (a) DO UPDATE SET a = 15 RETURNING *;
INSERT INTO poc_t VALUES (2, 'x'), (2, 'y') ON CONFLICT (a) DO UPDATE SET b = excluded.b;
INSERT INTO poc_t VALUES (3, 'x'), (3, 'y') ON CONFLICT (a) DO NOTHING;
INSERT INTO poc_t VALUES (5, 'x', 1) ON CONFLICT (b) DO NOTHING;
SELECT tableoid::regclass, * FROM poc_t ORDER BY a;
-- a unique index of one leaf only: DO NOTHING without a target checks it too
CREATE UNIQUE INDEX poc_t1_b ON poc_t1 (b);
INSERT INTO poc_t VALUES (4, 'a') ON CONFLICT DO NOTHING;
INSERT INTO poc_t VALUES (4, 'a') ON CONFLICT (a) DO NOTHING;
SELECT tableoid::regclass, * FROM poc_t ORDER BY a;
EXPLAIN (COSTS OFF) INSERT INTO poc_t VALUES (11, 'z') ON CONFLICT (a) DO UPDATE SET b = 'w';
EXPLAIN (COSTS OFF) INSERT INTO poc_t VALUES (11, 'z') ON CONFLICT DO NOTHING;
-- two levels, key columns in a unique index of the root
CREATE TABLE poc_m (k int, s int, v text, UNIQUE (k, s)) PARTITION BY LIST (k);
CREATE TABLE poc_m1 PARTITION OF poc_m FOR VALUES IN (1) PARTITION BY RANGE (s);
CREATE TABLE poc_m1a PARTITION OF poc_m1 FOR VALUES FROM (0) TO (100);
CREATE TABLE poc_m1b PARTITION OF poc_m1 FOR VALUES FROM (100) TO (200);
CREATE TABLE poc_m2 PARTITION OF poc_m FOR VALUES IN (2);
INSERT INTO poc_m VALUES (1, 5, 'a'), (1, 150, 'b'), (2, 5, 'c');
INSERT INTO poc_m VALUES (1, 150, 'x'), (2, 5, 'y'), (1, 50, 'z')
  ON CONFLICT (s, k) DO UPDATE SET v = poc_m.v || excluded.v RETURNING tableoid::regclass, *;
INSERT INTO poc_m VALUES (1, 150, 'x') ON CONFLICT (k, s) DO UPDATE SET s = 50;
INSERT INTO poc_m VALUES (1, 150, 'x') ON CONFLICT (k, s) DO UPDATE SET s = 199 RETURNING *;
INSERT INTO poc_m VALUES (1, 5, 'q') ON CONFLICT (k, s) DO NOTHING;
SELECT tableoid::regclass, * FROM poc_m ORDER BY k, s;
-- statements on a leaf directly still work
INSERT INTO poc_m1a VALUES (1, 5, 'leaf') ON CONFLICT (k, s) DO UPDATE SET v = 'leaf' RETURNING *;
DROP TABLE poc_t CASCADE;
DROP TABLE poc_m CASCADE;
