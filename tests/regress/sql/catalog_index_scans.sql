-- The system catalogs' B-tree indexes (catalog/catalog_indexes.py) as a client sees them:
-- lookups by key planned as index scans of the same indexes PostgreSQL uses, rows found
-- through them after DDL (a name pattern's prefix too, as psql's \d looks tables up), the unique ones refusing a duplicate with the index's name;
-- and a BitmapOr whose OR arms have conjuncts no index answers keeps those as a filter.
-- (Both planner fixes were found by queries on catalogs once they had indexes.)
EXPLAIN (COSTS OFF) SELECT relname FROM pg_class WHERE oid = 1259;
EXPLAIN (COSTS OFF) SELECT oid FROM pg_class WHERE relname = 'pg_type' AND relnamespace = 11;
EXPLAIN (COSTS OFF) SELECT attname FROM pg_attribute WHERE attrelid = 1259 AND attnum = 2;
EXPLAIN (COSTS OFF) SELECT typname FROM pg_type WHERE oid = 23;
EXPLAIN (COSTS OFF) SELECT proname FROM pg_proc WHERE oid = 1242;
SELECT oid::regclass FROM pg_class WHERE relname ~ '^(pg_type)$';
SELECT relname FROM pg_class WHERE relname ~ '^pg_class' ORDER BY 1;
SELECT relname FROM pg_class WHERE oid = 2663;
SELECT oid::regclass FROM pg_class WHERE relname = 'pg_type' AND relnamespace = 11;
SELECT typname FROM pg_type WHERE typname = 'int4'::varchar AND typnamespace = 11;
CREATE TABLE catidx_t (a int PRIMARY KEY, b text);
SELECT attname, attnum FROM pg_attribute WHERE attrelid = 'catidx_t'::regclass AND attnum > 0 ORDER BY attnum;
ALTER TABLE catidx_t RENAME TO catidx_u;
SELECT count(*) FROM pg_class WHERE relname = 'catidx_t';
SELECT count(*) FROM pg_class WHERE relname = 'catidx_u' AND relnamespace = 'public'::regnamespace;
BEGIN;
INSERT INTO pg_description VALUES ('catidx_u'::regclass, 1259, 0, 'one');
INSERT INTO pg_description VALUES ('catidx_u'::regclass, 1259, 0, 'two');
ROLLBACK;
CREATE TABLE catidx_or (a int, b int);
INSERT INTO catidx_or SELECT g % 50, g FROM generate_series(1, 2000) g;
CREATE INDEX ON catidx_or (a);
ANALYZE catidx_or;
SELECT count(*) FROM catidx_or WHERE (a = 1 AND b IN (SELECT 51)) OR (a = 2 AND b IN (SELECT 2));
SELECT count(*) FROM catidx_or WHERE (a = 1 AND b < 100) OR (a = 2 AND b > 1900);
-- Django's table list: a WHERE qual on the LEFT JOIN's nullable side needs nspname from
-- pg_namespace's scan (not an index-only scan of pg_namespace_oid_index)
SELECT c.relname FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('f', 'm', 'p', 'r', 'v') AND n.nspname NOT IN ('pg_catalog', 'pg_toast') AND pg_catalog.pg_table_is_visible(c.oid) AND c.relname LIKE 'catidx%' ORDER BY 1;
DROP TABLE catidx_u, catidx_or;
