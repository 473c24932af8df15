-- btree_gin 1.3: GIN operator classes for scalar types; < <= = >= > answered by a
-- Bitmap Index Scan (partial-match keys for the ranges), NULLs, inserts after the
-- build (pending list and tree), catalog rows, multicolumn indexes with array and jsonb
-- columns. Compared with PostgreSQL 15. The other types and the planner's choice:
-- tests/contrib/btree_gin_types.sql (slow).
DROP TABLE IF EXISTS regress_bgin_t;
DROP TABLE IF EXISTS regress_bgin_mc;
DROP EXTENSION IF EXISTS btree_gin;
CREATE TABLE regress_bgin_t (i int4, t text, n numeric);
CREATE INDEX regress_bgin_fail ON regress_bgin_t USING gin (i);
CREATE EXTENSION btree_gin;
SELECT count(*) FILTER (WHERE classid = 'pg_proc'::regclass) AS procs, count(*) FILTER (WHERE classid = 'pg_opclass'::regclass) AS classes, count(*) FILTER (WHERE classid = 'pg_opfamily'::regclass) AS families FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid WHERE e.extname = 'btree_gin' AND d.deptype = 'e';
SELECT c.opcname, c.opcintype::regtype, c.opcdefault, c.opckeytype FROM pg_opclass c WHERE c.opcmethod = (SELECT oid FROM pg_am WHERE amname = 'gin') AND c.opcname NOT IN ('array_ops', 'tsvector_ops', 'jsonb_ops', 'jsonb_path_ops') ORDER BY 1;
SELECT c.opcname, o.amopstrategy, o.amopopr::regoperator FROM pg_opclass c JOIN pg_amop o ON o.amopfamily = c.opcfamily WHERE c.opcmethod = (SELECT oid FROM pg_am WHERE amname = 'gin') AND c.opcname IN ('int4_ops', 'varchar_ops', 'cidr_ops', 'enum_ops') ORDER BY 1, 2;
SELECT c.opcname, p.amprocnum, p.amproc::regprocedure, p.amproclefttype::regtype FROM pg_opclass c JOIN pg_amproc p ON p.amprocfamily = c.opcfamily WHERE c.opcmethod = (SELECT oid FROM pg_am WHERE amname = 'gin') AND c.opcname IN ('int4_ops', 'varchar_ops', 'numeric_ops', 'enum_ops') ORDER BY 1, 2;
INSERT INTO regress_bgin_t SELECT g, 'v' || (g % 37), (g % 23) / 4.0 FROM generate_series(1, 300) g;
INSERT INTO regress_bgin_t VALUES (NULL, NULL, NULL), (-5, '', 'NaN'), (1000, 'zzz', -1.5);
CREATE INDEX regress_bgin_i ON regress_bgin_t USING gin (i);
CREATE INDEX regress_bgin_tx ON regress_bgin_t USING gin (t) WITH (fastupdate = off);
CREATE INDEX regress_bgin_n ON regress_bgin_t USING gin (n);
SELECT pg_get_indexdef('regress_bgin_i'::regclass), pg_get_indexdef('regress_bgin_tx'::regclass);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_bgin_t WHERE i < 10;
EXPLAIN (COSTS OFF) SELECT * FROM regress_bgin_t WHERE i >= 295 AND i < 1000;
EXPLAIN (COSTS OFF) SELECT * FROM regress_bgin_t WHERE t = 'v3';
SELECT count(*) FROM regress_bgin_t WHERE i < 10;
SELECT count(*) FROM regress_bgin_t WHERE i <= 10;
SELECT count(*) FROM regress_bgin_t WHERE i = 10;
SELECT count(*) FROM regress_bgin_t WHERE i >= 290;
SELECT count(*) FROM regress_bgin_t WHERE i > 290;
SELECT i FROM regress_bgin_t WHERE i > 295 AND i <= 1000 ORDER BY i;
SELECT i FROM regress_bgin_t WHERE i < 0 OR i > 299 ORDER BY i;
SELECT count(*) FROM regress_bgin_t WHERE t < 'v1';
SELECT count(*) FROM regress_bgin_t WHERE t <= 'v10', count(*) FROM regress_bgin_t WHERE t > 'v35';
SELECT t, count(*) FROM regress_bgin_t WHERE t >= 'v35' GROUP BY t ORDER BY t;
SELECT count(*) FROM regress_bgin_t WHERE t = '';
SELECT count(*) FROM regress_bgin_t WHERE n < 1;
SELECT count(*) FROM regress_bgin_t WHERE n >= 5;
SELECT count(*) FROM regress_bgin_t WHERE n > 5.25;
SELECT count(*) FROM regress_bgin_t WHERE n = 'NaN';
SELECT count(*) FROM regress_bgin_t WHERE i IS NULL;
-- rows inserted after the build: the pending list (i, n) and the tree (t)
INSERT INTO regress_bgin_t SELECT g, 'w' || g, g / 3.0 FROM generate_series(301, 340) g;
SELECT count(*) FROM regress_bgin_t WHERE i > 300;
SELECT count(*) FROM regress_bgin_t WHERE t > 'w' AND t < 'w320';
SELECT count(*) FROM regress_bgin_t WHERE n > 100;
DELETE FROM regress_bgin_t WHERE i % 2 = 0;
VACUUM regress_bgin_t;
SELECT count(*) FROM regress_bgin_t WHERE i >= 300;
SELECT count(*) FROM regress_bgin_t WHERE t >= 'v2' AND t < 'v3';
RESET enable_seqscan;
SELECT count(*) FROM regress_bgin_t WHERE i >= 300;
-- multicolumn: a scalar column next to an array and a jsonb column
CREATE TABLE regress_bgin_mc (id int4, tags int4[], doc jsonb, t text);
INSERT INTO regress_bgin_mc SELECT g, ARRAY[g % 7, g % 11], jsonb_build_object('k', g % 5), 'x' || (g % 13) FROM generate_series(1, 400) g;
INSERT INTO regress_bgin_mc VALUES (NULL, NULL, NULL, NULL), (1000, '{}', '{}', NULL), (1001, '{NULL,3}', '[]', 'x1');
CREATE INDEX regress_bgin_mc_a ON regress_bgin_mc USING gin (id, tags);
CREATE INDEX regress_bgin_mc_b ON regress_bgin_mc USING gin (t, doc) WITH (fastupdate = off);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_bgin_mc WHERE id < 100 AND tags @> '{3}';
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_bgin_mc WHERE doc @> '{"k": 2}' AND t = 'x3';
SELECT count(*) FROM regress_bgin_mc WHERE id < 100 AND tags @> '{3}';
SELECT count(*) FROM regress_bgin_mc WHERE tags && '{1,2}', count(*) FROM regress_bgin_mc WHERE id > 390;
SELECT count(*) FROM regress_bgin_mc WHERE tags <@ '{1,2,3}', count(*) FROM regress_bgin_mc WHERE id = 1000 AND tags <@ '{1}';
SELECT count(*) FROM regress_bgin_mc WHERE t = 'x3' AND doc @> '{"k": 2}';
SELECT count(*) FROM regress_bgin_mc WHERE t >= 'x5' AND doc ? 'k', count(*) FROM regress_bgin_mc WHERE doc @> '{}';
INSERT INTO regress_bgin_mc SELECT g, ARRAY[g], jsonb_build_object('k', g), 'y' FROM generate_series(401, 450) g;
SELECT count(*) FROM regress_bgin_mc WHERE id > 420 AND tags && '{430, 440, 3}';
SELECT count(*) FROM regress_bgin_mc WHERE t = 'y' AND doc @> '{"k": 444}';
DELETE FROM regress_bgin_mc WHERE id % 3 = 0;
VACUUM regress_bgin_mc;
SELECT count(*) FROM regress_bgin_mc WHERE id > 420 AND tags && '{430, 440, 3}', count(*) FROM regress_bgin_mc WHERE t > 'x' AND doc ? 'k';
RESET enable_seqscan;
DROP TABLE regress_bgin_mc;
DROP EXTENSION btree_gin;
DROP EXTENSION btree_gin CASCADE;
SELECT indexname FROM pg_indexes WHERE tablename LIKE 'regress_bgin%' ORDER BY 1;
DROP TABLE regress_bgin_t;
