-- The system catalogs' row types (pg_type rows genbki makes for every catalog) used as
-- values: whole rows of catalog tables, casts to them, their arrays, field access.
DROP TABLE IF EXISTS regress_crt;
DROP TYPE IF EXISTS regress_crt_t;
SELECT c FROM pg_am c ORDER BY amname;
SELECT pg_typeof(c), pg_typeof(ARRAY[c]) FROM pg_am c WHERE amname = 'btree';
SELECT t FROM pg_type t WHERE oid = 23;
SELECT (t).typname, (t).typlen FROM (SELECT t FROM pg_type t WHERE oid = 25) s;
SELECT a FROM pg_attribute a WHERE attrelid = 'pg_am'::regclass AND attnum > 0 ORDER BY attnum;
SELECT (array_agg(a ORDER BY attnum))[2] FROM pg_attribute a
  WHERE attrelid = 'pg_namespace'::regclass AND attnum > 0;
SELECT p FROM pg_proc p WHERE proname = 'int4pl';
SELECT row_to_json(o) FROM pg_opfamily o WHERE opfname = 'integer_ops' AND opfmethod = 403;
SELECT NULL::pg_class IS NULL, NULL::pg_statistic[] IS NULL, NULL::pg_catalog.pg_rewrite;
SELECT typname, typtype, typrelid::regclass, typarray::regtype FROM pg_type
  WHERE oid IN ('pg_class'::regtype, 'pg_statistic'::regtype, 'pg_am'::regtype)
  ORDER BY oid;
SELECT count(*) FROM pg_class c JOIN pg_type t ON t.oid = c.reltype
  WHERE c.relnamespace = 11 AND c.relkind = 'r' AND t.typtype = 'c' AND t.typarray <> 0
  AND c.relname IN ('pg_class', 'pg_type', 'pg_proc', 'pg_attribute', 'pg_am',
                    'pg_statistic', 'pg_statistic_ext_data', 'pg_rewrite', 'pg_database');
-- oid is not a JSON number (json_categorize_type)
SELECT to_json(1::oid), row_to_json(row(1::oid)), to_jsonb(2::oid), json_agg(3::oid);
-- catalog row types stored in a table, compared, cast, in JSON
select row_to_json(c) from pg_am c where amname = 'hash';
create table regress_crt(x pg_am, y pg_namespace[]);
insert into regress_crt select a, array[n] from pg_am a, pg_namespace n where a.amname = 'btree' and n.nspname = 'pg_catalog';
select * from regress_crt;
select (x).amname, (y[1]).nspname from regress_crt;
select (c).* from (select c from pg_am c where amname = 'gist') s;
select a = a, a < a from pg_am a where amname = 'gin';
select c::text from pg_am c where amname = 'brin';
select '(99,foo,heap_tableam_handler,t)'::pg_am;
select (t).typname from (select t::pg_type as t from pg_type t where oid = 16) s;
select to_jsonb(a) - 'oid' from pg_am a where amname = 'spgist';
select jsonb_populate_record(null::pg_am, '{"amname": "x", "amtype": "i"}');
drop table regress_crt;
select pg_typeof(s) from pg_statistic s limit 1;
CREATE TYPE regress_crt_t AS (a int, b text);
SELECT to_jsonb(row(1, 'x')::regress_crt_t), to_jsonb(ARRAY[row(2, 'y')::regress_crt_t]);
DROP TYPE regress_crt_t;
