-- pg_shdepend as PostgreSQL 15 fills it: owner ('o') rows for objects owned by roles
-- other than the bootstrap superuser, ACL ('a') rows for the other roles an ACL names,
-- policy ('r') rows; kept true by ALTER ... OWNER, GRANT / REVOKE, REASSIGN OWNED,
-- DROP OWNED and DROP; and DROP ROLE refusing through it.
RESET ROLE;
DROP SCHEMA IF EXISTS regress_shd_s CASCADE;
DROP OWNED BY regress_shd_a;
DROP OWNED BY regress_shd_b;
DROP ROLE IF EXISTS regress_shd_a, regress_shd_b;
CREATE ROLE regress_shd_a;
CREATE ROLE regress_shd_b;
CREATE SCHEMA regress_shd_s AUTHORIZATION regress_shd_a;
SET search_path = regress_shd_s;
CREATE TABLE t (x int, y int);
ALTER TABLE t OWNER TO regress_shd_a;
CREATE TABLE u (z int);
GRANT SELECT ON u TO regress_shd_a;
GRANT UPDATE (z) ON u TO regress_shd_b;
CREATE SEQUENCE sq;
ALTER SEQUENCE sq OWNER TO regress_shd_a;
CREATE VIEW v AS SELECT x FROM t;
ALTER VIEW v OWNER TO regress_shd_b;
GRANT SELECT ON v TO regress_shd_a;
CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';
ALTER FUNCTION f() OWNER TO regress_shd_b;
CREATE TYPE e AS ENUM ('p');
ALTER TYPE e OWNER TO regress_shd_a;
CREATE TYPE c AS (q int);
ALTER TYPE c OWNER TO regress_shd_b;
GRANT USAGE ON TYPE c TO regress_shd_a;
GRANT USAGE ON TYPE e TO regress_shd_b;
CREATE DOMAIN dm AS int;
GRANT USAGE ON DOMAIN dm TO regress_shd_b;
ALTER TABLE u ENABLE ROW LEVEL SECURITY;
CREATE POLICY pu ON u TO regress_shd_b, regress_shd_a USING (true);
GRANT USAGE ON SCHEMA regress_shd_s TO regress_shd_b;
SELECT pg_describe_object(classid, objid, objsubid) AS obj, refobjid::regrole AS role, deptype, dbid = 0 AS shared FROM pg_shdepend WHERE refobjid IN ('regress_shd_a'::regrole, 'regress_shd_b'::regrole) ORDER BY 1, 2, 3;
DROP ROLE regress_shd_a;
DROP ROLE regress_shd_b;
REVOKE SELECT ON u FROM regress_shd_a;
ALTER TABLE t OWNER TO regress_shd_b;
REASSIGN OWNED BY regress_shd_b TO regress_shd_a;
SELECT pg_describe_object(classid, objid, objsubid) AS obj, refobjid::regrole AS role, deptype FROM pg_shdepend WHERE refobjid IN ('regress_shd_a'::regrole, 'regress_shd_b'::regrole) ORDER BY 1, 2, 3;
DROP VIEW v;
DROP POLICY pu ON u;
SELECT pg_describe_object(classid, objid, objsubid) AS obj, refobjid::regrole AS role, deptype FROM pg_shdepend WHERE refobjid IN ('regress_shd_a'::regrole, 'regress_shd_b'::regrole) ORDER BY 1, 2, 3;
DROP OWNED BY regress_shd_b;
SELECT pg_describe_object(classid, objid, objsubid) AS obj, refobjid::regrole AS role, deptype FROM pg_shdepend WHERE refobjid IN ('regress_shd_a'::regrole, 'regress_shd_b'::regrole) ORDER BY 1, 2, 3;
DROP ROLE regress_shd_b;
RESET search_path;
DROP OWNED BY regress_shd_a;
SELECT count(*) FROM pg_shdepend WHERE refobjid = 'regress_shd_a'::regrole;
DROP ROLE regress_shd_a;
SELECT count(*) FROM pg_namespace WHERE nspname = 'regress_shd_s';
-- (leave nothing behind: other scripts list the regress_ roles and schemas)
DROP SCHEMA regress_shd_s CASCADE;
DROP OWNED BY regress_shd_a;
DROP ROLE regress_shd_a;
