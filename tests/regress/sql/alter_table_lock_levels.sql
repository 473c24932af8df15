-- The lock ALTER TABLE takes: the strongest its subcommands need (ShareUpdateExclusive
-- for maintenance settings, ShareRowExclusive for triggers and foreign keys, else
-- AccessExclusive), seen in pg_locks; the TOAST table locked with its options; toast.*
-- storage parameters kept on the TOAST table; WITH (...) of CREATE TABLE AS and
-- materialized views.
DROP VIEW IF EXISTS atl_locks;
DROP TABLE IF EXISTS atl_fk, atl_t, atl_cta, atl_int;
DROP MATERIALIZED VIEW IF EXISTS atl_mv;
DROP TYPE IF EXISTS atl_modes;
CREATE TYPE atl_modes AS ENUM ('AccessShareLock', 'RowShareLock', 'RowExclusiveLock',
  'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock',
  'AccessExclusiveLock');
CREATE VIEW atl_locks AS
SELECT CASE WHEN c.relname LIKE 'pg_toast%' THEN 'pg_toast' ELSE c.relname END AS relname,
       max(l.mode::atl_modes) AS mode
FROM pg_locks l JOIN pg_class c ON l.relation = c.oid
WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation'
  AND c.relnamespace <> 'pg_catalog'::regnamespace AND c.relname <> 'atl_locks'
GROUP BY 1;
CREATE TABLE atl_t (f1 int PRIMARY KEY, f2 text);
INSERT INTO atl_t VALUES (1, 'foo');
CREATE TABLE atl_fk (f3 int PRIMARY KEY, f1 int);
INSERT INTO atl_fk VALUES (1, 1);
BEGIN; ALTER TABLE atl_t ALTER COLUMN f2 SET STATISTICS 150;
SELECT * FROM atl_locks ORDER BY 1; ROLLBACK;
BEGIN; ALTER TABLE atl_t CLUSTER ON atl_t_pkey;
SELECT * FROM atl_locks ORDER BY 1; COMMIT;
BEGIN; ALTER TABLE atl_t SET WITHOUT CLUSTER;
SELECT * FROM atl_locks ORDER BY 1; COMMIT;
BEGIN; ALTER TABLE atl_t SET (fillfactor = 100);
SELECT * FROM atl_locks ORDER BY 1; COMMIT;
BEGIN; ALTER TABLE atl_t RESET (fillfactor);
SELECT * FROM atl_locks ORDER BY 1; COMMIT;
BEGIN; ALTER TABLE atl_t SET (toast.autovacuum_enabled = off);
SELECT * FROM atl_locks ORDER BY 1; COMMIT;
BEGIN; ALTER TABLE atl_t SET (user_catalog_table = true);
SELECT * FROM atl_locks ORDER BY 1; ROLLBACK;
BEGIN; ALTER TABLE atl_t ALTER COLUMN f2 SET (n_distinct = 1);
SELECT * FROM atl_locks ORDER BY 1; ROLLBACK;
BEGIN; ALTER TABLE atl_t SET (autovacuum_enabled = off, fillfactor = 80);
SELECT * FROM atl_locks ORDER BY 1; COMMIT;
BEGIN; ALTER TABLE atl_t ALTER COLUMN f2 SET DEFAULT 'x';
SELECT * FROM atl_locks ORDER BY 1; ROLLBACK;
BEGIN; ALTER TABLE atl_t DISABLE TRIGGER ALL;
SELECT * FROM atl_locks ORDER BY 1; ROLLBACK;
BEGIN; ALTER TABLE atl_t ALTER COLUMN f2 SET STATISTICS 10, ALTER COLUMN f2 SET NOT NULL;
SELECT * FROM atl_locks ORDER BY 1; ROLLBACK;
BEGIN; ALTER TABLE atl_fk ADD FOREIGN KEY (f1) REFERENCES atl_t (f1);
SELECT * FROM atl_locks ORDER BY 1; ROLLBACK;
BEGIN; ALTER TABLE atl_fk ADD CONSTRAINT atl_fk_nv FOREIGN KEY (f1) REFERENCES atl_t (f1) NOT VALID;
SELECT * FROM atl_locks ORDER BY 1; COMMIT;
BEGIN; ALTER TABLE atl_fk VALIDATE CONSTRAINT atl_fk_nv;
SELECT * FROM atl_locks ORDER BY 1; ROLLBACK;
-- toast.* parameters live on the TOAST table
SELECT c.reloptions, t.reloptions AS toast_options
FROM pg_class c JOIN pg_class t ON t.oid = c.reltoastrelid WHERE c.relname = 'atl_t';
ALTER TABLE atl_t SET (toast.vacuum_truncate = false, toast.autovacuum_vacuum_threshold = 10);
ALTER TABLE atl_t SET (toast.fillfactor = 50);
ALTER TABLE atl_t SET (toast.autovacuum_analyze_threshold = 50);
ALTER TABLE atl_t SET (nosuch.fillfactor = 50);
ALTER TABLE atl_t RESET (toast.autovacuum_enabled, nosuch.fillfactor);
SELECT c.reloptions, t.reloptions AS toast_options
FROM pg_class c JOIN pg_class t ON t.oid = c.reltoastrelid WHERE c.relname = 'atl_t';
CREATE TABLE atl_int (a int);
ALTER TABLE atl_int SET (toast.fillfactor = 50);
CREATE TABLE atl_bad (a int) WITH (toast.fillfactor = 50);
CREATE INDEX ON atl_int (a) WITH (toast.fillfactor = 50);
CREATE TABLE atl_cta WITH (fillfactor = 40, toast.autovacuum_enabled = false) AS SELECT 'x'::text AS t;
CREATE MATERIALIZED VIEW atl_mv WITH (fillfactor = 50) AS SELECT 'x'::text AS t;
SELECT c.relname, c.reloptions, t.reloptions AS toast_options
FROM pg_class c LEFT JOIN pg_class t ON t.oid = c.reltoastrelid
WHERE c.relname IN ('atl_cta', 'atl_mv') ORDER BY 1;
CREATE TABLE atl_bad WITH (fillfactor = 4) AS SELECT 1;
DROP MATERIALIZED VIEW atl_mv;
DROP VIEW atl_locks;
DROP TABLE atl_fk, atl_t, atl_cta, atl_int;
DROP TYPE atl_modes;
