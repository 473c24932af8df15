-- FULL [OUTER] JOIN: ON and USING (the merged column is COALESCE of both sides, typed
-- by both), NATURAL, NULL keys (never match), duplicates on both sides, empty sides,
-- three-way and nested full joins, join filters that decide matching, subqueries and
-- VALUES as inputs, aggregates / ORDER BY / LIMIT over them, CTEs, correlated
-- subqueries using full-join columns, views (pg_get_viewdef), JOIN aliases, UPDATE ... FROM /
-- DELETE ... USING, reduction to LEFT / RIGHT / INNER by WHERE clauses (EXPLAIN
-- shapes), ON true / ON false, and the refusals: a join condition neither merge- nor
-- hash-joinable (0A000), LATERAL across a FULL join (42P10). (Spilling hash full joins:
-- tests/executor/test_hash_join_batches_server.py.)
DROP TABLE IF EXISTS regress_fj_l;
DROP TABLE IF EXISTS regress_fj_r;
DROP TABLE IF EXISTS regress_fj_m;
CREATE TABLE regress_fj_l (id int, lv text);
CREATE TABLE regress_fj_r (id int, rv text);
CREATE TABLE regress_fj_m (id int8, mv text);
INSERT INTO regress_fj_l VALUES (1, 'l1'), (2, 'l2'), (2, 'l2b'), (NULL, 'lnull'), (5, 'l5');
INSERT INTO regress_fj_r VALUES (2, 'r2'), (3, 'r3'), (3, 'r3b'), (NULL, 'rnull'), (5, 'r5');
INSERT INTO regress_fj_m VALUES (3, 'm3'), (5, 'm5'), (6, 'm6');
SELECT * FROM regress_fj_l FULL JOIN regress_fj_r USING (id) ORDER BY id, lv, rv;
SELECT * FROM regress_fj_l NATURAL FULL JOIN regress_fj_r ORDER BY 1, 2, 3;
SELECT id, regress_fj_l.id AS lid, regress_fj_r.id AS rid FROM regress_fj_l FULL OUTER JOIN regress_fj_r USING (id) ORDER BY 1, 2, 3;
SELECT * FROM regress_fj_l l FULL JOIN regress_fj_r r ON l.id = r.id ORDER BY l.id, r.id, lv, rv;
SELECT * FROM regress_fj_l l FULL JOIN regress_fj_r r ON l.id = r.id AND l.lv < 'l2b' ORDER BY 1, 2, 3, 4;
SELECT * FROM regress_fj_l l FULL JOIN regress_fj_r r ON l.id = r.id AND r.rv <> 'r5' ORDER BY 1, 2, 3, 4;
-- the merged column of int4 and int8 is int8
SELECT * FROM regress_fj_l FULL JOIN regress_fj_m USING (id) ORDER BY 1, 2, 3;
SELECT pg_typeof(id) FROM regress_fj_l FULL JOIN regress_fj_m USING (id) LIMIT 1;
SELECT * FROM regress_fj_l FULL JOIN regress_fj_r USING (id) FULL JOIN regress_fj_m USING (id) ORDER BY 1, 2, 3, 4;
SELECT * FROM (regress_fj_l FULL JOIN regress_fj_r USING (id)) FULL JOIN regress_fj_m ON regress_fj_m.id = id ORDER BY 1, 2, 3, 4, 5;
SELECT * FROM regress_fj_l JOIN regress_fj_r USING (id) FULL JOIN regress_fj_m USING (id) ORDER BY 1, 2, 3, 4;
SELECT * FROM regress_fj_l l LEFT JOIN (regress_fj_r r FULL JOIN regress_fj_m m ON r.id = m.id) ON l.id = r.id ORDER BY 1, 2, 3, 4, 5, 6;
-- WHERE clauses above: strict ones reduce the join, others filter NULL-extended rows
SELECT * FROM regress_fj_l l FULL JOIN regress_fj_r r ON l.id = r.id WHERE l.id IS NULL ORDER BY 3, 4;
SELECT * FROM regress_fj_l l FULL JOIN regress_fj_r r ON l.id = r.id WHERE r.id > 2 ORDER BY 1, 2, 3, 4;
SELECT * FROM regress_fj_l l FULL JOIN regress_fj_r r ON l.id = r.id WHERE l.lv LIKE 'l%' ORDER BY 1, 2, 3, 4;
SELECT * FROM regress_fj_l l FULL JOIN regress_fj_r r ON l.id = r.id WHERE l.id = r.id ORDER BY 1, 2, 3, 4;
SELECT * FROM regress_fj_l FULL JOIN regress_fj_r USING (id) WHERE id IN (2, 3) ORDER BY 1, 2, 3;
SELECT * FROM regress_fj_l FULL JOIN regress_fj_r USING (id) WHERE id = 5 ORDER BY 1, 2, 3;
SELECT * FROM regress_fj_l FULL JOIN regress_fj_r USING (id) WHERE id IS NULL ORDER BY 2, 3;
SELECT * FROM regress_fj_l l FULL JOIN regress_fj_r r ON l.id = r.id WHERE coalesce(l.lv, r.rv) > 'l5' ORDER BY 1, 2, 3, 4;
EXPLAIN (COSTS OFF) SELECT * FROM regress_fj_l l FULL JOIN regress_fj_r r ON l.id = r.id;
EXPLAIN (COSTS OFF) SELECT * FROM regress_fj_l l FULL JOIN regress_fj_r r ON l.id = r.id WHERE l.lv = 'x';
EXPLAIN (COSTS OFF) SELECT * FROM regress_fj_l l FULL JOIN regress_fj_r r ON l.id = r.id WHERE r.rv = 'x';
EXPLAIN (COSTS OFF) SELECT * FROM regress_fj_l l FULL JOIN regress_fj_r r ON l.id = r.id WHERE l.lv > r.rv;
EXPLAIN (COSTS OFF) SELECT * FROM regress_fj_l l FULL JOIN regress_fj_r r ON l.id = r.id WHERE l.lv IS NOT NULL AND r.rv IS NOT NULL;
EXPLAIN (COSTS OFF) SELECT * FROM regress_fj_l l FULL JOIN regress_fj_r r ON l.id = r.id WHERE l.lv IS NULL;
EXPLAIN (COSTS OFF) SELECT * FROM regress_fj_l FULL JOIN regress_fj_r USING (id) WHERE id = 5;
EXPLAIN (COSTS OFF) SELECT * FROM regress_fj_l l FULL JOIN regress_fj_r r ON l.id = r.id FULL JOIN regress_fj_m m ON m.id = r.id;
EXPLAIN (COSTS OFF) SELECT * FROM regress_fj_l l FULL JOIN regress_fj_r r ON l.id = r.id AND l.lv < r.rv;
-- ON true / ON false: a merge join without merge clauses
SELECT * FROM regress_fj_l FULL JOIN regress_fj_m ON true ORDER BY 1, 2, 3, 4;
SELECT * FROM regress_fj_l FULL JOIN regress_fj_m ON false ORDER BY 1, 2, 3, 4;
EXPLAIN (COSTS OFF) SELECT * FROM regress_fj_l FULL JOIN regress_fj_m ON false;
-- empty sides
SELECT * FROM regress_fj_l FULL JOIN (SELECT * FROM regress_fj_r WHERE false) r USING (id) ORDER BY 1, 2;
SELECT * FROM (SELECT * FROM regress_fj_l WHERE id > 100) l FULL JOIN regress_fj_r USING (id) ORDER BY 1, 3;
SELECT count(*) FROM (SELECT * FROM regress_fj_l WHERE false) l FULL JOIN (SELECT * FROM regress_fj_r WHERE false) r USING (id);
-- inputs that are subqueries and VALUES; aggregates, ORDER BY, LIMIT, CTEs
SELECT * FROM (SELECT id, lv FROM regress_fj_l WHERE id > 1) s FULL JOIN (VALUES (2, 'v2'), (7, 'v7')) v(id, vv) USING (id) ORDER BY 1, 2, 3;
SELECT id, count(*), string_agg(lv, ',' ORDER BY lv), string_agg(rv, ',' ORDER BY rv) FROM regress_fj_l FULL JOIN regress_fj_r USING (id) GROUP BY id ORDER BY id;
SELECT count(*), count(l.id), count(r.id), sum(coalesce(l.id, 0) + coalesce(r.id, 0)) FROM regress_fj_l l FULL JOIN regress_fj_r r ON l.id = r.id;
SELECT * FROM regress_fj_l FULL JOIN regress_fj_r USING (id) ORDER BY id DESC NULLS LAST, lv, rv LIMIT 3;
WITH c AS (SELECT * FROM regress_fj_l FULL JOIN regress_fj_r USING (id)) SELECT count(*), count(id), count(lv), count(rv) FROM c;
WITH c AS MATERIALIZED (SELECT id FROM regress_fj_l FULL JOIN regress_fj_r USING (id)) SELECT * FROM c FULL JOIN regress_fj_m USING (id) ORDER BY 1, 2;
SELECT id FROM regress_fj_l FULL JOIN regress_fj_r USING (id) FULL JOIN regress_fj_m USING (id) GROUP BY id ORDER BY id;
-- correlated subqueries over full-join columns
SELECT l.id, r.id, (SELECT count(*) FROM regress_fj_m m WHERE m.id = coalesce(l.id, r.id)) FROM regress_fj_l l FULL JOIN regress_fj_r r ON l.id = r.id ORDER BY 1, 2, 3;
SELECT id, (SELECT max(mv) FROM regress_fj_m m WHERE m.id = id) FROM regress_fj_l FULL JOIN regress_fj_r USING (id) ORDER BY 1, 2;
SELECT m.id, (SELECT count(*) FROM regress_fj_l FULL JOIN regress_fj_r USING (id) WHERE id = m.id) FROM regress_fj_m m ORDER BY 1;
SELECT * FROM regress_fj_m m WHERE EXISTS (SELECT 1 FROM regress_fj_l l FULL JOIN regress_fj_r r ON l.id = r.id WHERE r.id = m.id) ORDER BY 1;
-- views
CREATE VIEW regress_fj_v AS SELECT id, lv, rv FROM regress_fj_l FULL JOIN regress_fj_r USING (id) WHERE lv IS NOT NULL OR rv <> 'r3';
SELECT pg_get_viewdef('regress_fj_v');
SELECT pg_get_viewdef('regress_fj_v', true);
SELECT * FROM regress_fj_v ORDER BY 1, 2, 3;
CREATE VIEW regress_fj_v2 AS SELECT l.id AS a, r.id AS b FROM regress_fj_l l FULL JOIN regress_fj_r r ON l.id = r.id AND r.rv > 'r';
SELECT pg_get_viewdef('regress_fj_v2');
SELECT * FROM regress_fj_v2 ORDER BY 1, 2;
SELECT * FROM regress_fj_v FULL JOIN regress_fj_m USING (id) ORDER BY 1, 2, 3, 4;
DROP VIEW regress_fj_v, regress_fj_v2;
-- UPDATE ... FROM and DELETE ... USING over a full join
BEGIN;
UPDATE regress_fj_m SET mv = mv || '+' FROM regress_fj_l l FULL JOIN regress_fj_r r ON l.id = r.id WHERE regress_fj_m.id = r.id RETURNING regress_fj_m.*, lv, rv;
UPDATE regress_fj_m SET mv = mv || coalesce(j.lv, '-') FROM (SELECT id AS k, lv FROM regress_fj_l FULL JOIN regress_fj_r USING (id)) j WHERE regress_fj_m.id = j.k RETURNING *;
DELETE FROM regress_fj_m USING regress_fj_l FULL JOIN regress_fj_r ON regress_fj_l.id = regress_fj_r.id WHERE regress_fj_m.id = regress_fj_r.id RETURNING *;
SELECT * FROM regress_fj_m ORDER BY 1;
ROLLBACK;
-- JOIN ... AS alias: the join's columns by the alias, the tables inside hidden
SELECT * FROM (regress_fj_l FULL JOIN regress_fj_r USING (id)) j ORDER BY 1, 2, 3;
SELECT j.id, j.lv, j.rv FROM (regress_fj_l FULL JOIN regress_fj_r USING (id)) AS j WHERE j.rv IS NOT NULL ORDER BY 1, 2, 3;
SELECT j.* FROM (regress_fj_l l FULL JOIN regress_fj_r r ON l.id = r.id) j ORDER BY 1, 2, 3, 4;
SELECT k.id, k.mv FROM ((regress_fj_l FULL JOIN regress_fj_r USING (id)) j FULL JOIN regress_fj_m USING (id)) k ORDER BY 1, 2;
SELECT j.lv, m.mv FROM (regress_fj_l JOIN regress_fj_r USING (id)) j LEFT JOIN regress_fj_m m ON m.id = j.id ORDER BY 1;
SELECT j FROM (regress_fj_l JOIN regress_fj_r USING (id)) j ORDER BY 1;
CREATE VIEW regress_fj_v3 AS SELECT j.id, j.lv FROM (regress_fj_l FULL JOIN regress_fj_r USING (id)) j WHERE j.rv IS NULL;
SELECT pg_get_viewdef('regress_fj_v3');
SELECT pg_get_viewdef('regress_fj_v3', true);
SELECT * FROM regress_fj_v3 ORDER BY 1, 2;
DROP VIEW regress_fj_v3;
SELECT regress_fj_l.id FROM (regress_fj_l FULL JOIN regress_fj_r USING (id)) j;
SELECT j.id FROM (regress_fj_l l JOIN regress_fj_r r ON l.id = r.id) j;
SELECT j.nosuch FROM (regress_fj_l JOIN regress_fj_r USING (id)) j;
SELECT * FROM ((regress_fj_l JOIN regress_fj_r USING (id)) j JOIN regress_fj_m ON regress_fj_m.id = j.id) k WHERE j.id = 1;
SELECT * FROM (regress_fj_l JOIN regress_fj_r USING (id)) j, regress_fj_m j;
SELECT * FROM (regress_fj_l JOIN regress_fj_r USING (id)) j FOR UPDATE OF j;
-- whole rows of a NULL-extended side are NULL, not rows of NULLs
SELECT count(l.*), count(r.*), count(*) FROM regress_fj_l l FULL JOIN regress_fj_r r ON l.id = r.id;
SELECT l, r FROM regress_fj_l l FULL JOIN regress_fj_r r ON l.id = r.id ORDER BY 1, 2;
SELECT l.lv, json_agg(r ORDER BY r.rv) FROM regress_fj_l l LEFT JOIN regress_fj_r r ON l.id = r.id GROUP BY l.lv ORDER BY 1;
-- a subquery in the join condition
SELECT * FROM regress_fj_l l FULL JOIN regress_fj_r r ON l.id = r.id AND r.rv IN (SELECT 'r2') ORDER BY 1, 2, 3, 4;
-- refusals
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT t.n + 1 FROM t FULL JOIN regress_fj_l l ON l.id = t.n WHERE t.n < 3) SELECT * FROM t;
SELECT * FROM regress_fj_l l FULL JOIN regress_fj_r r ON l.id < r.id;
SELECT * FROM regress_fj_l l FULL JOIN regress_fj_r r ON l.id = 1;
SELECT * FROM regress_fj_l l FULL JOIN LATERAL (SELECT * FROM regress_fj_r r WHERE r.id = l.id) s ON true;
SELECT * FROM regress_fj_l l FULL JOIN regress_fj_r r ON l.id = r.id FULL JOIN LATERAL (SELECT l.id) s ON true;
SELECT 1 FROM regress_fj_l FULL JOIN regress_fj_r USING (nosuch);
SELECT * FROM regress_fj_l l FULL JOIN regress_fj_r r USING (id) WHERE l.lv = r.nosuch;
SELECT * FROM regress_fj_l FULL JOIN regress_fj_r USING (id) FOR UPDATE;
SELECT * FROM regress_fj_l FULL JOIN regress_fj_m USING (lv);
DROP TABLE regress_fj_l, regress_fj_r, regress_fj_m;
