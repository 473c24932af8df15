-- The WAL records a hash index's changes write, as pg_walinspect shows them: one INSERT
-- per entry, ADD_OVFL_PAGE for a bucket chain's new page, SPLIT_ALLOCATE_PAGE /
-- SPLIT_PAGE / SPLIT_COMPLETE per bucket split, and VACUUM's DELETE, SPLIT_CLEANUP,
-- squeeze and UPDATE_META_PAGE records; counted per record type, for this index only.
CREATE EXTENSION IF NOT EXISTS pg_walinspect;
CREATE TABLE hash_wal (id int);
CREATE INDEX hash_wal_id ON hash_wal USING hash (id) WITH (fillfactor = 10);
CREATE TABLE hash_wal_mark (step text, lsn pg_lsn);
INSERT INTO hash_wal_mark VALUES ('start', pg_current_wal_insert_lsn());
INSERT INTO hash_wal SELECT g FROM generate_series(1, 2500) g;
INSERT INTO hash_wal SELECT 7 FROM generate_series(1, 900);
INSERT INTO hash_wal_mark VALUES ('inserted', pg_current_wal_insert_lsn());
DELETE FROM hash_wal WHERE id = 7 OR id % 3 = 0;
VACUUM hash_wal;
INSERT INTO hash_wal SELECT 7 FROM generate_series(1, 300);
INSERT INTO hash_wal_mark VALUES ('end', pg_current_wal_insert_lsn());
CREATE FUNCTION hash_wal_records(first text, last text)
    RETURNS TABLE (record_type text, records bigint) LANGUAGE sql AS $$
  SELECT r.record_type, count(*)
  FROM pg_get_wal_records_info((SELECT lsn FROM hash_wal_mark WHERE step = first),
                               (SELECT lsn FROM hash_wal_mark WHERE step = last)) r
  WHERE r.resource_manager = 'Hash'
    AND r.block_ref LIKE '%/' || pg_relation_filenode('hash_wal_id') || ' %'
  GROUP BY r.record_type ORDER BY r.record_type $$;
SELECT * FROM hash_wal_records('start', 'inserted');
SELECT * FROM hash_wal_records('inserted', 'end');
SET enable_seqscan = off;
SET enable_bitmapscan = off;
SELECT count(*) FROM hash_wal WHERE id = 7;
SELECT count(*) FROM hash_wal WHERE id = 2498;
RESET enable_seqscan;
RESET enable_bitmapscan;
DROP FUNCTION hash_wal_records(text, text);
DROP TABLE hash_wal, hash_wal_mark;
DROP EXTENSION pg_walinspect;
