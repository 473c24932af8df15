-- regprocedure, regnamespace and regrole: text I/O, casts to and from oid, to_reg*.
SELECT 'public'::regnamespace, 'pg_catalog'::regnamespace::oid, 2200::regnamespace, to_regnamespace('nope'), to_regnamespace('public');
SELECT 'nope'::regnamespace;
SELECT 'postgres'::regrole, 10::regrole, to_regrole('nope'), to_regrole('postgres');
SELECT 'nope'::regrole;
SELECT 'abs(int)'::regprocedure, 'abs(integer)'::regprocedure::oid, 1397::regprocedure, to_regprocedure('nope()'), to_regprocedure('now()');
SELECT 'nope(int)'::regprocedure;
SELECT nspname FROM pg_namespace WHERE oid = 'public'::regnamespace;
