-- Hash, GiST and GIN indexes of UNLOGGED tables: each gets an init fork holding an empty
-- index (its size shows it), through CREATE INDEX, TRUNCATE, REINDEX and ALTER TABLE SET
-- LOGGED / UNLOGGED; the indexes answer queries throughout. Views and materialized
-- views cannot be unlogged.
create unlogged table regress_uli (id int, p point, a int[]);
insert into regress_uli select g, point(g, g), array[g, g % 7] from generate_series(1, 400) g;
create index regress_uli_hash on regress_uli using hash (id);
create index regress_uli_gist on regress_uli using gist (p);
create index regress_uli_gin on regress_uli using gin (a);
select relname, relpersistence, pg_relation_size(oid, 'init') from pg_class
  where relname like 'regress_uli%' order by 1;
set enable_seqscan = off;
select id from regress_uli where id = 17;
select id from regress_uli where p <@ box '((10,10),(12,12))' order by id;
select count(*) from regress_uli where a @> array[3];
truncate regress_uli;
insert into regress_uli values (5, point(5, 5), array[5]);
select relname, pg_relation_size(oid, 'init') from pg_class
  where relname like 'regress_uli%' order by 1;
reindex table regress_uli;
select id from regress_uli where id = 5;
select id from regress_uli where a @> array[5];
alter table regress_uli set logged;
select relname, relpersistence, pg_relation_size(oid, 'init') from pg_class
  where relname like 'regress_uli%' order by 1;
alter table regress_uli set unlogged;
select relname, relpersistence, pg_relation_size(oid, 'init') from pg_class
  where relname like 'regress_uli%' order by 1;
select id from regress_uli where p <@ box '((4,4),(6,6))';
reset enable_seqscan;
drop table regress_uli;
create unlogged view regress_uli_v as select 1;
create unlogged materialized view regress_uli_mv as select 1;
