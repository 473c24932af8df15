-- ROWS FROM (f(), g()) in FROM: rows side by side, shorter calls padded with NULLs, WITH
-- ORDINALITY, column definition lists for functions returning "record" (per function
-- and for the whole item), multi-argument unnest (split into ROWS FROM of one-argument
-- unnest calls), column names and aliases, LATERAL use, EXPLAIN naming, and the 42601 /
-- 42P10 refusals of transformRangeFunction / addRangeTableEntryForFunction.
DROP VIEW IF EXISTS regress_rf_v1, regress_rf_v2, regress_rf_v3, regress_rf_v4;
DROP TABLE IF EXISTS regress_rf_target;
DROP TABLE IF EXISTS regress_rf;
DROP FUNCTION IF EXISTS regress_rf_rec();
DROP FUNCTION IF EXISTS regress_rf_out();
CREATE TABLE regress_rf (id int, a int[], b text[]);
INSERT INTO regress_rf VALUES (1, '{1,2}', '{x}'), (2, NULL, '{y,z}'), (3, '{}', '{}');
CREATE TABLE regress_rf_target (id serial, name varchar(20), n int);
CREATE FUNCTION regress_rf_rec() RETURNS SETOF record LANGUAGE sql AS $$ VALUES (1, 'a'::text), (2, 'b') $$;
CREATE FUNCTION regress_rf_out(OUT p int, OUT q text) RETURNS SETOF record LANGUAGE sql AS $$ VALUES (7, 'q'::text) $$;
SELECT * FROM ROWS FROM (generate_series(1, 3), unnest(array['a', 'b']));
SELECT * FROM ROWS FROM (generate_series(1, 3), unnest(array['a', 'b'])) WITH ORDINALITY;
SELECT * FROM ROWS FROM (generate_series(1, 3), unnest(array['a', 'b'])) AS t(x, y);
SELECT * FROM ROWS FROM (generate_series(1, 3), unnest(array['a', 'b'])) WITH ORDINALITY AS t(x, y, z);
SELECT * FROM ROWS FROM (generate_series(1, 3), unnest(array['a', 'b'])) AS t(x, y, z);
SELECT * FROM ROWS FROM (generate_series(1, 2)) AS t;
SELECT * FROM ROWS FROM (generate_series(1, 2)) WITH ORDINALITY AS t;
SELECT * FROM ROWS FROM (upper('x'), lower('Y')) t;
SELECT * FROM ROWS FROM (upper('x')) AS t(z);
SELECT * FROM ROWS FROM (unnest(array[1, 2]), unnest(NULL::int[]));
SELECT * FROM ROWS FROM (unnest('{}'::int[]), unnest('{}'::text[]));
SELECT * FROM ROWS FROM (json_each('{"a": 1, "b": 2}'), generate_series(1, 3)) WITH ORDINALITY;
SELECT t FROM ROWS FROM (generate_series(1, 2), unnest(array['a'])) t;
-- column definition lists
SELECT * FROM regress_rf_rec() AS (a int, b text);
SELECT * FROM regress_rf_rec() AS t(a int, b text) WHERE a > 1;
SELECT * FROM ROWS FROM (regress_rf_rec() AS (a int, b text), regress_rf_out(), generate_series(1, 3)) WITH ORDINALITY;
SELECT * FROM ROWS FROM (regress_rf_rec() AS (a int, b text), regress_rf_out(), generate_series(1, 3)) WITH ORDINALITY AS x(c1, c2, c3, c4, c5, c6);
SELECT * FROM ROWS FROM (regress_rf_rec()) AS (a int, b text);
SELECT * FROM ROWS FROM (regress_rf_rec() AS (a int, b text)) WITH ORDINALITY r WHERE ordinality > 1;
SELECT * FROM regress_rf_rec() AS (a int, b int);
SELECT * FROM regress_rf_rec() AS (a int, b varchar);
SELECT * FROM regress_rf_rec() AS (a int);
SELECT regress_rf_rec();
SELECT * FROM regress_rf_rec();
SELECT * FROM ROWS FROM (regress_rf_rec(), generate_series(1, 3));
SELECT * FROM generate_series(1, 2) AS (a int);
SELECT * FROM ROWS FROM (generate_series(1, 3)) AS (a int);
SELECT * FROM regress_rf_out() AS (a int, b text);
SELECT * FROM upper('x') AS (a text);
SELECT * FROM ROWS FROM (generate_series(1, 2), unnest(array[1])) AS (a int);
SELECT * FROM ROWS FROM (generate_series(1, 2), unnest(array[1])) AS t(a int);
SELECT * FROM ROWS FROM (regress_rf_rec() AS (a int, b text)) WITH ORDINALITY AS x(c1, c2, c3, c4);
-- multi-argument unnest
SELECT * FROM unnest(array[1, 2], array['x']::text[]);
SELECT * FROM unnest(array[1, 2], array['x']::text[]) AS u(a, b);
SELECT * FROM unnest(array[1, 2], array['x']::text[], array[true, false, NULL]) WITH ORDINALITY;
SELECT * FROM unnest(array[[1, 2], [3, 4]], array[5]);
SELECT u FROM unnest(array[1, 2], array['x']::text[]) AS u;
SELECT * FROM unnest(array[1], array[2]) AS (a int);
SELECT * FROM pg_catalog.unnest(array[1, 2], array['x']::text[]);
SELECT r.id, u.* FROM regress_rf r, unnest(r.a, r.b) WITH ORDINALITY u(a, b, n) ORDER BY r.id, n;
SELECT r.id, u.* FROM regress_rf r LEFT JOIN LATERAL unnest(r.a, r.b) u(a, b) ON true ORDER BY 1, 2, 3;
INSERT INTO regress_rf_target (name, n) SELECT * FROM UNNEST(('{"one","two","three"}')::varchar[], ('{1,2,3}'::int2[])::integer[]) RETURNING id, name, n;
SELECT key, option, arridx FROM (SELECT * FROM (VALUES ('1 2'::int2vector, '0 3'::int2vector)) v(k, o), unnest(v.k, v.o) WITH ORDINALITY koi(key, option, arridx)) s ORDER BY arridx;
PREPARE regress_rf_p(int[], text[]) AS SELECT * FROM unnest($1, $2) WITH ORDINALITY;
EXECUTE regress_rf_p('{1,2,3}', '{a}');
DEALLOCATE regress_rf_p;
-- calls in FROM whose arguments fold (the call itself stays a call)
SELECT * FROM upper('x');
SELECT * FROM abs(-3) WITH ORDINALITY;
SELECT * FROM generate_series(1, 1 + 1) g;
SELECT * FROM ROWS FROM (upper('x' || 'y'), generate_series(1, 2)) t;
EXPLAIN (COSTS OFF) SELECT * FROM upper('x');
EXPLAIN (COSTS OFF) SELECT * FROM ROWS FROM (upper('x' || 'y'), generate_series(1, 2)) t;
-- view definitions (pg_get_viewdef)
CREATE VIEW regress_rf_v1 AS SELECT * FROM ROWS FROM (generate_series(1, 2), regress_rf_rec() AS (a int, b text)) t;
SELECT pg_get_viewdef('regress_rf_v1');
CREATE VIEW regress_rf_v2 AS SELECT * FROM regress_rf_rec() AS t(a int, b varchar(3));
SELECT pg_get_viewdef('regress_rf_v2');
CREATE VIEW regress_rf_v3 AS SELECT * FROM ROWS FROM (regress_rf_rec() AS (a int, b text)) WITH ORDINALITY AS t(x);
SELECT pg_get_viewdef('regress_rf_v3');
SELECT * FROM regress_rf_v3;
CREATE VIEW regress_rf_v4 AS SELECT r.id, u.* FROM regress_rf r, unnest(r.a, r.b) WITH ORDINALITY u(x, y, n);
SELECT pg_get_viewdef('regress_rf_v4');
SELECT * FROM regress_rf_v4 ORDER BY id, n;
DROP VIEW regress_rf_v1, regress_rf_v2, regress_rf_v3, regress_rf_v4;
-- plans
EXPLAIN (COSTS OFF) SELECT * FROM ROWS FROM (generate_series(1, 2), generate_series(1, 3));
EXPLAIN (COSTS OFF) SELECT * FROM ROWS FROM (generate_series(1, 2)) WITH ORDINALITY AS u;
EXPLAIN (COSTS OFF) SELECT * FROM unnest(array[1, 2], array['x']::text[]) AS u;
EXPLAIN (COSTS OFF) SELECT * FROM regress_rf_rec() AS t(a int, b text) WHERE a > 1;
EXPLAIN (COSTS OFF) SELECT r.id, u.* FROM regress_rf r, unnest(r.a, r.b) WITH ORDINALITY u(a, b, n);
DROP TABLE regress_rf_target;
DROP TABLE regress_rf;
DROP FUNCTION regress_rf_rec();
DROP FUNCTION regress_rf_out();
-- unnest with several arrays inside ROWS FROM is spread into one unnest per array
-- (with a column definition list it stays one call, which does not exist)
SELECT * FROM ROWS FROM (unnest(ARRAY[10, 20], ARRAY['p', 'q', 'r']), generate_series(7, 8))
  WITH ORDINALITY AS z(a, b, c, n);
SELECT * FROM ROWS FROM (unnest(ARRAY[1, 2], ARRAY[3]) AS (a int, b int));
-- a function returning a composite type rounds to its columns' typmods
CREATE TYPE rf_money AS (exact numeric(20, 4), rounded numeric(20, 1), code varchar(2));
CREATE FUNCTION rf_price() RETURNS SETOF rf_money LANGUAGE sql
  AS $$ SELECT 2.718281828, 2.718281828, 'eu'::text $$;
SELECT rf_price();
SELECT * FROM rf_price();
SELECT * FROM ROWS FROM (rf_price(), generate_series(1, 2));
DROP FUNCTION rf_price();
DROP TYPE rf_money;
