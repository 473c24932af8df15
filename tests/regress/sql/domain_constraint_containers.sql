-- ALTER DOMAIN ADD CONSTRAINT checks the columns of the domain and of domains over it,
-- and refuses (0A000) when a column holds the domain inside another type (an array of
-- it, a composite with a field of it, a range over it, a domain over one of those);
-- CREATE DOMAIN's refusals: COLLATE on an uncollatable base, NO INHERIT, UNIQUE /
-- PRIMARY KEY / FOREIGN KEY, deferrability.
CREATE DOMAIN dcc_pos AS int4;
CREATE TYPE dcc_comp AS (f1 dcc_pos);
CREATE TABLE dcc_t (f1 dcc_comp);
INSERT INTO dcc_t VALUES (ROW(-1));
ALTER DOMAIN dcc_pos ADD CONSTRAINT c1 CHECK (value >= 0);
DROP TABLE dcc_t;
CREATE TABLE dcc_t (f1 dcc_comp[]);
INSERT INTO dcc_t VALUES ('{(-1)}');
ALTER DOMAIN dcc_pos ADD CONSTRAINT c1 CHECK (value >= 0);
DROP TABLE dcc_t;
CREATE DOMAIN dcc_compd AS dcc_comp;
CREATE TABLE dcc_t (f1 dcc_compd);
ALTER DOMAIN dcc_pos ADD CONSTRAINT c1 CHECK (value >= 0);
DROP TABLE dcc_t;
DROP DOMAIN dcc_compd;
CREATE DOMAIN dcc_compd AS dcc_comp[];
CREATE TABLE dcc_t (f1 dcc_compd);
ALTER DOMAIN dcc_pos ADD CONSTRAINT c1 CHECK (value >= 0);
DROP TABLE dcc_t;
DROP DOMAIN dcc_compd;
CREATE TYPE dcc_range AS RANGE (subtype = dcc_pos);
CREATE TABLE dcc_t (f1 dcc_range);
ALTER DOMAIN dcc_pos ADD CONSTRAINT c1 CHECK (value >= 0);
DROP TABLE dcc_t;
DROP TYPE dcc_range;
CREATE TABLE dcc_t (f1 dcc_pos[]);
ALTER DOMAIN dcc_pos ADD CONSTRAINT c1 CHECK (value >= 0);
DROP TABLE dcc_t;
-- a view of the composite type is no column to check
CREATE VIEW dcc_v AS SELECT ROW(1)::dcc_comp AS c;
ALTER DOMAIN dcc_pos ADD CONSTRAINT c1 CHECK (value >= 0);
DROP VIEW dcc_v;
SELECT conname FROM pg_constraint WHERE contypid = 'dcc_pos'::regtype;
-- columns of a domain over the domain are checked
CREATE DOMAIN dcc_even AS dcc_pos CHECK (value % 2 = 0);
CREATE TABLE dcc_t (f1 dcc_even);
INSERT INTO dcc_t VALUES (11);
INSERT INTO dcc_t VALUES (-2);
INSERT INTO dcc_t VALUES (2);
ALTER DOMAIN dcc_pos ADD CONSTRAINT c2 CHECK (value >= 10);
ALTER DOMAIN dcc_pos ADD CONSTRAINT c2 CHECK (value > 0);
ALTER DOMAIN dcc_pos ADD CONSTRAINT c3 CHECK (value > 5) NOT VALID;
ALTER DOMAIN dcc_pos VALIDATE CONSTRAINT c3;
SELECT conname, convalidated FROM pg_constraint WHERE contypid = 'dcc_pos'::regtype
  ORDER BY conname;
DROP TABLE dcc_t;
DROP TYPE dcc_comp;
DROP DOMAIN dcc_pos CASCADE;
CREATE DOMAIN dcc_fail int4 COLLATE "C";
CREATE DOMAIN dcc_fail int4[] COLLATE "C";
CREATE DOMAIN dcc_fail text COLLATE "nonesuch";
CREATE DOMAIN dcc_fail AS anyelement;
CREATE DOMAIN dcc_fail AS int4 UNIQUE;
CREATE DOMAIN dcc_fail AS int4 PRIMARY KEY;
CREATE DOMAIN dcc_fail AS int4 REFERENCES pg_class(oid);
CREATE DOMAIN dcc_fail AS int4 CONSTRAINT cc CHECK (value > 1) NO INHERIT;
CREATE DOMAIN dcc_fail AS int4 CONSTRAINT cc CHECK (value > 1) DEFERRABLE;
CREATE DOMAIN dcc_fail AS int4 NOT NULL NULL;
CREATE DOMAIN dcc_text AS text COLLATE "C";
SELECT typcollation::regcollation FROM pg_type WHERE typname = 'dcc_text';
SELECT 'b'::dcc_text < 'B'::dcc_text, 'b'::text < 'B'::text COLLATE "C";
DROP DOMAIN dcc_text;
