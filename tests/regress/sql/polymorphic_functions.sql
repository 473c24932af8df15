-- User functions with polymorphic parameters and results (anyelement, anyarray,
-- anynonarray, anyenum, anyrange, anymultirange, the anycompatible family) in SQL and
-- PL/pgSQL: types bound per call, results typed by the call, the CREATE and call errors.
DROP TYPE IF EXISTS regress_poly_mood;
CREATE TYPE regress_poly_mood AS ENUM ('sad', 'ok', 'happy');
CREATE FUNCTION regress_poly_pair(anyelement, anyelement) RETURNS anyarray
  LANGUAGE sql AS 'SELECT ARRAY[$1, $2]';
CREATE FUNCTION regress_poly_first(anyarray) RETURNS anyelement
  LANGUAGE sql AS 'SELECT $1[1]';
CREATE FUNCTION regress_poly_compat(anycompatible, anycompatible) RETURNS anycompatiblearray
  LANGUAGE sql AS 'SELECT ARRAY[$1, $2]';
CREATE FUNCTION regress_poly_same(x anyelement) RETURNS anyelement LANGUAGE plpgsql AS $$
DECLARE y x%TYPE;
BEGIN
  y := x;
  RETURN y;
END $$;
CREATE FUNCTION regress_poly_lower(r anyrange) RETURNS anyelement
  LANGUAGE sql AS 'SELECT lower(r)';
CREATE FUNCTION regress_poly_text(anynonarray) RETURNS text LANGUAGE sql AS 'SELECT $1::text';
CREATE FUNCTION regress_poly_out(a anyelement, OUT b anyelement, OUT c anyarray)
  LANGUAGE sql AS 'SELECT a, ARRAY[a]';
CREATE FUNCTION regress_poly_enum(anyenum) RETURNS text LANGUAGE sql AS 'SELECT $1::text';
CREATE FUNCTION regress_poly_series(a anyelement, n int) RETURNS SETOF anyelement
  LANGUAGE plpgsql AS $$
BEGIN
  FOR i IN 1..n LOOP
    RETURN NEXT a;
  END LOOP;
END $$;
CREATE FUNCTION regress_poly_sum(v anyarray) RETURNS anyelement LANGUAGE plpgsql AS $$
DECLARE s v%TYPE; total ALIAS FOR $0;
BEGIN
  total := v[1];
  FOR i IN 2..array_length(v, 1) LOOP
    total := total + v[i];
  END LOOP;
  RETURN total;
END $$;
CREATE FUNCTION regress_poly_span(anycompatiblerange, anycompatible) RETURNS anycompatiblerange
  LANGUAGE sql AS 'SELECT $1';
CREATE FUNCTION regress_poly_multi(anymultirange) RETURNS anyrange
  LANGUAGE sql AS 'SELECT range_merge($1)';
CREATE FUNCTION regress_poly_table(a anyelement) RETURNS TABLE (x anyelement, y anyarray)
  LANGUAGE sql AS 'SELECT a, ARRAY[a, a]';
SELECT regress_poly_pair(1, 2), regress_poly_pair('a'::text, 'b'), regress_poly_first(ARRAY[1.5, 2]),
       regress_poly_compat(1, 2.5), regress_poly_same(42), regress_poly_same('x'::text);
SELECT pg_typeof(regress_poly_compat(1, 2.5)), pg_typeof(regress_poly_pair(1::int2, 2::int2)),
       pg_typeof(regress_poly_first(ARRAY['a'::varchar])), pg_typeof(regress_poly_same(now()::date));
SELECT regress_poly_compat('a', 'b'), pg_typeof(regress_poly_compat('a', 'b'));
SELECT regress_poly_pair(1, '7');
SELECT regress_poly_lower(int4range(3, 7)), regress_poly_lower(numrange(1.5, 2));
SELECT regress_poly_text(1), regress_poly_text('x'::text), regress_poly_text(now()::date - now()::date);
SELECT * FROM regress_poly_out(5);
SELECT regress_poly_out('z'::text), (regress_poly_out(2.5)).c;
SELECT regress_poly_enum('ok'::regress_poly_mood);
SELECT * FROM regress_poly_series('ab'::text, 3);
SELECT regress_poly_series(1.5, 2);
SELECT regress_poly_sum(ARRAY[1, 2, 3]), regress_poly_sum(ARRAY[1.5, 2.25]);
SELECT regress_poly_span(int4range(1, 5), 3), regress_poly_span(numrange(1, 5), 3);
SELECT regress_poly_multi(int4multirange(int4range(1, 3), int4range(7, 9)));
SELECT * FROM regress_poly_table(7);
SELECT * FROM regress_poly_table('q'::text);
CREATE FUNCTION regress_poly_alias(int, b text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE a ALIAS FOR $1; bb ALIAS FOR b;
BEGIN
  DECLARE c ALIAS FOR a;
  BEGIN
    a := a + 1;
    RETURN c || bb;
  END;
END $$;
SELECT regress_poly_alias(1, 'x');
DROP FUNCTION regress_poly_alias;
-- procedures
CREATE PROCEDURE regress_poly_proc(a anyelement, INOUT b anyelement, OUT c anyarray)
  LANGUAGE plpgsql AS $$ BEGIN b := a; c := ARRAY[a, a]; END $$;
CALL regress_poly_proc(1, NULL, NULL);
CALL regress_poly_proc('x'::text, NULL, NULL);
CALL regress_poly_proc(1, 'x'::text, NULL);
DROP PROCEDURE regress_poly_proc;
-- calls that do not fit
SELECT regress_poly_pair(1, 'x'::text);
SELECT regress_poly_pair('a', 'b');
SELECT regress_poly_first(1);
SELECT regress_poly_text(ARRAY[1]);
SELECT regress_poly_enum(1);
SELECT regress_poly_pair(1, 2::bigint);
SELECT regress_poly_compat(1, 'x'::text);
SELECT regress_poly_span(int4range(1, 5), 'x'::text);
CREATE FUNCTION regress_poly_stat(x anyarray) RETURNS anyelement LANGUAGE sql AS 'SELECT x[1]';
SELECT regress_poly_stat(stavalues1) FROM pg_statistic;
DROP FUNCTION regress_poly_stat;
-- CREATE refusals
CREATE FUNCTION regress_poly_bad1(anyelement) RETURNS anyrange LANGUAGE sql AS 'SELECT NULL';
CREATE FUNCTION regress_poly_bad2(int) RETURNS anyelement LANGUAGE sql AS 'SELECT NULL';
CREATE FUNCTION regress_poly_bad3(int) RETURNS anycompatiblearray LANGUAGE sql AS 'SELECT NULL';
CREATE FUNCTION regress_poly_bad4(anycompatible) RETURNS anycompatiblerange LANGUAGE sql AS 'SELECT NULL';
CREATE FUNCTION regress_poly_bad5(int, OUT anyelement) LANGUAGE sql AS 'SELECT NULL';
DROP FUNCTION regress_poly_pair, regress_poly_first, regress_poly_compat, regress_poly_same,
  regress_poly_lower, regress_poly_text, regress_poly_out, regress_poly_enum,
  regress_poly_series, regress_poly_sum, regress_poly_span, regress_poly_multi,
  regress_poly_table;
DROP TYPE regress_poly_mood;
