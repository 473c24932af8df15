-- regprocedure, regnamespace and regrole: text I/O, casts to and from oid, to_reg*.
SELECT 'public'::regnamespace, 'pg_catalog'::regnamespace::oid, 2200::regnamespace, to_regnamespace('nope'), to_regnamespace('public');
SELECT 'nope'::regnamespace;
SELECT 'postgres'::regrole, 10::regrole, to_regrole('nope'), to_regrole('postgres');
SELECT 'nope'::regrole;
SELECT 'abs(int)'::regprocedure, 'abs(integer)'::regprocedure::oid, 1397::regprocedure, to_regprocedure('nope()'), to_regprocedure('now()');
SELECT 'nope(int)'::regprocedure;
SELECT nspname FROM pg_namespace WHERE oid = 'public'::regnamespace;
-- regproc / regprocedure follow CREATE and DROP FUNCTION (the backend's pg_proc index
-- is dropped at every catalog change, a rolled-back one included).
DROP FUNCTION IF EXISTS myf(int);
SELECT to_regproc('myf');
CREATE FUNCTION myf(int) RETURNS int LANGUAGE sql AS 'SELECT $1';
SELECT 'myf'::regproc::text, 'myf(int)'::regprocedure::text, pg_function_is_visible('myf'::regproc);
BEGIN;
CREATE FUNCTION myf(text) RETURNS text LANGUAGE sql AS 'SELECT $1';
SELECT to_regproc('myf'), 'myf(text)'::regprocedure::text;
ROLLBACK;
SELECT 'myf'::regproc::text;
DROP FUNCTION myf(int);
SELECT to_regproc('myf');
