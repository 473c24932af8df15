-- regtype output is format_type without a typmod (bpchar prints as "character"), with
-- reserved words quoted ("any"), as pgcli's function list reads it (proargtypes::regtype[]).
SELECT 'bpchar'::regtype, 1042::regtype, '"any"'::regtype, 2276::regtype, '"char"'::regtype,
       '_bpchar'::regtype, 'varchar'::regtype, 'anyelement'::regtype;
SELECT format_type(1042, NULL), format_type(1042, -1), format_type(1042, 8),
       format_type(2276, NULL), format_type(1014, NULL);
SELECT '{1042,2276,18,1043}'::oid[]::regtype[], '{1042,2276}'::regtype[]::text[];
SELECT p.proname, p.proargtypes::regtype[]::text[], p.prorettype::regtype
  FROM pg_proc p WHERE p.oid IN (1045, 2147, 3058, 1048) ORDER BY p.oid;
SELECT pg_typeof('x'::char(2)), pg_typeof('x'::bpchar);
