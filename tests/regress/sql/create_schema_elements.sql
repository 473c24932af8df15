-- CREATE SCHEMA with elements: tables, sequences, views, indexes, triggers and grants
-- made in the new schema (unqualified, or qualified with it), run grouped by kind
-- (sequences, tables, views, indexes, triggers, grants) whatever their written order,
-- with the new schema leading the search path; another schema named is 42P15, and a
-- failing element undoes the whole statement.
create schema zs_a create view v as select * from t create table t (a int)
  create index on t (a) create sequence s;
select relname, relkind from pg_class where relnamespace = 'zs_a'::regnamespace order by oid;
create schema zs_b create table public.t (a int);
create schema zs_c create table zs_c.t (a int) create table t2 (b int references t(a));
create schema zs_d create table t (a int) create table t (a int);
select nspname from pg_namespace where nspname like 'zs_%' order by 1;
create schema zs_e create table t(a int primary key) grant select on t to public
  create trigger tr before update on t for each row
    execute function suppress_redundant_updates_trigger()
  create table u (b int references t);
select relname, relkind, relacl from pg_class where relnamespace = 'zs_e'::regnamespace
  order by oid;
select tgname, tgrelid::regclass from pg_trigger where tgname = 'tr';
select conname, conrelid::regclass, confrelid::regclass from pg_constraint
  where connamespace = 'zs_e'::regnamespace order by 1;
show search_path;
create schema zs_f create table t (a int) create view v as select * from nosuch;
create schema zs_g create table t (a int) create view v as select a from t;
select pg_get_viewdef('zs_g.v'::regclass);
select * from zs_g.v;
drop schema zs_a, zs_e, zs_g cascade;
