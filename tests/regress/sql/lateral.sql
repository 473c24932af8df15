-- LATERAL subqueries and functions in FROM (implicitly lateral): top-N per group,
-- aggregates per outer row, LEFT JOIN LATERAL ... ON true, unnest / jsonb_each /
-- generate_series over an earlier item's columns, chains of LATERAL items, LATERAL
-- inside a subquery expression, prepared statements; EXPLAIN shapes (Nested Loop over
-- a re-scanned Limit / Aggregate / Function Scan); and the errors: a plain subquery
-- referring to an earlier item (42P01 with a hint), a LATERAL reference across a RIGHT
-- or FULL join (42P10), a reference to an item on the right, a JOIN ON clause using an
-- earlier FROM-list item, a table name hidden by its alias.
DROP TABLE IF EXISTS regress_lat_a;
DROP TABLE IF EXISTS regress_lat_b;
CREATE TABLE regress_lat_a (id int, grp int, arr int[], doc jsonb);
CREATE TABLE regress_lat_b (grp int, score int, name text);
INSERT INTO regress_lat_a VALUES (1, 1, '{1,2}', '{"a": 1}'), (2, 2, '{3}', '{"b": 2, "c": [3]}'),
  (3, 3, NULL, NULL), (4, 9, '{}', '{}');
INSERT INTO regress_lat_b SELECT g % 3 + 1, g * 7 % 11, 'n' || g FROM generate_series(1, 12) g;
SELECT a.id, t.name, t.score FROM regress_lat_a a, LATERAL (SELECT name, score FROM regress_lat_b b WHERE b.grp = a.grp ORDER BY score DESC, name LIMIT 2) t ORDER BY 1, 3 DESC;
EXPLAIN (COSTS OFF) SELECT a.id, t.name, t.score FROM regress_lat_a a, LATERAL (SELECT name, score FROM regress_lat_b b WHERE b.grp = a.grp ORDER BY score DESC, name LIMIT 2) t;
SELECT a.id, t.name FROM regress_lat_a a CROSS JOIN LATERAL (SELECT name FROM regress_lat_b b WHERE b.grp = a.grp ORDER BY b.score LIMIT 1) t ORDER BY 1;
SELECT a.id, t.* FROM regress_lat_a a LEFT JOIN LATERAL (SELECT count(*) AS n, max(score) AS best FROM regress_lat_b b WHERE b.grp = a.grp) t ON true ORDER BY 1;
EXPLAIN (COSTS OFF) SELECT a.id, t.* FROM regress_lat_a a LEFT JOIN LATERAL (SELECT count(*) AS n, max(score) AS best FROM regress_lat_b b WHERE b.grp = a.grp) t ON true;
SELECT a.id, t.name FROM regress_lat_a a LEFT JOIN LATERAL (SELECT name FROM regress_lat_b b WHERE b.grp = a.grp AND b.score > 8 ORDER BY name LIMIT 1) t ON true ORDER BY 1;
EXPLAIN (COSTS OFF) SELECT a.id, t.name FROM regress_lat_a a LEFT JOIN LATERAL (SELECT name FROM regress_lat_b b WHERE b.grp = a.grp AND b.score > 8 ORDER BY name LIMIT 1) t ON true;
SELECT a.id, t.n FROM regress_lat_a a INNER JOIN LATERAL (SELECT count(*) n FROM regress_lat_b b WHERE b.grp = a.grp) t ON t.n > 3 ORDER BY 1;
SELECT a.id, u FROM regress_lat_a a CROSS JOIN LATERAL unnest(a.arr) u ORDER BY 1, 2;
EXPLAIN (COSTS OFF) SELECT a.id, u FROM regress_lat_a a CROSS JOIN LATERAL unnest(a.arr) u;
SELECT a.id, u, n FROM regress_lat_a a, unnest(a.arr) WITH ORDINALITY AS x(u, n) ORDER BY 1, 2;
SELECT a.id, e.key, e.value FROM regress_lat_a a, jsonb_each(a.doc) e ORDER BY 1, 2;
EXPLAIN (COSTS OFF) SELECT a.id, e.key FROM regress_lat_a a, jsonb_each(a.doc) e;
SELECT a.id, g FROM regress_lat_a a, generate_series(1, a.id) g WHERE g > 1 ORDER BY 1, 2;
SELECT a.id, u FROM regress_lat_a a LEFT JOIN LATERAL unnest(a.arr) u ON true ORDER BY 1, 2;
SELECT a.id, s.total FROM regress_lat_a a, LATERAL (SELECT sum(x) AS total FROM unnest(a.arr) x) s ORDER BY 1;
SELECT a.id, b2.name, s.v FROM regress_lat_a a JOIN regress_lat_b b2 ON b2.grp = a.grp, LATERAL (SELECT a.id * 100 + b2.score AS v) s WHERE b2.score < 4 ORDER BY 1, 2;
SELECT a.id, v.x FROM regress_lat_a a, LATERAL (VALUES (a.id), (a.id * 10)) v(x) ORDER BY 1, 2;
SELECT a.id, s2.z FROM regress_lat_a a, LATERAL (SELECT a.id + 1 AS y) s1, LATERAL (SELECT s1.y * 2 AS z) s2 ORDER BY 1;
SELECT a.id, (SELECT max(t.s) FROM LATERAL (SELECT b.score AS s FROM regress_lat_b b WHERE b.grp = a.grp) t) FROM regress_lat_a a ORDER BY 1;
SELECT * FROM regress_lat_a a WHERE EXISTS (SELECT 1 FROM unnest(a.arr) u WHERE u > 1) ORDER BY 1;
SELECT a.id, t.name FROM regress_lat_a a JOIN regress_lat_b b ON b.grp = a.grp AND b.score = 0, LATERAL (SELECT name FROM regress_lat_b c WHERE c.grp = b.grp AND c.score > b.score ORDER BY c.score LIMIT 1) t ORDER BY 1;
PREPARE regress_lat_p(int) AS SELECT a.id, t.name FROM regress_lat_a a, LATERAL (SELECT name FROM regress_lat_b b WHERE b.grp = a.grp AND b.score > $1 ORDER BY name LIMIT 1) t ORDER BY 1;
EXECUTE regress_lat_p(5);
EXECUTE regress_lat_p(9);
DEALLOCATE regress_lat_p;
SELECT * FROM regress_lat_a a, (SELECT * FROM regress_lat_b b WHERE b.grp = a.grp) s;
SELECT * FROM regress_lat_a a RIGHT JOIN LATERAL (SELECT * FROM regress_lat_b b WHERE b.grp = a.grp) s ON true;
SELECT * FROM regress_lat_a a FULL JOIN LATERAL (SELECT * FROM regress_lat_b b WHERE b.grp = a.grp) s ON true;
SELECT * FROM regress_lat_a a RIGHT JOIN LATERAL unnest(a.arr) u ON true;
SELECT * FROM LATERAL (SELECT * FROM regress_lat_b b WHERE b.grp = a.grp) s, regress_lat_a a;
SELECT * FROM regress_lat_a a, regress_lat_b b JOIN regress_lat_b c ON a.grp = c.grp;
SELECT regress_lat_a.id FROM regress_lat_a a;
SELECT count(*) FROM regress_lat_a a, LATERAL (SELECT * FROM regress_lat_b b WHERE b.grp = grp) s;
DROP TABLE regress_lat_a;
DROP TABLE regress_lat_b;
-- subqueries inside LATERAL items: in a function's arguments, scalar subqueries using
-- the outer value (re-computed on every re-scan), LATERAL inside IN (...)
DROP TABLE IF EXISTS regress_lat_c;
DROP TABLE IF EXISTS regress_lat_d;
CREATE TABLE regress_lat_c (id int, arr int[]);
CREATE TABLE regress_lat_d (id int, v int);
INSERT INTO regress_lat_c VALUES (1, '{1,2}'), (2, NULL);
INSERT INTO regress_lat_d VALUES (1, 5), (1, 6), (2, 7);
SELECT c.id, u FROM regress_lat_c c, unnest((SELECT array_agg(v) FROM regress_lat_d d WHERE d.id = c.id)) u ORDER BY 1, 2;
EXPLAIN (COSTS OFF) SELECT c.id, u FROM regress_lat_c c, unnest((SELECT array_agg(v) FROM regress_lat_d d WHERE d.id = c.id)) u;
SELECT c.id, s.* FROM regress_lat_c c, LATERAL (SELECT (SELECT max(v) FROM regress_lat_d d WHERE d.id = c.id) m) s ORDER BY 1;
SELECT c.id, s.* FROM regress_lat_c c, LATERAL (SELECT v FROM regress_lat_d d WHERE d.id = c.id AND v = (SELECT max(v) FROM regress_lat_d x WHERE x.id = c.id)) s ORDER BY 1;
SELECT c.id, s.* FROM regress_lat_c c, LATERAL (SELECT v, EXISTS (SELECT 1 FROM regress_lat_c y WHERE y.id = d.id + c.id) e FROM regress_lat_d d WHERE d.id = c.id) s ORDER BY 1, 2;
SELECT * FROM regress_lat_c c WHERE id IN (SELECT s.v - 4 FROM regress_lat_d d, LATERAL (SELECT d.v + c.id AS v) s);
SELECT c.id, s.* FROM regress_lat_c c LEFT JOIN LATERAL (SELECT v FROM regress_lat_d d WHERE d.id = c.id) s ON s.v > c.id + 4 ORDER BY 1, 2;
SELECT count(*) FROM regress_lat_c a, regress_lat_c b, LATERAL (SELECT a.id + b.id AS t) s WHERE s.t > 2;
DROP TABLE regress_lat_c;
DROP TABLE regress_lat_d;
