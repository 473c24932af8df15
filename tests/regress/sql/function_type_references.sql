-- compare notices
-- table.column%TYPE as a function's argument or result type: the column's type, with
-- PostgreSQL's notice; the errors of a reference that names nothing.
DROP TABLE IF EXISTS ftr_t CASCADE;
DROP FUNCTION IF EXISTS ftr_g();
CREATE TABLE ftr_t (a int, b text, c numeric(5,2));
CREATE FUNCTION ftr_f(ftr_t.a%type) RETURNS ftr_t AS $$
DECLARE r ftr_t%ROWTYPE; BEGIN SELECT * INTO r FROM ftr_t WHERE a = $1; RETURN r; END $$ LANGUAGE plpgsql;
CREATE FUNCTION ftr_g() RETURNS SETOF public.ftr_t.c%TYPE AS $$ SELECT c FROM ftr_t ORDER BY a $$ LANGUAGE sql;
CREATE FUNCTION ftr_k(x ftr_t.b%TYPE, OUT y ftr_t.c%TYPE) AS $$ SELECT length(x) $$ LANGUAGE sql;
INSERT INTO ftr_t VALUES (1, 'one', 1.5), (2, 'two', 2.25);
SELECT * FROM ftr_f(1);
SELECT * FROM ftr_g() AS g;
SELECT ftr_k('abc');
SELECT pg_get_function_arguments('ftr_f'::regproc), pg_get_function_result('ftr_g'::regproc),
  pg_get_function_arguments('ftr_k'::regproc);
DROP FUNCTION ftr_k(ftr_t.b%TYPE);
CREATE FUNCTION ftr_h(x ftr_t.nope%TYPE) RETURNS int AS 'select 1' LANGUAGE sql;
CREATE FUNCTION ftr_h(x nope.a%TYPE) RETURNS int AS 'select 1' LANGUAGE sql;
CREATE FUNCTION ftr_h(x nosch.nope.a%TYPE) RETURNS int AS 'select 1' LANGUAGE sql;
DROP FUNCTION ftr_g();
DROP TABLE ftr_t CASCADE;
