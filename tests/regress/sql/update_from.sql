-- UPDATE ... FROM and DELETE ... USING: joins in data-modifying statements, RETURNING
-- over the joined columns (RETURNING * includes the FROM items), a target row joined
-- several times changed once, self-joins, subqueries / functions / LATERAL in the FROM
-- list, EXPLAIN shapes (Update on t -> join), and the errors: the target referred to
-- from its FROM list (42P01 / 42P10 with a hint), a FROM item named like the target;
-- SET (a, b) = (x, y) / ROW(...) and its errors.
DROP TABLE IF EXISTS regress_uf_t;
DROP TABLE IF EXISTS regress_uf_s;
CREATE TABLE regress_uf_t (id int, val int, note text);
CREATE TABLE regress_uf_s (id int, delta int, tag text);
INSERT INTO regress_uf_t SELECT g, g * 10, 'n' || g FROM generate_series(1, 6) g;
INSERT INTO regress_uf_s VALUES (1, 1, 'a'), (2, 2, 'b'), (2, 3, 'c'), (4, 4, 'd'), (7, 7, 'e');
EXPLAIN (COSTS OFF) UPDATE regress_uf_t t SET val = t.val + s.delta FROM regress_uf_s s WHERE s.id = t.id;
UPDATE regress_uf_t t SET val = t.val + s.delta, note = s.tag FROM regress_uf_s s WHERE s.id = t.id AND s.tag <> 'c' RETURNING t.id, t.val, s.tag, t.note;
UPDATE regress_uf_t t SET val = val + 100 FROM regress_uf_s s WHERE s.id = t.id AND s.id = 2;
SELECT * FROM regress_uf_t ORDER BY id;
UPDATE regress_uf_t SET note = 'x' FROM regress_uf_s s WHERE s.id = regress_uf_t.id + 100;
UPDATE regress_uf_t t SET note = s.tag FROM regress_uf_s s, regress_uf_s s2 WHERE s.id = t.id AND s2.id = s.id AND s2.tag = 'e' RETURNING *;
UPDATE regress_uf_t t SET note = u.x::text FROM unnest(ARRAY[3, 5]) u(x) WHERE u.x = t.id RETURNING *;
UPDATE regress_uf_t t SET note = q.m FROM (SELECT id, max(tag) m FROM regress_uf_s GROUP BY id) q WHERE q.id = t.id RETURNING t.*, q.*;
EXPLAIN (COSTS OFF) UPDATE regress_uf_t t SET note = q.m FROM (SELECT id, max(tag) m FROM regress_uf_s GROUP BY id) q WHERE q.id = t.id;
EXPLAIN (COSTS OFF) DELETE FROM regress_uf_t t USING regress_uf_s s WHERE s.id = t.id AND s.delta > 1;
DELETE FROM regress_uf_t t USING regress_uf_s s WHERE s.id = t.id AND s.delta > 1 RETURNING t.*;
SELECT * FROM regress_uf_t ORDER BY id;
UPDATE regress_uf_t t SET val = 0 FROM regress_uf_t WHERE regress_uf_t.id = 1;
UPDATE regress_uf_t SET val = 1 FROM regress_uf_t x WHERE x.id = regress_uf_t.id AND x.id = 1 RETURNING regress_uf_t.*, x.val;
DELETE FROM regress_uf_t t USING regress_uf_s s, LATERAL (SELECT s.delta * 2 AS d) l WHERE s.id = t.id AND l.d = 2 RETURNING t.id, l.d;
UPDATE regress_uf_t t SET val = t.val + 1 FROM regress_uf_s s JOIN regress_uf_s s2 ON s2.id = t.id WHERE s.id = t.id;
UPDATE regress_uf_t t SET val = 1 FROM LATERAL (SELECT t.id) s;
UPDATE regress_uf_t t SET val = 1 FROM (SELECT t.id) s;
UPDATE regress_uf_t t SET val = 1 FROM regress_uf_s t;
DELETE FROM regress_uf_t USING regress_uf_t;
SELECT * FROM regress_uf_t ORDER BY id;
UPDATE regress_uf_t t SET (val, note) = (s.delta, s.tag) FROM regress_uf_s s WHERE s.id = t.id RETURNING t.*;
UPDATE regress_uf_t t SET (val, note) = ROW(t.val * 2, DEFAULT) WHERE t.id = 3 RETURNING t.*;
UPDATE regress_uf_t SET (val, note) = (1, 'a', 2);
UPDATE regress_uf_t SET (val) = (8);
DROP TABLE regress_uf_t;
DROP TABLE regress_uf_s;
