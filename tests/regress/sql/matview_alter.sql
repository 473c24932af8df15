-- ALTER MATERIALIZED VIEW's table-like subcommands: SET / RESET (storage options), ALTER
-- COLUMN SET STATISTICS / STORAGE / (n_distinct), CLUSTER ON / SET WITHOUT CLUSTER.
-- Compared with PostgreSQL 15.
CREATE TABLE amv_t (a int, b text);
INSERT INTO amv_t VALUES (1, 'x'), (2, 'y');
CREATE MATERIALIZED VIEW amv_m AS SELECT a, b FROM amv_t;
CREATE UNIQUE INDEX amv_m_a ON amv_m (a);
ALTER MATERIALIZED VIEW amv_m SET (fillfactor = 50);
ALTER MATERIALIZED VIEW amv_m SET (nosuch = 1);
ALTER MATERIALIZED VIEW amv_m RESET (fillfactor);
ALTER MATERIALIZED VIEW amv_m SET (autovacuum_enabled = off);
SELECT reloptions FROM pg_class WHERE relname = 'amv_m';
ALTER MATERIALIZED VIEW amv_m ALTER COLUMN a SET STATISTICS 50;
ALTER MATERIALIZED VIEW amv_m ALTER COLUMN b SET STORAGE EXTERNAL;
ALTER MATERIALIZED VIEW amv_m ALTER COLUMN a SET (n_distinct = 2);
SELECT attname, attstattarget, attstorage, attoptions FROM pg_attribute WHERE attrelid = 'amv_m'::regclass AND attnum > 0 ORDER BY attnum;
ALTER MATERIALIZED VIEW amv_m CLUSTER ON amv_m_a;
SELECT indisclustered FROM pg_index WHERE indexrelid = 'amv_m_a'::regclass;
ALTER MATERIALIZED VIEW amv_m SET WITHOUT CLUSTER;
ALTER MATERIALIZED VIEW amv_m ALTER COLUMN nosuch SET STATISTICS 5;
DROP MATERIALIZED VIEW amv_m;
DROP TABLE amv_t;
