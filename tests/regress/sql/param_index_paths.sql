-- Parameterised inner index scans (Nested Loop with "Index Cond: (id = a.b_id)") and
-- index scans giving ORDER BY's order, after ANALYZE, with the enable_* settings that
-- force each alternative; plan shapes and rows against PostgreSQL 15.
DROP TABLE IF EXISTS regress_pp_a, regress_pp_b;
CREATE TABLE regress_pp_b (id int PRIMARY KEY, name text, grp int);
CREATE TABLE regress_pp_a (id int PRIMARY KEY, b_id int, val int);
INSERT INTO regress_pp_b SELECT g, 'b' || g, g % 50 FROM generate_series(1, 10000) g;
INSERT INTO regress_pp_a SELECT g, (g * 37) % 10000 + 1, g % 7 FROM generate_series(1, 2000) g;
CREATE INDEX regress_pp_a_b_id ON regress_pp_a (b_id);
CREATE INDEX regress_pp_b_grp ON regress_pp_b (grp);
ANALYZE regress_pp_a;
ANALYZE regress_pp_b;
-- foreign-key lookups from a small outer side
EXPLAIN (COSTS OFF) SELECT a.id, b.name FROM regress_pp_a a JOIN regress_pp_b b ON b.id = a.b_id WHERE a.id < 10;
SELECT a.id, b.name FROM regress_pp_a a JOIN regress_pp_b b ON b.id = a.b_id WHERE a.id < 10 ORDER BY a.id;
EXPLAIN (COSTS OFF) SELECT a.id, b.name FROM regress_pp_a a LEFT JOIN regress_pp_b b ON b.id = a.b_id + 9995 WHERE a.id < 10;
SELECT a.id, b.name FROM regress_pp_a a LEFT JOIN regress_pp_b b ON b.id = a.b_id + 9995 WHERE a.id < 10 ORDER BY a.id;
EXPLAIN (COSTS OFF) SELECT a.id, b.grp FROM regress_pp_a a JOIN regress_pp_b b ON b.id = a.b_id AND b.grp < a.val WHERE a.id < 20;
SELECT a.id, b.grp FROM regress_pp_a a JOIN regress_pp_b b ON b.id = a.b_id AND b.grp < a.val WHERE a.id < 20 ORDER BY a.id;
EXPLAIN (COSTS OFF) SELECT b.id, a.id FROM regress_pp_b b JOIN regress_pp_a a ON a.b_id = b.id WHERE b.id < 5;
SELECT b.id, a.id FROM regress_pp_b b JOIN regress_pp_a a ON a.b_id = b.id WHERE b.id < 200 ORDER BY 1, 2;
-- parameterised by one table of a larger outer side
EXPLAIN (COSTS OFF) SELECT a.id, a2.id, b.id FROM regress_pp_a a JOIN regress_pp_b b ON b.id = a.b_id JOIN regress_pp_a a2 ON a2.b_id = b.id WHERE a.id < 10;
SELECT a.id, a2.id, b.id FROM regress_pp_a a JOIN regress_pp_b b ON b.id = a.b_id JOIN regress_pp_a a2 ON a2.b_id = b.id WHERE a.id < 10 ORDER BY 1;
-- semi / anti joins
EXPLAIN (COSTS OFF) SELECT * FROM regress_pp_a a WHERE a.id < 10 AND NOT EXISTS (SELECT 1 FROM regress_pp_b b WHERE b.id = a.b_id + 9995);
SELECT * FROM regress_pp_a a WHERE a.id < 10 AND NOT EXISTS (SELECT 1 FROM regress_pp_b b WHERE b.id = a.b_id + 9995) ORDER BY 1;
-- the alternatives forced
SET enable_indexscan = off;
EXPLAIN (COSTS OFF) SELECT a.id, b.name FROM regress_pp_a a JOIN regress_pp_b b ON b.id = a.b_id WHERE a.id < 10;
SELECT a.id, b.name FROM regress_pp_a a JOIN regress_pp_b b ON b.id = a.b_id WHERE a.id < 10 ORDER BY a.id;
RESET enable_indexscan;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT a.id, b.name FROM regress_pp_a a JOIN regress_pp_b b ON b.id = a.b_id WHERE a.id < 10;
SELECT a.id, b.name FROM regress_pp_a a JOIN regress_pp_b b ON b.id = a.b_id WHERE a.id < 10 ORDER BY a.id;
RESET enable_nestloop;
SET enable_mergejoin = off;
SET enable_hashjoin = off;
EXPLAIN (COSTS OFF) SELECT a.id, b.id FROM regress_pp_a a JOIN regress_pp_b b ON b.grp = a.val WHERE a.id < 3;
SELECT a.id, count(*) FROM regress_pp_a a JOIN regress_pp_b b ON b.grp = a.val WHERE a.id < 3 GROUP BY a.id ORDER BY a.id;
RESET enable_mergejoin;
RESET enable_hashjoin;
-- ORDER BY [DESC] [LIMIT] from an index
EXPLAIN (COSTS OFF) SELECT * FROM regress_pp_b ORDER BY id LIMIT 5;
SELECT * FROM regress_pp_b ORDER BY id LIMIT 5;
EXPLAIN (COSTS OFF) SELECT * FROM regress_pp_b ORDER BY id DESC LIMIT 5;
SELECT * FROM regress_pp_b ORDER BY id DESC LIMIT 5;
EXPLAIN (COSTS OFF) SELECT * FROM regress_pp_b WHERE id > 100 ORDER BY id LIMIT 3 OFFSET 2;
SELECT * FROM regress_pp_b WHERE id > 100 ORDER BY id LIMIT 3 OFFSET 2;
EXPLAIN (COSTS OFF) SELECT * FROM regress_pp_a ORDER BY b_id LIMIT 5;
SELECT * FROM regress_pp_a ORDER BY b_id LIMIT 5;
EXPLAIN (COSTS OFF) SELECT a.id, b.name FROM regress_pp_a a JOIN regress_pp_b b ON b.id = a.b_id ORDER BY a.id LIMIT 5;
SELECT a.id, b.name FROM regress_pp_a a JOIN regress_pp_b b ON b.id = a.b_id ORDER BY a.id LIMIT 5;
SET enable_indexscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM regress_pp_b ORDER BY id DESC LIMIT 5;
SELECT * FROM regress_pp_b ORDER BY id DESC LIMIT 5;
RESET enable_indexscan;
-- min() / max() through an index (InitPlans over Limit -> Index Only Scan [Backward])
EXPLAIN (COSTS OFF) SELECT min(id), max(id) FROM regress_pp_b;
SELECT min(id), max(id) FROM regress_pp_b;
EXPLAIN (COSTS OFF) SELECT min(b_id) FROM regress_pp_a WHERE val = 3;
SELECT min(b_id) FROM regress_pp_a WHERE val = 3;
EXPLAIN (COSTS OFF) SELECT max(id) + 1 AS next FROM regress_pp_b HAVING max(id) > 5;
SELECT max(id) + 1 AS next FROM regress_pp_b HAVING max(id) > 5;
SELECT max(id) FROM regress_pp_b HAVING max(id) > 100000;
SELECT max(id), min(id) FROM regress_pp_b WHERE id < 0;
EXPLAIN (COSTS OFF) SELECT max(grp), count(*) FROM regress_pp_b;
SELECT max(grp), count(*) FROM regress_pp_b;
-- Memoize over the parameterised inner side
SET enable_hashjoin = off;
SET enable_mergejoin = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_pp_a a JOIN regress_pp_b b ON b.id = a.val + 1;
SELECT count(*), sum(b.grp) FROM regress_pp_a a JOIN regress_pp_b b ON b.id = a.val + 1;
SET enable_memoize = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_pp_a a JOIN regress_pp_b b ON b.id = a.val + 1;
RESET enable_memoize;
RESET enable_hashjoin;
RESET enable_mergejoin;
-- Memoize over LATERAL items (binary cache mode), min() / max() correlated with the outer row
EXPLAIN (COSTS OFF) SELECT * FROM regress_pp_a a, LATERAL (SELECT * FROM regress_pp_b b WHERE b.grp = a.val ORDER BY b.id LIMIT 2) s WHERE a.id < 500;
SELECT count(*), sum(s.id) FROM regress_pp_a a, LATERAL (SELECT * FROM regress_pp_b b WHERE b.grp = a.val ORDER BY b.id LIMIT 2) s WHERE a.id < 500;
EXPLAIN (COSTS OFF) SELECT a.id, g FROM regress_pp_a a, LATERAL generate_series(1, a.val) g WHERE a.id < 100;
SELECT count(*), sum(g) FROM regress_pp_a a, LATERAL generate_series(1, a.val) g WHERE a.id < 100;
SELECT count(*), sum(m) FROM regress_pp_a a LEFT JOIN LATERAL (SELECT max(b.id) AS m FROM regress_pp_b b WHERE b.grp = a.val) s ON true WHERE a.id < 100;
SELECT sum(m) FROM (SELECT a.id, (SELECT max(b.id) FROM regress_pp_b b WHERE b.grp = a.val) AS m FROM regress_pp_a a WHERE a.id < 100) x;
DROP TABLE regress_pp_a, regress_pp_b;
