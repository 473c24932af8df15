-- A function's volatility decides what its statements see and may do: a volatile
-- function (SQL or PL/pgSQL) sees what the statement calling it changed so far, a
-- stable one sees the calling statement's snapshot; a stable or immutable function may
-- not change data or run DDL (0A000). CREATE OR REPLACE changing only the volatility
-- takes effect.
create table fvol_t (a smallint, b real);
insert into fvol_t values (777, 777.777), (0, 0.5), (42, 324.78), (2, 99.097);
create function fvol_max() returns smallint language sql as
'select max(a) from fvol_t' stable;
begin;
update fvol_t set a = fvol_max() + 10 where a > 0;
select * from fvol_t order by b;
rollback;
create or replace function fvol_max() returns smallint language sql as
'select max(a) from fvol_t' volatile;
begin;
update fvol_t set a = fvol_max() + 10 where a > 0;
select * from fvol_t order by b;
rollback;
create or replace function fvol_max() returns smallint language plpgsql as
'begin return max(a) from fvol_t; end' stable;
begin;
update fvol_t set a = fvol_max() + 10 where a > 0;
select * from fvol_t order by b;
rollback;
create or replace function fvol_max() returns smallint language plpgsql as
'begin return max(a) from fvol_t; end' volatile;
begin;
update fvol_t set a = fvol_max() + 10 where a > 0;
select * from fvol_t order by b;
rollback;
drop function fvol_max();
create function fvol_sql_insert() returns int language sql stable as
'insert into fvol_t values (1); select 1';
select fvol_sql_insert();
create function fvol_pl_insert() returns int language plpgsql stable as
$$ begin insert into fvol_t values (1); return 1; end $$;
select fvol_pl_insert();
create function fvol_pl_execute() returns int language plpgsql stable as
$$ begin execute 'update fvol_t set a = 1'; return 1; end $$;
select fvol_pl_execute();
create function fvol_pl_ddl() returns int language plpgsql immutable as
$$ begin perform 1; create temp table fvol_zz (a int); return 1; end $$;
select fvol_pl_ddl();
create function fvol_pl_reads() returns bigint language plpgsql stable as
$$ declare r record; n bigint := 0;
begin
  for r in select * from fvol_t loop n := n + 1; end loop;
  select count(*) into r from fvol_t;
  return n + (select count(*) from fvol_t);
end $$;
select fvol_pl_reads();
select count(*) from fvol_t;
drop function fvol_sql_insert();
drop function fvol_pl_insert();
drop function fvol_pl_execute();
drop function fvol_pl_ddl();
drop function fvol_pl_reads();
drop table fvol_t;
