-- Creating a type (composite, domain, enum, range) needs CREATE on its schema (42501
-- 'permission denied for schema x'), as DefineType / DefineDomain / DefineEnum check;
-- pg_temp needs none.
DROP SCHEMA IF EXISTS regress_ct_s CASCADE;
DROP ROLE IF EXISTS regress_ct_u;
CREATE ROLE regress_ct_u;
CREATE SCHEMA regress_ct_s;
GRANT USAGE ON SCHEMA regress_ct_s TO regress_ct_u;
SET ROLE regress_ct_u;
CREATE TYPE regress_ct_t AS (a int);
CREATE TYPE regress_ct_s.t AS (a int);
CREATE DOMAIN regress_ct_d AS int;
CREATE DOMAIN regress_ct_s.d AS int;
CREATE TYPE regress_ct_e AS ENUM ('a');
CREATE TYPE regress_ct_s.e AS ENUM ('a');
CREATE TYPE regress_ct_r AS RANGE (subtype = int4);
CREATE TYPE pg_temp.regress_ct_tmp AS (a int);
RESET ROLE;
GRANT CREATE ON SCHEMA regress_ct_s TO regress_ct_u;
SET ROLE regress_ct_u;
CREATE DOMAIN regress_ct_s.d AS int;
CREATE TYPE regress_ct_s.e AS ENUM ('a');
RESET ROLE;
DROP SCHEMA regress_ct_s CASCADE;
DROP TYPE IF EXISTS pg_temp.regress_ct_tmp;
DROP ROLE regress_ct_u;
