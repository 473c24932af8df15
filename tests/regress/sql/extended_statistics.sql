-- Extended statistics (CREATE STATISTICS): the pg_statistic_ext rows and pg_depend
-- entries PostgreSQL 15 writes, the refusals, ALTER / DROP / COMMENT, the definition
-- functions, and what ANALYZE builds (n-distinct, functional dependencies, MCV lists:
-- tables smaller than the sample, so the statistics are exact), read through
-- pg_statistic_ext_data, pg_stats_ext and pg_mcv_list_items; the objects go with
-- DROP COLUMN and DROP TABLE.
DROP TABLE IF EXISTS regress_xs_t;
DROP SCHEMA IF EXISTS regress_xs_s CASCADE;
CREATE SCHEMA regress_xs_s;
CREATE TABLE regress_xs_t (a int, b int, c text, d point, e varchar(10), f int);
INSERT INTO regress_xs_t SELECT i % 10, i % 10 / 5, (i % 4)::text, NULL, 'v' || (i % 3), CASE WHEN i % 5 = 0 THEN NULL ELSE i % 2 END FROM generate_series(1, 200) i;
CREATE STATISTICS regress_xs_1 ON a, b FROM regress_xs_t;
CREATE STATISTICS regress_xs_s.regress_xs_2 (ndistinct, mcv) ON c, b, a FROM regress_xs_t;
CREATE STATISTICS regress_xs_3 (dependencies) ON e, f FROM regress_xs_t;
CREATE STATISTICS regress_xs_4 ON (a * 2) FROM regress_xs_t;
CREATE STATISTICS regress_xs_5 (mcv) ON b, (a + b), lower(c) FROM regress_xs_t;
CREATE STATISTICS regress_xs_6 ON f, (a % 3), (a + b) FROM regress_xs_t;
-- refusals
CREATE STATISTICS regress_xs_1 ON a, b FROM regress_xs_t;
CREATE STATISTICS IF NOT EXISTS regress_xs_1 ON a, c FROM regress_xs_t;
CREATE STATISTICS regress_xs_x ON a FROM regress_xs_t;
CREATE STATISTICS regress_xs_x (ndistinct) ON (a + 1) FROM regress_xs_t;
CREATE STATISTICS regress_xs_x ON d, a FROM regress_xs_t;
CREATE STATISTICS regress_xs_x ON a, a FROM regress_xs_t;
CREATE STATISTICS regress_xs_x (bogus) ON a, b FROM regress_xs_t;
CREATE STATISTICS regress_xs_x ON nope, b FROM regress_xs_t;
CREATE STATISTICS regress_xs_x ON ctid, b FROM regress_xs_t;
CREATE STATISTICS regress_xs_x ON a, b FROM regress_xs_t, regress_xs_t t2;
CREATE STATISTICS regress_xs_x ON a, b FROM regress_xs_nope;
CREATE STATISTICS regress_xs_x ON a, b, c, e, f, (a + 1), (b + 1), (a + b), (a - b) FROM regress_xs_t;
CREATE STATISTICS regress_xs_nope.regress_xs_x ON a, b FROM regress_xs_t;
-- the catalog rows
SELECT stxrelid::regclass, stxname, stxnamespace::regnamespace, stxowner::regrole, stxstattarget, stxkeys, stxkind, stxexprs IS NOT NULL AS has_exprs FROM pg_statistic_ext WHERE stxrelid = 'regress_xs_t'::regclass ORDER BY stxname;
SELECT s.stxname, d.refclassid::regclass, d.refobjid::regclass::text AS refobj, d.refobjsubid, d.deptype FROM pg_depend d JOIN pg_statistic_ext s ON d.classid = 'pg_statistic_ext'::regclass AND d.objid = s.oid WHERE d.refclassid = 'pg_class'::regclass ORDER BY 1, 3, 4;
SELECT s.stxname, d.refobjid::regnamespace, d.deptype FROM pg_depend d JOIN pg_statistic_ext s ON d.classid = 'pg_statistic_ext'::regclass AND d.objid = s.oid WHERE d.refclassid = 'pg_namespace'::regclass ORDER BY 1;
SELECT stxname, pg_get_statisticsobjdef(oid), pg_get_statisticsobjdef_columns(oid), pg_get_statisticsobjdef_expressions(oid) FROM pg_statistic_ext WHERE stxrelid = 'regress_xs_t'::regclass ORDER BY stxname;
SELECT pg_get_statisticsobjdef(0), pg_describe_object('pg_statistic_ext'::regclass, oid, 0) FROM pg_statistic_ext WHERE stxname = 'regress_xs_1';
SELECT count(*) FROM pg_statistic_ext_data d JOIN pg_statistic_ext s ON s.oid = d.stxoid WHERE s.stxrelid = 'regress_xs_t'::regclass;
-- ANALYZE builds them
ANALYZE regress_xs_t;
SELECT s.stxname, d.stxdinherit, d.stxdndistinct, d.stxddependencies, d.stxdmcv IS NOT NULL AS has_mcv FROM pg_statistic_ext_data d JOIN pg_statistic_ext s ON s.oid = d.stxoid WHERE s.stxrelid = 'regress_xs_t'::regclass ORDER BY 1;
SELECT m.* FROM pg_statistic_ext s, pg_statistic_ext_data d, pg_mcv_list_items(d.stxdmcv) m WHERE s.stxname = 'regress_xs_1' AND d.stxoid = s.oid ORDER BY m.index;
-- the MCV lists' serialised bytes (statext_mcv_serialize's layout)
SELECT s.stxname, d.stxdmcv FROM pg_statistic_ext_data d JOIN pg_statistic_ext s ON s.oid = d.stxoid WHERE s.stxrelid = 'regress_xs_t'::regclass AND d.stxdmcv IS NOT NULL ORDER BY 1;
SELECT m.index, m.values, m.nulls, m.frequency, m.base_frequency FROM pg_statistic_ext s, pg_statistic_ext_data d, pg_mcv_list_items(d.stxdmcv) m WHERE s.stxname = 'regress_xs_2' AND d.stxoid = s.oid ORDER BY m.index;
SELECT schemaname, tablename, statistics_schemaname, statistics_name, statistics_owner, attnames, exprs, kinds, inherited, n_distinct, dependencies, most_common_vals, most_common_val_nulls, most_common_freqs, most_common_base_freqs FROM pg_stats_ext WHERE tablename = 'regress_xs_t' ORDER BY statistics_name;
SELECT m.index, m.values, m.nulls, m.frequency, m.base_frequency FROM pg_statistic_ext s, pg_statistic_ext_data d, pg_mcv_list_items(d.stxdmcv) m WHERE s.stxname = 'regress_xs_5' AND d.stxoid = s.oid ORDER BY m.index;
SELECT pg_typeof(n_distinct), pg_typeof(dependencies), pg_typeof(most_common_vals) FROM pg_stats_ext WHERE statistics_name = 'regress_xs_1';
SELECT stxddependencies::text, stxdndistinct::text FROM pg_statistic_ext_data d JOIN pg_statistic_ext s ON s.oid = d.stxoid WHERE s.stxname = 'regress_xs_1';
SELECT '{"1, 2": 3}'::pg_ndistinct;
SELECT '{}'::pg_dependencies;
-- a column not analyzed: the object is skipped with a warning (one object per table:
-- several are warned about in the heap order of their rows, which differs)
CREATE TABLE regress_xs_w (a int, b int, c int);
INSERT INTO regress_xs_w SELECT i, i, i FROM generate_series(1, 10) i;
CREATE STATISTICS regress_xs_w1 ON a, b FROM regress_xs_w;
ANALYZE regress_xs_w (a, c);
ALTER TABLE regress_xs_w ALTER COLUMN b SET STATISTICS 0;
ANALYZE regress_xs_w;
SELECT count(*) FROM pg_statistic_ext_data d JOIN pg_statistic_ext s ON s.oid = d.stxoid WHERE s.stxname = 'regress_xs_w1';
ALTER TABLE regress_xs_w ALTER COLUMN b SET STATISTICS -1;
ANALYZE regress_xs_w;
SELECT stxdndistinct FROM pg_statistic_ext_data d JOIN pg_statistic_ext s ON s.oid = d.stxoid WHERE s.stxname = 'regress_xs_w1';
DROP TABLE regress_xs_w;
-- ALTER STATISTICS
ALTER STATISTICS regress_xs_1 SET STATISTICS 2;
ANALYZE regress_xs_t;
SELECT most_common_vals, most_common_freqs FROM pg_stats_ext WHERE statistics_name = 'regress_xs_1';
ALTER STATISTICS regress_xs_1 SET STATISTICS -2;
ALTER STATISTICS regress_xs_1 SET STATISTICS 20000;
ALTER STATISTICS regress_xs_1 SET STATISTICS -1;
ALTER STATISTICS regress_xs_nope SET STATISTICS 5;
ALTER STATISTICS IF EXISTS regress_xs_nope SET STATISTICS 5;
ALTER STATISTICS regress_xs_1 RENAME TO regress_xs_3;
ALTER STATISTICS regress_xs_1 RENAME TO regress_xs_1r;
ALTER STATISTICS regress_xs_1r SET SCHEMA regress_xs_s;
ALTER STATISTICS regress_xs_s.regress_xs_1r SET SCHEMA regress_xs_nope;
ALTER STATISTICS regress_xs_s.regress_xs_1r OWNER TO CURRENT_USER;
SELECT stxname, stxnamespace::regnamespace, stxstattarget FROM pg_statistic_ext WHERE stxrelid = 'regress_xs_t'::regclass ORDER BY stxname;
SELECT s.stxname, d.refobjid::regnamespace FROM pg_depend d JOIN pg_statistic_ext s ON d.classid = 'pg_statistic_ext'::regclass AND d.objid = s.oid WHERE d.refclassid = 'pg_namespace'::regclass ORDER BY 1;
COMMENT ON STATISTICS regress_xs_s.regress_xs_1r IS 'two columns';
SELECT obj_description(oid, 'pg_statistic_ext') FROM pg_statistic_ext WHERE stxname = 'regress_xs_1r';
COMMENT ON STATISTICS regress_xs_nope IS 'x';
-- DROP STATISTICS
DROP STATISTICS regress_xs_nope;
DROP STATISTICS IF EXISTS regress_xs_nope, regress_xs_nope.regress_xs_x;
DROP STATISTICS regress_xs_3;
SELECT count(*) FROM pg_description WHERE classoid = 'pg_statistic_ext'::regclass;
DROP STATISTICS regress_xs_s.regress_xs_1r;
SELECT count(*) FROM pg_description WHERE classoid = 'pg_statistic_ext'::regclass;
-- DROP COLUMN takes the objects on it; DROP TABLE the rest
ALTER TABLE regress_xs_t DROP COLUMN c;
SELECT stxname FROM pg_statistic_ext WHERE stxrelid = 'regress_xs_t'::regclass ORDER BY 1;
DROP TABLE regress_xs_t;
SELECT count(*) FROM pg_statistic_ext WHERE stxname LIKE 'regress_xs%';
SELECT count(*) FROM pg_depend WHERE classid = 'pg_statistic_ext'::regclass;
SELECT count(*) FROM pg_statistic_ext_data d WHERE NOT EXISTS (SELECT 1 FROM pg_statistic_ext s WHERE s.oid = d.stxoid);
DROP SCHEMA regress_xs_s;
-- the owner in pg_shdepend: DROP ROLE refused, REASSIGN OWNED, DROP OWNED
DROP ROLE IF EXISTS regress_xs_r;
CREATE ROLE regress_xs_r;
CREATE TABLE regress_xs_o (a int, b int);
CREATE STATISTICS regress_xs_o1 ON a, b FROM regress_xs_o;
ALTER STATISTICS regress_xs_o1 OWNER TO regress_xs_r;
SELECT stxowner::regrole FROM pg_statistic_ext WHERE stxname = 'regress_xs_o1';
SELECT classid::regclass, deptype, refobjid::regrole FROM pg_shdepend WHERE classid = 'pg_statistic_ext'::regclass;
DROP ROLE regress_xs_r;
REASSIGN OWNED BY regress_xs_r TO CURRENT_USER;
SELECT count(*) FROM pg_shdepend WHERE classid = 'pg_statistic_ext'::regclass;
ALTER STATISTICS regress_xs_o1 OWNER TO regress_xs_r;
DROP OWNED BY regress_xs_r;
SELECT count(*) FROM pg_statistic_ext WHERE stxname = 'regress_xs_o1';
DROP ROLE regress_xs_r;
DROP TABLE regress_xs_o;
-- RENAME COLUMN: the definitions follow; ALTER COLUMN TYPE: what was built goes
CREATE TABLE regress_xs_c (a int, b int, c text);
INSERT INTO regress_xs_c SELECT i, i % 3, 'x' FROM generate_series(1, 30) i;
CREATE STATISTICS regress_xs_c1 ON a, (b + 1) FROM regress_xs_c;
CREATE STATISTICS regress_xs_c2 ON a, b FROM regress_xs_c;
CREATE STATISTICS regress_xs_c3 ON b, c FROM regress_xs_c;
ANALYZE regress_xs_c;
ALTER TABLE regress_xs_c RENAME COLUMN b TO bb;
SELECT stxname, pg_get_statisticsobjdef(oid) FROM pg_statistic_ext WHERE stxrelid = 'regress_xs_c'::regclass ORDER BY 1;
ANALYZE regress_xs_c;
ALTER TABLE regress_xs_c ALTER COLUMN a TYPE bigint;
SELECT s.stxname, s.stxkeys, d.stxdndistinct FROM pg_statistic_ext s LEFT JOIN pg_statistic_ext_data d ON d.stxoid = s.oid WHERE s.stxrelid = 'regress_xs_c'::regclass ORDER BY 1;
ANALYZE regress_xs_c;
SELECT s.stxname, d.stxdndistinct FROM pg_statistic_ext s LEFT JOIN pg_statistic_ext_data d ON d.stxoid = s.oid WHERE s.stxrelid = 'regress_xs_c'::regclass ORDER BY 1;
DROP TABLE regress_xs_c;
