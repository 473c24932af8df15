-- BRIN inclusion operator classes (box, inet, range), an empty table's index, NULLs
-- (IS [NOT] NULL scans),
-- an unlogged table's index with its init fork, a summary moving to another page.
-- Compared with PostgreSQL 15.
CREATE EXTENSION IF NOT EXISTS pageinspect;
-- inclusion: boxes and inet (pages compared), ranges (answers only: pgsnake stores
-- range values in more bytes, so its heap pages hold fewer rows)
CREATE TABLE brin_inc (id int, b box, ip inet);
INSERT INTO brin_inc SELECT g, box(point(g, g), point(g + 2, g + 3)), CASE WHEN g % 500 = 0 THEN ('2001:db8::' || to_hex(g))::inet ELSE ('10.' || (g / 256) || '.' || (g % 256) || '.7')::inet END FROM generate_series(1, 3000) g;
CREATE INDEX brin_inc_idx ON brin_inc USING brin (b, ip) WITH (pages_per_range = 8);
CREATE TABLE brin_rng (id int, r int4range);
INSERT INTO brin_rng SELECT g, CASE WHEN g % 97 = 0 THEN 'empty'::int4range WHEN g % 101 = 0 THEN NULL ELSE int4range(g, g + 5) END FROM generate_series(1, 3000) g;
CREATE INDEX brin_rng_idx ON brin_rng USING brin (r) WITH (pages_per_range = 8);
SELECT attrelid::regclass, attname, atttypid::regtype FROM pg_attribute WHERE attrelid IN ('brin_inc_idx'::regclass, 'brin_rng_idx'::regclass) ORDER BY 1, attnum;
SELECT itemoffset, blknum, attnum, allnulls, hasnulls, value FROM brin_page_items(get_raw_page('brin_inc_idx', 2), 'brin_inc_idx') WHERE itemoffset IN (1, 4) ORDER BY 1, 3;
SELECT itemoffset, attnum, allnulls, hasnulls, value LIKE '%.. f .. t}' AS has_empty FROM brin_page_items(get_raw_page('brin_rng_idx', 2), 'brin_rng_idx') WHERE itemoffset = 1;
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM brin_inc WHERE b && box '((10,10),(20,20))';
EXPLAIN (COSTS OFF) SELECT id FROM brin_rng WHERE r @> 2500;
SELECT count(*) FROM brin_inc WHERE b && box '((10,10),(20,20))';
SELECT count(*) FROM brin_inc WHERE b @> box '((100,100),(101,101))';
SELECT count(*) FROM brin_inc WHERE b <@ box '((0,0),(50,50))';
SELECT count(*) FROM brin_inc WHERE b << box '((100,100),(101,101))';
SELECT count(*) FROM brin_inc WHERE b &> box '((2990,0),(3000,1))';
SELECT count(*) FROM brin_inc WHERE b |>> box '((0,2995),(1,2996))';
SELECT count(*) FROM brin_inc WHERE b ~= box '((5,5),(7,8))';
SELECT count(*) FROM brin_inc WHERE ip << inet '10.2.0.0/16';
SELECT count(*) FROM brin_inc WHERE ip <<= inet '10.3.4.0/24';
SELECT count(*) FROM brin_inc WHERE ip >>= inet '10.1.1.7';
SELECT count(*) FROM brin_inc WHERE ip && inet '2001:db8::/32';
SELECT count(*) FROM brin_inc WHERE ip = inet '10.5.5.7';
SELECT count(*) FROM brin_rng WHERE r && int4range(100, 120);
SELECT count(*) FROM brin_rng WHERE r @> 2500;
SELECT count(*) FROM brin_rng WHERE r <@ int4range(0, 200);
SELECT count(*) FROM brin_rng WHERE r = 'empty';
SELECT count(*) FROM brin_rng WHERE r -|- int4range(1005, 1010);
SELECT count(*) FROM brin_rng WHERE r >> int4range(1, 2990);
SELECT count(*) FROM brin_rng WHERE r &< int4range(1, 20);
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT id FROM brin_inc WHERE ip << inet '10.2.0.0/16';
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT id FROM brin_inc WHERE b && box '((1000,1000),(1010,1010))';
RESET enable_seqscan;
DROP TABLE brin_inc, brin_rng;
-- an empty table's index has one all-nulls range; unlogged tables
CREATE TABLE brin_empty (a int, b text);
CREATE INDEX brin_empty_idx ON brin_empty USING brin (a, b);
SELECT * FROM brin_page_items(get_raw_page('brin_empty_idx', 2), 'brin_empty_idx');
INSERT INTO brin_empty VALUES (1, NULL), (NULL, 'b');
SELECT * FROM brin_page_items(get_raw_page('brin_empty_idx', 2), 'brin_empty_idx');
CREATE UNLOGGED TABLE brin_unlogged (a int);
CREATE INDEX brin_unlogged_idx ON brin_unlogged USING brin (a);
INSERT INTO brin_unlogged SELECT generate_series(1, 100);
SELECT brin_summarize_new_values('brin_unlogged_idx');
SELECT * FROM brin_page_items(get_raw_page('brin_unlogged_idx', 2), 'brin_unlogged_idx');
SELECT * FROM brin_page_items(get_raw_page('brin_unlogged_idx', 'init', 0), 'brin_unlogged_idx');
SELECT * FROM brin_metapage_info(get_raw_page('brin_unlogged_idx', 'init', 0));
DROP TABLE brin_empty, brin_unlogged;
-- a summary that outgrows its full page moves to a new one (UPDATE), then grows in place
CREATE TABLE brin_mv (id int, t text);
INSERT INTO brin_mv SELECT g, lpad(g::text, 200, '0') FROM generate_series(1, 640) g;
CREATE INDEX brin_mv_t ON brin_mv USING brin (t) WITH (pages_per_range = 1);
SELECT relpages FROM pg_class WHERE relname IN ('brin_mv', 'brin_mv_t') ORDER BY relname;
SELECT lower, upper, special FROM page_header(get_raw_page('brin_mv_t', 2));
SELECT max(itemoffset), max(blknum) FROM brin_page_items(get_raw_page('brin_mv_t', 2), 'brin_mv_t');
INSERT INTO brin_mv VALUES (641, repeat('9', 400));
SELECT ctid FROM brin_mv WHERE id = 641;
SELECT itemoffset, blknum, allnulls, left(value, 12), length(value) FROM brin_page_items(get_raw_page('brin_mv_t', 2), 'brin_mv_t') ORDER BY itemoffset DESC LIMIT 2;
SELECT itemoffset, blknum, allnulls, left(value, 12), length(value) FROM brin_page_items(get_raw_page('brin_mv_t', 3), 'brin_mv_t');
SELECT * FROM brin_revmap_data(get_raw_page('brin_mv_t', 1)) WHERE pages <> '(0,0)' ORDER BY pages DESC LIMIT 3;
INSERT INTO brin_mv VALUES (642, repeat('9', 420));
SELECT itemoffset, blknum, allnulls, left(value, 12), length(value) FROM brin_page_items(get_raw_page('brin_mv_t', 3), 'brin_mv_t');
SELECT lower, upper FROM page_header(get_raw_page('brin_mv_t', 3));
SELECT count(*) FROM brin_mv WHERE t > '9';
DROP TABLE brin_mv;
-- IS [NOT] NULL as index clauses
CREATE TABLE brin_n (id int, v int);
INSERT INTO brin_n SELECT g, CASE WHEN g > 2500 THEN NULL ELSE g END FROM generate_series(1, 3000) g;
CREATE INDEX brin_n_v ON brin_n USING brin (v) WITH (pages_per_range = 2);
ANALYZE brin_n;
EXPLAIN SELECT id FROM brin_n WHERE v IS NULL;
EXPLAIN SELECT id FROM brin_n WHERE v IS NOT NULL AND v < 50;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT id FROM brin_n WHERE v IS NULL;
SET enable_seqscan = off;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT id FROM brin_n WHERE v IS NOT NULL;
SELECT count(*) FROM brin_n WHERE v IS NULL;
RESET enable_seqscan;
DROP TABLE brin_n;
DROP EXTENSION pageinspect;
