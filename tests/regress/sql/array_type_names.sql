-- Array type names: '_' + the element type's name, more underscores while the name is
-- taken; a table or type that takes the name of an array type made for another type
-- moves that array type out of the way (any other type of the name is a clash). Also:
-- a user column may not take a system column's name.
CREATE TABLE attmp_array (id int);
CREATE TABLE attmp_array2 (id int);
ALTER TABLE attmp_array2 RENAME TO _attmp_array;
SELECT typname FROM pg_type WHERE oid = 'attmp_array[]'::regtype;
SELECT typname FROM pg_type WHERE oid = '_attmp_array[]'::regtype;
SELECT typname, typarray::regtype FROM pg_type WHERE typname LIKE '%attmp%' ORDER BY 1;
DROP TABLE _attmp_array;
DROP TABLE attmp_array;
CREATE TABLE attmp_array (id int);
ALTER TABLE attmp_array RENAME TO _attmp_array;
SELECT typname, typarray::regtype FROM pg_type WHERE typname LIKE '%attmp%' ORDER BY 1;
DROP TABLE _attmp_array;
CREATE TYPE regress_at_e AS ENUM ('a');
CREATE TYPE _regress_at_e2 AS ENUM ('b');
CREATE TYPE regress_at_e2 AS ENUM ('c');
CREATE TABLE _regress_at_e (a int);
SELECT typname, typarray::regtype FROM pg_type WHERE typname LIKE '%regress_at_e%' ORDER BY 1;
ALTER TYPE regress_at_e2 RENAME TO __regress_at_e;
ALTER TYPE regress_at_e RENAME TO _regress_at_e2;
ALTER TYPE regress_at_e RENAME TO _regress_at_e;
SELECT typname, typarray::regtype FROM pg_type WHERE typname LIKE '%regress_at_e%' ORDER BY 1;
DROP TABLE _regress_at_e;
DROP TYPE __regress_at_e, regress_at_e;
DROP TYPE _regress_at_e2;
CREATE DOMAIN _regress_at_d AS int;
CREATE TYPE regress_at_d AS ENUM ('x');
CREATE DOMAIN regress_at_d2 AS int;
CREATE DOMAIN _regress_at_d2 AS int;
SELECT typname, typarray::regtype FROM pg_type WHERE typname LIKE '%regress_at_d%' ORDER BY 1;
DROP DOMAIN _regress_at_d, regress_at_d2, _regress_at_d2;
DROP TYPE regress_at_d;
CREATE TABLE regress_at_sys (a int);
ALTER TABLE regress_at_sys ADD COLUMN xmin int;
ALTER TABLE regress_at_sys ADD COLUMN IF NOT EXISTS tableoid int;
ALTER TABLE regress_at_sys RENAME a TO cmax;
CREATE TABLE regress_at_sys2 (ctid int);
DROP TABLE regress_at_sys;
