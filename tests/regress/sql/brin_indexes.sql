-- BRIN indexes: build, pageinspect's view of the pages, inserts widening and moving
-- summaries, summarize / desummarize functions, VACUUM, plans, costs and lossy bitmap
-- scans, minmax over several types, inclusion (box, inet, range), refusals.
CREATE TABLE brin_t (id int, v int, t text, d date, ts timestamp, n numeric, f float8, u uuid, i8 int8);
INSERT INTO brin_t SELECT g, g, 'x' || lpad(g::text, 6, '0'), date '2020-01-01' + g / 100, timestamp '2020-01-01' + g * interval '1 minute', g / 7.0, g * 1.5, ('00000000-0000-0000-0000-' || lpad(to_hex(g), 12, '0'))::uuid, g::int8 * 1000 FROM generate_series(1, 3000) g;
INSERT INTO brin_t VALUES (3001, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
CREATE INDEX brin_t_v ON brin_t USING brin (v) WITH (pages_per_range = 4);
CREATE INDEX brin_t_multi ON brin_t USING brin (t, d, ts, n, f, u, i8) WITH (pages_per_range = 8, autosummarize = on);
CREATE INDEX brin_t_default ON brin_t USING brin (id);
SELECT c.relname, c.reloptions, a.amname FROM pg_class c JOIN pg_am a ON a.oid = c.relam WHERE c.relname LIKE 'brin\_t\_%' ORDER BY 1;
SELECT c.relname, o.opcname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_opclass o ON o.oid = ANY (i.indclass) WHERE c.relname LIKE 'brin\_t\_%' ORDER BY 1, 2;
SELECT pg_get_indexdef('brin_t_multi'::regclass);
SELECT relname, relpages FROM pg_class WHERE relname IN ('brin_t', 'brin_t_v', 'brin_t_multi', 'brin_t_default') ORDER BY 1;
CREATE EXTENSION IF NOT EXISTS pageinspect;
SELECT brin_page_type(get_raw_page('brin_t_v', 0)), brin_page_type(get_raw_page('brin_t_v', 1)), brin_page_type(get_raw_page('brin_t_v', 2));
SELECT * FROM brin_metapage_info(get_raw_page('brin_t_v', 0));
SELECT * FROM brin_metapage_info(get_raw_page('brin_t_default', 0));
SELECT count(*), count(*) FILTER (WHERE pages <> '(4294967295,0)') FROM brin_revmap_data(get_raw_page('brin_t_v', 1));
SELECT * FROM brin_revmap_data(get_raw_page('brin_t_v', 1)) LIMIT 3;
SELECT * FROM brin_page_items(get_raw_page('brin_t_v', 2), 'brin_t_v') ORDER BY itemoffset DESC LIMIT 4;
SELECT * FROM brin_page_items(get_raw_page('brin_t_multi', 2), 'brin_t_multi') WHERE itemoffset <= 2 OR blknum >= 32 ORDER BY itemoffset, attnum;
SELECT * FROM brin_page_items(get_raw_page('brin_t_default', 2), 'brin_t_default');
SELECT lp, lp_off, lp_len FROM heap_page_items(get_raw_page('brin_t_multi', 2)) ORDER BY lp LIMIT 3;
-- the whole pages after their headers (LSNs differ), byte for byte
SELECT relname, blk, md5(substr(get_raw_page(relname, blk), 25)) FROM (VALUES ('brin_t_v'), ('brin_t_multi')) r(relname), generate_series(0, 2) blk ORDER BY 1, 2;
-- plans, costs (brincostestimate) and lossy bitmap scans
ANALYZE brin_t;
EXPLAIN SELECT * FROM brin_t WHERE v BETWEEN 100 AND 200;
EXPLAIN SELECT * FROM brin_t WHERE v = 1234::int8;
EXPLAIN SELECT id FROM brin_t WHERE d = date '2020-01-10';
EXPLAIN SELECT id FROM brin_t WHERE t > 'x002900';
EXPLAIN SELECT id FROM brin_t WHERE ts < timestamp '2020-01-01 01:00';
EXPLAIN SELECT * FROM brin_t WHERE v > 10;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT * FROM brin_t WHERE v BETWEEN 100 AND 200;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT id FROM brin_t WHERE n >= 700 AND u <= '00000000-0000-0000-0000-000000001400';
SELECT count(*), min(id), max(id) FROM brin_t WHERE v BETWEEN 100 AND 200;
SELECT count(*) FROM brin_t WHERE f < 30.0;
SELECT count(*) FROM brin_t WHERE i8 = 2000000;
SELECT count(*) FROM brin_t WHERE t >= 'x002990';
SELECT count(*) FROM brin_t WHERE v = NULL::int;
-- inserts: a summarised range widens in place; text growing past its page moves
INSERT INTO brin_t VALUES (6000, -7, 'a', date '1999-01-01', timestamp '1999-01-01', -1, -1, '00000000-0000-0000-0000-000000000000', -1);
SELECT * FROM brin_page_items(get_raw_page('brin_t_v', 2), 'brin_t_v') ORDER BY blknum DESC LIMIT 2;
SELECT * FROM brin_page_items(get_raw_page('brin_t_multi', 2), 'brin_t_multi') WHERE blknum >= 32 ORDER BY itemoffset, attnum;
UPDATE brin_t SET t = repeat('z', 300) WHERE id IN (10, 50);
SELECT itemoffset, blknum, attnum, allnulls, hasnulls, left(value, 40) FROM brin_page_items(get_raw_page('brin_t_multi', 2), 'brin_t_multi') WHERE attnum = 1 ORDER BY itemoffset;
SELECT count(*) FROM brin_t WHERE t > 'y';
SELECT blk, md5(substr(get_raw_page('brin_t_multi', blk), 25)) FROM generate_series(0, 2) blk;
-- growth past the summarised ranges, then the summarize functions
INSERT INTO brin_t SELECT g, g, 'x' || g, NULL, NULL, NULL, NULL, NULL, NULL FROM generate_series(4000, 4600) g;
SELECT count(*) FROM brin_page_items(get_raw_page('brin_t_v', 2), 'brin_t_v');
SELECT count(*) FROM brin_t WHERE v BETWEEN 4500 AND 4510;
SELECT brin_summarize_range('brin_t_v', 40);
SELECT brin_summarize_range('brin_t_v', 40);
SELECT brin_summarize_new_values('brin_t_v');
SELECT brin_summarize_new_values('brin_t_v');
SELECT * FROM brin_page_items(get_raw_page('brin_t_v', 2), 'brin_t_v') ORDER BY blknum DESC LIMIT 3;
SELECT brin_desummarize_range('brin_t_v', 5);
SELECT brin_desummarize_range('brin_t_v', 5);
SELECT brin_desummarize_range('brin_t_v', 100000);
SELECT * FROM brin_page_items(get_raw_page('brin_t_v', 2), 'brin_t_v') WHERE itemoffset <= 3;
SELECT count(*) FROM brin_t WHERE v BETWEEN 4500 AND 4510;
SELECT brin_summarize_range('brin_t_v', 4);
SELECT * FROM brin_page_items(get_raw_page('brin_t_v', 2), 'brin_t_v') ORDER BY itemoffset DESC LIMIT 2;
-- VACUUM summarises the complete ranges only
INSERT INTO brin_t SELECT g, g, 'w', NULL, NULL, NULL, NULL, NULL, NULL FROM generate_series(4601, 5000) g;
VACUUM brin_t;
SELECT relname, relpages, reltuples FROM pg_class WHERE relname IN ('brin_t_v', 'brin_t_multi', 'brin_t_default') ORDER BY 1;
SELECT blknum, value FROM brin_page_items(get_raw_page('brin_t_v', 2), 'brin_t_v') ORDER BY blknum DESC LIMIT 3;
-- errors
SELECT brin_summarize_new_values('brin_t');
SELECT brin_summarize_range('brin_t_v', -1);
SELECT brin_summarize_range('brin_t_v', 4294967296);
SELECT brin_desummarize_range('brin_t_v', 4294967295);
CREATE UNIQUE INDEX ON brin_t USING brin (v);
CREATE INDEX ON brin_t USING brin (v DESC);
CREATE INDEX ON brin_t USING brin (v NULLS LAST);
CREATE INDEX ON brin_t USING brin (v) INCLUDE (id);
CREATE INDEX ON brin_t USING brin (v) WITH (pages_per_range = 0);
CREATE INDEX ON brin_t USING brin (v) WITH (fillfactor = 50);
CREATE INDEX ON brin_t USING brin (v) WITH (autosummarize = maybe);
SELECT * FROM brin_page_items(get_raw_page('brin_t_v', 0), 'brin_t_v');
SELECT * FROM brin_metapage_info(get_raw_page('brin_t_v', 2));
SELECT * FROM brin_page_items(get_raw_page('brin_t_v', 2), 'brin_t');
DROP TABLE brin_t;
DROP EXTENSION pageinspect;
