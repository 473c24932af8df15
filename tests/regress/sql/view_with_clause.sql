-- pg_get_viewdef of views with WITH queries: [RECURSIVE], column lists, [NOT] MATERIALIZED,
-- a WITH inside a FROM subquery, a WITH query referenced under an alias
create table dept (id int, parent int, name text);
create view vdept as with recursive sub as (select dept.id, dept.parent, dept.name from dept where name = 'A' union all select d.id, d.parent, d.name from dept d, sub sd where d.parent = sd.id) select * from sub;
select pg_get_viewdef('vdept'::regclass);
select pg_get_viewdef('vdept'::regclass, true);
create view vw2 as with a(x) as materialized (select id from dept), b as not materialized (select x + 1 as y from a) select b.y, (select count(*) from a) from b;
select pg_get_viewdef('vw2');
create view vw3 as select * from (with q as (select 1 as one) select one from q) ss;
select pg_get_viewdef('vw3');
drop view vdept, vw2, vw3;
drop table dept;
