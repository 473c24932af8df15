-- Table rewrites: ALTER COLUMN TYPE with a rewrite and USING, ADD COLUMN with a volatile
-- DEFAULT, VACUUM FULL, CLUSTER and ALTER TABLE ... CLUSTER ON / SET WITHOUT CLUSTER.
-- Each rewrite gives the table a new relfilenode (regress_rw_files remembers the old one).
DROP VIEW IF EXISTS regress_rw_view;
DROP TABLE IF EXISTS regress_rw, regress_rw_files, regress_rw_other, regress_rw_vol;
CREATE TABLE regress_rw_files (name text, filenode oid);
CREATE TABLE regress_rw (a int PRIMARY KEY, b text DEFAULT 'x', c int CHECK (c > 0),
                         d varchar(5));
CREATE INDEX regress_rw_c ON regress_rw (c);
INSERT INTO regress_rw VALUES (1, '10', 5, 'ab'), (2, '20', 6, 'cd');
INSERT INTO regress_rw_files VALUES ('before', pg_relation_filenode('regress_rw'));
-- checks, in PostgreSQL's order
ALTER TABLE regress_rw ALTER COLUMN b TYPE int;
ALTER TABLE regress_rw ALTER COLUMN b TYPE int USING b::int;
ALTER TABLE regress_rw ALTER COLUMN c TYPE text;
ALTER TABLE regress_rw ALTER b TYPE int USING b || 'x';
ALTER TABLE regress_rw ALTER b TYPE int USING a > 1;
ALTER TABLE regress_rw ALTER b TYPE int USING nosuch;
ALTER TABLE regress_rw ALTER COLUMN c SET DATA TYPE bigint;
SELECT pg_relation_filenode('regress_rw') <> filenode AS new_file FROM regress_rw_files
 WHERE name = 'before';
SELECT relname, reltuples, relpages FROM pg_class
 WHERE relname IN ('regress_rw', 'regress_rw_c', 'regress_rw_pkey') ORDER BY relname;
INSERT INTO regress_rw VALUES (3, 'abc', 1);
-- two subcommands, one rewrite; the CHECK constraint is re-analysed for numeric
ALTER TABLE regress_rw ALTER b TYPE text, ALTER c TYPE numeric USING c + 0.5;
SELECT * FROM regress_rw ORDER BY a;
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
 WHERE conrelid = 'regress_rw'::regclass ORDER BY conname;
SELECT indexrelid::regclass, pg_get_indexdef(indexrelid) FROM pg_index
 WHERE indrelid = 'regress_rw'::regclass ORDER BY 1;
ALTER TABLE regress_rw ALTER b DROP DEFAULT;
ALTER TABLE regress_rw ALTER b TYPE int USING b::int;
DELETE FROM regress_rw WHERE a = 3;
ALTER TABLE regress_rw ALTER b TYPE int USING b::int;
ALTER TABLE regress_rw ALTER a TYPE bigint, ALTER d TYPE varchar(1);
ALTER TABLE regress_rw ALTER a TYPE bigint, ALTER d TYPE char(2);
SELECT * FROM regress_rw ORDER BY a;
SELECT attname, format_type(atttypid, atttypmod), attlen, attbyval, attalign, attstorage, attcollation
  FROM pg_attribute WHERE attrelid = 'regress_rw'::regclass AND attnum > 0 ORDER BY attnum;
SELECT * FROM regress_rw WHERE a = 2;
SELECT * FROM regress_rw WHERE c = 6.5;
-- views refuse; NOT NULL is checked on the new values
CREATE VIEW regress_rw_view AS SELECT b FROM regress_rw;
ALTER TABLE regress_rw ALTER b TYPE varchar;
DROP VIEW regress_rw_view;
ALTER TABLE regress_rw ALTER d TYPE int USING NULL;
ALTER TABLE regress_rw ALTER d SET NOT NULL;
ALTER TABLE regress_rw ALTER d TYPE int USING NULL;
ALTER TABLE regress_rw ALTER d TYPE text USING d || repeat('w', 5000);
SELECT a, length(d) FROM regress_rw ORDER BY a;
-- a rolled back rewrite leaves the old file and rows
BEGIN;
DELETE FROM regress_rw_files;
INSERT INTO regress_rw_files VALUES ('before', pg_relation_filenode('regress_rw'));
ALTER TABLE regress_rw ALTER a TYPE text;
SELECT pg_relation_filenode('regress_rw') <> filenode AS new_file FROM regress_rw_files;
ROLLBACK;
SELECT a, pg_typeof(a) FROM regress_rw ORDER BY a;
-- ADD COLUMN: a constant default keeps the file, a volatile one rewrites
CREATE TABLE regress_rw_vol (a int PRIMARY KEY);
INSERT INTO regress_rw_vol SELECT generate_series(1, 10);
DELETE FROM regress_rw_files;
INSERT INTO regress_rw_files VALUES ('vol', pg_relation_filenode('regress_rw_vol'));
ALTER TABLE regress_rw_vol ADD COLUMN b int DEFAULT 7;
SELECT pg_relation_filenode('regress_rw_vol') = filenode AS same_file FROM regress_rw_files;
ALTER TABLE regress_rw_vol ADD COLUMN c float8 DEFAULT random();
SELECT pg_relation_filenode('regress_rw_vol') = filenode AS same_file FROM regress_rw_files;
SELECT count(*), count(DISTINCT c) > 1 AS varied, min(b) FROM regress_rw_vol
 WHERE c >= 0 AND c < 1;
-- VACUUM FULL and CLUSTER

CREATE TABLE regress_rw_other (x int);
CREATE INDEX regress_rw_other_x ON regress_rw_other (x);
TRUNCATE regress_rw;
INSERT INTO regress_rw SELECT g, g % 7, 1000 - g, 'z' FROM generate_series(1, 500) g;
DELETE FROM regress_rw WHERE a % 3 = 0;
DELETE FROM regress_rw_files;
INSERT INTO regress_rw_files VALUES ('full', pg_relation_filenode('regress_rw'));
VACUUM FULL regress_rw;
SELECT pg_relation_filenode('regress_rw') <> filenode AS new_file FROM regress_rw_files;
SELECT count(*), sum(a), sum(c) FROM regress_rw;
SELECT relname, reltuples, relpages FROM pg_class
 WHERE relname IN ('regress_rw', 'regress_rw_c', 'regress_rw_pkey') ORDER BY relname;
SELECT ctid, a FROM regress_rw ORDER BY a LIMIT 3;
VACUUM (FULL, ANALYZE) regress_rw;
VACUUM (FULL false) regress_rw;
CLUSTER regress_rw;
ALTER TABLE regress_rw CLUSTER ON regress_rw_c;
SELECT indexrelid::regclass, indisclustered FROM pg_index
 WHERE indrelid = 'regress_rw'::regclass ORDER BY 1;
CLUSTER regress_rw;
SELECT ctid, a, c FROM regress_rw ORDER BY ctid LIMIT 3;
SELECT * FROM regress_rw WHERE c = 700;
CLUSTER regress_rw USING regress_rw_pkey;
SELECT ctid, a, c FROM regress_rw ORDER BY ctid LIMIT 3;
SELECT indexrelid::regclass, indisclustered FROM pg_index
 WHERE indrelid = 'regress_rw'::regclass ORDER BY 1;
-- a rewrite of the type keeps the clustered index clustered
ALTER TABLE regress_rw ALTER a TYPE int;
SELECT indexrelid::regclass, indisclustered FROM pg_index
 WHERE indrelid = 'regress_rw'::regclass ORDER BY 1;
ALTER TABLE regress_rw SET WITHOUT CLUSTER;
CLUSTER regress_rw;
ALTER TABLE regress_rw CLUSTER ON nosuch;
BEGIN;
CLUSTER regress_rw USING regress_rw_c;
ROLLBACK;
BEGIN;
CLUSTER;
ROLLBACK;
BEGIN;
VACUUM FULL regress_rw;
ROLLBACK;
CLUSTER regress_rw_c;
CLUSTER regress_rw_nosuch;
CLUSTER regress_rw USING nosuch;
CLUSTER regress_rw_other USING regress_rw_c;
SELECT * FROM pg_stat_progress_cluster;
INSERT INTO regress_rw (a, c, d) VALUES (10000, 5, repeat('z', 100000));
VACUUM FULL regress_rw;
SELECT length(d) FROM regress_rw WHERE a = 10000;
SELECT count(*) FROM regress_rw;
-- one statement: a column retyped twice; rewrites around another subcommand
DELETE FROM regress_rw WHERE a > 3;
ALTER TABLE regress_rw ALTER a TYPE int8, ALTER a TYPE int2;
ALTER TABLE regress_rw ALTER a TYPE text, ADD COLUMN z int DEFAULT 1, ALTER b TYPE text;
SELECT a, b, z FROM regress_rw ORDER BY a;
ALTER TABLE regress_rw ALTER a TYPE int USING a::int, ALTER b TYPE int USING b::int + 1;
SELECT a, b, z FROM regress_rw ORDER BY a;
ALTER TABLE regress_rw ALTER xmin TYPE int;
ALTER TABLE regress_rw ALTER nosuch TYPE int;
ALTER TABLE regress_rw ALTER a TYPE nosuchtype;
-- foreign keys on a retyped column, or referencing it, are rebuilt and checked again
DROP TABLE IF EXISTS regress_rw_fk_c, regress_rw_fk_p;
CREATE TABLE regress_rw_fk_p (id int PRIMARY KEY, n text);
CREATE TABLE regress_rw_fk_c (id int PRIMARY KEY,
                              pid int REFERENCES regress_rw_fk_p ON DELETE CASCADE, q int);
INSERT INTO regress_rw_fk_p VALUES (1, 'a'), (2, 'b');
INSERT INTO regress_rw_fk_c VALUES (10, 1, 0), (20, 2, 0);
ALTER TABLE regress_rw_fk_p ALTER id TYPE bigint;
ALTER TABLE regress_rw_fk_c ALTER pid TYPE bigint;
SELECT conname, conrelid::regclass, pg_get_constraintdef(oid) FROM pg_constraint
 WHERE conrelid IN ('regress_rw_fk_p'::regclass, 'regress_rw_fk_c'::regclass) ORDER BY 1;
INSERT INTO regress_rw_fk_c VALUES (30, 3, 0);
DELETE FROM regress_rw_fk_p WHERE id = 1;
SELECT * FROM regress_rw_fk_c ORDER BY id;
ALTER TABLE regress_rw_fk_p ALTER id TYPE text;
ALTER TABLE regress_rw_fk_c ALTER pid TYPE text USING pid::text;
ALTER TABLE regress_rw_fk_c ALTER q TYPE text;
DROP TABLE regress_rw_fk_c, regress_rw_fk_p;
DROP TABLE regress_rw, regress_rw_files, regress_rw_other, regress_rw_vol;

-- Rewrites rebuild expression and partial indexes (their entries formed as at CREATE INDEX)
DROP TABLE IF EXISTS rwx;
CREATE TABLE rwx (id int, email text, active bool);
INSERT INTO rwx SELECT g, 'U' || g, g % 2 = 0 FROM generate_series(1, 50) g;
CREATE UNIQUE INDEX rwx_lower ON rwx (lower(email));
CREATE UNIQUE INDEX rwx_active ON rwx (id) WHERE active;
VACUUM FULL rwx;
ALTER TABLE rwx ALTER COLUMN id TYPE bigint;
SET enable_seqscan = off;
SELECT id FROM rwx WHERE lower(email) = 'u7';
SELECT count(*) FROM rwx WHERE active AND id > 10;
INSERT INTO rwx VALUES (100, 'u7', false);
RESET enable_seqscan;
DROP TABLE rwx;
