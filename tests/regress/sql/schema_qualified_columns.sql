-- schema.table.column names only that schema's table (not a same-named table of another
-- schema nearer in scope); two tables of one name from different schemas may share a
-- FROM list unaliased (parser/relation_resolution.py, refnameNamespaceItem and
-- checkNameSpaceConflicts).
create schema sqc;
create table sqc_t (f1 int, f2 int);
create table sqc.sqc_t (y1 int, f2 int);
insert into sqc_t values (1, 10), (2, 20);
insert into sqc.sqc_t values (1, 100), (3, 300);
select * from sqc.sqc_t where exists (select 1 from sqc_t where sqc.sqc_t.y1 = sqc_t.f1);
select * from sqc.sqc_t where exists (select 1 from sqc_t where sqc.sqc_t.y1 = public.sqc_t.f1);
select sqc.sqc_t.f2, public.sqc_t.f2 from sqc.sqc_t, public.sqc_t order by 1, 2;
select sqc.sqc_t.f2 from sqc.sqc_t s;
select nosuch.sqc_t.f2 from sqc_t;
select public.sqc_t.f1 from sqc_t order by 1;
create view sqc_v as select * from sqc.sqc_t where exists (select 1 from sqc_t where sqc.sqc_t.y1 = sqc_t.f1);
select * from sqc_v;
drop view sqc_v;
drop table sqc_t;
drop schema sqc cascade;
create schema sqc;
create table sqc_t (f1 int, f2 int);
create table sqc.sqc_t (y1 int, f2 int);
select sqc_t.f2 from sqc.sqc_t, public.sqc_t;
select * from sqc.sqc_t, public.sqc_t sqc_t;
select * from sqc_t, sqc_t;
select * from sqc.sqc_t join public.sqc_t on true;
select * from sqc.sqc_t join (public.sqc_t join sqc_t x on true) on true;
drop table sqc_t;
drop schema sqc cascade;
