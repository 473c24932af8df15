-- compare notices
-- Functions' SET clauses (pg_proc.proconfig): CREATE / ALTER FUNCTION ... SET / RESET,
-- the stored names and values, their checks, pg_get_functiondef; the settings applied
-- for the call and restored at its end (also on error), a plain SET inside overriding
-- the clause, SET LOCAL confined; SECURITY DEFINER + SET search_path; a procedure with
-- SET clauses may not COMMIT (utils/setting_arrays.py, utils/settings.py rule 3).
CREATE FUNCTION fs_f1() RETURNS text LANGUAGE sql
  SET work_mem = '2MB' SET search_path = public, pg_temp SET TimeZone = 'UTC'
  SET DateStyle TO iso, mdy SET fs.x = 'q''z'
  AS $$ SELECT current_setting('work_mem') $$;
SELECT proconfig FROM pg_proc WHERE proname = 'fs_f1';
SHOW work_mem;
SELECT fs_f1();
SHOW work_mem;
SELECT pg_get_functiondef('fs_f1'::regproc);
CREATE PROCEDURE fs_p1(a int, INOUT b int) LANGUAGE plpgsql SET work_mem FROM CURRENT
  AS $$ BEGIN b := a; END $$;
SELECT proconfig FROM pg_proc WHERE proname = 'fs_p1';
ALTER FUNCTION fs_f1() SET work_mem = 3000;
ALTER FUNCTION fs_f1() RESET search_path;
SELECT proconfig FROM pg_proc WHERE proname = 'fs_f1';
ALTER FUNCTION fs_f1() RESET ALL;
SELECT proconfig IS NULL FROM pg_proc WHERE proname = 'fs_f1';
ALTER FUNCTION fs_f1() SET nosuch = 1;
ALTER FUNCTION fs_f1() SET work_mem = 'abc';
ALTER FUNCTION fs_f1() SET fs.y TO DEFAULT;
ALTER FUNCTION fs_f1() SET fs_a.b FROM CURRENT;
ALTER FUNCTION fs_f1() SET search_path = "$user", public, 'A b';
SELECT proconfig FROM pg_proc WHERE proname = 'fs_f1';
SELECT pg_get_functiondef('fs_f1'::regproc);
ALTER PROCEDURE fs_p1(int, int) SET enable_seqscan = off RESET work_mem;
SELECT proconfig FROM pg_proc WHERE proname = 'fs_p1';
CREATE FUNCTION fs_bad() RETURNS int LANGUAGE sql SET nosuch = 1 AS 'SELECT 1';
CREATE FUNCTION fs_bad() RETURNS int LANGUAGE sql SET shared_buffers = '1MB' AS 'SELECT 1';
CREATE FUNCTION fs_bad() RETURNS int LANGUAGE sql SET wal_level = 'minimal' AS 'SELECT 1';
CREATE FUNCTION fs_bad() RETURNS int LANGUAGE sql SET log_connections = on AS 'SELECT 1';
CREATE FUNCTION fs_bad() RETURNS int LANGUAGE sql SET work_mem = 5 AS 'SELECT 1';
CREATE FUNCTION fs_f2() RETURNS int LANGUAGE sql SET application_name = 'x' RESET work_mem
  SET enable_seqscan = true SET seq_page_cost = 1.5 SET random_page_cost = 2
  AS 'SELECT 1';
SELECT proconfig FROM pg_proc WHERE proname = 'fs_f2';
-- a plain SET inside stays after the call; SET LOCAL of a clause's setting does not
CREATE FUNCTION fs_f6() RETURNS text LANGUAGE plpgsql SET work_mem = '1MB' AS $$
BEGIN
  SET work_mem = '5MB'; SET LOCAL enable_seqscan = off; SET enable_hashjoin = off;
  SET LOCAL random_page_cost = 7;
  RETURN current_setting('work_mem');
END $$;
BEGIN;
SELECT fs_f6();
SHOW work_mem; SHOW enable_seqscan; SHOW enable_hashjoin; SHOW random_page_cost;
COMMIT;
SHOW work_mem; SHOW enable_seqscan; SHOW enable_hashjoin; SHOW random_page_cost;
RESET ALL;
CREATE FUNCTION fs_f7() RETURNS text LANGUAGE plpgsql SET work_mem = '1MB' AS $$
BEGIN SET LOCAL work_mem = '6MB'; RETURN current_setting('work_mem'); END $$;
BEGIN;
SELECT fs_f7(), current_setting('work_mem');
SHOW work_mem;
COMMIT;
-- errors restore the settings
CREATE FUNCTION fs_e1() RETURNS int LANGUAGE plpgsql SET work_mem = '1MB' AS $$
BEGIN SET enable_seqscan = off; RAISE EXCEPTION 'boom %', current_setting('work_mem'); END $$;
SELECT fs_e1();
SHOW work_mem; SHOW enable_seqscan;
BEGIN;
SET work_mem = '3MB';
SAVEPOINT a;
SELECT fs_e1();
ROLLBACK TO a;
SHOW work_mem; SHOW enable_seqscan;
COMMIT;
SHOW work_mem;
RESET work_mem;
CREATE FUNCTION fs_e2() RETURNS text LANGUAGE plpgsql SET work_mem = '1MB' AS $$
BEGIN
  BEGIN
    SET work_mem = '7MB';
    SET enable_seqscan = off;
    PERFORM 1/0;
  EXCEPTION WHEN division_by_zero THEN
    RAISE NOTICE 'caught %, %', current_setting('work_mem'), current_setting('enable_seqscan');
  END;
  BEGIN
    SET LOCAL work_mem = '9MB';
  END;
  RETURN current_setting('work_mem');
END $$;
SELECT fs_e2(); SHOW work_mem; SHOW enable_seqscan;
CREATE FUNCTION fs_e3() RETURNS text LANGUAGE sql SET work_mem = '2MB'
  AS $$ SELECT fs_e2() || ' ' || current_setting('work_mem') $$;
SELECT fs_e3(), current_setting('work_mem');
CREATE FUNCTION fs_srf() RETURNS SETOF text LANGUAGE sql SET work_mem = '1MB'
  AS $$ SELECT current_setting('work_mem') UNION ALL SELECT 'x' $$;
SELECT fs_srf(), current_setting('work_mem');
SELECT * FROM fs_srf();
-- procedures with SET clauses or SECURITY DEFINER run atomically
CREATE PROCEDURE fs_p2() LANGUAGE plpgsql SET work_mem = '1MB' AS $$ BEGIN COMMIT; END $$;
CALL fs_p2();
CREATE PROCEDURE fs_p3() LANGUAGE plpgsql SECURITY DEFINER AS $$ BEGIN COMMIT; END $$;
CALL fs_p3();
CALL fs_p1(4, NULL);
-- SECURITY DEFINER with SET search_path; the body is checked under the clause
CREATE SCHEMA fs_s;
CREATE TABLE fs_s.t (a int);
CREATE FUNCTION fs_s.who() RETURNS text LANGUAGE sql SECURITY DEFINER
  SET search_path = fs_s, pg_temp
  AS $$ SELECT current_setting('search_path') || (SELECT count(*) FROM t) $$;
SELECT fs_s.who();
SHOW search_path;
-- SET clauses, when the function has them, keep it from being inlined
CREATE FUNCTION fs_inl(int) RETURNS int LANGUAGE sql SET work_mem = '1MB' AS 'SELECT $1 + 1';
EXPLAIN (COSTS OFF, VERBOSE) SELECT fs_inl(a) FROM fs_s.t;
DROP SCHEMA fs_s CASCADE;
-- a clause's value is only checked at CREATE (a missing text search configuration is
-- a NOTICE), applied while the body is checked unless check_function_bodies is off
SET default_text_search_config = english;
SHOW default_text_search_config;
SET default_text_search_config = no_such_config;
RESET default_text_search_config;
CREATE FUNCTION fs_bad_set() RETURNS int LANGUAGE sql
  SET default_text_search_config = no_such_config AS $$ SELECT 1 $$;
SET check_function_bodies = off;
CREATE FUNCTION fs_bad_set() RETURNS int LANGUAGE sql
  SET default_text_search_config = no_such_config AS $$ SELECT 1 $$;
RESET check_function_bodies;
SELECT fs_bad_set();
DROP FUNCTION fs_bad_set();
-- PL/pgSQL runs SET / RESET / SHOW; rows a statement returns need INTO
DO $$ BEGIN SET LOCAL work_mem = '17MB'; RAISE NOTICE '%', current_setting('work_mem');
  RESET work_mem; RAISE NOTICE '%', current_setting('work_mem'); END $$;
DO $$ BEGIN SET work_mem = '18MB'; END $$;
SHOW work_mem;
RESET work_mem;
DO $$ DECLARE v text; BEGIN EXECUTE 'SHOW work_mem' INTO v; RAISE NOTICE '%', v; END $$;
DO $$ BEGIN SHOW work_mem; END $$;
CREATE TABLE fs_t (a int);
DO $$ BEGIN INSERT INTO fs_t VALUES (1) RETURNING a; END $$;
DROP TABLE fs_t;
-- only a superuser may define a LEAKPROOF function
CREATE ROLE fs_user;
CREATE SCHEMA fs_u AUTHORIZATION fs_user;
SET ROLE fs_user;
CREATE FUNCTION fs_u.lp(int) RETURNS bool LANGUAGE sql LEAKPROOF AS 'SELECT $1 < 200';
CREATE FUNCTION fs_u.sv() RETURNS int LANGUAGE sql SET fs.z = 1 AS 'SELECT 1';
CREATE FUNCTION fs_u.sv() RETURNS int LANGUAGE sql SET log_min_duration_statement = 5
  AS 'SELECT 1';
RESET ROLE;
DROP SCHEMA fs_u;
DROP ROLE fs_user;
CREATE FUNCTION fs_poly(x anyarray) RETURNS anyelement LANGUAGE sql RETURN x[1];
CREATE FUNCTION fs_param(int) RETURNS int LANGUAGE sql AS 'SELECT $2;';
DROP FUNCTION fs_f1(), fs_f2(), fs_f6(), fs_f7(), fs_e1(), fs_e2(), fs_e3(), fs_srf(), fs_inl(int);
DROP PROCEDURE fs_p1(int, int), fs_p2(), fs_p3();
