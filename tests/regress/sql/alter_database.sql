-- ALTER DATABASE: CONNECTION LIMIT / IS_TEMPLATE / ALLOW_CONNECTIONS (the row, bad
-- values, unknown and repeated options), SET TABLESPACE (to where it is, nowhere,
-- pg_global, with other options), RENAME (to a taken name, missing database), SET /
-- RESET parameters (pg_db_role_setting under the parameter's own spelling), and the
-- settings going away with DROP DATABASE. Compared with PostgreSQL 15.
DROP DATABASE IF EXISTS regress_alterdb;
DROP DATABASE IF EXISTS regress_alterdb2;
CREATE DATABASE regress_alterdb TEMPLATE template0;
ALTER DATABASE regress_alterdb CONNECTION LIMIT 123;
ALTER DATABASE regress_alterdb WITH IS_TEMPLATE true ALLOW_CONNECTIONS false;
SELECT datname, datconnlimit, datistemplate, datallowconn FROM pg_database
WHERE datname = 'regress_alterdb';
ALTER DATABASE regress_alterdb IS_TEMPLATE 0 ALLOW_CONNECTIONS on CONNECTION LIMIT -1;
SELECT datname, datconnlimit, datistemplate, datallowconn FROM pg_database
WHERE datname = 'regress_alterdb';
ALTER DATABASE regress_alterdb CONNECTION LIMIT -5;
ALTER DATABASE regress_alterdb CONNECTION LIMIT 'x';
ALTER DATABASE regress_alterdb IS_TEMPLATE maybe;
ALTER DATABASE regress_alterdb WITH foo 1;
ALTER DATABASE regress_alterdb CONNECTION LIMIT 1 CONNECTION LIMIT 2;
ALTER DATABASE regress_nosuch CONNECTION LIMIT 1;
ALTER DATABASE regress_alterdb SET TABLESPACE pg_default;
ALTER DATABASE regress_alterdb SET TABLESPACE regress_nosuch;
ALTER DATABASE regress_alterdb SET TABLESPACE pg_global;
ALTER DATABASE regress_alterdb TABLESPACE pg_default CONNECTION LIMIT 2;
BEGIN;
ALTER DATABASE regress_alterdb SET TABLESPACE pg_default;
ROLLBACK;
ALTER DATABASE regress_alterdb RENAME TO template1;
ALTER DATABASE regress_nosuch RENAME TO regress_x;
ALTER DATABASE regress_alterdb RENAME TO regress_alterdb2;
ALTER DATABASE regress_alterdb2 SET work_mem = '64kB';
ALTER DATABASE regress_alterdb2 SET TIME ZONE 'UTC';
ALTER DATABASE regress_alterdb2 SET regress.custom = 1;
ALTER DATABASE regress_alterdb2 SET work_mem = '128kB';
SELECT s.setconfig FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
WHERE d.datname = 'regress_alterdb2' AND s.setrole = 0;
ALTER DATABASE regress_alterdb2 RESET timezone;
ALTER DATABASE regress_alterdb2 SET work_mem = 'lots';
ALTER DATABASE regress_nosuch SET work_mem = '64kB';
SELECT s.setconfig FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
WHERE d.datname = 'regress_alterdb2' AND s.setrole = 0;
ALTER DATABASE regress_alterdb2 RESET ALL;
ALTER DATABASE regress_alterdb2 SET work_mem = '64kB';
DROP DATABASE regress_alterdb2;
SELECT count(*) FROM pg_db_role_setting s
WHERE NOT EXISTS (SELECT FROM pg_database d WHERE d.oid = s.setdatabase) AND s.setdatabase <> 0;
-- REFRESH COLLATION VERSION (C.UTF-8 databases have no version) and the function
CREATE DATABASE regress_alterdb TEMPLATE template0;
SELECT datcollversion, pg_database_collation_actual_version(oid) FROM pg_database
WHERE datname = 'regress_alterdb';
ALTER DATABASE regress_alterdb REFRESH COLLATION VERSION;
ALTER DATABASE regress_nosuch REFRESH COLLATION VERSION;
SELECT pg_database_collation_actual_version(0);
DROP DATABASE regress_alterdb;
