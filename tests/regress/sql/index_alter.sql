-- ALTER INDEX ... SET / RESET (storage parameters checked per access method) and ALTER
-- INDEX ... ALTER COLUMN n SET STATISTICS (expression columns only), with PostgreSQL's
-- refusals; ALTER INDEX on a table. Compared with PostgreSQL 15.
CREATE TABLE ixa_t (a int, b int, c int);
CREATE INDEX ixa_b ON ixa_t (b) INCLUDE (c);
CREATE INDEX ixa_e ON ixa_t ((a + b), a);
ALTER INDEX ixa_b SET (fillfactor = 50);
ALTER INDEX ixa_b SET (fillfactor = 5);
ALTER INDEX ixa_b SET (nosuch = 5);
ALTER INDEX ixa_b SET (deduplicate_items = off);
SELECT reloptions FROM pg_class WHERE relname = 'ixa_b';
ALTER INDEX ixa_b RESET (fillfactor, nosuch);
SELECT reloptions FROM pg_class WHERE relname = 'ixa_b';
ALTER INDEX ixa_b ALTER COLUMN 1 SET STATISTICS 100;
ALTER INDEX ixa_b ALTER COLUMN 2 SET STATISTICS 100;
ALTER INDEX ixa_b ALTER COLUMN 3 SET STATISTICS 100;
ALTER INDEX ixa_e ALTER COLUMN 1 SET STATISTICS 100;
ALTER INDEX ixa_e ALTER COLUMN 2 SET STATISTICS 100;
ALTER INDEX ixa_e ALTER COLUMN 0 SET STATISTICS 100;
ALTER INDEX ixa_e ALTER COLUMN 1 SET STATISTICS -5;
SELECT attnum, attstattarget FROM pg_attribute WHERE attrelid = 'ixa_e'::regclass ORDER BY 1;
ALTER TABLE ixa_t ALTER COLUMN 1 SET STATISTICS 100;
ALTER INDEX ixa_t SET (fillfactor = 50);
ALTER INDEX IF EXISTS nosuch SET (fillfactor = 50);
DROP TABLE ixa_t;
CREATE TABLE ixa_g (r int4range, t text);
CREATE INDEX ixa_gist ON ixa_g USING gist (r);
CREATE INDEX ixa_hash ON ixa_g USING hash (t);
ALTER INDEX ixa_gist SET (buffering = on, fillfactor = 80);
ALTER INDEX ixa_gist SET (deduplicate_items = off);
ALTER INDEX ixa_hash SET (fillfactor = 60);
ALTER INDEX ixa_hash SET (buffering = on);
SELECT relname, reloptions FROM pg_class WHERE relname IN ('ixa_gist', 'ixa_hash') ORDER BY 1;
DROP TABLE ixa_g;
