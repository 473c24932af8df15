-- TOAST: which tables get a TOAST table and what it looks like; values compressed inline
-- (pglz, lz4) and moved out of line, as the column storage strategies (SET STORAGE, SET
-- COMPRESSION) decide; their stored bytes (pageinspect: inline-compressed datums are
-- PostgreSQL's, byte for byte), sizes and compression methods; UPDATE keeping or
-- replacing toasted values, DELETE, TRUNCATE, VACUUM; text, bytea, jsonb and arrays
-- (whose sizes are not compared: pgsnake stores arrays in another format).
DROP MATERIALIZED VIEW IF EXISTS regress_toast_mv;
DROP TABLE IF EXISTS regress_toast, regress_toast_plain, regress_toast_short, regress_toast_late,
  regress_toast_cc;
DROP EXTENSION IF EXISTS pageinspect;
CREATE EXTENSION pageinspect;
CREATE TABLE regress_toast (id int, t text, b bytea, j jsonb, a int[]);
CREATE TABLE regress_toast_plain (id int, f float8);
CREATE TABLE regress_toast_short (id int, v varchar(10), c char(20));
SELECT c.relname, c.reltoastrelid <> 0 AS has_toast, t.relname = 'pg_toast_' || c.oid AS named,
  t.relkind, t.reltype, t.relnamespace::regnamespace, t.relnatts, t.relhasindex,
  t.relpersistence
  FROM pg_class c LEFT JOIN pg_class t ON t.oid = c.reltoastrelid
  WHERE c.relname LIKE 'regress_toast%' ORDER BY c.relname;
SELECT a.attname, a.atttypid::regtype, a.attstorage, a.attalign, a.attnum
  FROM pg_attribute a JOIN pg_class c ON a.attrelid = c.reltoastrelid
  WHERE c.relname = 'regress_toast' AND a.attnum > 0 ORDER BY a.attnum;
SELECT i.relname = t.relname || '_index' AS named, x.indisunique, x.indisprimary,
  x.indkey::text, x.indclass::text, i.relnamespace::regnamespace
  FROM pg_class c JOIN pg_class t ON t.oid = c.reltoastrelid
  JOIN pg_index x ON x.indrelid = t.oid JOIN pg_class i ON i.oid = x.indexrelid
  WHERE c.relname = 'regress_toast';
SELECT count(*) FROM pg_type t JOIN pg_class c ON t.typrelid = c.reltoastrelid
  WHERE c.relname = 'regress_toast';
SELECT d.classid::regclass, d.refclassid::regclass, d.refobjid::regclass, d.refobjsubid, d.deptype
  FROM pg_depend d JOIN pg_class c ON d.objid = c.reltoastrelid AND d.classid = 'pg_class'::regclass
  WHERE c.relname = 'regress_toast';
-- ADD COLUMN gives a table its TOAST table when it needs one.
CREATE TABLE regress_toast_late (id int);
SELECT reltoastrelid <> 0 FROM pg_class WHERE relname = 'regress_toast_late';
ALTER TABLE regress_toast_late ADD COLUMN v varchar(100);
SELECT reltoastrelid <> 0 FROM pg_class WHERE relname = 'regress_toast_late';
ALTER TABLE regress_toast_late ADD COLUMN big text;
SELECT reltoastrelid <> 0 FROM pg_class WHERE relname = 'regress_toast_late';
-- ... and so does ALTER COLUMN TYPE to an unbounded type.
ALTER TABLE regress_toast_short ALTER COLUMN v TYPE text;
SELECT reltoastrelid <> 0 FROM pg_class WHERE relname = 'regress_toast_short';
-- Compressed inline, out of line, and both.
INSERT INTO regress_toast VALUES (1, repeat('abcdefghij', 1000), NULL, NULL, NULL);
INSERT INTO regress_toast SELECT 2, string_agg(md5(g::text), ''), NULL, NULL, NULL
  FROM generate_series(1, 300) g;
INSERT INTO regress_toast VALUES (3, 'short', '\x0102', '{"a": 1}', NULL);
INSERT INTO regress_toast VALUES (4, repeat('x', 3000), repeat('ab', 5000)::bytea, NULL, NULL);
INSERT INTO regress_toast SELECT 5, NULL, NULL,
  jsonb_build_object('k', repeat('json', 2000), 'n', 1), array_agg(g) FROM generate_series(1, 3000) g;
INSERT INTO regress_toast VALUES (6, repeat('0123456789', 100000), NULL, NULL, NULL);
SELECT id, length(t), md5(t), pg_column_size(t), pg_column_compression(t),
  length(b), md5(b), pg_column_size(b), pg_column_compression(b),
  md5(j::text), pg_column_size(j), pg_column_compression(j),
  cardinality(a), a[2999]
  FROM regress_toast ORDER BY id;
SELECT id, t FROM regress_toast WHERE id = 3;
SELECT id, substr(t, 99990, 20), j -> 'n', a[1:5] FROM regress_toast WHERE id IN (5, 6) ORDER BY id;
SELECT lp, lp_len, t_infomask, t_data FROM heap_page_items(get_raw_page('regress_toast', 0))
  WHERE lp IN (1, 3, 4) ORDER BY lp;
-- UPDATE: unchanged toasted values are not stored again; changed ones are.
UPDATE regress_toast SET id = id + 10 WHERE id IN (1, 2);
UPDATE regress_toast SET t = t || '!' WHERE id = 12;
SELECT id, length(t), md5(t), pg_column_size(t) FROM regress_toast WHERE id > 10 ORDER BY id;
DELETE FROM regress_toast WHERE id = 6;
VACUUM regress_toast;
SELECT id, length(t), md5(t) FROM regress_toast ORDER BY id;
-- Column storage strategies.
ALTER TABLE regress_toast ALTER COLUMN t SET STORAGE EXTERNAL;
INSERT INTO regress_toast VALUES (20, repeat('abc', 2000), NULL, NULL, NULL);
ALTER TABLE regress_toast ALTER COLUMN t SET STORAGE MAIN;
INSERT INTO regress_toast VALUES (21, repeat('abc', 2000), NULL, NULL, NULL);
INSERT INTO regress_toast VALUES (22, repeat('abc', 5000) || string_agg(md5(g::text), ''), NULL, NULL, NULL)
  ;
INSERT INTO regress_toast SELECT 22, string_agg(md5(g::text), ''), NULL, NULL, NULL
  FROM generate_series(1, 1000) g;
ALTER TABLE regress_toast ALTER COLUMN t SET STORAGE PLAIN;
INSERT INTO regress_toast VALUES (23, repeat('abc', 2000), NULL, NULL, NULL);
INSERT INTO regress_toast VALUES (24, repeat('abc', 500), NULL, NULL, NULL);
ALTER TABLE regress_toast ALTER COLUMN t SET STORAGE EXTENDED, ALTER COLUMN t SET COMPRESSION lz4;
INSERT INTO regress_toast VALUES (25, repeat('abc', 2000), NULL, NULL, NULL);
ALTER TABLE regress_toast ALTER COLUMN t SET COMPRESSION default;
SET default_toast_compression = lz4;
INSERT INTO regress_toast VALUES (26, repeat('abcd', 2000), NULL, NULL, NULL);
RESET default_toast_compression;
ALTER TABLE regress_toast ALTER COLUMN t SET COMPRESSION pglz;
INSERT INTO regress_toast VALUES (27, repeat('abcd', 2000), NULL, NULL, NULL);
SELECT id, length(t), md5(t), pg_column_size(t), pg_column_compression(t)
  FROM regress_toast WHERE id >= 20 ORDER BY id;
SELECT a.attname, a.attstorage, a.attcompression FROM pg_attribute a
  WHERE a.attrelid = 'regress_toast'::regclass AND a.attnum > 0 ORDER BY a.attnum;
-- psql's \d+ columns for them.
SELECT a.attname,
  CASE a.attstorage WHEN 'p' THEN 'plain' WHEN 'm' THEN 'main' WHEN 'x' THEN 'extended'
    WHEN 'e' THEN 'external' END AS storage,
  CASE a.attcompression WHEN 'p' THEN 'pglz' WHEN 'l' THEN 'lz4' END AS compression
  FROM pg_catalog.pg_attribute a
  WHERE a.attrelid = 'regress_toast'::regclass AND a.attnum > 0 AND NOT a.attisdropped
  ORDER BY a.attnum;
-- Errors.
ALTER TABLE regress_toast ALTER COLUMN id SET STORAGE EXTERNAL;
ALTER TABLE regress_toast ALTER COLUMN t SET STORAGE bogus;
ALTER TABLE regress_toast ALTER COLUMN nope SET STORAGE MAIN;
ALTER TABLE regress_toast ALTER COLUMN xmin SET STORAGE MAIN;
ALTER TABLE regress_toast ALTER COLUMN id SET COMPRESSION lz4;
ALTER TABLE regress_toast ALTER COLUMN t SET COMPRESSION zstd;
SET default_toast_compression = zstd;
INSERT INTO regress_toast_plain SELECT g, g FROM generate_series(1, 3);
-- TRUNCATE empties the TOAST table too.
TRUNCATE regress_toast;
SELECT count(*) FROM regress_toast;
INSERT INTO regress_toast SELECT 30, string_agg(md5(g::text), ''), NULL, NULL, NULL
  FROM generate_series(1, 100) g;
SELECT id, md5(t) FROM regress_toast;
-- COMPRESSION in CREATE TABLE and ADD COLUMN.
CREATE TABLE regress_toast_cc (a text COMPRESSION lz4, b text COMPRESSION pglz, c int,
  d varchar(10) COMPRESSION default);
CREATE TABLE regress_toast_bad (a int COMPRESSION lz4);
CREATE TABLE regress_toast_bad (a text COMPRESSION zz);
ALTER TABLE regress_toast_cc ADD COLUMN e text COMPRESSION lz4;
ALTER TABLE regress_toast_cc ADD COLUMN f int COMPRESSION lz4;
SELECT attname, attcompression FROM pg_attribute
  WHERE attrelid = 'regress_toast_cc'::regclass AND attnum > 0 ORDER BY attnum;
INSERT INTO regress_toast_cc (a, b) VALUES (repeat('lz4 ', 2000), repeat('pglz', 2000));
SELECT pg_column_size(a), pg_column_compression(a), pg_column_size(b), pg_column_compression(b)
  FROM regress_toast_cc;
-- Materialized views have TOAST tables too.
CREATE MATERIALIZED VIEW regress_toast_mv AS SELECT id, t || t AS tt FROM regress_toast;
SELECT reltoastrelid <> 0 FROM pg_class WHERE relname = 'regress_toast_mv';
SELECT id, md5(tt), pg_column_size(tt) FROM regress_toast_mv;
REFRESH MATERIALIZED VIEW regress_toast_mv;
SELECT id, md5(tt), pg_column_size(tt) FROM regress_toast_mv;
DROP MATERIALIZED VIEW regress_toast_mv;
DROP TABLE regress_toast, regress_toast_plain, regress_toast_short, regress_toast_late,
  regress_toast_cc;
DROP EXTENSION pageinspect;
