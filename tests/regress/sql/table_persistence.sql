-- ALTER TABLE SET LOGGED / UNLOGGED: the table, its indexes and TOAST table change
-- persistence by a rewrite; foreign keys between logged and unlogged tables refuse it.
create table regress_l1 (id int primary key, t text);
insert into regress_l1 select g, repeat('y', g * 10) from generate_series(1, 300) g;
create table regress_l2 (id int references regress_l1);
alter table regress_l1 set unlogged;
alter table regress_l2 set unlogged;
alter table regress_l1 set unlogged;
select relname, relpersistence from pg_class where relname like 'regress_l%' order by 1;
select relpersistence from pg_class where oid = (select reltoastrelid from pg_class where relname = 'regress_l1');
select count(*), sum(length(t)) from regress_l1;
alter table regress_l2 set logged;
alter table regress_l1 set logged;
alter table regress_l1 set logged;
select relname, relpersistence from pg_class where relname like 'regress_l%' order by 1;
select count(*), sum(length(t)) from regress_l1;
create temp table regress_l3 (a int);
alter table regress_l3 set unlogged;
drop table regress_l2, regress_l1, regress_l3;
