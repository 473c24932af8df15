-- CREATE TYPE ... AS RANGE: the range and multirange types, pg_range, the constructor
-- functions, operators over them, DROP TYPE taking the multirange and constructors.
DROP SCHEMA IF EXISTS regress_rng CASCADE;
CREATE SCHEMA regress_rng;
set search_path = regress_rng;
create type r1 as range (foo = int4);
create type r1 as range (collation = "C");
create type floatrange as range (subtype = float8);
create type textrange as range (subtype = text, multirange_type_name = textmulti);
select '[1.5,2.5]'::floatrange, floatrange(1, 2), floatrange(1, 2, '(]') @> 1.5::float8, floatmultirange(), floatmultirange(floatrange(1,2)), floatmultirange(floatrange(1,2), floatrange(5,6));
select '[a,c)'::textrange @> 'b'::text, textrange('a', 'b') && textrange('b', 'c'), textmulti(textrange('x','y'));
select lower(floatrange(1,2)), upper_inf(floatrange(1, null)), floatrange(1,3) * floatrange(2,4), floatrange(1,3) - floatrange(2,4);
create table rt (r floatrange);
insert into rt values ('[1,2)'), ('(,3]'), ('empty');
select * from rt order by r;
select format_type(t.oid, NULL), t.typtype, t.typcategory from pg_type t join pg_namespace n on n.oid = t.typnamespace where n.nspname = 'regress_rng' order by 1;
select rngsubtype::regtype, rngmultitypid::regtype from pg_range where rngtypid = 'floatrange'::regtype;
select proname, pg_get_function_arguments(p.oid) from pg_proc p join pg_namespace n on n.oid = pronamespace where nspname = 'regress_rng' order by 1, 2;
drop type floatrange;
drop table rt;
drop type floatrange;
select 'floatmultirange'::regtype;
drop type textrange;
reset search_path;
drop schema regress_rng cascade;

-- SUBTYPE_OPCLASS and SUBTYPE_DIFF (pg_range.rngsubopc / rngsubdiff; pg_dump reads both)
DROP TYPE IF EXISTS rdiff_a;
DROP TYPE IF EXISTS rdiff_b;
CREATE TYPE rdiff_bad AS RANGE (subtype = float8, subtype_diff = nosuch);
CREATE TYPE rdiff_bad AS RANGE (subtype = int4, subtype_diff = int4mi);
CREATE TYPE rdiff_bad AS RANGE (subtype = float8, subtype_opclass = nosuch_ops);
CREATE TYPE rdiff_bad AS RANGE (subtype = point);
CREATE TYPE rdiff_a AS RANGE (subtype = float8, subtype_opclass = float8_ops, subtype_diff = float8mi);
CREATE TYPE rdiff_b AS RANGE (subtype = float8, subtype_diff = pg_catalog.float8mi);
SELECT rngtypid::regtype, rngsubopc, rngsubdiff, rngcanonical FROM pg_range WHERE rngtypid IN ('rdiff_a'::regtype, 'rdiff_b'::regtype) ORDER BY 1;
SELECT '[1.5,3)'::rdiff_a * '[2,8)'::rdiff_a;
DROP TYPE rdiff_a;
DROP TYPE rdiff_b;
