-- pg_read_all_data holds SELECT on every relation and USAGE on every schema,
-- pg_write_all_data INSERT / UPDATE / DELETE and USAGE (has_*_privilege as
-- pg_class_aclmask / pg_namespace_aclmask answer); ALTER DEFAULT PRIVILEGES ... ON TYPES
-- gives a new domain or enum its ACL (not its array type).
DROP SCHEMA IF EXISTS regress_pv2_s CASCADE;
DROP ROLE IF EXISTS regress_pv2_u1, regress_pv2_u2, regress_pv2_u6;
CREATE ROLE regress_pv2_u1;
CREATE ROLE regress_pv2_u2;
CREATE ROLE regress_pv2_u6;
GRANT pg_read_all_data TO regress_pv2_u6;
GRANT pg_write_all_data TO regress_pv2_u2;
CREATE SCHEMA regress_pv2_s;
CREATE TABLE regress_pv2_s.t (a int);
SELECT has_schema_privilege('regress_pv2_u6', 'regress_pv2_s', 'USAGE'), has_schema_privilege('regress_pv2_u6', 'regress_pv2_s', 'CREATE');
SELECT has_table_privilege('regress_pv2_u6', 'regress_pv2_s.t', 'SELECT'), has_table_privilege('regress_pv2_u6', 'regress_pv2_s.t', 'INSERT');
SELECT has_table_privilege('regress_pv2_u2', 'regress_pv2_s.t', 'SELECT'), has_table_privilege('regress_pv2_u2', 'regress_pv2_s.t', 'INSERT, UPDATE'), has_table_privilege('regress_pv2_u2', 'regress_pv2_s.t', 'TRUNCATE');
SELECT has_column_privilege('regress_pv2_u6', 'regress_pv2_s.t', 'a', 'SELECT');
SELECT has_schema_privilege('regress_pv2_u2', 'regress_pv2_s', 'USAGE');
ALTER DEFAULT PRIVILEGES REVOKE USAGE ON TYPES FROM public;
CREATE DOMAIN regress_pv2_s.dom AS int;
SELECT has_type_privilege('regress_pv2_u1', 'regress_pv2_s.dom', 'USAGE'), typacl FROM pg_type WHERE typname = 'dom';
SELECT typacl FROM pg_type WHERE typname = '_dom';
ALTER DEFAULT PRIVILEGES IN SCHEMA regress_pv2_s GRANT USAGE ON TYPES TO public;
CREATE TYPE regress_pv2_s.en AS ENUM ('a');
SELECT has_type_privilege('regress_pv2_u1', 'regress_pv2_s.en', 'USAGE'), typacl FROM pg_type WHERE typname = 'en';
ALTER DEFAULT PRIVILEGES IN SCHEMA regress_pv2_s REVOKE USAGE ON TYPES FROM public;
ALTER DEFAULT PRIVILEGES GRANT USAGE ON TYPES TO public;
DROP SCHEMA regress_pv2_s CASCADE;
DROP ROLE regress_pv2_u1, regress_pv2_u2, regress_pv2_u6;
