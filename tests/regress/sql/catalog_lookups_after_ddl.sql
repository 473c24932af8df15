-- Catalog rows read by key right after DDL changed them: a table's pg_class row and
-- columns by OID (the keyed catalog scans and per-object cache invalidation of
-- catalog/catalog_cache.py and executor/catalog_scan_keys.py), through column
-- additions, drops, renames, defaults, a domain and a primary key.
CREATE DOMAIN catlook_pos AS int DEFAULT 7 CHECK (VALUE > 0);
CREATE TABLE catlook_t (id int PRIMARY KEY, name text NOT NULL);
SELECT relname, relnatts, relhasindex FROM pg_class WHERE oid = 'catlook_t'::regclass;
SELECT attname, format_type(atttypid, atttypmod), attnotnull FROM pg_attribute
  WHERE attrelid = 'catlook_t'::regclass AND attnum > 0 ORDER BY attnum;
ALTER TABLE catlook_t ADD COLUMN amount numeric(8,2) DEFAULT 1.5, ADD COLUMN p catlook_pos;
INSERT INTO catlook_t (id, name) VALUES (1, 'one');
SELECT * FROM catlook_t;
SELECT attname, attnum, atthasdef FROM pg_attribute
  WHERE attrelid = 'catlook_t'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum;
SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'catlook_t'::regclass;
ALTER TABLE catlook_t DROP COLUMN name;
ALTER TABLE catlook_t RENAME COLUMN amount TO total;
SELECT * FROM catlook_t;
SELECT count(*) FROM pg_attribute WHERE attrelid = 'catlook_t'::regclass AND attisdropped;
ALTER TABLE catlook_t RENAME TO catlook_renamed;
SELECT relname, relnatts FROM pg_class WHERE oid = 'catlook_renamed'::regclass;
SELECT count(*) FROM pg_class WHERE relname = 'catlook_t';
SELECT c.relname, i.indisprimary FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
  WHERE i.indrelid = 'catlook_renamed'::regclass;
SELECT conname, contype FROM pg_constraint WHERE conrelid = 'catlook_renamed'::regclass;
BEGIN;
ALTER TABLE catlook_renamed ADD COLUMN gone int;
SELECT count(*) FROM pg_attribute WHERE attrelid = 'catlook_renamed'::regclass AND attname = 'gone';
ROLLBACK;
SELECT count(*) FROM pg_attribute WHERE attrelid = 'catlook_renamed'::regclass AND attname = 'gone';
SELECT * FROM catlook_renamed;
DROP TABLE catlook_renamed;
SELECT count(*) FROM pg_class WHERE relname IN ('catlook_t', 'catlook_renamed', 'catlook_t_pkey');
DROP DOMAIN catlook_pos;
