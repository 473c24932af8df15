-- A prepared statement planned again when what it uses changes: ADD / DROP COLUMN, DROP +
-- CREATE of a same-named table, CREATE / DROP INDEX, CREATE OR REPLACE / DROP + CREATE
-- FUNCTION, ALTER COLUMN TYPE, CREATE OR REPLACE VIEW, a search_path change either way
-- (executor/portal_query.py PreparedStatement._revalidate).
CREATE TABLE pi8 (a int, b text);
INSERT INTO pi8 VALUES (1, 'x'), (2, 'y');
PREPARE pi8_q AS SELECT * FROM pi8 ORDER BY a;
EXECUTE pi8_q;
ALTER TABLE pi8 ADD COLUMN c int DEFAULT 7;
EXECUTE pi8_q;
ALTER TABLE pi8 DROP COLUMN b;
EXECUTE pi8_q;
DROP TABLE pi8;
CREATE TABLE pi8 (z text, a int);
INSERT INTO pi8 VALUES ('new', 5);
EXECUTE pi8_q;
PREPARE pi8_w(int) AS SELECT z FROM pi8 WHERE a = $1;
EXPLAIN (COSTS OFF) EXECUTE pi8_w(5);
INSERT INTO pi8 SELECT 'g' || g, g FROM generate_series(1, 2000) g;
ANALYZE pi8;
CREATE INDEX pi8_a ON pi8 (a);
EXPLAIN (COSTS OFF) EXECUTE pi8_w(5);
DROP INDEX pi8_a;
EXPLAIN (COSTS OFF) EXECUTE pi8_w(5);
CREATE FUNCTION pi8_f(int) RETURNS int LANGUAGE sql AS 'SELECT $1 + 1';
PREPARE pi8_fq AS SELECT pi8_f(1);
EXECUTE pi8_fq;
CREATE OR REPLACE FUNCTION pi8_f(int) RETURNS int LANGUAGE sql AS 'SELECT $1 + 100';
EXECUTE pi8_fq;
DROP FUNCTION pi8_f(int);
CREATE FUNCTION pi8_f(int) RETURNS int LANGUAGE sql AS 'SELECT $1 + 1000';
EXECUTE pi8_fq;
ALTER TABLE pi8 ALTER COLUMN a TYPE bigint;
EXECUTE pi8_w(5);
CREATE VIEW pi8_v AS SELECT a FROM pi8 WHERE a < 3;
PREPARE pi8_vq AS SELECT * FROM pi8_v ORDER BY 1;
EXECUTE pi8_vq;
CREATE OR REPLACE VIEW pi8_v AS SELECT a FROM pi8 WHERE a < 4;
EXECUTE pi8_vq;
CREATE SCHEMA pi8s;
CREATE TABLE pi8s.pi8 (z text, a int);
INSERT INTO pi8s.pi8 VALUES ('shadow', 1);
SET search_path = pi8s, public;
EXECUTE pi8_w(1);
RESET search_path;
EXECUTE pi8_w(1);
DEALLOCATE ALL;
DROP SCHEMA pi8s CASCADE;
DROP VIEW pi8_v;
DROP TABLE pi8;
DROP FUNCTION pi8_f(int);
-- A result-type change refused, then undone: the statement runs again. Errors of the
-- statement point into the PREPARE text.
CREATE TABLE pi8r (q1 int8, q2 int8);
INSERT INTO pi8r VALUES (1, 2);
PREPARE pi8r_q AS SELECT * FROM pi8r;
PREPARE pi8r_p(int8) AS SELECT * FROM pi8r WHERE q1 = $1;
ALTER TABLE pi8r ADD COLUMN q3 int8;
EXECUTE pi8r_q;
EXECUTE pi8r_p(1);
ALTER TABLE pi8r DROP COLUMN q3;
EXECUTE pi8r_q;
EXECUTE pi8r_p(1);
DROP TABLE pi8r;
EXECUTE pi8r_q;
EXECUTE pi8r_p(1);
PREPARE pi8r_bad AS SELECT nosuch FROM pg_class;
DEALLOCATE ALL;
