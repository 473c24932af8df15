-- Catalog rows read by key right after DDL changed them: a table's pg_class row and
-- columns by OID (the keyed catalog scans and per-object cache invalidation of
-- catalog/catalog_cache.py and executor/catalog_scan_keys.py), through column
-- additions, drops, renames, defaults, a domain and a primary key.
DROP TABLE IF EXISTS regress_catlook_t;
DROP TABLE IF EXISTS regress_catlook_renamed;
DROP DOMAIN IF EXISTS regress_catlook_pos;
CREATE DOMAIN regress_catlook_pos AS int DEFAULT 7 CHECK (VALUE > 0);
CREATE TABLE regress_catlook_t (id int PRIMARY KEY, name text NOT NULL);
SELECT relname, relnatts, relhasindex FROM pg_class WHERE oid = 'regress_catlook_t'::regclass;
SELECT attname, format_type(atttypid, atttypmod), attnotnull FROM pg_attribute
  WHERE attrelid = 'regress_catlook_t'::regclass AND attnum > 0 ORDER BY attnum;
ALTER TABLE regress_catlook_t ADD COLUMN amount numeric(8,2) DEFAULT 1.5, ADD COLUMN p regress_catlook_pos;
INSERT INTO regress_catlook_t (id, name) VALUES (1, 'one');
SELECT * FROM regress_catlook_t;
SELECT attname, attnum, atthasdef FROM pg_attribute
  WHERE attrelid = 'regress_catlook_t'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum;
SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'regress_catlook_t'::regclass;
ALTER TABLE regress_catlook_t DROP COLUMN name;
ALTER TABLE regress_catlook_t RENAME COLUMN amount TO total;
SELECT * FROM regress_catlook_t;
SELECT count(*) FROM pg_attribute WHERE attrelid = 'regress_catlook_t'::regclass AND attisdropped;
ALTER TABLE regress_catlook_t RENAME TO regress_catlook_renamed;
SELECT relname, relnatts FROM pg_class WHERE oid = 'regress_catlook_renamed'::regclass;
SELECT count(*) FROM pg_class WHERE relname = 'regress_catlook_t';
SELECT c.relname, i.indisprimary FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
  WHERE i.indrelid = 'regress_catlook_renamed'::regclass;
SELECT conname, contype FROM pg_constraint WHERE conrelid = 'regress_catlook_renamed'::regclass;
BEGIN;
ALTER TABLE regress_catlook_renamed ADD COLUMN gone int;
SELECT count(*) FROM pg_attribute WHERE attrelid = 'regress_catlook_renamed'::regclass AND attname = 'gone';
ROLLBACK;
SELECT count(*) FROM pg_attribute WHERE attrelid = 'regress_catlook_renamed'::regclass AND attname = 'gone';
SELECT * FROM regress_catlook_renamed;
DROP TABLE regress_catlook_renamed;
SELECT count(*) FROM pg_class WHERE relname IN ('regress_catlook_t', 'regress_catlook_renamed', 'regress_catlook_t_pkey');
DROP DOMAIN regress_catlook_pos;
