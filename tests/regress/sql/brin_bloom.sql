-- BRIN bloom operator classes (default parameters: the filter's bits, hashes and
-- pages byte for byte), values compressed in BRIN tuples (pglz over 510 bytes).
-- Compared with PostgreSQL 15.
CREATE EXTENSION IF NOT EXISTS pageinspect;
CREATE TABLE brin_bl (id int, v int, t text, u uuid);
INSERT INTO brin_bl SELECT g, g % 97, 'k' || (g % 50), ('00000000-0000-0000-0000-' || lpad(to_hex(g), 12, '0'))::uuid FROM generate_series(1, 3000) g;
CREATE INDEX brin_bl_v ON brin_bl USING brin (v int4_bloom_ops, t text_bloom_ops) WITH (pages_per_range = 4);
CREATE INDEX brin_bl_u ON brin_bl USING brin (u uuid_bloom_ops);
SELECT itemoffset, blknum, attnum, allnulls, hasnulls, value FROM brin_page_items(get_raw_page('brin_bl_v', 2), 'brin_bl_v') WHERE itemoffset <= 2;
SELECT itemoffset, blknum, attnum, allnulls, hasnulls, value FROM brin_page_items(get_raw_page('brin_bl_u', 2), 'brin_bl_u');
SELECT lp, lp_len FROM heap_page_items(get_raw_page('brin_bl_u', 2));
-- the whole pages after their headers (LSNs differ), byte for byte
SELECT blk, md5(substr(get_raw_page('brin_bl_v', blk), 25)) FROM generate_series(0, 2) blk;
SELECT md5(substr(get_raw_page('brin_bl_u', 2), 25));
EXPLAIN (COSTS OFF) SELECT id FROM brin_bl WHERE v = 5;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT id FROM brin_bl WHERE v = 5 AND t = 'k7';
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT id FROM brin_bl WHERE u = '00000000-0000-0000-0000-000000000100';
SELECT count(*) FROM brin_bl WHERE v = 5::int8;
INSERT INTO brin_bl VALUES (5000, 1000, 'new', NULL);
SELECT itemoffset, blknum, attnum, allnulls, hasnulls, value FROM brin_page_items(get_raw_page('brin_bl_v', 2), 'brin_bl_v') ORDER BY itemoffset DESC LIMIT 2;
CREATE TABLE brin_long (t text);
INSERT INTO brin_long SELECT repeat(chr(65 + g % 26), 600 + g) FROM generate_series(1, 30) g;
CREATE INDEX brin_long_t ON brin_long USING brin (t);
SELECT lp, lp_len FROM heap_page_items(get_raw_page('brin_long_t', 2));
SELECT md5(substr(get_raw_page('brin_long_t', 2), 25));
SELECT attnum, left(value, 20), length(value) FROM brin_page_items(get_raw_page('brin_long_t', 2), 'brin_long_t');
SELECT count(*) FROM brin_long WHERE t > 'Y';
DROP TABLE brin_bl, brin_long;
DROP EXTENSION pageinspect;
