-- User-defined ordered-set and hypothetical-set aggregates (CREATE AGGREGATE name(direct
-- ORDER BY aggregated)): their pg_proc / pg_aggregate rows, calls WITHIN GROUP over
-- PostgreSQL's own support functions and over SQL ones (which see the rows unsorted),
-- direct arguments per group, FINALFUNC_EXTRA, the errors, ALTER / COMMENT / DROP.
CREATE SCHEMA osa;
SET search_path = osa, public;
CREATE AGGREGATE my_pdisc(float8 ORDER BY anyelement) (stype = internal,
  sfunc = ordered_set_transition, finalfunc = percentile_disc_final,
  finalfunc_extra = true, finalfunc_modify = read_write);
CREATE AGGREGATE my_pcont(float8 ORDER BY float8) (stype = internal,
  sfunc = ordered_set_transition, finalfunc = percentile_cont_float8_final);
CREATE AGGREGATE my_pcont_multi(float8[] ORDER BY float8) (stype = internal,
  sfunc = ordered_set_transition, finalfunc = percentile_cont_float8_multi_final);
CREATE AGGREGATE my_mode(ORDER BY anyelement) (stype = internal,
  sfunc = ordered_set_transition, finalfunc = mode_final, finalfunc_extra);
CREATE AGGREGATE my_rank(VARIADIC "any" ORDER BY VARIADIC "any") (stype = internal,
  sfunc = ordered_set_transition_multi, finalfunc = rank_final, finalfunc_extra,
  hypothetical);
CREATE AGGREGATE my_dense_rank(VARIADIC "any" ORDER BY VARIADIC "any") (stype = internal,
  sfunc = ordered_set_transition_multi, finalfunc = dense_rank_final, finalfunc_extra,
  hypothetical);
CREATE AGGREGATE my_cume_dist(VARIADIC "any" ORDER BY VARIADIC "any") (stype = internal,
  sfunc = ordered_set_transition_multi, finalfunc = cume_dist_final, finalfunc_extra,
  hypothetical);
SELECT p.proname, p.pronargs, p.proargtypes::regtype[]::text, p.provariadic::regtype,
       p.proargmodes, a.aggkind, a.aggnumdirectargs, a.aggfinalextra, a.aggfinalmodify,
       a.aggtransfn, a.aggfinalfn, p.prorettype::regtype
  FROM pg_proc p JOIN pg_aggregate a ON a.aggfnoid = p.oid
  WHERE p.pronamespace = 'osa'::regnamespace ORDER BY 1;
SELECT p.proname, pg_get_function_arguments(p.oid), pg_get_function_identity_arguments(p.oid),
       p.oid::regprocedure::text
  FROM pg_proc p WHERE p.pronamespace = 'osa'::regnamespace ORDER BY 1;
CREATE TABLE osa_t (g int, x int, f float8);
INSERT INTO osa_t SELECT i % 3, i, i / 4.0 FROM generate_series(1, 20) i;
INSERT INTO osa_t VALUES (1, NULL, NULL), (2, 7, 1.75);
SELECT my_pdisc(0.5) WITHIN GROUP (ORDER BY x), percentile_disc(0.5) WITHIN GROUP (ORDER BY x),
       my_pdisc(0.5) WITHIN GROUP (ORDER BY x DESC), my_pcont(0.25) WITHIN GROUP (ORDER BY f),
       my_pcont_multi(ARRAY[0, 0.5, 1]) WITHIN GROUP (ORDER BY f),
       my_mode() WITHIN GROUP (ORDER BY x % 4) FROM osa_t;
SELECT g, my_pdisc(g / 4.0) WITHIN GROUP (ORDER BY x), my_rank(10) WITHIN GROUP (ORDER BY x),
       rank(10) WITHIN GROUP (ORDER BY x), my_dense_rank(7) WITHIN GROUP (ORDER BY x),
       dense_rank(7) WITHIN GROUP (ORDER BY x), my_cume_dist(7, 1.0) WITHIN GROUP (ORDER BY x, f),
       my_rank(7) WITHIN GROUP (ORDER BY x DESC NULLS LAST)
  FROM osa_t GROUP BY g ORDER BY g;
SELECT my_rank(3) WITHIN GROUP (ORDER BY x) FILTER (WHERE x > 1),
       my_pdisc(0.5) WITHIN GROUP (ORDER BY x) FILTER (WHERE g = 0) FROM osa_t;
SELECT my_rank(1) WITHIN GROUP (ORDER BY x), my_pdisc(0.5) WITHIN GROUP (ORDER BY x)
  FROM osa_t WHERE false;
SELECT pg_typeof(my_pdisc(0.5) WITHIN GROUP (ORDER BY f)),
       pg_typeof(my_pdisc(0.5) WITHIN GROUP (ORDER BY x::text)) FROM osa_t;
-- SQL support functions: the transition function sees the rows as they come
CREATE FUNCTION osa_sfunc(text[], text) RETURNS text[] LANGUAGE sql AS 'SELECT $1 || $2';
CREATE FUNCTION osa_ffunc(text[], int) RETURNS text LANGUAGE sql
  AS 'SELECT array_to_string($1, $2::text)';
CREATE FUNCTION osa_ffunc2(text[], int, text) RETURNS text LANGUAGE sql
  AS 'SELECT array_to_string($1, $2::text) || coalesce($3, ''-null'')';
CREATE FUNCTION osa_strict_final(text[], int) RETURNS text LANGUAGE sql STRICT
  AS 'SELECT cardinality($1) || '':'' || $2';
CREATE AGGREGATE osa_cat(int ORDER BY text) (sfunc = osa_sfunc, stype = text[],
  finalfunc = osa_ffunc, initcond = '{}');
CREATE AGGREGATE osa_cat2(int ORDER BY text) (sfunc = osa_sfunc, stype = text[],
  finalfunc = osa_ffunc2, finalfunc_extra, initcond = '{}');
CREATE AGGREGATE osa_count(int ORDER BY text) (sfunc = osa_sfunc, stype = text[],
  finalfunc = osa_strict_final, initcond = '{}');
SELECT osa_cat(7) WITHIN GROUP (ORDER BY v::text DESC) FROM (VALUES (3), (1), (2)) s(v);
SELECT osa_cat2(0) WITHIN GROUP (ORDER BY v::text) FROM (VALUES (3), (1), (2)) s(v);
SELECT osa_count(5) WITHIN GROUP (ORDER BY v::text), osa_count(NULL) WITHIN GROUP (ORDER BY v::text)
  FROM (VALUES (3), (1), (2)) s(v);
SELECT v % 2, osa_cat(v) WITHIN GROUP (ORDER BY 'x') FROM (VALUES (3), (1), (2)) s(v)
  GROUP BY v % 2 ORDER BY 1;
-- errors
SELECT my_pdisc(x) FROM osa_t;
SELECT my_pdisc(0.5, x) FROM osa_t;
SELECT osa_cat(1, 'a'), osa_cat(1, 2) FROM osa_t;
SELECT osa_cat(1, 'a') OVER () FROM osa_t;
SELECT my_rank(1, 2, 3) FROM osa_t;
SELECT percentile_disc(0.5, 1), rank(1, 2) FROM osa_t;
SELECT mode(x) FROM osa_t;
SELECT rank(x) OVER () FROM osa_t;
SELECT my_pdisc(0.5, 1) WITHIN GROUP (ORDER BY x) FROM osa_t;
SELECT osa_cat(7) WITHIN GROUP (ORDER BY x::text) OVER () FROM osa_t;
SELECT my_pdisc(2) WITHIN GROUP (ORDER BY x) FROM osa_t;
CREATE AGGREGATE osa_bad(int ORDER BY text) (sfunc = osa_sfunc, stype = text[], hypothetical);
CREATE AGGREGATE osa_bad(int) (sfunc = int4pl, stype = int, hypothetical);
CREATE AGGREGATE osa_bad(int ORDER BY text) (sfunc = osa_sfunc, stype = text[], sortop = <);
CREATE AGGREGATE osa_bad(int ORDER BY text) (sfunc = osa_sfunc, stype = text[],
  combinefunc = osa_sfunc);
CREATE AGGREGATE osa_bad(int ORDER BY int) (sfunc = osa_sfunc, stype = text[]);
CREATE AGGREGATE osa_bad(int ORDER BY text) (sfunc = osa_sfunc, stype = text[],
  finalfunc = osa_strict_final, finalfunc_extra);
CREATE AGGREGATE osa_bad(int ORDER BY text) (sfunc = osa_sfunc, stype = text[],
  finalfunc = osa_ffunc2);
-- OR REPLACE keeps the kind and the number of direct arguments
CREATE FUNCTION osa_sfunc3(text[], text, text) RETURNS text[] LANGUAGE sql
  AS 'SELECT $1 || $2 || $3';
CREATE AGGREGATE osa_plain(text, text) (sfunc = osa_sfunc3, stype = text[]);
CREATE OR REPLACE AGGREGATE osa_plain(text ORDER BY text) (sfunc = osa_sfunc, stype = text[]);
CREATE OR REPLACE AGGREGATE osa_cat2(int, text) (sfunc = osa_sfunc3, stype = text[]);
CREATE OR REPLACE AGGREGATE osa_cat2(int ORDER BY text) (sfunc = osa_sfunc, stype = text[],
  hypothetical);
CREATE AGGREGATE osa_d(text, text ORDER BY text) (sfunc = osa_sfunc, stype = text[]);
CREATE OR REPLACE AGGREGATE osa_d(text ORDER BY text, text) (sfunc = osa_sfunc3, stype = text[]);
CREATE OR REPLACE AGGREGATE osa_d(text, text ORDER BY text) (sfunc = osa_sfunc, stype = text[],
  initcond = '{x}');
SELECT osa_d('a', 'b') WITHIN GROUP (ORDER BY 'c');
-- ALTER, COMMENT, DROP
ALTER AGGREGATE osa_cat(int ORDER BY text) RENAME TO osa_cat3;
COMMENT ON AGGREGATE osa_cat3(int ORDER BY text) IS 'ordered';
SELECT obj_description('osa_cat3'::regproc, 'pg_proc');
ALTER AGGREGATE osa_cat3(int ORDER BY text) SET SCHEMA public;
SELECT public.osa_cat3(1) WITHIN GROUP (ORDER BY 'a');
DROP AGGREGATE public.osa_cat3(int ORDER BY text);
DROP AGGREGATE osa_cat2(int, text);
DROP AGGREGATE my_rank(VARIADIC "any" ORDER BY VARIADIC "any");
DROP AGGREGATE IF EXISTS my_rank(VARIADIC "any" ORDER BY VARIADIC "any");
DROP AGGREGATE my_pdisc(float8 ORDER BY text);
DROP FUNCTION osa_sfunc(text[], text);
RESET search_path;
DROP SCHEMA osa CASCADE;
