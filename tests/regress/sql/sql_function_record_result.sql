-- SQL functions returning a composite (or a domain over one) whose body selects one
-- anonymous record, row(...): that record is the result row, its fields coerced.
create type comptype15 as (r float8, i float8);
create domain dcomptype15 as comptype15 check ((value).r <= (value).i);
create function makedcomp15(r float8, i float8) returns dcomptype15
  as 'select row(r, i)' language sql;
select makedcomp15(1,2);
select pg_typeof(makedcomp15(1,2));
select (makedcomp15(1,2)).i;
drop function makedcomp15(float8, float8);
drop domain dcomptype15;
drop type comptype15;
create type comptype16 as (r float8, i float8);
create function makecomp16(r int, i int) returns comptype16 as 'select row(r, i)' language sql;
select makecomp16(1,2);
select * from makecomp16(1,2);
create function makecomp16s(r int) returns setof comptype16 as 'select row(g, g + 1) from generate_series(1, r) g' language sql;
select * from makecomp16s(3);
drop function makecomp16; drop function makecomp16s; drop type comptype16;
