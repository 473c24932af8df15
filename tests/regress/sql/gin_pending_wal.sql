-- The WAL records of GIN's pending list, as pg_walinspect shows them, counted per
-- record type for one index: inserts that append rows to the tail page
-- (UPDATE_META_PAGE) and rows too big for it (INSERT_LISTPAGE per new page, then
-- UPDATE_META_PAGE); the cleanup by gin_clean_pending_list (the keys' INSERT records,
-- DELETE_LISTPAGE per sixteen pages); VACUUM's statistics (UPDATE_META_PAGE).
CREATE EXTENSION IF NOT EXISTS pg_walinspect;
CREATE TABLE pwal (id int, a int[]);
CREATE INDEX pwal_a ON pwal USING gin (a);
CREATE TABLE pwal_mark (step text, lsn pg_lsn);
INSERT INTO pwal_mark VALUES ('start', pg_current_wal_insert_lsn());
INSERT INTO pwal SELECT g, ARRAY[g % 7, 100 + g] FROM generate_series(1, 150) g;
INSERT INTO pwal SELECT 1000 + g, (SELECT array_agg(h) FROM generate_series(g * 1000, g * 1000 + 449) h)
  FROM generate_series(1, 4) g;
INSERT INTO pwal_mark VALUES ('inserted', pg_current_wal_insert_lsn());
SELECT gin_clean_pending_list('pwal_a');
INSERT INTO pwal_mark VALUES ('cleaned', pg_current_wal_insert_lsn());
VACUUM pwal;
INSERT INTO pwal_mark VALUES ('end', pg_current_wal_insert_lsn());
CREATE FUNCTION pwal_records(first text, last text)
    RETURNS TABLE (record_type text, records bigint)
    LANGUAGE sql AS $$
  SELECT r.record_type, count(*)
  FROM pg_get_wal_records_info((SELECT lsn FROM pwal_mark WHERE step = first),
                               (SELECT lsn FROM pwal_mark WHERE step = last)) r
  WHERE r.resource_manager = 'Gin'
    AND r.block_ref LIKE '%/' || pg_relation_filenode('pwal_a') || ' %'
  GROUP BY 1 ORDER BY 1 $$;
SELECT * FROM pwal_records('start', 'inserted');
SELECT * FROM pwal_records('inserted', 'cleaned');
SELECT * FROM pwal_records('cleaned', 'end');
DROP FUNCTION pwal_records(text, text);
DROP TABLE pwal, pwal_mark;
DROP EXTENSION pg_walinspect;
