-- pg_depend rows of views (the columns, functions and types their rules use, the fields
-- of composite types they select),
-- composite types and their relations, and DROP of tables, views, types, domains and
-- schemas refusing or cascading through pg_depend (the DETAIL lines and notices are
-- compared by tests/commands/test_drop_dependencies.py).
DROP SCHEMA IF EXISTS drop_deps CASCADE;
DROP SCHEMA IF EXISTS drop_deps2 CASCADE;
CREATE SCHEMA drop_deps;
SET search_path = drop_deps;
CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE DOMAIN posint AS int CHECK (VALUE > 0);
CREATE FUNCTION twice(int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT $1 * 2';
CREATE FUNCTION addm(mood, int) RETURNS int LANGUAGE sql AS 'SELECT $2';
CREATE TYPE pair AS (x int, y mood);
CREATE TABLE t (a int, b text, m mood, n posint, p pair);
CREATE VIEW v1 AS SELECT a, twice(a) AS ta FROM t WHERE b <> '';
CREATE VIEW v2 AS SELECT 'sad'::mood AS m, 3::posint AS n, (SELECT count(*) FROM t) AS c;
CREATE VIEW v3 AS SELECT addm(m, 1) AS x, (p).y FROM t;
CREATE MATERIALIZED VIEW mv AS SELECT b, m FROM t;
SELECT pg_describe_object(classid, objid, objsubid) AS obj, pg_describe_object(refclassid, refobjid, refobjsubid) AS ref, deptype FROM pg_depend WHERE classid = 'pg_rewrite'::regclass AND objid IN (SELECT oid FROM pg_rewrite WHERE ev_class IN (SELECT oid FROM pg_class WHERE relnamespace = 'drop_deps'::regnamespace)) ORDER BY 1, 2, 3;
SELECT pg_describe_object(classid, objid, objsubid) AS obj, pg_describe_object(refclassid, refobjid, refobjsubid) AS ref, deptype FROM pg_depend WHERE (classid = 'pg_type'::regclass AND objid IN (SELECT oid FROM pg_type WHERE typnamespace = 'drop_deps'::regnamespace)) OR (classid = 'pg_class'::regclass AND objid IN (SELECT oid FROM pg_class WHERE relnamespace = 'drop_deps'::regnamespace AND relkind IN ('c', 'v', 'm'))) ORDER BY 1, 2, 3;
DROP FUNCTION twice(int);
DROP FUNCTION addm(mood, int);
DROP TYPE pair;
DROP TYPE mood;
DROP DOMAIN posint;
ALTER TABLE t DROP COLUMN a;
ALTER TABLE t ALTER COLUMN b TYPE varchar(20);
DROP TABLE t;
DROP TYPE pair CASCADE;
SELECT relname FROM pg_class WHERE relnamespace = 'drop_deps'::regnamespace ORDER BY 1;
SELECT attname FROM pg_attribute WHERE attrelid = 't'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum;
DROP FUNCTION twice(int) CASCADE;
DROP TYPE mood CASCADE;
SELECT relname FROM pg_class WHERE relnamespace = 'drop_deps'::regnamespace ORDER BY 1;
SELECT attname FROM pg_attribute WHERE attrelid = 't'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum;
SELECT proname FROM pg_proc WHERE pronamespace = 'drop_deps'::regnamespace ORDER BY 1;
SELECT oprname FROM pg_operator WHERE oprnamespace = 'drop_deps'::regnamespace ORDER BY 1;
-- a schema with objects used from another schema
CREATE SCHEMA drop_deps2;
CREATE TABLE drop_deps2.s (a int PRIMARY KEY);
CREATE TYPE drop_deps2.e AS ENUM ('x');
CREATE TABLE r (a int REFERENCES drop_deps2.s, e drop_deps2.e);
CREATE VIEW rv AS SELECT s.a FROM drop_deps2.s s;
DROP SCHEMA drop_deps2;
DROP SCHEMA drop_deps2 CASCADE;
SELECT conname FROM pg_constraint WHERE conrelid = 'r'::regclass;
SELECT attname FROM pg_attribute WHERE attrelid = 'r'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum;
SELECT count(*) FROM pg_class WHERE relname = 'rv' AND relnamespace = 'drop_deps'::regnamespace;
SELECT classid::regclass, count(*) FROM pg_depend d WHERE (classid = 'pg_class'::regclass AND NOT EXISTS (SELECT FROM pg_class WHERE oid = d.objid)) OR (classid = 'pg_type'::regclass AND NOT EXISTS (SELECT FROM pg_type WHERE oid = d.objid)) OR (classid = 'pg_rewrite'::regclass AND NOT EXISTS (SELECT FROM pg_rewrite WHERE oid = d.objid)) OR (classid = 'pg_constraint'::regclass AND NOT EXISTS (SELECT FROM pg_constraint WHERE oid = d.objid)) GROUP BY 1;
RESET search_path;
DROP SCHEMA drop_deps CASCADE;
