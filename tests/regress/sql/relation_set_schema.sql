-- ALTER TABLE / SEQUENCE / VIEW ... SET SCHEMA: the table's row type, indexes,
-- constraints and owned sequences move with it (serial defaults and views reading it
-- keep working), pg_depend follows; owned sequences, missing schemas, name clashes and
-- temporary schemas refused. Compared with PostgreSQL 15.
CREATE SCHEMA rsch_a;
CREATE SCHEMA rsch_b;
CREATE TABLE rsch_a.t (id serial PRIMARY KEY, v int UNIQUE, g int GENERATED ALWAYS AS IDENTITY, CONSTRAINT t_ck CHECK (v > 0));
CREATE INDEX t_v_idx ON rsch_a.t (v);
CREATE VIEW rsch_a.tv AS SELECT id, v FROM rsch_a.t;
INSERT INTO rsch_a.t (v) VALUES (1);
ALTER TABLE rsch_a.t SET SCHEMA rsch_b;
SELECT c.relname, n.nspname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('rsch_a', 'rsch_b') ORDER BY 1;
SELECT t.typname, n.nspname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname IN ('rsch_a', 'rsch_b') ORDER BY 1;
SELECT conname, connamespace::regnamespace FROM pg_constraint WHERE conrelid = 'rsch_b.t'::regclass ORDER BY 1;
INSERT INTO rsch_b.t (v) VALUES (2);
SELECT * FROM rsch_b.t ORDER BY id;
SELECT * FROM rsch_a.tv ORDER BY id;
SELECT pg_get_viewdef('rsch_a.tv'::regclass);
SELECT pg_get_serial_sequence('rsch_b.t', 'id'), pg_get_serial_sequence('rsch_b.t', 'g');
SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'rsch_b.t'::regclass;
SELECT refobjid::regnamespace FROM pg_depend WHERE objid = 'rsch_b.t'::regclass AND refclassid = 'pg_namespace'::regclass;
ALTER SEQUENCE rsch_b.t_id_seq SET SCHEMA rsch_a;
ALTER TABLE rsch_b.t SET SCHEMA rsch_b;
ALTER TABLE rsch_b.t SET SCHEMA nosuch;
ALTER TABLE IF EXISTS rsch_b.nosuch SET SCHEMA rsch_a;
ALTER TABLE rsch_b.nosuch SET SCHEMA rsch_a;
CREATE TABLE rsch_a.t (x int);
ALTER TABLE rsch_b.t SET SCHEMA rsch_a;
CREATE SEQUENCE rsch_a.s;
ALTER SEQUENCE rsch_a.s SET SCHEMA rsch_b;
SELECT nextval('rsch_b.s');
ALTER VIEW rsch_a.tv SET SCHEMA rsch_b;
SELECT * FROM rsch_b.tv;
ALTER SEQUENCE rsch_a.t SET SCHEMA rsch_b;
ALTER TABLE rsch_b.s SET SCHEMA rsch_a;
CREATE TEMP TABLE rsch_tmp (a int);
ALTER TABLE rsch_tmp SET SCHEMA rsch_a;
DROP SCHEMA rsch_a, rsch_b CASCADE;
DROP TABLE rsch_tmp;
