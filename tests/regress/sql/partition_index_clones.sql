-- Indexes of partitioned tables cloned onto partitions created or attached later keep
-- the parent index's access method, operator classes with their options, and storage
-- parameters (GIN, hash, B-tree, BRIN with minmax-multi options). Compared with
-- PostgreSQL 15.
CREATE TABLE pic (a int, b int, j jsonb, t text) PARTITION BY RANGE (a);
CREATE TABLE pic1 PARTITION OF pic FOR VALUES FROM (0) TO (100);
CREATE INDEX pic_j ON pic USING gin (j jsonb_path_ops) WITH (fastupdate = off);
CREATE INDEX pic_b ON pic USING hash (b) WITH (fillfactor = 60);
CREATE INDEX pic_t ON pic (t text_pattern_ops) WITH (fillfactor = 70, deduplicate_items = off);
CREATE INDEX pic_bb ON pic USING brin (b int4_minmax_multi_ops(values_per_range = 16))
  WITH (pages_per_range = 8);
CREATE TABLE pic2 PARTITION OF pic FOR VALUES FROM (100) TO (200);
CREATE TABLE pic3 (a int, b int, j jsonb, t text);
ALTER TABLE pic ATTACH PARTITION pic3 FOR VALUES FROM (200) TO (300);
SELECT c.relname, am.amname, c.reloptions, pg_get_indexdef(c.oid)
  FROM pg_class c JOIN pg_am am ON am.oid = c.relam
 WHERE c.relname LIKE 'pic%' AND c.relkind IN ('i', 'I') ORDER BY 1;
INSERT INTO pic SELECT g, g, jsonb_build_object('k', g), 't' || g FROM generate_series(0, 299) g;
SET enable_seqscan = off;
SELECT count(*) FROM pic WHERE j @> '{"k": 150}';
SELECT count(*) FROM pic WHERE t LIKE 't15%';
SELECT count(*) FROM pic WHERE b = 250;
RESET enable_seqscan;
DROP TABLE pic;
