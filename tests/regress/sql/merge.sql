-- MERGE (PostgreSQL 15): WHEN MATCHED [AND ...] UPDATE / DELETE / DO NOTHING and WHEN
-- NOT MATCHED [AND ...] INSERT / DO NOTHING in clause order, the "MERGE n" tag, sources
-- that are tables, subqueries, VALUES, functions and WITH queries, defaults and
-- DEFAULT VALUES, a SubPlan in SET, prepared MERGE with parameters, EXPLAIN shapes
-- (Merge on t -> [Left] join; an outer join only when there is an INSERT), EXPLAIN
-- ANALYZE's "Tuples:" line, constraint checks, and the errors: a row affected twice
-- (21000), an unreachable WHEN clause, target columns in WHEN NOT MATCHED, a source
-- named like the target, views, PostgreSQL 17 syntax (BY SOURCE, RETURNING), aggregates
-- in the ON condition, a non-boolean WHEN condition, a read-only transaction.
DROP TABLE IF EXISTS regress_mg_t;
DROP TABLE IF EXISTS regress_mg_s;
DROP TABLE IF EXISTS regress_mg_k;
CREATE TABLE regress_mg_t (id int, val int DEFAULT 7, note text NOT NULL DEFAULT 'new', CHECK (val < 1000));
CREATE TABLE regress_mg_s (id int, delta int, tag text);
CREATE TABLE regress_mg_k (id int PRIMARY KEY, val int);
INSERT INTO regress_mg_t SELECT g, g * 10, 'n' || g FROM generate_series(1, 5) g;
INSERT INTO regress_mg_s VALUES (1, 1, 'a'), (2, 2, 'del'), (3, 3, 'skip'), (6, 6, 'b'), (7, 7, NULL), (8, -1, 'x');
INSERT INTO regress_mg_k VALUES (1, 10), (2, 20);
EXPLAIN (COSTS OFF) MERGE INTO regress_mg_t t USING regress_mg_s s ON s.id = t.id WHEN MATCHED THEN UPDATE SET val = t.val + s.delta WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.delta, coalesce(s.tag, 'none'));
EXPLAIN (COSTS OFF) MERGE INTO regress_mg_t t USING regress_mg_s s ON s.id = t.id WHEN MATCHED THEN DELETE;
EXPLAIN (COSTS OFF) MERGE INTO regress_mg_t t USING regress_mg_s s ON s.id = t.id WHEN NOT MATCHED THEN DO NOTHING;
EXPLAIN (COSTS OFF) MERGE INTO regress_mg_t t USING (SELECT id, max(delta) d FROM regress_mg_s GROUP BY id) s ON s.id = t.id WHEN MATCHED THEN UPDATE SET val = s.d;
EXPLAIN (COSTS OFF) MERGE INTO regress_mg_t t USING regress_mg_s s ON s.id = t.id WHEN MATCHED THEN UPDATE SET val = (SELECT max(delta) FROM regress_mg_s x WHERE x.id = t.id);
SET enable_mergejoin = off;
SET enable_hashjoin = off;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) MERGE INTO regress_mg_t t USING regress_mg_s s ON s.id = t.id WHEN MATCHED AND s.delta = 1 THEN UPDATE SET val = val WHEN MATCHED AND s.tag = 'x' THEN DELETE WHEN NOT MATCHED AND s.id > 100 THEN INSERT VALUES (0);
RESET enable_mergejoin;
RESET enable_hashjoin;
BEGIN;
MERGE INTO regress_mg_t t USING regress_mg_s s ON s.id = t.id
  WHEN MATCHED AND s.tag = 'del' THEN DELETE
  WHEN MATCHED AND s.tag = 'skip' THEN DO NOTHING
  WHEN MATCHED THEN UPDATE SET val = t.val + s.delta, note = s.tag
  WHEN NOT MATCHED AND s.delta < 0 THEN DO NOTHING
  WHEN NOT MATCHED AND s.tag IS NULL THEN INSERT (id) VALUES (s.id)
  WHEN NOT MATCHED THEN INSERT (id, val, note) VALUES (s.id, s.delta * 100, s.tag);
SELECT * FROM regress_mg_t ORDER BY id;
ROLLBACK;
MERGE INTO regress_mg_t t USING (SELECT 1 AS id UNION ALL SELECT 1) s ON s.id = t.id WHEN MATCHED THEN UPDATE SET val = 0;
MERGE INTO regress_mg_t t USING (SELECT 1 AS id UNION ALL SELECT 1) s ON s.id = t.id WHEN MATCHED THEN DO NOTHING;
MERGE INTO regress_mg_t t USING (SELECT 1 AS id UNION ALL SELECT 1) s ON s.id = t.id WHEN MATCHED THEN DELETE;
MERGE INTO regress_mg_t t USING regress_mg_s s ON s.id = t.id WHEN MATCHED THEN UPDATE SET val = 5000;
MERGE INTO regress_mg_t t USING regress_mg_s s ON s.id = t.id WHEN NOT MATCHED THEN INSERT (id, note) VALUES (s.id, NULL);
MERGE INTO regress_mg_t t USING regress_mg_s s ON s.id = t.id WHEN MATCHED THEN UPDATE SET val = 1 WHEN MATCHED THEN DELETE;
MERGE INTO regress_mg_t t USING regress_mg_s s ON s.id = t.id WHEN NOT MATCHED THEN INSERT VALUES (t.id);
MERGE INTO regress_mg_t t USING regress_mg_s s ON s.id = t.id WHEN MATCHED THEN UPDATE SET nope = 1;
MERGE INTO regress_mg_t t USING regress_mg_s t ON true WHEN MATCHED THEN DELETE;
MERGE INTO regress_mg_t t USING regress_mg_s s ON s.id = t.id WHEN MATCHED AND t.id = 1 THEN UPDATE SET val = DEFAULT WHEN NOT MATCHED THEN INSERT DEFAULT VALUES;
SELECT * FROM regress_mg_t ORDER BY id, note;
MERGE INTO regress_mg_t t USING regress_mg_s s ON s.id = t.id WHEN NOT MATCHED BY SOURCE THEN DELETE;
MERGE INTO regress_mg_t t USING regress_mg_s s ON s.id = t.id WHEN MATCHED THEN DELETE RETURNING *;
MERGE INTO regress_mg_t t USING regress_mg_t s ON s.id = t.id WHEN MATCHED THEN UPDATE SET val = s.val + 1;
MERGE INTO regress_mg_t t USING (VALUES (1, 'v')) s(a, b) ON s.a = t.id WHEN MATCHED THEN UPDATE SET note = s.b;
MERGE INTO regress_mg_t USING regress_mg_s ON regress_mg_s.id = regress_mg_t.id WHEN MATCHED THEN UPDATE SET val = regress_mg_t.val + regress_mg_s.delta;
MERGE INTO regress_mg_t t USING regress_mg_s s ON s.id = t.id WHEN MATCHED THEN UPDATE SET val = (SELECT max(delta) FROM regress_mg_s x WHERE x.id = t.id);
MERGE INTO regress_mg_t t USING regress_mg_s s ON s.id = t.id AND s.tag = 'zz' WHEN MATCHED THEN DELETE WHEN NOT MATCHED AND s.id > 7 THEN INSERT (id, val) VALUES (s.id + 100, s.id);
MERGE INTO regress_mg_t t USING generate_series(1, 3) g ON t.id = g WHEN MATCHED THEN UPDATE SET val = g * 100 WHEN NOT MATCHED THEN INSERT VALUES (g, -g);
WITH src AS (SELECT id, delta * 2 d FROM regress_mg_s WHERE id = 1) MERGE INTO regress_mg_t t USING src ON src.id = t.id WHEN MATCHED THEN UPDATE SET val = src.d;
SELECT * FROM regress_mg_t ORDER BY id, note;
PREPARE regress_mg_p(int) AS MERGE INTO regress_mg_k t USING (SELECT $1 AS id) s ON s.id = t.id WHEN MATCHED THEN UPDATE SET val = val * 2 WHEN NOT MATCHED THEN INSERT VALUES ($1, 0);
EXECUTE regress_mg_p(1);
EXECUTE regress_mg_p(99);
DEALLOCATE regress_mg_p;
MERGE INTO regress_mg_k t USING (SELECT 1 AS id) s ON t.id = s.id WHEN MATCHED THEN UPDATE SET id = 2;
MERGE INTO regress_mg_k t USING regress_mg_s s ON t.id = s.id WHEN NOT MATCHED THEN INSERT VALUES (2, s.delta);
SELECT * FROM regress_mg_k ORDER BY id;
MERGE INTO regress_mg_k t USING (SELECT 2 AS id) s ON s.id = t.id WHEN MATCHED THEN UPDATE SET (id, val) = (s.id + 1, 4);
SELECT * FROM regress_mg_k ORDER BY id;
CREATE VIEW regress_mg_v AS SELECT * FROM regress_mg_t;
MERGE INTO regress_mg_v t USING regress_mg_s s ON s.id = t.id WHEN MATCHED THEN DELETE;
DROP VIEW regress_mg_v;
MERGE INTO regress_mg_t t USING regress_mg_s s ON sum(s.id) = t.id WHEN MATCHED THEN DELETE;
MERGE INTO regress_mg_t t USING regress_mg_s s ON s.id = t.id WHEN MATCHED AND 1 THEN DELETE;
MERGE INTO regress_mg_t t USING regress_mg_s s ON s.id = t.id WHEN MATCHED THEN UPDATE SET val = 'x';
MERGE INTO regress_mg_t t USING regress_mg_s s ON t.id = s.id WHEN NOT MATCHED THEN INSERT VALUES (s.id, 1, 'a', 4);
BEGIN READ ONLY;
MERGE INTO regress_mg_t t USING regress_mg_s s ON t.id = s.id WHEN MATCHED THEN DELETE;
ROLLBACK;
DROP TABLE regress_mg_t;
DROP TABLE regress_mg_s;
DROP TABLE regress_mg_k;
