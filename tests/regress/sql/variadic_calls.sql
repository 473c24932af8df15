-- VARIADIC: user functions (SQL and PL/pgSQL) called spread out and with VARIADIC
-- array, built-in VARIADIC "any" functions (concat, concat_ws, format, json[b]_build_*,
-- num_nulls) and VARIADIC text[] ones (json_extract_path) with VARIADIC, NULL and empty
-- arrays, multi-dimensional arrays, the 42804 / 42883 refusals, and the calls printed
-- back by pg_get_viewdef and EXPLAIN VERBOSE.
DROP VIEW IF EXISTS regress_va_v;
DROP FUNCTION IF EXISTS regress_va_sql(int[]);
DROP FUNCTION IF EXISTS regress_va_pl(text, int[]);
CREATE FUNCTION regress_va_sql(VARIADIC a int[]) RETURNS int LANGUAGE sql AS 'SELECT array_length($1, 1)';
CREATE FUNCTION regress_va_pl(x text, VARIADIC a int[]) RETURNS text LANGUAGE plpgsql AS $$BEGIN RETURN x || ':' || array_to_string(a, ','); END$$;
SELECT regress_va_sql(1, 2, 3), regress_va_sql(VARIADIC ARRAY[1, 2]), regress_va_sql(VARIADIC '{4,5,6}'), regress_va_sql(VARIADIC NULL);
SELECT regress_va_sql(VARIADIC 1);
SELECT regress_va_pl('a', 1, 2), regress_va_pl('b', VARIADIC ARRAY[3, 4]), regress_va_pl('c', VARIADIC '{}');
SELECT regress_va_pl('c');
SELECT concat(VARIADIC ARRAY['a', 'b']), concat_ws(',', VARIADIC ARRAY['a', NULL, 'b']), format('%s-%s', VARIADIC ARRAY['x', 'y']);
SELECT concat(VARIADIC NULL::text[]) IS NULL, concat_ws(',', VARIADIC NULL::text[]) IS NULL, format('x', VARIADIC NULL::text[]);
SELECT json_build_object(VARIADIC NULL::text[]) IS NULL, num_nulls(VARIADIC NULL::int[]) IS NULL, jsonb_build_array(VARIADIC NULL::text[]) IS NULL;
SELECT concat(VARIADIC '{}'::text[]), json_build_object(VARIADIC '{}'::text[]), num_nulls(VARIADIC '{}'::int[]), jsonb_build_array(VARIADIC '{}'::int[]);
SELECT json_build_object(VARIADIC ARRAY['a', '1', 'b', NULL]), jsonb_build_object(VARIADIC ARRAY[1, 2]), json_build_array(VARIADIC ARRAY[1.5, 2]);
SELECT json_build_object(VARIADIC ARRAY['a']);
SELECT num_nulls(VARIADIC ARRAY[1, NULL, 3]), num_nonnulls(VARIADIC ARRAY[1, NULL, 3]);
SELECT concat(VARIADIC ARRAY[[1, 2], [3, 4]]), concat(VARIADIC '[0:1]={5,6}'::int[]), format('%2$s %1$s', VARIADIC ARRAY[1, 2]);
SELECT format('%s %s', VARIADIC ARRAY[1]);
SELECT concat(VARIADIC '{a,b}');
SELECT concat(VARIADIC 1);
SELECT concat('a', VARIADIC ARRAY[1, 2]);
SELECT num_nulls(1, VARIADIC ARRAY[NULL]);
SELECT json_extract_path('{"a":{"b":1}}', VARIADIC ARRAY['a', 'b']), jsonb_delete('{"a":1,"b":2}', VARIADIC ARRAY['a']), json_extract_path_text('{"a":{"b":1}}', VARIADIC '{a,b}');
SELECT json_extract_path('{"a":1}', VARIADIC NULL) IS NULL, jsonb_extract_path('{"a":{"b":1}}', VARIADIC '{}');
SELECT jsonb_extract_path('{"a":1}');
SELECT int4multirange(VARIADIC ARRAY[int4range(1, 3), int4range(5, 6)]), int4multirange(VARIADIC '{}'::int4range[]);
SELECT length(VARIADIC 'abc'), array_length(VARIADIC ARRAY[1, 2], 1);
CREATE VIEW regress_va_v AS SELECT regress_va_pl('b', VARIADIC '{3,4}'::int[]) AS a, regress_va_pl('e', 1, 2) AS f, regress_va_sql(1, 2) AS g, concat(VARIADIC '{x}'::text[]) AS c, length(VARIADIC 'abc') AS d, json_extract_path_text('{"a":{"b":1}}', VARIADIC '{a,b}') AS e;
SELECT pg_get_viewdef('regress_va_v');
SELECT * FROM regress_va_v;
EXPLAIN (VERBOSE, COSTS OFF) SELECT regress_va_pl('b', VARIADIC '{3,4}'), concat(VARIADIC ARRAY['x']), format('%s', VARIADIC ARRAY[now()]), json_extract_path_text('{"a":{"b":1}}', VARIADIC '{a,b}');
DROP VIEW regress_va_v;
DROP FUNCTION regress_va_sql(int[]);
DROP FUNCTION regress_va_pl(text, int[]);
