-- A BRIN index outgrowing its first revmap page: the regular page in the way is
-- evacuated (its summaries moved) and becomes the second revmap page; every page
-- compared byte for byte with PostgreSQL 15's.
CREATE EXTENSION IF NOT EXISTS pageinspect;
CREATE TABLE brin_ev (id int, pad text);
ALTER TABLE brin_ev ALTER COLUMN pad SET STORAGE PLAIN;
INSERT INTO brin_ev SELECT g, repeat('z', 3000) FROM generate_series(1, 2600) g;
SELECT pg_relation_size('brin_ev') / 8192;
CREATE INDEX brin_ev_i ON brin_ev USING brin (id) WITH (pages_per_range = 1);
SELECT * FROM brin_metapage_info(get_raw_page('brin_ev_i', 0));
SELECT pg_relation_size('brin_ev_i') / 8192;
SELECT blk, brin_page_type(get_raw_page('brin_ev_i', blk)), md5(substr(get_raw_page('brin_ev_i', blk), 25)) FROM generate_series(0, (pg_relation_size('brin_ev_i') / 8192)::int - 1) blk;
INSERT INTO brin_ev SELECT g, repeat('z', 3000) FROM generate_series(2601, 2800) g;
SELECT brin_summarize_new_values('brin_ev_i');
SELECT * FROM brin_metapage_info(get_raw_page('brin_ev_i', 0));
SELECT blk, brin_page_type(get_raw_page('brin_ev_i', blk)), md5(substr(get_raw_page('brin_ev_i', blk), 25)) FROM generate_series(0, (pg_relation_size('brin_ev_i') / 8192)::int - 1) blk;
SET enable_seqscan = off;
SELECT count(*) FROM brin_ev WHERE id BETWEEN 2700 AND 2710;
RESET enable_seqscan;
DROP TABLE brin_ev;
DROP EXTENSION pageinspect;
