-- A column of type anyarray itself (pg_statistic.stavalues1) passed for an anyarray
-- parameter: accepted when nothing needs its element type (a SQL function runs; a
-- PL/pgSQL one cannot take it: 0A000 at compilation); with an anyelement result 42804.
CREATE TABLE paca_t (a int);
INSERT INTO paca_t SELECT g % 3 FROM generate_series(1, 30) g;
ANALYZE paca_t;
CREATE FUNCTION paca_arr(x anyarray) RETURNS anyarray AS $$ BEGIN RETURN x; END $$ LANGUAGE plpgsql;
CREATE FUNCTION paca_elem(x anyarray) RETURNS anyelement AS $$ BEGIN RETURN x[1]; END $$ LANGUAGE plpgsql;
CREATE FUNCTION paca_int(x anyarray) RETURNS int AS $$ BEGIN RETURN 1; END $$ LANGUAGE plpgsql;
CREATE FUNCTION paca_sql(x anyarray) RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;
SELECT paca_arr(stavalues1) FROM pg_statistic WHERE starelid = 'paca_t'::regclass;
SELECT paca_elem(stavalues1) FROM pg_statistic WHERE starelid = 'paca_t'::regclass;
SELECT paca_int(stavalues1) FROM pg_statistic WHERE starelid = 'paca_t'::regclass;
SELECT paca_sql(stavalues1) FROM pg_statistic WHERE starelid = 'paca_t'::regclass;
SELECT paca_arr(ARRAY[1, 2]), paca_elem(ARRAY[4.5, 7.7]), paca_int(ARRAY['a']);
DROP FUNCTION paca_arr(anyarray), paca_elem(anyarray), paca_int(anyarray), paca_sql(anyarray);
DROP TABLE paca_t;
