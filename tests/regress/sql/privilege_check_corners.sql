-- Privilege checks as PostgreSQL 15 answers them: RULE is an accepted table privilege that
-- is never held; a dropped column named by its "........pg.dropped.N........" name has a
-- NULL privilege; pg_database_owner cannot be made a member of a role (XX000) nor given
-- members; a schema's default privileges go when the schema is dropped.
DROP TABLE IF EXISTS regress_pv_t;
DROP SCHEMA IF EXISTS regress_pv_s;
DROP ROLE IF EXISTS regress_pv_user1;
CREATE ROLE regress_pv_user1;
select has_table_privilege('pg_class','rule'), has_table_privilege('pg_class','RULE WITH GRANT OPTION'), has_table_privilege('pg_class','select, rule');
select has_column_privilege('pg_class','rule', 'select');
create table regress_pv_t(a int, b int, c int);
alter table regress_pv_t drop column b;
select has_column_privilege('regress_pv_t','........pg.dropped.2........','select'), has_column_privilege('regress_pv_t', 2::int2, 'select');
select has_column_privilege('regress_pv_t','nosuch','select');
GRANT regress_pv_user1 TO pg_database_owner;
GRANT pg_database_owner TO regress_pv_user1;
CREATE SCHEMA regress_pv_s;
ALTER DEFAULT PRIVILEGES IN SCHEMA regress_pv_s GRANT SELECT ON TABLES TO public;
ALTER DEFAULT PRIVILEGES FOR ROLE regress_pv_user1 IN SCHEMA regress_pv_s GRANT EXECUTE ON FUNCTIONS TO public;
SELECT count(*) FROM pg_default_acl d JOIN pg_namespace n ON defaclnamespace = n.oid WHERE nspname = 'regress_pv_s';
DROP SCHEMA regress_pv_s;
SELECT count(*) FROM pg_default_acl d LEFT JOIN pg_namespace n ON defaclnamespace = n.oid
  WHERE nspname IS NULL AND defaclnamespace != 0;
DROP ROLE regress_pv_user1;
DROP TABLE regress_pv_t;
