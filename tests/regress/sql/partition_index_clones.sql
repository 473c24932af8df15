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
-- Expression columns and predicates are cloned too, resolved by column name in a
-- partition whose columns are numbered otherwise (dropped columns in the parent, another
-- order in an attached table).
create table part_column_drop (useless_1 int, id int, useless_2 int, d int, b int,
  useless_3 int) partition by range (id);
alter table part_column_drop drop column useless_1;
alter table part_column_drop drop column useless_2;
alter table part_column_drop drop column useless_3;
create index part_column_drop_b_pred on part_column_drop(b) where b = 1;
create index part_column_drop_b_expr on part_column_drop((b = 1));
create index part_column_drop_d_expr on part_column_drop((d = 2));
create index part_column_drop_fn on part_column_drop(abs(d), b) include (id);
create table part_column_drop_1_10 partition of part_column_drop
  for values from (1) to (10);
select indexrelid::regclass, pg_get_indexdef(indexrelid) from pg_index
  where indrelid = 'part_column_drop_1_10'::regclass order by 1;
create table part_column_drop_10_20 (b int, id int, d int);
alter table part_column_drop attach partition part_column_drop_10_20
  for values from (10) to (20);
select indexrelid::regclass, pg_get_indexdef(indexrelid) from pg_index
  where indrelid = 'part_column_drop_10_20'::regclass order by 1;
drop table part_column_drop;
