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
-- regoper / regoperator: operators by name or by name(left,right), NONE for a prefix operator
select 96::regoper, 96::regoperator, '=(int4,int4)'::regoperator::oid, '||/'::regoper::oid, '-(NONE,int4)'::regoperator::oid;
select '=(int4,int9)'::regoperator;
select '='::regoper;
select '~~~'::regoper;
select '===(int4,int4)'::regoperator;
select oid::regoperator, oid::regoper from pg_operator where oid in (15, 484, 2800) order by 1;
select '+(int4)'::regoperator;
select amopopr::regoperator from pg_amop where amopfamily = 1976 order by 1 limit 5;
select pg_typeof('+(int4,int4)'::regoperator), '{96,97}'::regoperator[];
-- argument types print as format_type_be does (bpchar is "character")
select 1054::regoperator, pg_describe_object('pg_operator'::regclass, 1054, 0);
select 'bpcharlen(bpchar)'::regprocedure, 'int4pl(int4,int4)'::regprocedure;
