-- Large keys compressed inside index tuples (index_form_tuple's TOAST_INDEX_TARGET of 510
-- bytes): B-tree entries hold pglz / lz4 datums byte for byte as PostgreSQL's, and
-- scans, unique checks, index-only scans, deduplication, suffix truncation and amcheck
-- read them; uncompressible keys over the limit keep the 54000 errors; BRIN summaries
-- compress by default_toast_compression. Compared with PostgreSQL 15.
CREATE EXTENSION IF NOT EXISTS pageinspect;
CREATE EXTENSION IF NOT EXISTS amcheck;
CREATE TABLE bck (a text, b text COMPRESSION lz4);
CREATE INDEX bck_a ON bck (a);
CREATE INDEX bck_b ON bck (b);
SELECT attrelid::regclass, attname, attstorage, attcompression FROM pg_attribute
 WHERE attrelid IN ('bck_a'::regclass, 'bck_b'::regclass) ORDER BY 1;
INSERT INTO bck SELECT string_agg(md5(i::text), ''), NULL FROM generate_series(1, 20) i;
INSERT INTO bck VALUES (repeat('x', 3000), repeat('y', 3000));
SELECT itemoffset, itemlen, nulls, vars, md5(data) FROM bt_page_items('bck_a', 1);
SELECT itemoffset, itemlen, nulls, vars, md5(data) FROM bt_page_items('bck_b', 1);
SET enable_seqscan = off;
SELECT length(a) FROM bck WHERE a = repeat('x', 3000);
SELECT length(b) FROM bck WHERE b >= repeat('y', 2999);
RESET enable_seqscan;
-- unique checks, ON CONFLICT, an index-only scan returning the key
CREATE TABLE bck_u (id int, k text UNIQUE);
INSERT INTO bck_u VALUES (1, repeat('abc', 1000)), (2, repeat('abd', 1000));
INSERT INTO bck_u VALUES (3, repeat('abc', 1000));
INSERT INTO bck_u VALUES (3, repeat('abc', 1000)) ON CONFLICT (k) DO UPDATE SET id = excluded.id
  RETURNING id, length(k);
VACUUM bck_u;
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT k FROM bck_u WHERE k > 'abc';
SELECT length(k), md5(k) FROM bck_u WHERE k > 'abc' ORDER BY k;
RESET enable_seqscan;
RESET enable_bitmapscan;
-- uncompressible keys over the limit
INSERT INTO bck_u SELECT 9, string_agg(md5(i::text), '') FROM generate_series(1, 100) i;
-- heap rows stored compressed reach CREATE INDEX compressed, whatever the storage
ALTER TABLE bck_u ALTER k SET STORAGE plain;
INSERT INTO bck_u VALUES (10, repeat('qq', 1500));
CREATE INDEX bck_u_k2 ON bck_u (k);
CREATE INDEX bck_u_lower ON bck_u (lower(k));
SELECT attname, attstorage, attcompression FROM pg_attribute WHERE attrelid = 'bck_u_lower'::regclass;
SELECT itemoffset, itemlen, md5(data) FROM bt_page_items('bck_u_k2', 1);
-- small values the heap compressed (a wide row): kept compressed by CREATE INDEX, not
-- by later inserts
CREATE TABLE bck_w (id int, k text, w1 text, w2 text, w3 text, w4 text, w5 text);
INSERT INTO bck_w SELECT i, repeat(chr(97 + i % 3), 450) || i, repeat('a', 450), repeat('b', 450),
  repeat('c', 450), repeat('d', 450), repeat('e', 450) FROM generate_series(1, 6) i;
SELECT id, pg_column_size(k) FROM bck_w ORDER BY id;
CREATE INDEX bck_w_k ON bck_w (k);
INSERT INTO bck_w SELECT i, repeat(chr(97 + i % 3), 450) || i, repeat('a', 450), repeat('b', 450),
  repeat('c', 450), repeat('d', 450), repeat('e', 450) FROM generate_series(7, 9) i;
SELECT itemoffset, itemlen, md5(data) FROM bt_page_items('bck_w_k', 1);
-- heapallindexed compares compressed and plain entries in their plain form
SELECT bt_index_check('bck_w_k', true);
SELECT bt_index_parent_check('bck_w_k', true);
SELECT bt_index_check('bck_u_k2', true);
-- many large keys: page splits with truncated pivots, then deduplicated equal keys
CREATE TABLE bck_l (k text);
CREATE INDEX bck_l_k ON bck_l (k);
INSERT INTO bck_l SELECT repeat(md5((i % 50)::text), 100) || lpad(i::text, 5, '0')
  FROM generate_series(1, 300) i;
SELECT bt_index_check('bck_l_k', true);
SELECT level, root FROM bt_metap('bck_l_k');
SELECT itemoffset, itemlen, md5(data) FROM bt_page_items('bck_l_k', 3);
SELECT blk, md5(substr(get_raw_page('bck_l_k', blk), 25)) FROM generate_series(1, 4) blk;
CREATE TABLE bck_d (k text);
CREATE INDEX bck_d_k ON bck_d (k);
INSERT INTO bck_d SELECT repeat('zz' || (i % 3), 400) FROM generate_series(1, 300) i;
SELECT itemoffset, itemlen, md5(data), htid FROM bt_page_items('bck_d_k', 1)
 WHERE tids IS NOT NULL;
SELECT count(*), sum(itemlen), md5(string_agg(data || htid::text, ',' ORDER BY itemoffset))
  FROM bt_page_items('bck_d_k', 1);
SELECT bt_index_check('bck_d_k', true);
SELECT count(*) FROM bck_d WHERE k = repeat('zz1', 400);
-- INCLUDE columns, DESC keys and NULLs with compressed values: pages equal
CREATE TABLE bck_i (id int, a text, b text);
INSERT INTO bck_i SELECT g, CASE WHEN g % 5 = 0 THEN NULL ELSE repeat(chr(65 + g % 7), 1000 + g) END,
  repeat('b', 700) || g FROM generate_series(1, 200) g;
CREATE UNIQUE INDEX bck_i_inc ON bck_i (id) INCLUDE (a);
CREATE INDEX bck_i_ab ON bck_i (a DESC NULLS LAST, b);
SELECT blk, md5(substr(get_raw_page('bck_i_ab', blk), 25)) FROM generate_series(0, 3) blk;
VACUUM bck_i;
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT id, length(a) FROM bck_i WHERE id BETWEEN 10 AND 12;
SELECT id, length(a) FROM bck_i WHERE id BETWEEN 10 AND 12;
RESET enable_seqscan;
RESET enable_bitmapscan;
SELECT bt_index_check('bck_i_ab', true), bt_index_check('bck_i_inc', true);
-- GIN keys are compressed the same way (entry pages equal); the GIN limit error
CREATE TABLE bck_g (a text[]);
INSERT INTO bck_g SELECT ARRAY[repeat(chr(65 + g % 5), 600 + g), 'k' || g] FROM generate_series(1, 40) g;
CREATE INDEX bck_g_a ON bck_g USING gin (a) WITH (fastupdate = off);
SELECT blk, md5(substr(get_raw_page('bck_g_a', blk), 25)) FROM generate_series(0, 1) blk;
DELETE FROM bck_g;
INSERT INTO bck_g VALUES (ARRAY[repeat('x', 3000), 'short']), (ARRAY[repeat('x', 3000), repeat('y', 2000)]);
SET enable_seqscan = off;
SELECT count(*) FROM bck_g WHERE a @> ARRAY[repeat('x', 3000)];
SELECT count(*) FROM bck_g WHERE a @> ARRAY[repeat('y', 2000)];
RESET enable_seqscan;
INSERT INTO bck_g SELECT ARRAY[string_agg(md5(i::text), '')] FROM generate_series(1, 100) i;
-- BRIN summaries compress by default_toast_compression
SET default_toast_compression = lz4;
CREATE TABLE bck_br (t text);
INSERT INTO bck_br SELECT repeat(chr(65 + g % 26), 600 + g) FROM generate_series(1, 30) g;
CREATE INDEX bck_br_t ON bck_br USING brin (t);
SELECT lp, lp_len FROM heap_page_items(get_raw_page('bck_br_t', 2));
SELECT md5(substr(get_raw_page('bck_br_t', 2), 25));
RESET default_toast_compression;
DROP TABLE bck, bck_u, bck_w, bck_l, bck_d, bck_g, bck_br, bck_i;
DROP EXTENSION amcheck;
DROP EXTENSION pageinspect;
