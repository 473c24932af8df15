-- Choosing among overloaded functions when some candidates are polymorphic: the
-- ranking compares declared types (anyelement is never an exact or preferred match),
-- untyped literals settle on a category per position, polymorphic families fed only
-- by untyped literals fail after the choice; CREATE AGGREGATE's polymorphic state and
-- result checks; array casts through an element I/O cast; name(*) errors.
CREATE SCHEMA poly_cand;
SET search_path = poly_cand, public;
CREATE FUNCTION pick(anyelement) RETURNS text LANGUAGE sql AS $$SELECT 'anyelement'$$;
CREATE FUNCTION pick(int) RETURNS text LANGUAGE sql AS $$SELECT 'int'$$;
CREATE FUNCTION pick(text) RETURNS text LANGUAGE sql AS $$SELECT 'text'$$;
SELECT pick(1), pick(1::int8), pick('x'), pick(1.5), pick('x'::varchar);
SELECT pick(1::smallint);
CREATE FUNCTION pick2(anyelement, anyelement) RETURNS text LANGUAGE sql AS $$SELECT 'any,any'$$;
CREATE FUNCTION pick2(int, numeric) RETURNS text LANGUAGE sql AS $$SELECT 'int,numeric'$$;
SELECT pick2(1, 2), pick2(1, 2.5), pick2(1.5, 2.5), pick2(1, 'b');
SELECT pick2('a', 'b');
CREATE FUNCTION pick3(anyarray) RETURNS text LANGUAGE sql AS $$SELECT 'anyarray'$$;
CREATE FUNCTION pick3(anyelement) RETURNS text LANGUAGE sql AS $$SELECT 'anyelement'$$;
SELECT pick3(1);
SELECT pick3(ARRAY[1]);
SELECT pick3('{1}');
CREATE FUNCTION pick4(anycompatible, anycompatible) RETURNS text LANGUAGE sql
    AS $$SELECT 'compatible ' || pg_typeof($1)$$;
CREATE FUNCTION pick4(float8, float8) RETURNS text LANGUAGE sql AS $$SELECT 'float8'$$;
SELECT pick4(1, 2), pick4(1, 2.5), pick4(1::float4, 2), pick4('1', 2);
SELECT pick4('a', 'b');
CREATE FUNCTION pick5(text, anyelement) RETURNS text LANGUAGE sql AS $$SELECT 'text,any'$$;
CREATE FUNCTION pick5(anyelement, text) RETURNS text LANGUAGE sql AS $$SELECT 'any,text'$$;
SELECT pick5('a', 1), pick5(1, 'a');
SELECT pick5('a', 'b');
CREATE FUNCTION pick6(varchar) RETURNS text LANGUAGE sql AS $$SELECT 'varchar'$$;
CREATE FUNCTION pick6(anyelement) RETURNS text LANGUAGE sql AS $$SELECT 'anyelement'$$;
SELECT pick6('a'), pick6(1);
SELECT pick6('a'::text);
CREATE FUNCTION pick7(int8) RETURNS text LANGUAGE sql AS $$SELECT 'int8'$$;
CREATE FUNCTION pick7(anyenum) RETURNS text LANGUAGE sql AS $$SELECT 'enum'$$;
SELECT pick7(1);
SELECT pick7('a');
CREATE FUNCTION pick8(anyrange) RETURNS text LANGUAGE sql AS $$SELECT 'anyrange'$$;
CREATE FUNCTION pick8(int4range) RETURNS text LANGUAGE sql AS $$SELECT 'int4range'$$;
SELECT pick8(int4range(1, 2)), pick8(numrange(1, 2));
SELECT pick8('[1,2)');
CREATE FUNCTION only_poly(anyelement) RETURNS text LANGUAGE sql AS $$SELECT 'x'$$;
SELECT only_poly('x');
SELECT only_poly('x'::text);

-- CREATE AGGREGATE: a polymorphic state or result needs a polymorphic input
CREATE FUNCTION st_poly(anyarray) RETURNS anyarray LANGUAGE sql AS 'SELECT $1';
CREATE FUNCTION st_int(int[]) RETURNS int[] LANGUAGE sql AS 'SELECT $1';
CREATE FUNCTION tr_poly(anyarray, anyelement) RETURNS anyarray LANGUAGE sql AS 'SELECT $1 || $2';
CREATE FUNCTION tr_int(int[], int) RETURNS int[] LANGUAGE sql AS 'SELECT $1 || $2';
CREATE FUNCTION fin_poly(anyarray) RETURNS anyarray LANGUAGE sql AS 'SELECT $1';
CREATE FUNCTION fin_int(int[]) RETURNS int[] LANGUAGE sql AS 'SELECT $1';
CREATE TABLE agg_in(g text, v int);
INSERT INTO agg_in VALUES ('a', 1), ('a', 2), ('b', 3);
CREATE AGGREGATE agg_a(*) (SFUNC = st_int, STYPE = int4[], FINALFUNC = fin_poly, INITCOND = '{}');
SELECT g, agg_a(*) FROM agg_in GROUP BY g ORDER BY g;
CREATE AGGREGATE agg_b(*) (SFUNC = st_poly, STYPE = anyarray, INITCOND = '{}');
CREATE AGGREGATE agg_c(*) (SFUNC = st_int, STYPE = anyarray, FINALFUNC = fin_poly, INITCOND = '{}');
CREATE AGGREGATE agg_d(BASETYPE = int, SFUNC = tr_poly, STYPE = anyarray, INITCOND = '{}');
CREATE AGGREGATE agg_e(BASETYPE = anyelement, SFUNC = tr_poly, STYPE = int[], INITCOND = '{}');
CREATE AGGREGATE agg_f(BASETYPE = anyelement, SFUNC = tr_poly, STYPE = anyarray,
                       FINALFUNC = fin_int, INITCOND = '{}');
CREATE AGGREGATE agg_g(BASETYPE = int, SFUNC = tr_poly, STYPE = int[], FINALFUNC = fin_poly,
                       INITCOND = '{}');
SELECT g, agg_g(v) FROM agg_in GROUP BY g ORDER BY g;
CREATE AGGREGATE agg_h(BASETYPE = anyelement, SFUNC = tr_poly, STYPE = anyarray, INITCOND = '{}');
SELECT g, agg_h(v), agg_h(v::text) FROM agg_in GROUP BY g ORDER BY g;
SELECT agg_b(*) FROM agg_in;
SELECT pick(*) FROM agg_in;
CREATE FUNCTION no_args() RETURNS int LANGUAGE sql AS 'SELECT 1';
SELECT no_args(*);
DROP AGGREGATE agg_b(*);
DROP AGGREGATE IF EXISTS agg_b(*);
DROP AGGREGATE IF EXISTS agg_b(int, text);
DROP AGGREGATE agg_a(*);
DROP AGGREGATE agg_g(int);
DROP AGGREGATE agg_h(anyelement);

-- arrays cast element by element, through I/O where the elements are
SELECT ARRAY['a', 'b']::text[]::refcursor[];
SELECT ARRAY['a']::varchar[]::refcursor[];
SELECT '{c1,c2}'::refcursor[];
SELECT ARRAY[1]::int[]::refcursor[];

RESET search_path;
DROP SCHEMA poly_cand CASCADE;
