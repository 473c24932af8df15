-- pg_get_functiondef / pg_get_function_sqlbody print a RETURN expr body from its
-- analysed tree: casts and parentheses explicit, all on one line, arguments by name
-- (qualified by the function's name inside a subquery; "" for an unnamed one among
-- named ones); argument names are quoted where needed.
DROP SCHEMA IF EXISTS regress_frbd CASCADE;
CREATE SCHEMA regress_frbd;
SET search_path = regress_frbd;
CREATE TABLE t2 (a int, b int);
CREATE FUNCTION s1(a text, b date) RETURNS boolean LANGUAGE SQL
  RETURN a = 'abcd' AND b > '2001-01-01';
CREATE FUNCTION s2(a text[]) RETURNS int RETURN a[1]::int;
CREATE FUNCTION s3() RETURNS boolean RETURN false;
CREATE FUNCTION s4(x int, int) RETURNS bigint
  RETURN (SELECT count(a) FROM t2 WHERE b > x AND a < $2);
CREATE FUNCTION s5(x int, OUT y int) RETURN x + 1;
CREATE FUNCTION s6("Odd" numeric) RETURNS numeric RETURN "Odd" * 2.5 + 1;
CREATE FUNCTION s7(x int) RETURNS text
  RETURN CASE WHEN x > 0 THEN 'pos' ELSE upper('neg') END || x::text;
CREATE FUNCTION s8(int, int) RETURNS int RETURN $1 * $2;
SELECT proname, pg_get_functiondef(oid) FROM pg_proc
  WHERE pronamespace = 'regress_frbd'::regnamespace ORDER BY proname;
SELECT proname, pg_get_function_sqlbody(oid), pg_get_function_arguments(oid)
  FROM pg_proc WHERE pronamespace = 'regress_frbd'::regnamespace ORDER BY proname;
RESET search_path;
DROP SCHEMA regress_frbd CASCADE;
