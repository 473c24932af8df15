-- Expression and partial indexes: catalog rows (indkey 0, indexprs / indpred, the
-- columns' names), pg_get_indexdef plain and pretty, maintenance on INSERT / UPDATE,
-- unique checks on expressions and among a partial index's rows, the planner's use of
-- them, ON CONFLICT inference, and the errors CREATE INDEX gives.
DROP TABLE IF EXISTS rxe_f, rxe_u, rxe_p, rxe_e, rxe_r;
CREATE TABLE rxe_u (id int, email varchar(50), a int, b int, active bool);
INSERT INTO rxe_u VALUES (1, 'Ann@x', 1, 2, true), (2, 'bob@x', 3, 4, false);
CREATE UNIQUE INDEX rxe_u_email ON rxe_u (lower(email));
CREATE INDEX ON rxe_u ((a + b), a, (a * 2));
CREATE INDEX ON rxe_u (a) WHERE active;
CREATE UNIQUE INDEX ON rxe_u (a) WHERE b IS NOT NULL AND a > 5;
CREATE INDEX rxe_u_mixed ON rxe_u (lower(email) DESC, (a + 1) NULLS FIRST) INCLUDE (b);
SELECT c.relname, i.indkey, i.indexprs IS NOT NULL AS has_exprs,
       i.indpred IS NOT NULL AS is_partial, i.indisunique, i.indnatts, i.indnkeyatts
  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
  WHERE i.indrelid = 'rxe_u'::regclass ORDER BY c.oid;
SELECT pg_get_indexdef(indexrelid) FROM pg_index
  WHERE indrelid = 'rxe_u'::regclass ORDER BY indexrelid;
SELECT pg_get_indexdef(indexrelid, 0, true) FROM pg_index
  WHERE indrelid = 'rxe_u'::regclass ORDER BY indexrelid;
SELECT pg_get_indexdef(indexrelid, 1, true), pg_get_indexdef(indexrelid, 1, false),
       pg_get_indexdef(indexrelid, 2, true)
  FROM pg_index WHERE indrelid = 'rxe_u'::regclass ORDER BY indexrelid;
SELECT c.relname, a.attnum, a.attname, a.atttypid::regtype
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
  WHERE c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = 'rxe_u'::regclass)
  ORDER BY c.oid, a.attnum;
SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'rxe_u' ORDER BY indexname;
-- unique on the expression
INSERT INTO rxe_u VALUES (3, 'ANN@X', 9, 9, true);
INSERT INTO rxe_u VALUES (3, 'cy@x', 9, 9, true);
UPDATE rxe_u SET email = 'Bob@X' WHERE id = 3;
UPDATE rxe_u SET email = 'dee@x' WHERE id = 3;
INSERT INTO rxe_u VALUES (4, NULL, 9, 9, true), (5, NULL, 9, NULL, true);
-- unique among the partial index's rows only (a > 5 and b not null)
INSERT INTO rxe_u VALUES (6, 'e@x', 9, 1, false);
INSERT INTO rxe_u VALUES (6, 'e@x', 9, NULL, false);
INSERT INTO rxe_u VALUES (7, 'f@x', 3, 1, false), (8, 'g@x', 3, 1, false);
SELECT * FROM rxe_u ORDER BY id;
-- the planner
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM rxe_u WHERE lower(email) = 'bob@x';
SELECT id FROM rxe_u WHERE lower(email) = 'bob@x';
EXPLAIN (COSTS OFF) SELECT * FROM rxe_u WHERE 'bob@x' = lower(email);
EXPLAIN (COSTS OFF) SELECT * FROM rxe_u WHERE lower(email) > 'c';
SELECT id FROM rxe_u WHERE lower(email) > 'c' ORDER BY id;
EXPLAIN (COSTS OFF) SELECT * FROM rxe_u WHERE a + b = 18;
SELECT id FROM rxe_u WHERE a + b = 18 ORDER BY id;
EXPLAIN (COSTS OFF) SELECT * FROM rxe_u WHERE a = 3 AND active;
EXPLAIN (COSTS OFF) SELECT * FROM rxe_u WHERE a = 9 AND b = 1;
SELECT id FROM rxe_u WHERE a = 9 AND b = 1;
EXPLAIN (COSTS OFF) SELECT * FROM rxe_u WHERE a = 9 AND b IS NOT NULL;
EXPLAIN (COSTS OFF) SELECT * FROM rxe_u WHERE a = 1 OR a = 3;
SELECT id FROM rxe_u WHERE a = 1 OR a = 3 ORDER BY id;
EXPLAIN (COSTS OFF) UPDATE rxe_u SET b = b WHERE a = 3 AND active;
RESET enable_seqscan;
-- an UPDATE of an expression's column is not HOT: the index finds the new version
UPDATE rxe_u SET email = 'Zed@x' WHERE id = 2;
SET enable_seqscan = off;
SELECT id, email FROM rxe_u WHERE lower(email) = 'zed@x';
SELECT id FROM rxe_u WHERE lower(email) = 'bob@x';
RESET enable_seqscan;
-- ON CONFLICT
CREATE TABLE rxe_p (id serial, user_id int, active bool, email text, note text);
CREATE UNIQUE INDEX rxe_p_one_active ON rxe_p (user_id) WHERE active;
CREATE UNIQUE INDEX rxe_p_email ON rxe_p (lower(email));
INSERT INTO rxe_p (user_id, active, email) VALUES (1, true, 'A@x'), (1, false, 'b@x');
INSERT INTO rxe_p (user_id, active, email) VALUES (1, true, 'd@x')
  ON CONFLICT (user_id) WHERE active DO UPDATE SET note = 'dup';
INSERT INTO rxe_p (user_id, active, email) VALUES (1, true, 'e@x')
  ON CONFLICT (user_id) DO NOTHING;
INSERT INTO rxe_p (user_id, active, email) VALUES (2, true, 'a@X')
  ON CONFLICT (lower(email)) DO UPDATE SET note = 'email ' || excluded.email;
INSERT INTO rxe_p (user_id, active, email) VALUES (2, true, 'z@X')
  ON CONFLICT ((lower(email))) DO NOTHING;
INSERT INTO rxe_p (user_id, active, email) VALUES (3, true, 'q')
  ON CONFLICT (user_id) WHERE active AND user_id > 0 DO NOTHING;
INSERT INTO rxe_p (user_id, active, email) VALUES (3, true, 'q2')
  ON CONFLICT (user_id) WHERE user_id > 0 DO NOTHING;
INSERT INTO rxe_p (user_id, active, email) VALUES (4, true, 'r')
  ON CONFLICT (upper(email)) DO NOTHING;
SELECT user_id, active, email, note FROM rxe_p ORDER BY id;
EXPLAIN (COSTS OFF) INSERT INTO rxe_p (user_id, active, email) VALUES (1, true, 'x')
  ON CONFLICT (user_id) WHERE active DO NOTHING;
-- errors
CREATE TABLE rxe_e (a int, b text, c int[]);
CREATE INDEX ON rxe_e ((a + 1), (b || 'x'), (a > 1), (coalesce(a, 0)), (-a), ((a)::text));
CREATE INDEX ON rxe_e ((a));
CREATE INDEX ON rxe_e (upper(b) text_pattern_ops, (b::varchar(5)) DESC);
CREATE INDEX ON rxe_e ((CASE WHEN a > 0 THEN 'p' ELSE 'n' END));
SELECT c.relname, a.attnum, a.attname, a.atttypid::regtype, a.atttypmod
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
  WHERE c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = 'rxe_e'::regclass)
  ORDER BY c.oid, a.attnum;
SELECT pg_get_indexdef(indexrelid), pg_get_indexdef(indexrelid, 0, true) FROM pg_index
  WHERE indrelid = 'rxe_e'::regclass ORDER BY indexrelid;
CREATE INDEX ON rxe_e (random());
CREATE INDEX ON rxe_e (a) WHERE now() > '2000-01-01';
CREATE INDEX ON rxe_e ((a + 1)) WHERE a > random();
CREATE INDEX ON rxe_e (sum(a));
CREATE INDEX ON rxe_e ((SELECT 1));
CREATE INDEX ON rxe_e (a) WHERE a IN (SELECT 1);
CREATE INDEX ON rxe_e (a) WHERE a;
CREATE INDEX ON rxe_e (row_number() OVER ());
CREATE INDEX ON rxe_e (nosuch(a));
CREATE INDEX ON rxe_e ((nosuch));
CREATE INDEX ON rxe_e (a) INCLUDE ((a + 1));
-- RENAME COLUMN keeps the expressions; DROP COLUMN drops the indexes reading it; a
-- partial unique index is no foreign key's target
CREATE TABLE rxe_r (id int, email text, a int, b int, active bool);
CREATE UNIQUE INDEX rxe_r_email ON rxe_r (lower(email)) WHERE active;
CREATE INDEX rxe_r_ab ON rxe_r ((a + b)) WHERE b > 0;
CREATE INDEX rxe_r_plain ON rxe_r (a);
INSERT INTO rxe_r VALUES (1, 'X', 1, 2, true);
ALTER TABLE rxe_r RENAME COLUMN email TO mail;
ALTER TABLE rxe_r RENAME COLUMN active TO live;
SELECT pg_get_indexdef('rxe_r_email'::regclass), pg_get_indexdef('rxe_r_ab'::regclass);
INSERT INTO rxe_r VALUES (2, 'x', 1, 2, true);
INSERT INTO rxe_r VALUES (2, 'y', 1, 2, true);
ALTER TABLE rxe_r DROP COLUMN b;
SELECT relname FROM pg_class WHERE relname LIKE 'rxe\_r\_%' ORDER BY 1;
INSERT INTO rxe_r VALUES (3, 'z', 5, true);
CREATE UNIQUE INDEX rxe_r_id ON rxe_r (id) WHERE id > 0;
CREATE TABLE rxe_f (x int REFERENCES rxe_r (id));
DROP TABLE rxe_u, rxe_p, rxe_e, rxe_r;
