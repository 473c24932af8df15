-- BRIN indexes through the rest of the system: expression and partial indexes, CREATE
-- INDEX CONCURRENTLY, REINDEX, ALTER COLUMN TYPE, TRUNCATE, CLUSTER, VACUUM FULL,
-- partitioned tables, reloptions and catalog rows, statistics. Compared with
-- PostgreSQL 15.
CREATE EXTENSION IF NOT EXISTS pageinspect;
CREATE TABLE bm (id int, v int, t text);
INSERT INTO bm SELECT g, g, 'a' || g FROM generate_series(1, 1200) g;
CREATE INDEX bm_expr ON bm USING brin ((v * 2)) WITH (pages_per_range = 4);
CREATE INDEX bm_part ON bm USING brin (v) WHERE id > 600;
CREATE INDEX CONCURRENTLY bm_conc ON bm USING brin (t);
SELECT * FROM brin_page_items(get_raw_page('bm_expr', 2), 'bm_expr') LIMIT 3;
SELECT * FROM brin_page_items(get_raw_page('bm_part', 2), 'bm_part');
SELECT * FROM brin_page_items(get_raw_page('bm_conc', 2), 'bm_conc');
SELECT pg_get_indexdef('bm_expr'::regclass), pg_get_indexdef('bm_part'::regclass);
REINDEX INDEX bm_expr;
SELECT * FROM brin_page_items(get_raw_page('bm_expr', 2), 'bm_expr') LIMIT 3;
ALTER TABLE bm ALTER COLUMN v TYPE int8;
SELECT * FROM brin_page_items(get_raw_page('bm_part', 2), 'bm_part');
\d bm
TRUNCATE bm;
SELECT * FROM brin_page_items(get_raw_page('bm_conc', 2), 'bm_conc');
INSERT INTO bm SELECT g, g, 'b' || g FROM generate_series(1, 300) g;
SELECT * FROM brin_page_items(get_raw_page('bm_conc', 2), 'bm_conc');
CLUSTER bm USING bm_conc;
VACUUM FULL bm;
SELECT * FROM brin_page_items(get_raw_page('bm_conc', 2), 'bm_conc');
DROP INDEX bm_expr;
CREATE TABLE bp (id int, v int) PARTITION BY RANGE (id);
CREATE TABLE bp1 PARTITION OF bp FOR VALUES FROM (0) TO (1000);
CREATE TABLE bp2 PARTITION OF bp FOR VALUES FROM (1000) TO (2000);
INSERT INTO bp SELECT g, g FROM generate_series(0, 1999) g;
CREATE INDEX bp_v ON bp USING brin (v);
SELECT c.relname, a.amname FROM pg_class c JOIN pg_am a ON a.oid = c.relam WHERE c.relname LIKE 'bp%' AND c.relkind IN ('i', 'I') ORDER BY 1;
EXPLAIN (COSTS OFF) SELECT * FROM bp WHERE v = 5;
SELECT * FROM brin_page_items(get_raw_page('bp1_v_idx', 2), 'bp1_v_idx');
CREATE INDEX ON bm USING brin (v int4_minmax_multi_ops);
CREATE INDEX ON bm USING brin (v int4_bloom_ops);
CREATE INDEX ON bm USING brin (id) WITH (pages_per_range = 1, autosummarize = true);
SELECT amname, amhandler, amtype FROM pg_am WHERE amname = 'brin';
SELECT opcname FROM pg_opclass WHERE opcmethod = 3580 AND opcdefault ORDER BY 1 LIMIT 5;
DROP TABLE bm, bp;
-- statistics: a BRIN scan reads ten tuples per heap block; every visible row of
-- a lossy page is fetched
CREATE TABLE brin_st (id int, v int);
INSERT INTO brin_st SELECT g, g FROM generate_series(1, 2000) g;
CREATE INDEX brin_st_v ON brin_st USING brin (v) WITH (pages_per_range = 2);
SET enable_seqscan = off;
SELECT count(*) FROM brin_st WHERE v BETWEEN 10 AND 20;
SELECT count(*) FROM brin_st WHERE v < 0;
SELECT pg_stat_force_next_flush();
SELECT idx_scan, idx_tup_read, idx_tup_fetch FROM pg_stat_user_indexes WHERE indexrelname = 'brin_st_v';
SELECT seq_scan, idx_scan, idx_tup_fetch FROM pg_stat_user_tables WHERE relname = 'brin_st';
RESET enable_seqscan;
DROP TABLE brin_st;
-- a temporary table, a domain column, a type without a BRIN class, a wrong class
CREATE DOMAIN brin_dom AS int CHECK (VALUE > 0);
CREATE TEMP TABLE brin_tmp (a brin_dom, e text, r int4range);
INSERT INTO brin_tmp SELECT g, 'e', int4range(g, g + 2) FROM generate_series(1, 500) g;
CREATE INDEX brin_tmp_a ON brin_tmp USING brin (a);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM brin_tmp WHERE a < 10;
SELECT count(*) FROM brin_tmp WHERE a < 10;
CREATE TYPE brin_enum AS ENUM ('x', 'y');
CREATE TABLE brin_en (v brin_enum);
CREATE INDEX ON brin_en USING brin (v);
CREATE INDEX ON brin_tmp USING brin (e text_ops);
RESET enable_seqscan;
DROP TABLE brin_tmp, brin_en;
DROP TYPE brin_enum;
DROP DOMAIN brin_dom;
DROP EXTENSION pageinspect;
