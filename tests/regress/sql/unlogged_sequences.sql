-- Unlogged sequences: CREATE UNLOGGED SEQUENCE, ALTER SEQUENCE SET LOGGED / UNLOGGED
-- (also as ALTER TABLE), the serial and identity sequences of an unlogged table, and
-- ALTER TABLE SET LOGGED / UNLOGGED carrying the table's owned sequences along; the
-- sequence keeps its state through each change (a new file; the old one at commit).
create unlogged sequence regress_us start 10 increment 5;
select nextval('regress_us'), nextval('regress_us');
select relpersistence, pg_relation_size('regress_us', 'init') from pg_class
  where relname = 'regress_us';
alter sequence regress_us set logged;
select relpersistence, pg_relation_size('regress_us', 'init') from pg_class
  where relname = 'regress_us';
select nextval('regress_us');
alter table regress_us set unlogged;
select last_value, is_called from regress_us;
begin;
alter sequence regress_us set logged;
rollback;
select relpersistence from pg_class where relname = 'regress_us';
select nextval('regress_us');
alter sequence regress_us set logged, set unlogged;
alter sequence if exists regress_no_such set logged;
create unlogged table regress_ust (id serial, n int generated always as identity, t text);
create table regress_lst (id bigserial, t text);
select relname, relpersistence from pg_class
  where relname like 'regress_%st%' order by 1;
alter sequence regress_ust set logged;
alter table regress_ust set logged;
alter table regress_lst set unlogged;
alter table regress_lst add column s smallserial;
select relname, relpersistence from pg_class
  where relname like 'regress_%st%' order by 1;
insert into regress_ust (t) values ('a');
insert into regress_lst (t) values ('b');
select * from regress_ust;
select * from regress_lst;
create table regress_upt (id serial, k int) partition by range (k);
alter table regress_upt set unlogged;
select relname, relpersistence from pg_class where relname like 'regress_upt%' order by 1;
alter table regress_lst set logged, set unlogged;
create unlogged sequence regress_us2 cache 4;
select nextval('regress_us2');
alter sequence regress_us2 set logged;
select nextval('regress_us2');
drop table regress_ust, regress_lst, regress_upt;
drop sequence regress_us, regress_us2;
