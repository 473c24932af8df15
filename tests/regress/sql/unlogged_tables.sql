-- UNLOGGED tables: relpersistence of the table, its index and TOAST table, CREATE
-- UNLOGGED TABLE AS, an unlogged partitioned table, TRUNCATE (new storage, new init fork).
create unlogged table regress_ul (id int primary key, t text);
insert into regress_ul select g, repeat('x', g) from generate_series(1, 200) g;
select relname, relpersistence from pg_class where relname like 'regress_ul%' order by 1;
select relpersistence from pg_class where oid = (select reltoastrelid from pg_class where relname = 'regress_ul');
select count(*), sum(id) from regress_ul where id > 100;
create index regress_ul_t on regress_ul (t);
create unlogged table regress_ul_p (a int) partition by range (a);
create unlogged table regress_ul_as as select * from regress_ul where id < 10;
select relpersistence from pg_class where relname = 'regress_ul_as';
select count(*) from regress_ul_as;
truncate regress_ul;
insert into regress_ul values (1, 'one');
select * from regress_ul;
drop table regress_ul, regress_ul_as, regress_ul_p;
