-- CREATE AGGREGATE (new and old syntax), running user aggregates (strict and non-strict
-- transition functions, initial values, final functions, DISTINCT / ORDER BY / FILTER,
-- GROUP BY, windows, polymorphic built-in support functions), their pg_proc /
-- pg_aggregate / pg_depend rows, DefineAggregate's errors, OR REPLACE, ALTER AGGREGATE
-- RENAME / OWNER / SET SCHEMA, COMMENT, DROP (commands/aggregate_commands.py).
CREATE SCHEMA agg8;
SET search_path = agg8, public;
CREATE TABLE agg8_t (g int, v int, s text);
INSERT INTO agg8_t VALUES (1, 1, 'a'), (1, 2, 'b'), (1, NULL, NULL), (2, 5, 'c'), (2, 7, 'd'), (3, NULL, NULL);
-- a strict built-in transition function without an initial value: the first input is the state
CREATE AGGREGATE my_sum(int4) (SFUNC = int4pl, STYPE = int4);
SELECT g, my_sum(v) FROM agg8_t GROUP BY g ORDER BY g;
SELECT my_sum(v), my_sum(DISTINCT v), my_sum(v) FILTER (WHERE g = 2) FROM agg8_t;
-- SQL support functions, an initial value and a final function
CREATE FUNCTION agg8_step(state int8[], x int) RETURNS int8[] LANGUAGE sql IMMUTABLE
  AS $$ SELECT ARRAY[state[1] + 1, state[2] + coalesce(x, 0)] $$;
CREATE FUNCTION agg8_final(state int8[]) RETURNS numeric LANGUAGE sql IMMUTABLE
  AS $$ SELECT CASE WHEN state[1] = 0 THEN NULL ELSE state[2]::numeric / state[1] END $$;
CREATE AGGREGATE my_avg(int) (SFUNC = agg8_step, STYPE = int8[], FINALFUNC = agg8_final, INITCOND = '{0,0}');
SELECT g, my_avg(v) FROM agg8_t GROUP BY g ORDER BY g;
SELECT my_avg(v) FROM agg8_t WHERE false;
-- a non-strict PL/pgSQL transition function sees the NULL inputs
CREATE FUNCTION agg8_concat(state text, x text) RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN coalesce(state, '') || coalesce(x, '~'); END $$;
CREATE AGGREGATE my_concat(text) (SFUNC = agg8_concat, STYPE = text);
SELECT g, my_concat(s ORDER BY s DESC) FROM agg8_t GROUP BY g ORDER BY g;
SELECT g, v, my_sum(v) OVER (ORDER BY g, v ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM agg8_t ORDER BY g, v;
-- the old syntax, a count(*)-like aggregate, qualified calls
CREATE AGGREGATE my_count (BASETYPE = 'ANY', SFUNC = int8inc, STYPE = int8, INITCOND = '0');
CREATE AGGREGATE my_max (BASETYPE = int4, SFUNC1 = int4larger, STYPE1 = int4);
SELECT agg8.my_count(*), my_max(v), agg8.my_sum(v) FROM agg8_t;
SELECT g, my_count(*) FROM agg8_t GROUP BY g HAVING my_count(*) > 1 ORDER BY 1;
-- polymorphic built-in support functions and the usual built-in transition functions
CREATE AGGREGATE my_array(anycompatible) (SFUNC = array_append, STYPE = anycompatiblearray, INITCOND = '{}');
SELECT my_array(x) AS ints, my_array(x::text) AS texts FROM generate_series(1, 3) x;
CREATE AGGREGATE my_cat(anycompatiblearray) (SFUNC = array_cat, STYPE = anycompatiblearray);
SELECT my_cat(ARRAY[x, x]) FROM generate_series(1, 3) x;
CREATE AGGREGATE my_and(bool) (SFUNC = booland_statefunc, STYPE = bool);
CREATE AGGREGATE my_total(int4) (SFUNC = int4_sum, STYPE = int8);
CREATE AGGREGATE my_min(text) (SFUNC = text_smaller, STYPE = text, SORTOP = <);
SELECT my_and(x > 0), my_total(x), my_min(x::text) FROM generate_series(-1, 11) x;
SELECT my_total(x) OVER (ORDER BY x), my_total(x ORDER BY x DESC) OVER () FROM generate_series(1, 4) x;
PREPARE agg8_q AS SELECT my_total(x) FROM generate_series(1, $1) x;
EXECUTE agg8_q(10);
DEALLOCATE agg8_q;
-- the catalog rows
SELECT p.proname, p.prokind, p.prolang, p.procost, p.provolatile, p.proisstrict, p.proparallel,
       p.pronargs, p.prorettype::regtype, p.proargtypes::regtype[], p.prosrc, p.proacl
  FROM pg_proc p WHERE p.pronamespace = 'agg8'::regnamespace AND p.prokind = 'a' ORDER BY 1;
SELECT a.aggfnoid::regprocedure, a.aggkind, a.aggnumdirectargs, a.aggtransfn, a.aggfinalfn,
       a.aggcombinefn, a.aggmtransfn, a.aggfinalextra, a.aggfinalmodify, a.aggmfinalmodify,
       a.aggsortop::regoper, a.aggtranstype::regtype, a.aggtransspace, a.agginitval, a.aggminitval
  FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
 WHERE p.pronamespace = 'agg8'::regnamespace ORDER BY p.proname;
SELECT pg_describe_object(classid, objid, objsubid) AS obj,
       pg_describe_object(refclassid, refobjid, refobjsubid) AS ref, deptype
  FROM pg_depend WHERE classid = 'pg_proc'::regclass
   AND objid IN (SELECT oid FROM pg_proc WHERE pronamespace = 'agg8'::regnamespace AND prokind = 'a')
 ORDER BY 1, 2;
SELECT pg_get_function_arguments('my_total'::regproc), pg_get_function_result('my_total'::regproc),
       pg_get_function_identity_arguments('my_count'::regproc);
-- psql's \da
SELECT n.nspname, p.proname, pg_catalog.format_type(p.prorettype, NULL) AS result,
       CASE WHEN p.pronargs = 0 THEN CAST('*' AS pg_catalog.text)
            ELSE pg_catalog.pg_get_function_arguments(p.oid) END AS args
  FROM pg_catalog.pg_proc p LEFT JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
 WHERE p.prokind = 'a' AND n.nspname = 'agg8' ORDER BY 1, 2, 4;
-- every attribute
CREATE AGGREGATE my_full(int4) (SFUNC = int4pl, STYPE = int4, COMBINEFUNC = int4pl,
  MSFUNC = int4pl, MINVFUNC = int4mi, MSTYPE = int4, MINITCOND = '0', SSPACE = 10,
  FINALFUNC_MODIFY = read_write, SORTOP = <, PARALLEL = safe);
SELECT aggcombinefn, aggmtransfn, aggminvtransfn, aggfinalmodify, aggsortop::regoper,
       aggtransspace, aggmtranstype::regtype, aggminitval, p.proparallel
  FROM pg_aggregate JOIN pg_proc p ON p.oid = aggfnoid WHERE aggfnoid = 'my_full'::regproc;
SELECT my_full(v) FROM agg8_t;
-- errors, in DefineAggregate's order
CREATE AGGREGATE bad(int4) (STYPE = int4);
CREATE AGGREGATE bad(int4) (SFUNC = int4pl);
CREATE AGGREGATE bad(int4) (SFUNC = int4pl, STYPE = int4, BASETYPE = int4);
CREATE AGGREGATE bad (SFUNC = int4pl, STYPE = int4);
CREATE AGGREGATE bad(int4) (SFUNC = nosuch, STYPE = int4);
CREATE AGGREGATE bad(int4) (SFUNC = int4pl, STYPE = int8);
CREATE AGGREGATE bad(int4) (SFUNC = int4pl, STYPE = int4, INITCOND = 'abc');
CREATE AGGREGATE bad(int4) (SFUNC = int4pl, STYPE = cstring);
CREATE AGGREGATE bad(int4) (SFUNC = int4pl, STYPE = int4, FINALFUNC = nosuch);
CREATE AGGREGATE bad(int4) (SFUNC = int4pl, STYPE = int4, MSFUNC = int4pl);
CREATE AGGREGATE bad(int4) (SFUNC = int4pl, STYPE = int4, PARALLEL = bogus);
CREATE AGGREGATE bad(int4, int4) (SFUNC = int4pl, STYPE = int4, SORTOP = <);
CREATE AGGREGATE nosuch_schema.bad(int4) (SFUNC = int4pl, STYPE = int4);
CREATE AGGREGATE bad(int4) (SFUNC = int4pl, STYPE = int4, FINALFUNC = int4pl);
CREATE AGGREGATE bad(int4) (SFUNC = agg8_final, STYPE = int4);
CREATE AGGREGATE my_sum(int4) (SFUNC = int4pl, STYPE = int4);
CREATE AGGREGATE agg8_final(int8[]) (SFUNC = array_cat, STYPE = int8[]);
CREATE OR REPLACE AGGREGATE agg8_step(int8[], int) (SFUNC = agg8_step, STYPE = int8[]);
CREATE AGGREGATE warned(int4) (SFUNC = int4pl, STYPE = int4, FOO = 1);
SELECT warned(v) FROM agg8_t;
-- OR REPLACE swaps the support functions
CREATE OR REPLACE AGGREGATE my_sum(int4) (SFUNC = int4mul, STYPE = int4);
SELECT my_sum(v) FROM agg8_t;
-- aggregates are not plain functions, and the other way round
SELECT my_sum(v) FROM agg8_t WHERE my_sum(v) > 0;
SELECT agg8_final(ARRAY[1,2]::int8[]) AS not_an_aggregate;
-- ALTER AGGREGATE, COMMENT
ALTER AGGREGATE my_and(bool) RENAME TO my_all;
ALTER AGGREGATE my_max(int4) RENAME TO my_full;
ALTER AGGREGATE my_all(bool) OWNER TO CURRENT_USER;
ALTER AGGREGATE agg8_step(int8[], int) RENAME TO x;
CREATE SCHEMA agg8c;
ALTER AGGREGATE my_all(bool) SET SCHEMA agg8c;
ALTER AGGREGATE agg8c.my_all(bool) SET SCHEMA agg8c;
SELECT agg8c.my_all(x > 0) FROM generate_series(1, 3) x;
SELECT proname, pronamespace::regnamespace FROM pg_proc WHERE proname = 'my_all';
COMMENT ON AGGREGATE my_total(int4) IS 'a total';
SELECT obj_description('my_total'::regproc, 'pg_proc');
-- DROP
DROP FUNCTION my_total(int4);
DROP ROUTINE my_total(int4);
DROP FUNCTION agg8_step(int8[], int);
DROP AGGREGATE my_sum(int4), nosuch(int);
DROP AGGREGATE IF EXISTS nosuch(int);
DROP AGGREGATE agg8_final(int8[]);
DROP AGGREGATE my_sum(int4);
SELECT my_sum(v) FROM agg8_t;
DROP FUNCTION agg8_concat(text, text) CASCADE;
SELECT count(*) FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid WHERE p.proname = 'my_concat';
DROP SCHEMA agg8, agg8c CASCADE;
SELECT count(*) FROM pg_aggregate WHERE aggfnoid NOT IN (SELECT oid FROM pg_proc);
RESET search_path;
