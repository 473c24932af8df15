-- The WAL records GiST and GIN changes write, as pg_walinspect shows them, counted per
-- record type for one index: a GiST index's inserts (one PAGE_UPDATE each while the
-- root is a leaf) and VACUUM (one PAGE_UPDATE for the page it cleans); a GIN index's
-- entry inserts (fastupdate off: INSERT, a key seen before replacing its tuple) and
-- VACUUM (VACUUM_PAGE, then UPDATE_META_PAGE with the statistics).
CREATE EXTENSION IF NOT EXISTS pg_walinspect;
CREATE TABLE wal_gist (id int, p point);
CREATE INDEX wal_gist_p ON wal_gist USING gist (p);
CREATE TABLE wal_gin (id int, a int[]);
CREATE INDEX wal_gin_a ON wal_gin USING gin (a) WITH (fastupdate = off);
CREATE TABLE wal_mark (step text, lsn pg_lsn);
INSERT INTO wal_mark VALUES ('start', pg_current_wal_insert_lsn());
INSERT INTO wal_gist SELECT g, point(g % 10, g / 10) FROM generate_series(1, 60) g;
INSERT INTO wal_gin SELECT g, ARRAY[g % 7, 100 + g] FROM generate_series(1, 40) g;
INSERT INTO wal_mark VALUES ('inserted', pg_current_wal_insert_lsn());
DELETE FROM wal_gist WHERE id % 4 = 0;
DELETE FROM wal_gin WHERE id % 4 = 0;
VACUUM wal_gist;
VACUUM wal_gin;
INSERT INTO wal_mark VALUES ('end', pg_current_wal_insert_lsn());
CREATE FUNCTION wal_records_of(index_name text, first text, last text)
    RETURNS TABLE (resource_manager text, record_type text, records bigint)
    LANGUAGE sql AS $$
  SELECT r.resource_manager, r.record_type, count(*)
  FROM pg_get_wal_records_info((SELECT lsn FROM wal_mark WHERE step = first),
                               (SELECT lsn FROM wal_mark WHERE step = last)) r
  WHERE r.resource_manager IN ('Gist', 'Gin')
    AND r.block_ref LIKE '%/' || pg_relation_filenode(index_name) || ' %'
  GROUP BY 1, 2 ORDER BY 1, 2 $$;
SELECT * FROM wal_records_of('wal_gist_p', 'start', 'inserted');
SELECT * FROM wal_records_of('wal_gin_a', 'start', 'inserted');
SELECT * FROM wal_records_of('wal_gist_p', 'inserted', 'end');
SELECT * FROM wal_records_of('wal_gin_a', 'inserted', 'end');
DROP FUNCTION wal_records_of(text, text, text);
DROP TABLE wal_gist, wal_gin, wal_mark;
DROP EXTENSION pg_walinspect;
