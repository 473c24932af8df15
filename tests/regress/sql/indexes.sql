-- B-tree indexes from SQL: CREATE/DROP INDEX, PRIMARY KEY and UNIQUE enforced, the
-- catalog rows they leave, and the names PostgreSQL chooses.
DROP TABLE IF EXISTS regress_idx_t, regress_idx_u, regress_idx_v, regress_idx_w, regress_idx_s;
CREATE TABLE regress_idx_t (a int PRIMARY KEY, b text UNIQUE, c int);
SELECT relname, relkind, relam, relnatts, relhasindex FROM pg_class
  WHERE relname LIKE 'regress_idx%' ORDER BY oid;
SELECT conname, contype, conkey FROM pg_constraint
  WHERE conrelid = 'regress_idx_t'::regclass ORDER BY oid;
SELECT i.indnatts, i.indnkeyatts, i.indisunique, i.indisprimary, i.indimmediate,
       i.indisvalid, i.indisready, i.indislive
  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
  WHERE c.relname LIKE 'regress_idx%' ORDER BY c.oid;
SELECT c.relname, a.attname, a.attnum, a.atttypid, a.attcollation FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  WHERE c.relname LIKE 'regress_idx_t_%' ORDER BY c.oid, a.attnum;
INSERT INTO regress_idx_t VALUES (1, 'x', 1);
INSERT INTO regress_idx_t VALUES (1, 'y', 2);
INSERT INTO regress_idx_t VALUES (2, 'x', 2);
INSERT INTO regress_idx_t VALUES (NULL, 'z', 3);
INSERT INTO regress_idx_t VALUES (2, NULL, 3), (3, NULL, 4);
INSERT INTO regress_idx_t VALUES (4, 'w', 5), (4, 'v', 6);
SELECT * FROM regress_idx_t ORDER BY a;
UPDATE regress_idx_t SET a = a + 1;
UPDATE regress_idx_t SET a = 10 WHERE a = 1;
UPDATE regress_idx_t SET b = 'x' WHERE a = 2;
UPDATE regress_idx_t SET b = 'q' WHERE a = 2;
SELECT * FROM regress_idx_t ORDER BY a;
DELETE FROM regress_idx_t WHERE a = 1;
INSERT INTO regress_idx_t VALUES (1, 'x', 7);
BEGIN;
INSERT INTO regress_idx_t VALUES (50, 'fifty', 0);
INSERT INTO regress_idx_t VALUES (50, 'again', 0);
ROLLBACK;
INSERT INTO regress_idx_t VALUES (50, 'fifty', 0);
SELECT * FROM regress_idx_t ORDER BY a;
CREATE INDEX ON regress_idx_t (c);
CREATE INDEX ON regress_idx_t (c);
CREATE UNIQUE INDEX ON regress_idx_t (c);
CREATE INDEX ON regress_idx_t (c DESC NULLS LAST, b) INCLUDE (a);
CREATE INDEX regress_idx_t_c_idx ON regress_idx_t (b);
CREATE INDEX IF NOT EXISTS regress_idx_t_c_idx ON regress_idx_t (b);
CREATE INDEX ON regress_idx_t (zz);
CREATE INDEX ON regress_idx_t USING foo (c);
CREATE INDEX ON regress_idx_nope (c);
CREATE INDEX ON regress_idx_t (a, a);
CREATE INDEX ON regress_idx_t (xmin);
CREATE INDEX ON regress_idx_t (ctid);
CREATE INDEX ON regress_idx_t (c) WITH (fillfactor = 5);
CREATE INDEX ON regress_idx_t (c) WITH (fillfactor = 70);
SELECT c.relname, c.reloptions, i.indoption::int2[] @> '{1}' AS has_desc FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid
  WHERE c.relname LIKE 'regress_idx%' ORDER BY c.oid;
SELECT c.relname, a.attname, a.attnum FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
  WHERE c.relname LIKE 'regress_idx_t_a%' ORDER BY c.oid, a.attnum;
BEGIN;
CREATE INDEX CONCURRENTLY ON regress_idx_t (c);
ROLLBACK;
DROP INDEX regress_idx_t_pkey;
DROP INDEX regress_idx_t;
DROP INDEX regress_idx_nope;
DROP INDEX IF EXISTS regress_idx_nope;
DROP INDEX regress_idx_t_c_idx, regress_idx_t_c_idx1;
DROP TABLE regress_idx_t_c_idx2;
SELECT relname FROM pg_class WHERE relname LIKE 'regress_idx%' ORDER BY oid;
CREATE TABLE regress_idx_u (a int, b int, UNIQUE (a, b), UNIQUE (b), PRIMARY KEY (b, a));
SELECT relname FROM pg_class WHERE relname LIKE 'regress_idx_u%' ORDER BY oid;
INSERT INTO regress_idx_u VALUES (1, 1), (1, 2);
INSERT INTO regress_idx_u VALUES (2, 1);
INSERT INTO regress_idx_u VALUES (NULL, 3);
CREATE TABLE regress_idx_v (a int UNIQUE NULLS NOT DISTINCT, b int UNIQUE);
INSERT INTO regress_idx_v VALUES (NULL, NULL);
INSERT INTO regress_idx_v VALUES (NULL, NULL);
INSERT INTO regress_idx_v VALUES (1, NULL);
SELECT * FROM regress_idx_v ORDER BY a;
CREATE TABLE regress_idx_w (a int, b text);
INSERT INTO regress_idx_w VALUES (1, 'a'), (1, 'b'), (2, 'c');
CREATE UNIQUE INDEX ON regress_idx_w (a);
CREATE UNIQUE INDEX ON regress_idx_w (b);
INSERT INTO regress_idx_w VALUES (3, 'c');
DELETE FROM regress_idx_w WHERE b = 'b';
CREATE UNIQUE INDEX ON regress_idx_w (a);
INSERT INTO regress_idx_w VALUES (2, 'd');
CREATE TABLE regress_idx_bad (a int, UNIQUE (zz));
CREATE TABLE regress_idx_bad (a int PRIMARY KEY, b int PRIMARY KEY);
-- Index, Index Only and Bitmap Heap Scans return what a Seq Scan would.
CREATE TABLE regress_idx_s (a int PRIMARY KEY, b int, c text, d int);
INSERT INTO regress_idx_s SELECT g, (g * 7) % 3001, 'r' || g::text, NULL::int FROM generate_series(1, 3000) g;
CREATE INDEX regress_idx_s_b ON regress_idx_s (b DESC);
CREATE INDEX regress_idx_s_cd ON regress_idx_s (c, d);
EXPLAIN (COSTS OFF) SELECT * FROM regress_idx_s WHERE a = 1234;
EXPLAIN (COSTS OFF) SELECT a FROM regress_idx_s WHERE a = 1234;
EXPLAIN (COSTS OFF) SELECT * FROM regress_idx_s WHERE c = 'r77' AND d IS NULL;
SELECT * FROM regress_idx_s WHERE a = 1234;
SELECT a FROM regress_idx_s WHERE a = 1234;
SELECT * FROM regress_idx_s WHERE 1234 = a;
SELECT * FROM regress_idx_s WHERE a = 1234::int8;
SELECT * FROM regress_idx_s WHERE a = 1234.5;
SELECT a, b FROM regress_idx_s WHERE a > 2990 ORDER BY a;
SELECT a, b FROM regress_idx_s WHERE a >= 10 AND a <= 14 ORDER BY a;
SELECT a, b FROM regress_idx_s WHERE a > 10 AND a < 10;
SELECT a, b FROM regress_idx_s WHERE b = 7;
SELECT a, b FROM regress_idx_s WHERE b < 10 ORDER BY b;
SELECT count(*) FROM regress_idx_s WHERE b > 1500;
SELECT * FROM regress_idx_s WHERE c = 'r77';
SELECT * FROM regress_idx_s WHERE c = 'r77' AND d IS NULL;
SELECT count(*) FROM regress_idx_s WHERE d IS NULL;
SELECT * FROM regress_idx_s WHERE a IS NULL;
SELECT * FROM regress_idx_s WHERE a = NULL;
UPDATE regress_idx_s SET b = -1 WHERE a = 1234;
SELECT a, b FROM regress_idx_s WHERE b = -1;
SELECT a, b FROM regress_idx_s WHERE a = 1234;
SELECT a, b FROM regress_idx_s WHERE b = (1234 * 7) % 3001;
DELETE FROM regress_idx_s WHERE a BETWEEN 100 AND 199;
SELECT count(*) FROM regress_idx_s WHERE a < 300;
BEGIN;
INSERT INTO regress_idx_s VALUES (150, 5, 'new', 1);
SELECT * FROM regress_idx_s WHERE a = 150;
UPDATE regress_idx_s SET a = 151 WHERE a = 150;
SELECT * FROM regress_idx_s WHERE a >= 150 AND a < 152;
ROLLBACK;
SELECT * FROM regress_idx_s WHERE a >= 150 AND a < 152;
DROP TABLE regress_idx_t, regress_idx_u, regress_idx_v, regress_idx_w, regress_idx_s;
SELECT count(*) FROM pg_class WHERE relname LIKE 'regress_idx%';
SELECT count(*) FROM pg_constraint WHERE conname LIKE 'regress_idx%';
-- The definitions psql and pg_dump print, and the pg_indexes view.
CREATE TABLE regress_idx_def (a int PRIMARY KEY, "B" text, c int, UNIQUE ("B", c) INCLUDE (a));
CREATE INDEX regress_idx_def_x ON regress_idx_def (c DESC NULLS LAST, "B") WITH (fillfactor = 70);
CREATE INDEX regress_idx_def_y ON regress_idx_def (c DESC, a NULLS FIRST);
CREATE UNIQUE INDEX regress_idx_def_z ON regress_idx_def (c) NULLS NOT DISTINCT;
ALTER TABLE regress_idx_def ADD CONSTRAINT regress_idx_def_u UNIQUE NULLS NOT DISTINCT (c) WITH (fillfactor = 80);
SELECT c.relname, pg_get_indexdef(i.indexrelid), pg_get_indexdef(i.indexrelid, 1, true),
       pg_get_indexdef(i.indexrelid, 2, false), pg_get_indexdef(i.indexrelid, 9, false)
  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
  WHERE i.indrelid = 'regress_idx_def'::regclass ORDER BY c.relname;
SELECT conname, pg_get_constraintdef(oid), pg_get_constraintdef(oid, true) FROM pg_constraint
  WHERE conrelid = 'regress_idx_def'::regclass ORDER BY conname;
SELECT * FROM pg_indexes WHERE tablename = 'regress_idx_def' ORDER BY indexname;
SELECT pg_get_indexdef(0), pg_get_constraintdef(0), pg_get_indexdef('regress_idx_def'::regclass);
DROP TABLE regress_idx_def;
