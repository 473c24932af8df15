-- TEMP tables: CREATE TEMP / TEMPORARY / LOCAL TEMP, the backend's pg_temp_N schema
-- (N masked: backend ids differ between servers), search_path, ON COMMIT, CREATE TABLE AS,
-- SELECT INTO, temporary views and sequences, indexes, DISCARD TEMP.
-- Everything here is temporary, so the session's end removes it (idempotent script).
SELECT pg_my_temp_schema() = 0 AS no_temp_schema_yet;
-- a small local buffer pool (100 pages), so that the bigger tables below evict pages
SET temp_buffers = 100;
-- the first temporary object is a function in pg_temp: that makes the schema too
CREATE FUNCTION pg_temp.tt_f7() RETURNS int LANGUAGE sql AS 'SELECT 7';
SELECT pg_temp.tt_f7();
SELECT pg_my_temp_schema() <> 0 AS has_temp_schema;
CREATE TYPE pg_temp.tt_mood AS ENUM ('sad', 'ok');
SELECT 'ok'::tt_mood, 'sad'::pg_temp.tt_mood;
CREATE TYPE pg_temp.tt_pair AS (a int, b int);
SELECT (1, 2)::tt_pair;
CREATE TEMP TABLE tt_items (id int PRIMARY KEY, name text NOT NULL, qty int DEFAULT 1);
CREATE TEMPORARY TABLE tt_two (x int);
CREATE LOCAL TEMP TABLE tt_three (y text);
SELECT regexp_replace(n.nspname, '\d+', 'N') AS schema, c.relname, c.relkind, c.relpersistence
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relname LIKE 'tt\_%' ORDER BY c.relname;
SELECT pg_my_temp_schema() = (SELECT relnamespace FROM pg_class WHERE relname = 'tt_items');
SELECT regexp_replace(pg_my_temp_schema()::regnamespace::text, '\d+', 'N');
SELECT pg_is_other_temp_schema(pg_my_temp_schema()), pg_is_other_temp_schema('public'::regnamespace);
SELECT regexp_replace(array_to_string(current_schemas(true), ','), '\d+', 'N');
SELECT array_to_string(current_schemas(false), ',');
SELECT n.nspowner = 10 AS bootstrap_owner, n.nspacl IS NULL AS no_acl
  FROM pg_namespace n WHERE n.oid = pg_my_temp_schema();
SELECT count(*) FROM pg_namespace
 WHERE nspname = regexp_replace(pg_my_temp_schema()::regnamespace::text, 'pg_temp', 'pg_toast_temp');
SELECT pg_relation_filepath('tt_items') ~ '^base/\d+/t\d+_\d+$';
SELECT pg_relation_filepath('tt_items_pkey') ~ '^base/\d+/t\d+_\d+$';
-- rows, an index, TOAST
INSERT INTO tt_items (id, name) SELECT g, 'item ' || g FROM generate_series(1, 2000) g;
SELECT count(*), sum(qty), max(name) FROM tt_items;
SELECT * FROM tt_items WHERE id = 1234;
INSERT INTO tt_items VALUES (1, 'dup');
UPDATE tt_items SET qty = qty + 1 WHERE id <= 10;
DELETE FROM tt_items WHERE id > 1500;
SELECT count(*), sum(qty) FROM tt_items;
CREATE INDEX tt_items_name ON tt_items (name);
SELECT relpersistence FROM pg_class WHERE relname = 'tt_items_name';
SELECT id FROM tt_items WHERE name = 'item 77';
VACUUM tt_items;
ANALYZE tt_items;
SELECT attname, null_frac, n_distinct FROM pg_stats WHERE tablename = 'tt_items' ORDER BY attname;
SELECT relpages > 0, reltuples FROM pg_class WHERE relname = 'tt_items';
INSERT INTO tt_three SELECT repeat(md5(g::text), 400) FROM generate_series(1, 5) g;
SELECT count(*), sum(length(y)) FROM tt_three;
SELECT c.relpersistence, regexp_replace(n.nspname, '\d+', 'N')
  FROM pg_class t JOIN pg_class c ON c.oid = t.reltoastrelid JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE t.relname = 'tt_three';
-- more pages than temp_buffers: dirty local pages are written out and read back
CREATE TEMP TABLE tt_big (id int PRIMARY KEY, pad text);
INSERT INTO tt_big SELECT g, repeat(chr(65 + g % 26), 300) FROM generate_series(1, 4000) g;
SELECT pg_relation_size('tt_big') > 100 * 8192;
UPDATE tt_big SET pad = lower(pad) WHERE id % 7 = 0;
SELECT count(*), count(DISTINCT pad), sum(length(pad)) FROM tt_big;
SELECT id, left(pad, 3) FROM tt_big WHERE id IN (7, 8, 3999) ORDER BY id;
CREATE INDEX tt_big_pad ON tt_big (pad);
SET enable_seqscan = off;
SELECT count(*), min(id), max(id) FROM tt_big WHERE pad = repeat('C', 300);
SELECT count(*) FROM tt_big WHERE pad > 'Y';
RESET enable_seqscan;
SET temp_buffers = 200;
SET temp_buffers = 100;
SHOW temp_buffers;
DROP TABLE tt_big;
-- pg_temp as an alias; search order: the temp schema comes first for relations
SELECT count(*) FROM pg_temp.tt_items;
CREATE TABLE pg_temp.tt_alias (a int);
SELECT relpersistence FROM pg_class WHERE relname = 'tt_alias';
CREATE TEMP TABLE pg_class (fake int);
SELECT * FROM pg_class;
SELECT relname FROM pg_catalog.pg_class WHERE relname = 'pg_namespace';
DROP TABLE pg_temp.pg_class;
SET search_path = public, pg_temp;
CREATE TABLE tt_perm_check (a int);
SELECT relpersistence FROM pg_class WHERE relname = 'tt_perm_check';
DROP TABLE tt_perm_check;
SET search_path = pg_temp, public;
CREATE TABLE tt_first (a int);
SELECT relpersistence FROM pg_class WHERE relname = 'tt_first';
SELECT regexp_replace(current_schema(), '\d+', 'N');
SELECT regexp_replace(array_to_string(current_schemas(true), ','), '\d+', 'N');
SELECT regexp_replace(array_to_string(current_schemas(false), ','), '\d+', 'N');
CREATE FUNCTION pg_temp.tt_plus(int, int) RETURNS int LANGUAGE sql AS 'SELECT $1 + $2';
CREATE OPERATOR pg_temp.+++ (FUNCTION = pg_temp.tt_plus, LEFTARG = int, RIGHTARG = int);
SELECT 1 +++ 2;
SELECT 1 OPERATOR(pg_temp.+++) 2;
SELECT tt_plus(1, 2);
SELECT pg_temp.tt_plus(1, 2);
SELECT pg_function_is_visible('pg_temp.tt_plus'::regproc);
SELECT 'tt_plus'::regproc;
DROP OPERATOR pg_temp.+++ (int, int);
DROP FUNCTION pg_temp.tt_plus(int, int);
RESET search_path;
-- errors
CREATE TEMP TABLE public.tt_bad (a int);
CREATE TABLE tt_oncommit_bad (a int) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE tt_items (a int);
-- ON COMMIT
CREATE TEMP TABLE tt_keep (a int) ON COMMIT PRESERVE ROWS;
CREATE TEMP TABLE tt_del (a int) ON COMMIT DELETE ROWS;
INSERT INTO tt_keep VALUES (1);
INSERT INTO tt_del VALUES (1);
SELECT (SELECT count(*) FROM tt_keep), (SELECT count(*) FROM tt_del);
BEGIN;
INSERT INTO tt_del SELECT generate_series(1, 3);
SELECT count(*) FROM tt_del;
COMMIT;
SELECT count(*) FROM tt_del;
BEGIN;
CREATE TEMP TABLE tt_drop (a int) ON COMMIT DROP;
INSERT INTO tt_drop VALUES (1);
SELECT count(*) FROM tt_drop;
COMMIT;
SELECT count(*) FROM pg_class WHERE relname = 'tt_drop';
BEGIN;
CREATE TEMP TABLE tt_rolled (a int) ON COMMIT DROP;
ROLLBACK;
SELECT count(*) FROM pg_class WHERE relname = 'tt_rolled';
BEGIN;
CREATE TEMP TABLE tt_saved (a int);
SAVEPOINT s1;
CREATE TEMP TABLE tt_sub (a int);
ROLLBACK TO s1;
COMMIT;
SELECT relname FROM pg_class WHERE relname IN ('tt_saved', 'tt_sub');
-- CREATE TABLE AS, SELECT INTO
CREATE TEMP TABLE tt_ctas AS SELECT id, name, 'x' AS lit, id::numeric(6,2) AS n FROM tt_items WHERE id <= 3;
SELECT * FROM tt_ctas ORDER BY id;
SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute
 WHERE attrelid = 'tt_ctas'::regclass AND attnum > 0 ORDER BY attnum;
CREATE TEMP TABLE tt_ctas2 (a, b) AS SELECT 1, 2 WITH NO DATA;
SELECT count(*) FROM tt_ctas2;
CREATE TEMP TABLE tt_ctas3 (a, b, c) AS SELECT 1, 2;
CREATE TEMP TABLE IF NOT EXISTS tt_ctas AS SELECT 1;
SELECT id * 10 AS big INTO TEMP tt_into FROM tt_items WHERE id < 4 ORDER BY id;
SELECT * FROM tt_into;
SELECT relpersistence FROM pg_class WHERE relname = 'tt_into';
SELECT 1 AS one INTO TEMPORARY TABLE tt_into2;
SELECT * FROM tt_into2;
CREATE TEMP TABLE tt_ctas_drop ON COMMIT DROP AS SELECT 1 AS z;
SELECT count(*) FROM pg_class WHERE relname = 'tt_ctas_drop';
-- temporary views and sequences
CREATE TEMP VIEW tt_view AS SELECT id FROM tt_items WHERE id < 3;
SELECT * FROM tt_view ORDER BY id;
CREATE VIEW tt_auto_view AS SELECT count(*) AS n FROM tt_items;
SELECT relpersistence, regexp_replace(relnamespace::regnamespace::text, '\d+', 'N')
  FROM pg_class WHERE relname IN ('tt_view', 'tt_auto_view') ORDER BY relname;
CREATE MATERIALIZED VIEW tt_mv AS SELECT * FROM tt_items;
CREATE VIEW public.tt_forced AS SELECT * FROM tt_items;
CREATE TEMP SEQUENCE tt_seq START 5;
SELECT nextval('tt_seq'), nextval('tt_seq');
SELECT relpersistence FROM pg_class WHERE relname = 'tt_seq';
CREATE TEMP TABLE tt_serial (id serial, v text);
INSERT INTO tt_serial (v) VALUES ('a'), ('b');
SELECT * FROM tt_serial;
SELECT relpersistence FROM pg_class WHERE relname = 'tt_serial_id_seq';
-- transactions over temp tables
BEGIN;
INSERT INTO tt_keep VALUES (2);
ROLLBACK;
SELECT * FROM tt_keep;
BEGIN;
INSERT INTO tt_keep VALUES (3);
PREPARE TRANSACTION 'tt_gid';
SELECT * FROM tt_keep;
TRUNCATE tt_keep;
SELECT count(*) FROM tt_keep;
ALTER TABLE tt_keep ADD COLUMN b text DEFAULT 'z';
INSERT INTO tt_keep (a) VALUES (9);
SELECT * FROM tt_keep;
-- a READ ONLY transaction may write temporary tables, but not create them
BEGIN TRANSACTION READ ONLY;
INSERT INTO tt_keep (a) VALUES (10);
UPDATE tt_keep SET a = a + 1 WHERE a = 10;
DELETE FROM tt_keep WHERE a = 9;
SELECT * FROM tt_keep;
CREATE TEMP TABLE tt_ro (a int);
ROLLBACK;
-- foreign keys join tables of one lifetime
CREATE TEMP TABLE tt_pk (id int PRIMARY KEY);
CREATE TEMP TABLE tt_fk (id int REFERENCES tt_pk);
INSERT INTO tt_pk VALUES (1);
INSERT INTO tt_fk VALUES (1);
INSERT INTO tt_fk VALUES (2);
CREATE TABLE tt_perm_pk (id int PRIMARY KEY);
CREATE TEMP TABLE tt_fk_bad (id int REFERENCES tt_perm_pk);
CREATE TABLE tt_perm_fk (id int REFERENCES tt_pk);
DROP TABLE tt_perm_pk;
-- functions are never found in pg_temp implicitly
CREATE FUNCTION pg_temp.tt_fn() RETURNS int LANGUAGE sql AS 'SELECT 42';
SELECT tt_fn();
SELECT pg_temp.tt_fn();
DROP FUNCTION pg_temp.tt_fn();
-- DISCARD TEMP drops everything (functions and types too); the schema stays this backend's
DISCARD TEMP;
SELECT 'ok'::tt_mood;
SELECT count(*) FROM pg_proc WHERE proname = 'tt_f7';
SELECT count(*) FROM pg_type WHERE typname IN ('tt_mood', 'tt_pair');
SELECT count(*) FROM pg_class WHERE relnamespace = pg_my_temp_schema();
SELECT pg_my_temp_schema() <> 0;
SELECT count(*) FROM tt_items;
CREATE TEMP TABLE tt_after_discard (a int);
SELECT relpersistence FROM pg_class WHERE relname = 'tt_after_discard';
DISCARD ALL;
SELECT count(*) FROM pg_class WHERE relnamespace = pg_my_temp_schema();
