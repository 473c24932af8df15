-- compare notices
-- PL/pgSQL functions returning an anonymous record (its column types travel with the
-- row: no "cache lookup failed for type 0"), and functions returning a table's row type
-- after ALTER TABLE changed the table (the result's columns are read at each call).
create function plrr_rec() returns record language plpgsql as $$
declare v record;
begin
  v := (1, 'hello'::text);
  return v;
end $$;
select plrr_rec();
select * from plrr_rec() as (a int, b text);
create or replace function plrr_rec() returns record language plpgsql as $$
begin
  return (1, 'hello');
end $$;
select plrr_rec();
create or replace function plrr_rec(int) returns record language plpgsql as $$
declare retval record;
begin
  if $1 > 10 then
    select into retval 5, 10, 15;
  else
    select into retval 50, 5::numeric, 'xxx'::text;
  end if;
  return retval;
end $$;
select * from plrr_rec(1500) as (a int, b int, c int);
select * from plrr_rec(5) as (a int, b numeric, c text);
select plrr_rec(5);
create table plrr_tab (a int, b int, c int, d int);
insert into plrr_tab values (10, 20, 30, 40), (50, 60, 70, 80);
create function plrr_query() returns setof plrr_tab language plpgsql as $$
begin
  return query select * from plrr_tab;
  return query execute 'select * from plrr_tab';
end $$;
create function plrr_one() returns plrr_tab language plpgsql as $$
declare r plrr_tab;
begin
  select * into r from plrr_tab limit 1;
  return r;
end $$;
select * from plrr_query();
select * from plrr_one();
alter table plrr_tab drop column b;
select * from plrr_query();
select * from plrr_one();
alter table plrr_tab drop column d;
select * from plrr_query();
alter table plrr_tab add column d int;
select * from plrr_query();
select * from plrr_one();
drop function plrr_one();
drop function plrr_query();
drop table plrr_tab;
drop function plrr_rec(int);
drop function plrr_rec();
