-- A name that is both a PL/pgSQL variable and a column: 42702 by default, the variable
-- or the column with #variable_conflict / plpgsql.variable_conflict.
create table plvc_t (q1 int8, q2 int8);
insert into plvc_t values (1, 2), (3, 4);
create function plvc_f() returns setof plvc_t as $$
declare r record;
  q1 bigint := 42;
begin
  for r in select q1, q2 from plvc_t order by q2 loop
    return next r;
  end loop;
end $$ language plpgsql;
select * from plvc_f();
create or replace function plvc_f() returns setof plvc_t as $$
#variable_conflict use_variable
declare r record;
  q1 bigint := 42;
begin
  for r in select q1, q2 from plvc_t order by q2 loop
    return next r;
  end loop;
end $$ language plpgsql;
select * from plvc_f();
create or replace function plvc_f() returns setof plvc_t as $$
  -- a comment before the option
  #variable_conflict use_column
declare r record;
  q1 bigint := 42;
begin
  for r in select q1, q2 from plvc_t order by q2 loop
    return next r;
  end loop;
end $$ language plpgsql;
select * from plvc_f();
set plpgsql.variable_conflict = use_column;
create function plvc_g() returns setof int8 as $$
declare q1 bigint := 42;
begin
  return query select q1 from plvc_t order by q2;
end $$ language plpgsql;
select * from plvc_g();
reset plpgsql.variable_conflict;
create or replace function plvc_g() returns setof int8 as $$
#variable_conflict error
declare q1 bigint := 42;
begin
  return query select q1 + 0 from plvc_t order by q2;
end $$ language plpgsql;
select * from plvc_g();
drop function plvc_g();
drop function plvc_f();
drop table plvc_t;
