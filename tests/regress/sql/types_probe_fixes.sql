-- small differences PostgreSQL's regression files for types showed (session 12)
-- round(numeric, scale): the scale is limited to what a numeric can hold (digits after
-- the point; digits before it plus one), a result that rounds up past it overflows
select round(4.5e131071, -131072), round(5.5e131071, -131073), round(5.5e131071, -1000000);
select round(4.4e131071, -131071) = 4e131071, round(4.5e131071, -131071) = 5e131071;
select round(5.5e131071, -131072);
select round(5e-16383, 16382) = 1e-16382, round(5e-16383, 1000000) = 5e-16383;
select round(12.5, -2147483648), round(12.5, 2147483647) = 12.5;
select round(0.004, 1), round(0.05, 1), round(0.05, -1), round(0.00, -1), round(-0.5, 0);
-- numeric ^ the smallest int32 is an integer power (underflows to zero at its scale)
select 10.0 ^ -2147483648 as rounds_to_zero, 10.0 ^ -2147483647 as also_zero;
select 10.0 ^ -2147483649 as beyond_int32;
-- a built-in function's row against a column definition list: tupledesc_match's 42804
select * from json_populate_recordset(row(0::int), '[{"a":"1","b":"2"}]') q (a text, b text);
select * from json_populate_recordset(row(0::int, 0::int), '[{"a":"1","b":"2"}]') q (a text, b text);
select * from jsonb_populate_recordset(row(0::int, 0::int), '[{"a":"1"}]') q (a int, b text);
select * from json_populate_record(row(0::int, 0::int), '{"a":"1","b":"2"}') q (a int, b int);
select * from json_populate_record(row(0::int, 0::int, 0), '{"a":"1"}') q (a int, b int);
-- NOT NULL NO INHERIT is later syntax: 15's grammar stops at NO
create domain types_fix_d as int4 not null no inherit;
create table types_fix_t (a int not null no inherit);
create table types_fix_t (a int check (a > 0) no inherit);
drop table types_fix_t;
-- arrays of int2vector / oidvector are arrays of vectors, not two-dimensional
select pg_typeof(array['11 22 33'::int2vector]), array['11 22 33'::int2vector, '4'];
select pg_typeof(unnest(array['11 22 33'::int2vector])), unnest(array['1 2'::oidvector, '3']);
select pg_typeof(array(select '11 22 33'::oidvector from generate_series(1, 2)));
select array(select '11 22 33'::int2vector from generate_series(1, 2));
select array[1, 2]::int2vector, pg_typeof(array[1, 2]::oidvector);
select array[]::int2vector;
select array[1, null]::oidvector;
-- a plain subscript among slices runs from 1
select ('[0:2][0:2]={{1,2,3},{4,5,6},{7,8,9}}'::int[])[1:2][2];
select ('[0:2]={1,2,3}'::int[])[2][1:1];
-- array_cat prepending a row keeps the second array's bounds
select array_cat(array[1, 2], array[[3, 4], [5, 6]]);
select array_cat(array[1, 2], '[2:3][1:2]={{3,4},{5,6}}'::int[]);
select array_fill(1, array[2, 2], null);
select array_fill(1, null, array[1]);
-- array input's bounds: read as a C int, lower bound + length must fit
select '[21474836488:21474836489]={1,2}'::int[];
select '[-2147483649:-2147483648]={1,2}'::int[];
select '[2147483646:2147483647]={1,2}'::int[];
select '[2147483646:2147483646]={1}'::int[];
select '[1:2147483647]={1}'::int[];
-- composite arguments of SQL functions: arg.field, fn.arg.field, VALUES (arg.*), and
-- ROW(...) arguments converted to the composite type
create type types_fix_c as (f1 int, f2 text);
create table types_fix_ct of types_fix_c;
create function types_fix_ins(v types_fix_c) returns void as $$
insert into types_fix_ct values (v.*);
$$ language sql;
create function types_fix_ins2(v types_fix_c) returns void as $$
insert into types_fix_ct values ((v).*), (v.*);
$$ language sql;
create function types_fix_get(v types_fix_c) returns text language sql
    as $$ select v.f2 || types_fix_get.v.f1 $$;
select types_fix_ins(row(1, 'one'));
select types_fix_ins2(row(2, 'two'));
select types_fix_get(row(3, 'three')), types_fix_get((4, 'four')::types_fix_c);
select * from types_fix_ct order by 1, 2;
insert into types_fix_ct values ((row(5, 'five')::types_fix_c).*);
insert into types_fix_ct values ((row(5, 'five')::types_fix_c).*, 1);
insert into types_fix_ct values ((5).*);
select count(*) from types_fix_ct;
drop function types_fix_ins(types_fix_c), types_fix_ins2(types_fix_c),
    types_fix_get(types_fix_c);
drop table types_fix_ct;
drop type types_fix_c;
-- SQL functions take and return no pseudo-types but polymorphic ones, record and void
create function types_fix_f(anyelement, "any") returns int language sql as 'select 1';
create function types_fix_f(cstring) returns int language sql as 'select 1';
create function types_fix_f(record) returns int language sql as 'select 1';
create function types_fix_f(int) returns cstring language sql as 'select 1';
create function types_fix_f(int) returns internal language sql as 'select 1';
-- IN with no common type (a composite against ROW(...)s): one comparison per item
create type types_fix_c2 as (f1 int, f2 text);
select (1, 'a')::types_fix_c2 in (row(1, 'a'), row(2, 'b'));
select (1, 'a')::types_fix_c2 not in (row(1, 'a'), row(2, 'b'));
select (3, 'a')::types_fix_c2 in (row(1, 'a'));
select 1 in (1, 'a'::text);
drop type types_fix_c2;
-- no common type: the construct's name and the first expression that does not fit
select case when true then 1 else 'a'::text end;
select case when true then 1 when false then 'x'::text end;
select coalesce(1, 'a'::text);
select greatest(1, 'a'::text);
select least(1, 2.5, 'a'::text);
values (1), ('a'::text);
-- arrays convert to arrays of a domain element by element, checked as the domain
create domain types_fix_pos as int4 check (value > 0);
create table types_fix_pt (f1 types_fix_pos[]);
insert into types_fix_pt values (array[42]);
insert into types_fix_pt values (array[-1]);
insert into types_fix_pt values ('{-1}');
update types_fix_pt set f1[1] = f1[1] + 1;
update types_fix_pt set f1[1] = 0;
select * from types_fix_pt;
select array[1, 2]::types_fix_pos[], '{1,2}'::int[]::types_fix_pos[];
select array[1, -2]::types_fix_pos[];
-- ALTER DOMAIN ... ADD NOT NULL is later syntax
alter domain types_fix_pos add not null;
alter domain types_fix_pos add constraint types_fix_nn not null;
drop table types_fix_pt;
drop domain types_fix_pos;
