-- Materialized views: CREATE ... [WITH [NO] DATA], reading one, REFRESH, pg_matviews,
-- the unpopulated error, DROP and dependencies.
DROP TABLE IF EXISTS regress_mvt CASCADE;
CREATE TABLE regress_mvt (a int, b text);
INSERT INTO regress_mvt VALUES (1, 'x'), (2, 'y'), (3, 'x');
CREATE MATERIALIZED VIEW regress_mv AS SELECT b, count(*) AS n FROM regress_mvt GROUP BY b;
SELECT * FROM regress_mv ORDER BY b;
SELECT relkind, relnatts, relhasrules, relispopulated, relam = 0 AS no_am FROM pg_class
  WHERE relname = 'regress_mv';
SELECT attname, attnum FROM pg_attribute WHERE attrelid = 'regress_mv'::regclass ORDER BY attnum;
SELECT relkind, relam, relfilenode = oid AS own_file, reltype <> 0 AS has_type, relreplident,
  relpersistence, relhasrules, relispopulated, reloptions FROM pg_class WHERE relname = 'regress_mv';
SELECT classid::regclass, refclassid::regclass, refobjid::regclass, refobjsubid, deptype
  FROM pg_depend WHERE objid IN (SELECT oid FROM pg_rewrite WHERE ev_class = 'regress_mv'::regclass)
  ORDER BY 3, 4, 5;
SELECT rulename, ev_type, is_instead FROM pg_rewrite WHERE ev_class = 'regress_mv'::regclass;
INSERT INTO regress_mvt VALUES (4, 'z');
SELECT * FROM regress_mv ORDER BY b;
REFRESH MATERIALIZED VIEW regress_mv;
SELECT * FROM regress_mv ORDER BY b;
SELECT schemaname, matviewname, hasindexes, ispopulated, definition FROM pg_matviews
  WHERE matviewname LIKE 'regress%';
CREATE MATERIALIZED VIEW regress_mv_empty (x) AS SELECT a FROM regress_mvt WHERE a > 1 WITH NO DATA;
SELECT relispopulated FROM pg_class WHERE relname = 'regress_mv_empty';
SELECT * FROM regress_mv_empty;
REFRESH MATERIALIZED VIEW regress_mv_empty;
SELECT * FROM regress_mv_empty ORDER BY x;
REFRESH MATERIALIZED VIEW regress_mv_empty WITH NO DATA;
SELECT count(*) FROM regress_mv_empty;
REFRESH MATERIALIZED VIEW regress_mvt;
CREATE MATERIALIZED VIEW regress_mv AS SELECT 1;
CREATE MATERIALIZED VIEW IF NOT EXISTS regress_mv AS SELECT 1;
INSERT INTO regress_mv VALUES ('q', 1);
DROP VIEW regress_mv;
DROP TABLE regress_mvt;
DROP MATERIALIZED VIEW regress_mv;
DROP MATERIALIZED VIEW IF EXISTS regress_mv;
DROP TABLE regress_mvt CASCADE;
SELECT count(*) FROM pg_class WHERE relname LIKE 'regress_mv%';
-- indexes on a materialized view, kept through REFRESH
CREATE TABLE regress_mvi_t (a int, b text);
INSERT INTO regress_mvi_t SELECT g, 'v' || g FROM generate_series(1, 50) g;
CREATE MATERIALIZED VIEW regress_mvi AS SELECT a, b FROM regress_mvi_t WHERE a % 2 = 0;
CREATE UNIQUE INDEX regress_mvi_a ON regress_mvi (a);
SELECT hasindexes FROM pg_matviews WHERE matviewname = 'regress_mvi';
SET enable_seqscan = off;
EXPLAIN SELECT b FROM regress_mvi WHERE a = 10;
SELECT b FROM regress_mvi WHERE a = 10;
INSERT INTO regress_mvi_t VALUES (100, 'hundred');
REFRESH MATERIALIZED VIEW regress_mvi;
SELECT b FROM regress_mvi WHERE a = 100;
SELECT count(*) FROM regress_mvi WHERE a > 40;
RESET enable_seqscan;
DROP MATERIALIZED VIEW regress_mvi;
SELECT count(*) FROM pg_class WHERE relname = 'regress_mvi_a';
DROP TABLE regress_mvi_t;
-- REFRESH runs the query through its creator's search path, not the session's
DROP SCHEMA IF EXISTS regress_mvs CASCADE;
CREATE SCHEMA regress_mvs;
CREATE TABLE regress_mvs.t (a int);
INSERT INTO regress_mvs.t VALUES (1), (2);
SET search_path = regress_mvs, public;
CREATE MATERIALIZED VIEW regress_mvs.mv AS SELECT a FROM t;
RESET search_path;
INSERT INTO regress_mvs.t VALUES (3);
REFRESH MATERIALIZED VIEW regress_mvs.mv;
SELECT * FROM regress_mvs.mv ORDER BY a;
DROP SCHEMA regress_mvs CASCADE;
