-- compare notices
-- INTO after INSERT / UPDATE / DELETE ... RETURNING: several rows are an error when the
-- statement is written in the function (with the hint), not through EXECUTE (which
-- takes the first row unless STRICT, and then has no hint).
create table plir_t (f1 int, f2 int);
create function plir_f() returns void as $$
declare x record;
begin
  insert into plir_t values (5, 6) returning * into x;
  raise notice 'x.f1 = %, x.f2 = %', x.f1, x.f2;
end $$ language plpgsql;
select plir_f();
create or replace function plir_f() returns void as $$
declare x record;
begin
  insert into plir_t values (7, 8), (9, 10) returning * into x;
end $$ language plpgsql;
select plir_f();
create or replace function plir_f() returns void as $$
declare x record;
begin
  execute 'insert into plir_t values (7, 8), (9, 10) returning *' into x;
  raise notice 'x.f1 = %, x.f2 = %', x.f1, x.f2;
end $$ language plpgsql;
select plir_f();
select * from plir_t order by f1;
create or replace function plir_f() returns void as $$
declare x record;
begin
  execute 'select * from plir_t' into strict x;
end $$ language plpgsql;
select plir_f();
create or replace function plir_f() returns void as $$
declare x record;
begin
  execute 'select * from plir_t where f1 < 0' into strict x;
end $$ language plpgsql;
select plir_f();
create or replace function plir_f() returns void as $$
declare x record;
begin
  select * from plir_t into strict x;
end $$ language plpgsql;
select plir_f();
drop function plir_f();
drop table plir_t;
