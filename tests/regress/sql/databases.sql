-- CREATE / DROP DATABASE.
DROP DATABASE IF EXISTS regress_db_a;
DROP DATABASE IF EXISTS regress_db_b;
CREATE DATABASE regress_db_a;
CREATE DATABASE regress_db_a;
CREATE DATABASE regress_db_b TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C' CONNECTION LIMIT 5;
CREATE DATABASE regress_db_c TEMPLATE regress_db_nope;
SELECT datname, datdba, datistemplate, datallowconn, datconnlimit, datcollate
  FROM pg_database WHERE datname LIKE 'regress_db%' ORDER BY datname;
BEGIN;
CREATE DATABASE regress_db_c;
ROLLBACK;
DROP DATABASE regress_db_a;
DROP DATABASE regress_db_a;
DROP DATABASE IF EXISTS regress_db_a;
DROP DATABASE template1;
DROP DATABASE regress_db_b;
SELECT count(*) FROM pg_database WHERE datname LIKE 'regress_db%';
