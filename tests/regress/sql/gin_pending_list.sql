-- GIN's pending list (fastupdate, on by default): rows inserted after CREATE INDEX wait
-- on GIN_LIST pages until a cleanup moves them into the entry tree. The metapage's
-- counters, the list pages byte for byte, scans that read the list, the cleanup by
-- gin_clean_pending_list, VACUUM and an insert past gin_pending_list_limit, the
-- reuse of deleted list pages, the reloptions and the function's errors.
CREATE EXTENSION IF NOT EXISTS pageinspect;
CREATE TABLE pend (id int, a int[]);
CREATE INDEX pend_a ON pend USING gin (a);
INSERT INTO pend SELECT g, ARRAY[g % 5, 100 + g % 37, 1000 + g] FROM generate_series(1, 200) g;
SELECT * FROM gin_metapage_info(get_raw_page('pend_a', 0));
SELECT blkno, (gin_page_opaque_info(get_raw_page('pend_a', blkno))).*
  FROM generate_series(1, pg_relation_size('pend_a') / 8192 - 1) blkno;
SELECT md5(substr(get_raw_page('pend_a', 2), 9)), md5(substr(get_raw_page('pend_a', 3), 9));
-- A row too big for the tail page: a sublist of its own, linked after the tail.
INSERT INTO pend SELECT 500, array_agg(g) FROM generate_series(5000, 5800) g;
INSERT INTO pend VALUES (501, ARRAY[1, 2, 3]);
SELECT * FROM gin_metapage_info(get_raw_page('pend_a', 0));
SELECT blkno, (gin_page_opaque_info(get_raw_page('pend_a', blkno))).*
  FROM generate_series(1, pg_relation_size('pend_a') / 8192 - 1) blkno;
SELECT md5(substr(get_raw_page('pend_a', blkno), 9))
  FROM generate_series(1, pg_relation_size('pend_a') / 8192 - 1) blkno;
-- Scans find the rows on the list.
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM pend WHERE a @> ARRAY[3];
SELECT count(*) FROM pend WHERE a @> ARRAY[3];
SELECT id FROM pend WHERE a @> ARRAY[5555] ORDER BY id;
SELECT id FROM pend WHERE a && ARRAY[1007, 1100, 2] ORDER BY id;
SELECT count(*) FROM pend WHERE a <@ ARRAY[0, 1, 2, 3, 4, 100, 101, 1001, 1002];
-- The cleanup: every list page deleted, the keys in the tree.
SELECT gin_clean_pending_list('pend_a');
SELECT * FROM gin_metapage_info(get_raw_page('pend_a', 0));
SELECT blkno, (gin_page_opaque_info(get_raw_page('pend_a', blkno))).*
  FROM generate_series(1, pg_relation_size('pend_a') / 8192 - 1) blkno;
SELECT count(*) FROM pend WHERE a @> ARRAY[3];
SELECT id FROM pend WHERE a @> ARRAY[5555] ORDER BY id;
SELECT gin_clean_pending_list('pend_a');
-- New rows reuse the deleted pages the cleanup gave the free space map.
INSERT INTO pend SELECT g, ARRAY[g % 5, 7000 + g] FROM generate_series(201, 260) g;
SELECT * FROM gin_metapage_info(get_raw_page('pend_a', 0));
SELECT md5(substr(get_raw_page('pend_a', blkno), 9))
  FROM generate_series(0, pg_relation_size('pend_a') / 8192 - 1) blkno;
SELECT count(*) FROM pend WHERE a @> ARRAY[4];
-- VACUUM moves the list too, then counts the pages and keys.
DELETE FROM pend WHERE id % 3 = 0;
VACUUM pend;
SELECT * FROM gin_metapage_info(get_raw_page('pend_a', 0));
SELECT count(*) FROM pend WHERE a @> ARRAY[4];
-- An insert that takes the list past gin_pending_list_limit cleans it up.
ALTER INDEX pend_a SET (gin_pending_list_limit = 64);
INSERT INTO pend SELECT g, ARRAY[g % 5, 9000 + g, 20000 + g, 30000 + g]
  FROM generate_series(1000, 2200) g;
SELECT n_pending_pages < 10 AS short_list, n_entries > 0 AS keys_moved
  FROM gin_metapage_info(get_raw_page('pend_a', 0));
SELECT count(*) FROM pend WHERE a @> ARRAY[2];
-- Without the reloption, the setting decides.
ALTER INDEX pend_a RESET (gin_pending_list_limit);
SET gin_pending_list_limit = 64;
INSERT INTO pend SELECT g, ARRAY[g % 5, 9000 + g, 20000 + g, 30000 + g]
  FROM generate_series(5000, 6200) g;
SELECT n_pending_pages < 10 AS short_list FROM gin_metapage_info(get_raw_page('pend_a', 0));
RESET gin_pending_list_limit;
-- fastupdate off: straight into the tree; a list left behind is still read.
ALTER INDEX pend_a SET (fastupdate = off);
INSERT INTO pend VALUES (9001, ARRAY[424242]);
SELECT id FROM pend WHERE a @> ARRAY[424242];
SELECT pg_get_indexdef('pend_a'::regclass);
RESET enable_seqscan;
-- The function's errors.
SELECT gin_clean_pending_list('pend');
CREATE INDEX pend_id ON pend (id);
SELECT gin_clean_pending_list('pend_id');
CREATE TABLE pend_part (id int, a int[]) PARTITION BY RANGE (id);
CREATE INDEX pend_part_a ON pend_part USING gin (a);
SELECT gin_clean_pending_list('pend_part_a');
CREATE ROLE pend_someone;
SET ROLE pend_someone;
SELECT gin_clean_pending_list('pend_a');
RESET ROLE;
DROP ROLE pend_someone;
CREATE INDEX pend_bad ON pend USING gin (a) WITH (gin_pending_list_limit = 10);
CREATE INDEX pend_bad ON pend USING gin (a) WITH (fastupdate = maybe);
-- Keys too big for an index tuple, on the list and in the tree; a temporary table's
-- index (local buffers, its own free space map).
CREATE TEMP TABLE pend_big (a text[]);
CREATE INDEX pend_big_a ON pend_big USING gin (a);
INSERT INTO pend_big SELECT ARRAY[string_agg(md5(g::text), '')] FROM generate_series(1, 100) g;
INSERT INTO pend_big SELECT ARRAY[repeat('x', 300)];
INSERT INTO pend_big SELECT ARRAY[string_agg(md5(g::text), '')] FROM generate_series(1, 80) g;
SELECT gin_clean_pending_list('pend_big_a');
INSERT INTO pend_big SELECT ARRAY[md5(g::text)] FROM generate_series(1, 300) g;
SELECT * FROM gin_metapage_info(get_raw_page('pend_big_a', 0));
ALTER INDEX pend_big_a SET (fastupdate = off);
INSERT INTO pend_big SELECT ARRAY[string_agg(md5(g::text), '')] FROM generate_series(1, 100) g;
INSERT INTO pend_big SELECT ARRAY[string_agg(md5(g::text), '')] FROM generate_series(1, 80) g;
SELECT gin_clean_pending_list('pend_big_a');
SET enable_seqscan = off;
SELECT count(*) FROM pend_big WHERE a @> ARRAY[repeat('x', 300)];
SELECT count(*) FROM pend_big WHERE a && ARRAY[md5('7'), md5('250')];
RESET enable_seqscan;
DROP TABLE pend, pend_part, pend_big;
DROP EXTENSION pageinspect;
