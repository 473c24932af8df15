-- A trusted extension created by a role that is not a superuser: the extension is the
-- role's, its members the bootstrap superuser's (execute_extension_script's
-- switch_to_superuser); pg_shdepend records the extension's owner; REASSIGN OWNED /
-- DROP OWNED / DROP ROLE see it.
DROP SCHEMA IF EXISTS regress_ext_s CASCADE;
DROP EXTENSION IF EXISTS citext;
DROP EXTENSION IF EXISTS hstore;
DROP EXTENSION IF EXISTS "uuid-ossp";
DROP ROLE IF EXISTS regress_ext_user;
CREATE ROLE regress_ext_user;
DO $$ BEGIN EXECUTE format('GRANT CREATE ON DATABASE %I TO regress_ext_user', current_database()); END $$;
CREATE SCHEMA regress_ext_s AUTHORIZATION regress_ext_user;
SET ROLE regress_ext_user;
CREATE EXTENSION citext SCHEMA regress_ext_s;
CREATE EXTENSION hstore;
CREATE EXTENSION "uuid-ossp";
SELECT extname, extowner::regrole, extnamespace::regnamespace FROM pg_extension
  WHERE extname IN ('citext', 'hstore', 'uuid-ossp') ORDER BY 1;
SELECT DISTINCT p.proowner::regrole FROM pg_proc p
  JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass
  JOIN pg_extension e ON e.oid = d.refobjid
  WHERE e.extname IN ('citext', 'hstore', 'uuid-ossp') AND d.deptype = 'e';
SELECT t.typname, t.typowner::regrole FROM pg_type t
  JOIN pg_depend d ON d.objid = t.oid AND d.classid = 'pg_type'::regclass
  JOIN pg_extension e ON e.oid = d.refobjid
  WHERE e.extname = 'citext' AND d.deptype = 'e' ORDER BY 1;
SELECT DISTINCT o.oprowner::regrole FROM pg_operator o
  JOIN pg_depend d ON d.objid = o.oid AND d.classid = 'pg_operator'::regclass
  JOIN pg_extension e ON e.oid = d.refobjid WHERE e.extname = 'citext' AND d.deptype = 'e';
SELECT 'a'::regress_ext_s.citext = 'A'::regress_ext_s.citext, uuid_nil();
SELECT classid::regclass, deptype, count(*) FROM pg_shdepend
  WHERE refobjid = 'regress_ext_user'::regrole GROUP BY 1, 2 ORDER BY 1, 2;
-- it may drop what it owns
DROP EXTENSION "uuid-ossp";
-- not a trusted extension
CREATE EXTENSION plpgsql;
RESET ROLE;
DROP ROLE regress_ext_user;
REASSIGN OWNED BY regress_ext_user TO CURRENT_USER;
SELECT extname, extowner = 'regress_ext_user'::regrole AS still_the_role FROM pg_extension
  WHERE extname IN ('citext', 'hstore') ORDER BY 1;
ALTER EXTENSION hstore OWNER TO regress_ext_user;
DROP EXTENSION citext;
ALTER SCHEMA regress_ext_s OWNER TO CURRENT_USER;
DROP SCHEMA regress_ext_s;
DROP EXTENSION hstore;
DO $$ BEGIN EXECUTE format('REVOKE CREATE ON DATABASE %I FROM regress_ext_user', current_database()); END $$;
DROP ROLE regress_ext_user;
