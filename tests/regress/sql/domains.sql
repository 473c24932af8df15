-- CREATE DOMAIN: NOT NULL, DEFAULT, CHECK; checks on casts, INSERT, UPDATE, COPY-free
-- paths and function results; domains over domains and arrays; ALTER DOMAIN; DROP DOMAIN.
DROP SCHEMA IF EXISTS regress_domain CASCADE;
CREATE SCHEMA regress_domain;
SET search_path = regress_domain, public;
CREATE DOMAIN year AS integer CONSTRAINT year_check CHECK (((VALUE >= 1901) AND (VALUE <= 2155)));
CREATE DOMAIN year AS integer;
CREATE DOMAIN posint AS int NOT NULL DEFAULT 1 CHECK (VALUE > 0);
CREATE DOMAIN small_posint AS posint CHECK (VALUE < 100);
CREATE DOMAIN code AS varchar(3);
CREATE DOMAIN tags AS text[] CHECK (cardinality(VALUE) < 3);
CREATE DOMAIN lower_text AS text CHECK (VALUE = lower(VALUE)) CHECK (length(VALUE) > 0);
CREATE DOMAIN bad AS regress_nosuch_type;
CREATE DOMAIN bad AS int CHECK (VALUE + 1);
CREATE DOMAIN bad AS int CHECK (x > 1);
CREATE DOMAIN bad AS int NULL NOT NULL;
CREATE DOMAIN bad AS int CHECK ((SELECT 1) = 1);
CREATE DOMAIN bad AS int DEFAULT 'abc';
SELECT 2000::year, '1999'::year, CAST(1950 AS year);
SELECT 1800::year;
SELECT '2200'::year;
SELECT 3::posint + 1, NULL::small_posint IS NULL;
SELECT NULL::posint;
SELECT 0::posint;
SELECT 150::small_posint;
SELECT 0::small_posint;
SELECT 'abcd'::code, 'abcd'::varchar::code, 'ab'::code || 'c';
SELECT '{a,b}'::tags, ARRAY['x']::tags;
SELECT '{a,b,c}'::tags;
SELECT 'abc'::lower_text;
SELECT 'Abc'::lower_text;
SELECT ''::lower_text;
SELECT 2000::year + 1, 2000::year * 2, abs(-5::year), (2000::year)::text, 2000::year = 2000;
SELECT pg_typeof(2000::year), pg_typeof(2000::year + 1), pg_typeof('{a}'::tags);
CREATE TABLE regress_dom (y year, p posint, q small_posint, c code, t tags);
INSERT INTO regress_dom (y) VALUES (1999);
INSERT INTO regress_dom VALUES (1999, 5, 6, 'ab', '{x}');
INSERT INTO regress_dom VALUES (1800, 5, 6, 'ab', NULL);
INSERT INTO regress_dom VALUES (1999, NULL, 6, 'ab', NULL);
INSERT INTO regress_dom VALUES (1999, 5, 500, 'ab', NULL);
INSERT INTO regress_dom VALUES (1999, 5, 6, 'abcd', NULL);
INSERT INTO regress_dom VALUES (1999, 5, 6, 'ab', '{1,2,3}');
INSERT INTO regress_dom SELECT 2001, 7, 8, 'xyz', '{}';
SELECT * FROM regress_dom ORDER BY y, p;
UPDATE regress_dom SET y = y + 1000;
UPDATE regress_dom SET y = y + 1 RETURNING y, p;
UPDATE regress_dom SET p = p - 10;
SELECT y, p, q, c, t, y + 1 AS next_year FROM regress_dom ORDER BY p;
SELECT sum(y), max(y), min(p), avg(q) FROM regress_dom;
SELECT format_type(t.oid, NULL), t.typtype, t.typcategory, t.typlen, t.typbyval, t.typnotnull,
       t.typdefault, format_type(t.typbasetype, t.typtypmod) AS base, t.typinput, t.typoutput,
       t.typreceive, t.typsend, a.typname AS array_name
  FROM pg_type t JOIN pg_type a ON a.oid = t.typarray
  JOIN pg_namespace n ON n.oid = t.typnamespace
 WHERE n.nspname = 'regress_domain' AND t.typtype = 'd' ORDER BY 1;
SELECT c.conname, pg_get_constraintdef(c.oid), c.contypid::regtype, c.conrelid, c.contype,
       c.convalidated
  FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
 WHERE n.nspname = 'regress_domain' ORDER BY 1;
ALTER DOMAIN year ADD CONSTRAINT year_before CHECK (VALUE < 2000);
ALTER DOMAIN year ADD CONSTRAINT year_before CHECK (VALUE < 3000) NOT VALID;
ALTER DOMAIN year ADD CONSTRAINT year_before CHECK (VALUE < 3000);
SELECT 2500::year;
ALTER DOMAIN year VALIDATE CONSTRAINT year_before;
ALTER DOMAIN year VALIDATE CONSTRAINT nope;
ALTER DOMAIN year DROP CONSTRAINT nope;
ALTER DOMAIN year DROP CONSTRAINT IF EXISTS nope;
ALTER DOMAIN year DROP CONSTRAINT year_before;
SELECT 2500::year;
ALTER DOMAIN year SET NOT NULL;
ALTER DOMAIN code SET NOT NULL;
ALTER DOMAIN year SET DEFAULT 1950;
INSERT INTO regress_dom (p) VALUES (7) RETURNING *;
ALTER DOMAIN year DROP DEFAULT;
ALTER DOMAIN year DROP NOT NULL;
ALTER DOMAIN regress_nosuch_type DROP NOT NULL;
ALTER DOMAIN int4 DROP NOT NULL;
DROP DOMAIN posint;
DROP DOMAIN posint CASCADE;
DROP DOMAIN regress_nosuch_type;
DROP DOMAIN IF EXISTS regress_nosuch_type;
DROP DOMAIN int4;
SELECT * FROM regress_dom ORDER BY y;
ALTER DOMAIN code RENAME TO code3;
SELECT 'abcdef'::code3;
DROP TABLE regress_dom;
DROP DOMAIN year, code3, tags, lower_text;
RESET search_path;
DROP SCHEMA regress_domain CASCADE;
