-- Views: CREATE [OR REPLACE] VIEW, reading through views (and views over views), the
-- catalog rows a view has, pg_get_viewdef / pg_views texts, DROP and dependencies.
DROP VIEW IF EXISTS regress_v_over CASCADE;
DROP TABLE IF EXISTS regress_vsp CASCADE;
DROP TABLE IF EXISTS regress_vt CASCADE;
DROP TABLE IF EXISTS regress_vu CASCADE;
CREATE TABLE regress_vt (a int PRIMARY KEY, b text, c numeric);
CREATE TABLE regress_vu (a int, d varchar(10));
INSERT INTO regress_vt VALUES (1, 'x', 1.5), (2, 'y', 2.5), (3, 'z', NULL), (4, 'apple', 7);
INSERT INTO regress_vu VALUES (1, 'x'), (2, 'ab'), (2, 'x'), (4, 'az');
CREATE VIEW regress_v AS SELECT a, b FROM regress_vt WHERE a > 1;
SELECT * FROM regress_v ORDER BY a;
SELECT v.b, count(*) FROM regress_v v GROUP BY v.b ORDER BY 1;
SELECT relkind, relnatts, relhasrules, relam, relfilenode, relpersistence, relreplident,
  relfrozenxid, relminmxid, relispopulated, reloptions
  FROM pg_class WHERE relname = 'regress_v';
SELECT attname, attnum, atttypid, attnotnull, attlen FROM pg_attribute
  WHERE attrelid = 'regress_v'::regclass ORDER BY attnum;
SELECT rulename, ev_type, ev_enabled, is_instead, ev_qual::text FROM pg_rewrite
  WHERE ev_class = 'regress_v'::regclass;
SELECT classid::regclass, objsubid, refclassid::regclass, refobjid::regclass, refobjsubid, deptype
  FROM pg_depend WHERE objid IN (SELECT oid FROM pg_rewrite WHERE ev_class = 'regress_v'::regclass)
  ORDER BY refobjid, refobjsubid, deptype;
SELECT typtype, typrelid::regclass, typcategory FROM pg_type WHERE typname = 'regress_v';
SELECT deptype FROM pg_depend WHERE classid = 'pg_type'::regclass
  AND objid = (SELECT reltype FROM pg_class WHERE relname = 'regress_v');
SELECT pg_get_viewdef('regress_v'::regclass);
SELECT pg_get_viewdef('regress_v');
SELECT pg_get_viewdef('regress_v'::regclass, true);
SELECT schemaname, viewname, viewowner = current_user, definition FROM pg_views
  WHERE viewname LIKE 'regress%' ORDER BY viewname;
CREATE VIEW regress_v1 AS SELECT a, b FROM regress_vt WHERE a > 1 AND b <> 'x' OR c IS NULL;
CREATE VIEW regress_v2 AS SELECT t.a, count(*) AS n, sum(c) FROM regress_vt t
  JOIN regress_vu u ON t.a = u.a GROUP BY t.a HAVING count(*) > 1 ORDER BY 1 DESC LIMIT 5 OFFSET 0;
CREATE VIEW regress_v3 AS SELECT a, CASE WHEN a > 1 THEN 'big' ELSE 'small' END AS size,
  b::varchar(5) AS bv, c * 2 + 1 AS c2, -a AS neg FROM regress_vt;
CREATE VIEW regress_v4 AS SELECT a FROM regress_vt t
  WHERE a IN (SELECT a FROM regress_vu WHERE d = 'x')
  AND EXISTS (SELECT 1 FROM regress_vu u WHERE u.a = t.a);
CREATE VIEW regress_v5 AS SELECT x.a, y.d FROM regress_vt x LEFT JOIN regress_vu y USING (a)
  WHERE y.d LIKE 'a%';
CREATE VIEW regress_v6 AS SELECT a, b FROM regress_vt ORDER BY b NULLS FIRST, a DESC;
CREATE VIEW regress_v7 AS SELECT DISTINCT b FROM regress_vt;
CREATE VIEW regress_v8 (p, q) AS SELECT a, b FROM regress_vt;
CREATE VIEW regress_v9 AS SELECT s.a FROM (SELECT a FROM regress_vt) s WHERE s.a IN (1, 2, 3);
CREATE VIEW regress_v10 AS SELECT coalesce(b, 'none') AS b, greatest(a, 3), nullif(a, 0),
  current_date IS NOT NULL AS today FROM regress_vt;
CREATE VIEW regress_v11 AS SELECT a::text || b AS ab, upper(b), length(b) FROM regress_vt
  WHERE b IS NOT NULL AND NOT (a = 1);
CREATE VIEW regress_v12 AS SELECT a, (SELECT max(u.a) FROM regress_vu u) AS m FROM regress_vt
  WHERE a < 3 OR a > 3 AND (a = 4 OR b = 'q');
CREATE VIEW regress_v13 AS SELECT count(*) FROM regress_vt;
SELECT c.relname, pg_get_viewdef(c.oid) FROM pg_class c
  WHERE c.relkind = 'v' AND c.relname LIKE 'regress_v%' ORDER BY c.relname;
SELECT c.relname, pg_get_viewdef(c.oid, true) FROM pg_class c
  WHERE c.relkind = 'v' AND c.relname LIKE 'regress_v%' ORDER BY c.relname;
SELECT * FROM regress_v1 ORDER BY a;
SELECT * FROM regress_v2;
SELECT * FROM regress_v3 ORDER BY a;
SELECT * FROM regress_v4 ORDER BY a;
SELECT * FROM regress_v5 ORDER BY a;
SELECT * FROM regress_v6;
SELECT * FROM regress_v7 ORDER BY b;
SELECT p, q FROM regress_v8 WHERE p = 2;
SELECT * FROM regress_v9 ORDER BY a;
SELECT b, greatest, "nullif", today FROM regress_v10 ORDER BY b;
SELECT * FROM regress_v11 ORDER BY ab;
SELECT * FROM regress_v12 ORDER BY a;
SELECT * FROM regress_v13;
-- a view over views, joined with a table, and in a subquery
CREATE VIEW regress_v_over AS SELECT v.a, v8.q FROM regress_v v JOIN regress_v8 v8 ON v8.p = v.a;
SELECT * FROM regress_v_over ORDER BY a;
SELECT a FROM regress_vt WHERE a IN (SELECT a FROM regress_v_over) ORDER BY a;
SELECT pg_get_viewdef('regress_v_over'::regclass);
-- columns: names, renames through the column list, errors
CREATE VIEW regress_vbad (x, y, z) AS SELECT a, b FROM regress_vt;
CREATE VIEW regress_vbad AS SELECT a, a FROM regress_vt;
CREATE VIEW regress_vbad AS SELECT nosuch FROM regress_vt;
CREATE VIEW regress_v AS SELECT 1;
CREATE VIEW regress_vt AS SELECT 1;
-- CREATE OR REPLACE: same columns, more at the end; never fewer, renamed or retyped
CREATE OR REPLACE VIEW regress_v AS SELECT a, b, c FROM regress_vt WHERE a > 2;
SELECT * FROM regress_v ORDER BY a;
CREATE OR REPLACE VIEW regress_v AS SELECT a, b FROM regress_vt;
CREATE OR REPLACE VIEW regress_v AS SELECT a, b AS bb, c FROM regress_vt;
CREATE OR REPLACE VIEW regress_v AS SELECT a, b::varchar, c FROM regress_vt;
CREATE OR REPLACE VIEW regress_vt AS SELECT 1;
SELECT relnatts FROM pg_class WHERE relname = 'regress_v';
-- a cycle made by CREATE OR REPLACE is found when the view is used, as in PostgreSQL
CREATE VIEW regress_cy_a AS SELECT 1 AS x;
CREATE VIEW regress_cy_b AS SELECT x FROM regress_cy_a;
CREATE OR REPLACE VIEW regress_cy_a AS SELECT x FROM regress_cy_b;
SELECT * FROM regress_cy_a;
SELECT * FROM regress_cy_b;
DROP VIEW regress_cy_a CASCADE;
-- ALTER VIEW
ALTER VIEW regress_v8 RENAME COLUMN q TO qq;
SELECT * FROM regress_v8 ORDER BY p;
SELECT pg_get_viewdef('regress_v8'::regclass);
ALTER VIEW regress_v8 RENAME TO regress_v8r;
SELECT * FROM regress_v8r ORDER BY p;
SELECT typname FROM pg_type WHERE typrelid = 'regress_v8r'::regclass;
ALTER VIEW regress_v8r RENAME TO regress_v8;
-- renaming what a view reads: the view follows (its stored text is printed again)
CREATE TABLE regress_vr (a int, b text, c int);
INSERT INTO regress_vr VALUES (1, 'one', 10);
CREATE VIEW regress_vr_v AS SELECT * FROM regress_vr WHERE c > 5;
CREATE VIEW regress_vr_w AS SELECT x.a, x.b FROM regress_vr x JOIN regress_vr_v v ON v.a = x.a;
CREATE VIEW regress_vr_count AS SELECT count(*) FROM regress_vr;
ALTER TABLE regress_vr RENAME COLUMN b TO bb;
ALTER TABLE regress_vr RENAME TO regress_vr2;
ALTER VIEW regress_vr_v RENAME COLUMN c TO cc;
ALTER VIEW regress_vr_v RENAME TO regress_vr_v2;
SELECT * FROM regress_vr_v2;
SELECT * FROM regress_vr_w;
SELECT pg_get_viewdef('regress_vr_v2'::regclass);
SELECT pg_get_viewdef('regress_vr_w'::regclass, true);
-- dropping a column a view reads: refused, or CASCADE; a count(*) view does not mind
ALTER TABLE regress_vr2 DROP COLUMN bb;
ALTER TABLE regress_vr2 ADD COLUMN d int;
SELECT * FROM regress_vr_v2;
ALTER TABLE regress_vr2 DROP COLUMN d;
ALTER TABLE regress_vr2 DROP COLUMN bb CASCADE;
SELECT relname FROM pg_class WHERE relname LIKE 'regress_vr%' ORDER BY 1;
SELECT * FROM regress_vr_count;
DROP TABLE regress_vr2 CASCADE;
-- dependencies: DROP TABLE / DROP VIEW refuse, CASCADE drops the views too
DROP TABLE regress_vu;
DROP VIEW regress_v;
DROP TABLE regress_vt;
DROP VIEW regress_vt;
DROP TABLE regress_v7;
DROP VIEW regress_nosuch;
DROP VIEW IF EXISTS regress_nosuch;
DROP VIEW regress_v13, regress_v12;
DROP VIEW regress_v CASCADE;
SELECT relname FROM pg_class WHERE relname LIKE 'regress_v%' AND relkind = 'v' ORDER BY 1;
DROP TABLE regress_vu CASCADE;
DROP TABLE regress_vt CASCADE;
SELECT count(*) FROM pg_rewrite WHERE ev_class NOT IN (SELECT oid FROM pg_class);
-- ALTER VIEW ... OWNER TO
-- (pgsnake has no CREATE ROLE yet: a predefined role stands in)
CREATE TABLE regress_vo (a int);
CREATE VIEW regress_vo_v AS SELECT a FROM regress_vo;
ALTER VIEW regress_vo_v OWNER TO regress_nosuch_role;
ALTER VIEW regress_vo_v OWNER TO pg_monitor;
SELECT (SELECT rolname FROM pg_authid WHERE oid = relowner),
  (SELECT rolname FROM pg_authid WHERE oid = (SELECT typowner FROM pg_type WHERE typrelid = c.oid))
  FROM pg_class c WHERE relname = 'regress_vo_v';
ALTER VIEW regress_vo OWNER TO pg_monitor;
ALTER VIEW regress_vo_nosuch OWNER TO pg_monitor;
ALTER VIEW IF EXISTS regress_vo_nosuch OWNER TO pg_monitor;
ALTER VIEW regress_vo_v OWNER TO CURRENT_USER;
SELECT relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user) FROM pg_class
  WHERE relname = 'regress_vo_v';
DROP TABLE regress_vo CASCADE;
-- DROP SCHEMA ... CASCADE takes the views in it (and their rules) along
DROP SCHEMA IF EXISTS regress_vs CASCADE;
CREATE SCHEMA regress_vs;
CREATE TABLE regress_vs.t (a int);
CREATE VIEW regress_vs.v AS SELECT a FROM regress_vs.t;
CREATE MATERIALIZED VIEW regress_vs.m AS SELECT a FROM regress_vs.t;
DROP SCHEMA regress_vs;
DROP SCHEMA regress_vs CASCADE;
SELECT count(*) FROM pg_class WHERE relnamespace NOT IN (SELECT oid FROM pg_namespace);
SELECT count(*) FROM pg_rewrite WHERE ev_class NOT IN (SELECT oid FROM pg_class);
-- what a view does not have or allow
CREATE TABLE regress_ve (a int PRIMARY KEY, b text);
CREATE VIEW regress_ve_v AS SELECT a, b FROM regress_ve;
SELECT ctid FROM regress_ve_v;
SELECT xmin, * FROM regress_ve_v;
TRUNCATE regress_ve_v;
CREATE INDEX ON regress_ve_v (a);
SELECT pg_relation_size('regress_ve_v');
SELECT * FROM regress_ve_v e1 JOIN regress_ve_v e2 USING (a);
INSERT INTO regress_ve_v SELECT * FROM regress_ve_v;
SELECT (SELECT count(*) FROM regress_ve_v) AS n, * FROM regress_ve_v;
DROP TABLE regress_ve CASCADE;
-- a view's names resolve through its creator's search path, whatever the reader's
-- (pg_dump reads view definitions with search_path = '')
CREATE TABLE regress_vsp (a int);
CREATE VIEW regress_vsp_v AS SELECT a FROM regress_vsp;
SET search_path = '';
SELECT pg_catalog.pg_get_viewdef('public.regress_vsp_v'::pg_catalog.regclass);
SELECT count(*) FROM public.regress_vsp_v;
RESET search_path;
DROP VIEW regress_vsp_v;
DROP TABLE regress_vsp;
