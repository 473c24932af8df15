-- compare notices
-- plpgsql.extra_warnings / extra_errors: too_many_rows (a non-strict SELECT INTO that
-- found several rows) and strict_multi_assignment (INTO a list of variables from a row
-- with another number of columns; only when a row came).
set plpgsql.extra_warnings to 'too_many_rows';
do $$
declare x int;
begin
  select v from generate_series(1,2) g(v) into x;
  raise notice 'x = %', x;
end $$;
set plpgsql.extra_errors to 'too_many_rows';
do $$
declare x int;
begin
  select v from generate_series(1,2) g(v) into x;
end $$;
do $$
declare x int;
begin
  execute 'select v from generate_series(1,2) g(v)' into x;
  raise notice 'x = %', x;
end $$;
reset plpgsql.extra_errors;
reset plpgsql.extra_warnings;
set plpgsql.extra_warnings to 'strict_multi_assignment';
do $$
declare
  x int;
  y int;
begin
  select 1 into x, y;
  select 1,2 into x, y;
  select 1,2,3 into x, y;
  raise notice 'x = %, y = %', x, y;
end $$;
set plpgsql.extra_errors to 'strict_multi_assignment';
do $$
declare
  x int;
  y int;
begin
  select 1,2 into x, y;
  select 1 into x, y where false;
  raise notice 'x = %, y = %', x, y;
  select 1,2,3 into x, y;
end $$;
create table plec_t (a int, b int, c int);
alter table plec_t drop column a;
insert into plec_t values (10, 20);
do $$
declare
  x int;
  y int;
begin
  select * from plec_t into x, y;
  raise notice 'ok';
  select * from plec_t into x;
end $$;
drop table plec_t;
set plpgsql.extra_errors to 'all';
do $$
declare x int; y int;
begin
  select 1 into x, y;
end $$;
reset plpgsql.extra_errors;
reset plpgsql.extra_warnings;
