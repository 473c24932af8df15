-- A domain's CHECK runs on NULL too (CHECK (value IS NOT NULL) refuses it), and ADD
-- COLUMN of a constrained domain type gives the existing rows NULL coerced to the
-- domain (or the domain's default), which its NOT NULL or CHECK may refuse; so does
-- a PL/pgSQL variable's initial NULL.
CREATE DOMAIN dnc_notnull AS int CHECK (value IS NOT NULL);
SELECT NULL::dnc_notnull;
SELECT NULL::int::dnc_notnull;
SELECT 1::dnc_notnull;
CREATE TABLE dnc_t (x dnc_notnull);
INSERT INTO dnc_t VALUES (NULL);
INSERT INTO dnc_t DEFAULT VALUES;
INSERT INTO dnc_t VALUES (3);
UPDATE dnc_t SET x = NULL;
SELECT * FROM dnc_t;
DROP TABLE dnc_t;
CREATE DOMAIN dnc_str AS text NOT NULL;
CREATE DOMAIN dnc_str2 AS text CHECK (value <> 'foo') DEFAULT 'foo';
CREATE DOMAIN dnc_str3 AS text CHECK (value <> 'foo');
CREATE TABLE dnc_t (a int, b int);
ALTER TABLE dnc_t ADD COLUMN e dnc_str3;
ALTER TABLE dnc_t ADD COLUMN c dnc_str;
INSERT INTO dnc_t VALUES (1, 2);
ALTER TABLE dnc_t ADD COLUMN c2 dnc_str;
ALTER TABLE dnc_t ADD COLUMN d dnc_str2;
ALTER TABLE dnc_t ADD COLUMN f dnc_str3;
ALTER TABLE dnc_t ADD COLUMN g dnc_str DEFAULT 'x';
ALTER TABLE dnc_t ADD COLUMN h dnc_notnull;
SELECT * FROM dnc_t;
DROP TABLE dnc_t;
DROP DOMAIN dnc_str;
DROP DOMAIN dnc_str2;
DROP DOMAIN dnc_str3;
-- a PL/pgSQL variable of a domain type starts as NULL, which the domain must accept
CREATE DOMAIN dnc_pos AS int4 CHECK (value > 0) NOT NULL;
CREATE FUNCTION dnc_f(p1 dnc_pos) RETURNS dnc_pos AS $$
DECLARE v dnc_pos;
BEGIN
  RETURN p1;
END $$ LANGUAGE plpgsql;
SELECT dnc_f(3);
CREATE OR REPLACE FUNCTION dnc_f(p1 dnc_pos) RETURNS dnc_pos AS $$
DECLARE v dnc_pos := 1; w dnc_notnull := 5;
BEGIN
  RETURN p1;
END $$ LANGUAGE plpgsql;
SELECT dnc_f(3);
SELECT dnc_f(0);
DROP FUNCTION dnc_f(dnc_pos);
DROP DOMAIN dnc_pos;
DROP DOMAIN dnc_notnull;
