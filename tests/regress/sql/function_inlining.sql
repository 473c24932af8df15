-- SQL functions inlined by the planner (PostgreSQL's inline_function and
-- inline_set_returning_function): EXPLAIN shows the body's expression or tables; calls
-- that must not be inlined (volatile body in an immutable function, a strict function
-- whose body is not strict, constant arguments of an immutable one) stay calls.
DROP FUNCTION IF EXISTS regress_fi_add1(int4), regress_fi_twice(int4), regress_fi_coalesce(int4), regress_fi_coalesce2(int4), regress_fi_rand(int4), regress_fi_nest(int4), regress_fi_upper(text), regress_fi_rows(int4), regress_fi_tab(int4), regress_fi_count();
DROP TABLE IF EXISTS regress_fi_t;
CREATE TABLE regress_fi_t (a int4, b int4, c text);
INSERT INTO regress_fi_t VALUES (1, 10, 'x'), (2, 20, 'y'), (NULL, 30, 'z'), (4, NULL, NULL);
CREATE OR REPLACE FUNCTION regress_fi_add1(int4) RETURNS int4 LANGUAGE sql IMMUTABLE AS 'SELECT $1 + 1';
CREATE OR REPLACE FUNCTION regress_fi_twice(x int4) RETURNS int4 LANGUAGE sql IMMUTABLE STRICT AS 'SELECT x + x';
CREATE OR REPLACE FUNCTION regress_fi_coalesce(int4) RETURNS int4 LANGUAGE sql IMMUTABLE STRICT AS 'SELECT coalesce($1, 0)';
CREATE OR REPLACE FUNCTION regress_fi_coalesce2(int4) RETURNS int4 LANGUAGE sql IMMUTABLE AS 'SELECT coalesce($1, 0)';
CREATE OR REPLACE FUNCTION regress_fi_rand(int4) RETURNS float8 LANGUAGE sql IMMUTABLE AS 'SELECT random() + $1';
CREATE OR REPLACE FUNCTION regress_fi_nest(int4) RETURNS int4 LANGUAGE sql STABLE AS 'SELECT regress_fi_add1($1) * 2';
CREATE OR REPLACE FUNCTION regress_fi_upper(t text) RETURNS text LANGUAGE sql AS $$SELECT upper(t) || '!'$$;
CREATE OR REPLACE FUNCTION regress_fi_rows(int4) RETURNS SETOF regress_fi_t LANGUAGE sql STABLE AS 'SELECT * FROM regress_fi_t WHERE a > $1';
CREATE OR REPLACE FUNCTION regress_fi_tab(lim int4) RETURNS TABLE (x int4, y text) LANGUAGE sql STABLE AS 'SELECT a, c FROM regress_fi_t WHERE b < lim';
CREATE OR REPLACE FUNCTION regress_fi_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM regress_fi_t';
EXPLAIN (COSTS OFF) SELECT regress_fi_add1(a) FROM regress_fi_t;
SELECT regress_fi_add1(a) FROM regress_fi_t;
EXPLAIN (COSTS OFF) SELECT * FROM regress_fi_t WHERE regress_fi_add1(a) > 2;
SELECT * FROM regress_fi_t WHERE regress_fi_add1(a) > 2;
EXPLAIN (COSTS OFF) SELECT regress_fi_twice(a), regress_fi_twice(a + b) FROM regress_fi_t;
SELECT regress_fi_twice(a), regress_fi_twice(a + b) FROM regress_fi_t;
EXPLAIN (COSTS OFF) SELECT regress_fi_coalesce(a), regress_fi_coalesce2(a) FROM regress_fi_t;
SELECT regress_fi_coalesce(a), regress_fi_coalesce2(a) FROM regress_fi_t;
EXPLAIN (COSTS OFF) SELECT regress_fi_rand(a) > 0 FROM regress_fi_t;
EXPLAIN (COSTS OFF) SELECT regress_fi_nest(b) FROM regress_fi_t;
SELECT regress_fi_nest(b) FROM regress_fi_t;
EXPLAIN (COSTS OFF) SELECT regress_fi_upper(c) FROM regress_fi_t;
SELECT regress_fi_upper(c) FROM regress_fi_t;
EXPLAIN (COSTS OFF) SELECT regress_fi_count();
SELECT regress_fi_count();
EXPLAIN (COSTS OFF) SELECT * FROM regress_fi_rows(1);
SELECT * FROM regress_fi_rows(1);
EXPLAIN (COSTS OFF) SELECT * FROM regress_fi_tab(25) f JOIN regress_fi_t t ON t.a = f.x;
SELECT * FROM regress_fi_tab(25) f JOIN regress_fi_t t ON t.a = f.x;
EXPLAIN (COSTS OFF) SELECT * FROM regress_fi_rows(1) WITH ORDINALITY;
SELECT * FROM regress_fi_rows(1) WITH ORDINALITY;
SELECT regress_fi_add1(2147483647);
DROP FUNCTION IF EXISTS regress_fi_add1(int4), regress_fi_twice(int4), regress_fi_coalesce(int4), regress_fi_coalesce2(int4), regress_fi_rand(int4), regress_fi_nest(int4), regress_fi_upper(text), regress_fi_rows(int4), regress_fi_tab(int4), regress_fi_count();
DROP TABLE regress_fi_t;
