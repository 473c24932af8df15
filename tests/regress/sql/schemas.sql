-- CREATE / DROP SCHEMA, tables in schemas, search_path.
DROP SCHEMA IF EXISTS regress_sch_a CASCADE;
DROP SCHEMA IF EXISTS regress_sch_b CASCADE;
CREATE SCHEMA regress_sch_a;
CREATE SCHEMA regress_sch_a;
CREATE SCHEMA IF NOT EXISTS regress_sch_a;
CREATE SCHEMA pg_regress_sch;
SELECT nspname, nspowner FROM pg_namespace WHERE nspname LIKE 'regress_sch%';
CREATE TABLE regress_sch_a.t (id serial PRIMARY KEY, v text);
INSERT INTO regress_sch_a.t (v) VALUES ('x') RETURNING *;
SELECT * FROM regress_sch_a.t;
SET search_path = regress_sch_a, public;
SELECT * FROM t;
CREATE TABLE u (a int);
SELECT c.relname, n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relname IN ('t', 'u', 't_pkey', 't_id_seq') ORDER BY c.relname;
RESET search_path;
CREATE SEQUENCE regress_sch_a.s;
DROP SCHEMA regress_sch_a;
DROP SCHEMA regress_sch_a RESTRICT;
DROP SCHEMA regress_sch_nope;
DROP SCHEMA IF EXISTS regress_sch_nope;
DROP SCHEMA pg_catalog;
CREATE SCHEMA regress_sch_b AUTHORIZATION CURRENT_USER;
DROP SCHEMA regress_sch_b, regress_sch_a CASCADE;
SELECT count(*) FROM pg_class WHERE relname IN ('t', 'u', 't_pkey', 't_id_seq', 's');
SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'regress_sch%';
CREATE SCHEMA regress_sch_b;
DROP SCHEMA regress_sch_b;
