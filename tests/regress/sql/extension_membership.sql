-- ALTER EXTENSION ... ADD / DROP of every kind of object (tables, views, sequences,
-- materialized views, types, domains, aggregates, operators, casts, schemas), the
-- membership errors, what psql's \dx+ lists, and DROP EXTENSION taking the members
-- with it (extension_commands.execute_alter_extension_contents, extension_members.py).
CREATE SCHEMA extm;
CREATE EXTENSION pg_buffercache SCHEMA extm;
CREATE TABLE extm.t (a int);
CREATE VIEW extm.v AS SELECT a FROM extm.t;
CREATE SEQUENCE extm.s;
CREATE MATERIALIZED VIEW extm.mv AS SELECT 1 AS one;
CREATE TYPE extm.pair AS (x int, y int);
CREATE DOMAIN extm.posint AS int CHECK (VALUE > 0);
CREATE FUNCTION extm.plus(int, int) RETURNS int LANGUAGE sql AS 'SELECT $1 + $2';
CREATE AGGREGATE extm.total(int) (SFUNC = extm.plus, STYPE = int);
CREATE OPERATOR extm.<+> (LEFTARG = int, RIGHTARG = int, FUNCTION = extm.plus);
CREATE FUNCTION extm.pair_text(extm.pair) RETURNS text LANGUAGE sql AS 'SELECT $1::text';
CREATE CAST (extm.pair AS text) WITH FUNCTION extm.pair_text(extm.pair);
CREATE SCHEMA extm_inner;
GRANT SELECT ON extm.t TO PUBLIC;
GRANT UPDATE (a) ON extm.t TO PUBLIC;
ALTER EXTENSION pg_buffercache ADD TABLE extm.t;
ALTER EXTENSION pg_buffercache ADD VIEW extm.v;
ALTER EXTENSION pg_buffercache ADD SEQUENCE extm.s;
ALTER EXTENSION pg_buffercache ADD MATERIALIZED VIEW extm.mv;
ALTER EXTENSION pg_buffercache ADD TYPE extm.pair;
ALTER EXTENSION pg_buffercache ADD DOMAIN extm.posint;
ALTER EXTENSION pg_buffercache ADD FUNCTION extm.plus(int, int);
ALTER EXTENSION pg_buffercache ADD AGGREGATE extm.total(int);
ALTER EXTENSION pg_buffercache ADD OPERATOR extm.<+> (int, int);
ALTER EXTENSION pg_buffercache ADD CAST (extm.pair AS text);
ALTER EXTENSION pg_buffercache ADD SCHEMA extm_inner;
-- ADD records the ACLs set (the table's and its column's) as initial privileges
SELECT pg_describe_object(classoid, objoid, objsubid), privtype, initprivs
  FROM pg_init_privs WHERE objoid IN ('extm.t'::regclass, 'extm.plus'::regproc,
                                      'extm.v'::regclass) ORDER BY 1;
-- errors
ALTER EXTENSION pg_buffercache ADD TABLE extm.t;
ALTER EXTENSION pg_buffercache ADD SCHEMA extm;
ALTER EXTENSION pg_buffercache ADD TABLE extm.v;
ALTER EXTENSION pg_buffercache ADD TABLE extm.missing;
ALTER EXTENSION pg_buffercache ADD OPERATOR extm.<+> (int, text);
ALTER EXTENSION pg_buffercache ADD CAST (extm.pair AS int);
ALTER EXTENSION no_such_ext ADD TABLE extm.t;
ALTER EXTENSION pg_buffercache DROP FUNCTION extm.pair_text(extm.pair);
SELECT pg_extension_config_dump('extm.t', '');
-- the members, as \dx+ lists them
SELECT pg_describe_object(classid, objid, 0) AS member
  FROM pg_depend WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
    AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'pg_buffercache')
  ORDER BY 1;
DROP TABLE extm.t CASCADE;
DROP OPERATOR extm.<+> (int, int);
DROP CAST (extm.pair AS text);
-- taken out again
ALTER EXTENSION pg_buffercache DROP VIEW extm.v;
ALTER EXTENSION pg_buffercache DROP CAST (extm.pair AS text);
ALTER EXTENSION pg_buffercache DROP SCHEMA extm_inner;
ALTER EXTENSION pg_buffercache DROP VIEW extm.v;
SELECT pg_describe_object(classid, objid, 0) AS member
  FROM pg_depend WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
    AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'pg_buffercache')
  ORDER BY 1;
ALTER EXTENSION pg_buffercache DROP TABLE extm.t;
SELECT count(*) FROM pg_init_privs WHERE objoid = 'extm.t'::regclass;
ALTER EXTENSION pg_buffercache ADD TABLE extm.t;
-- DROP EXTENSION drops the members; the others stay
DROP EXTENSION pg_buffercache;
DROP VIEW extm.v;
ALTER EXTENSION pg_buffercache ADD CAST (extm.pair AS text);
ALTER EXTENSION pg_buffercache ADD FUNCTION extm.pair_text(extm.pair);
DROP EXTENSION pg_buffercache;
SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'extm'::regnamespace ORDER BY 1;
SELECT t.typname FROM pg_type t WHERE t.typnamespace = 'extm'::regnamespace ORDER BY 1;
SELECT p.proname FROM pg_proc p WHERE p.pronamespace = 'extm'::regnamespace ORDER BY 1;
SELECT count(*) FROM pg_operator WHERE oprnamespace = 'extm'::regnamespace;
SELECT to_regtype('extm.pair');
SELECT nspname FROM pg_namespace WHERE nspname LIKE 'extm%' ORDER BY 1;
DROP SCHEMA extm CASCADE;
DROP SCHEMA extm_inner;
