-- The WAL records a BRIN index's changes write, as pg_walinspect shows them: a
-- summary widened in place (SAMEPAGE_UPDATE) or moved (UPDATE), a range summarised by
-- brin_summarize_new_values or VACUUM (INSERT of a placeholder, then its update),
-- DESUMMARIZE; counted per record type, for this index only, with their descriptions.
CREATE EXTENSION IF NOT EXISTS pg_walinspect;
CREATE TABLE brin_wal (id int, t text);
INSERT INTO brin_wal SELECT g, lpad(g::text, 200, '0') FROM generate_series(1, 640) g;
CREATE INDEX brin_wal_t ON brin_wal USING brin (id, t) WITH (pages_per_range = 1);
CREATE TABLE brin_wal_mark (step text, lsn pg_lsn);
INSERT INTO brin_wal_mark VALUES ('start', pg_current_wal_insert_lsn());
INSERT INTO brin_wal VALUES (-1, 'a'), (641, repeat('9', 400));
INSERT INTO brin_wal SELECT g, 'b' FROM generate_series(642, 800) g;
INSERT INTO brin_wal_mark VALUES ('inserted', pg_current_wal_insert_lsn());
SELECT brin_summarize_new_values('brin_wal_t');
SELECT brin_desummarize_range('brin_wal_t', 3);
INSERT INTO brin_wal SELECT g, 'c' FROM generate_series(801, 900) g;
VACUUM brin_wal;
INSERT INTO brin_wal_mark VALUES ('end', pg_current_wal_insert_lsn());
CREATE FUNCTION brin_wal_records(first text, last text)
    RETURNS TABLE (record_type text, records bigint) LANGUAGE sql AS $$
  SELECT r.record_type, count(*)
  FROM pg_get_wal_records_info((SELECT lsn FROM brin_wal_mark WHERE step = first),
                               (SELECT lsn FROM brin_wal_mark WHERE step = last)) r
  WHERE r.resource_manager = 'BRIN'
    AND r.block_ref LIKE '%/' || pg_relation_filenode('brin_wal_t') || ' %'
  GROUP BY r.record_type ORDER BY r.record_type $$;
SELECT * FROM brin_wal_records('start', 'inserted');
SELECT * FROM brin_wal_records('inserted', 'end');
SELECT r.record_type, r.description
  FROM pg_get_wal_records_info((SELECT lsn FROM brin_wal_mark WHERE step = 'start'),
                               (SELECT lsn FROM brin_wal_mark WHERE step = 'end')) r
  WHERE r.resource_manager = 'BRIN'
    AND r.block_ref LIKE '%/' || pg_relation_filenode('brin_wal_t') || ' %'
  ORDER BY r.start_lsn LIMIT 8;
SELECT count(*) FROM brin_wal WHERE t > '9';
DROP TABLE brin_wal, brin_wal_mark;
DROP FUNCTION brin_wal_records(text, text);
DROP EXTENSION pg_walinspect;
