-- WITH RECURSIVE ... SEARCH BREADTH FIRST: the ordering row (depth, columns), its type,
-- with DEPTH FIRST and CYCLE alongside, and the clause's errors
create table tree (id int, parent int, name text);
insert into tree values (1,null,'r'),(2,1,'a'),(3,1,'b'),(4,2,'c'),(5,3,'d'),(6,4,'e');
with recursive t(id, name) as (select id, name from tree where parent is null union all select tree.id, tree.name from tree join t on tree.parent = t.id) search breadth first by id set ord select * from t order by ord;
with recursive t(id, name) as (select id, name from tree where parent is null union all select tree.id, tree.name from tree join t on tree.parent = t.id) search breadth first by name, id set ord select id, ord, pg_typeof(ord) from t order by ord;
with recursive t(id, name) as (select id, name from tree where parent is null union all select tree.id, tree.name from tree join t on tree.parent = t.id) search depth first by id set ord select id, ord, pg_typeof(ord) from t order by ord;
with recursive t(id, name) as (select id, name from tree where parent is null union all select tree.id, tree.name from tree join t on tree.parent = t.id) search breadth first by id set ord cycle id set is_cycle using path select * from t;
with recursive t(id, name) as (select id, name from tree where parent is null union all select tree.id, tree.name from tree join t on tree.parent = t.id) cycle id set is_cycle to 'Y' default 'N' using path select *, pg_typeof(path) from t;
with recursive t(id, name) as (select id, name from tree where parent is null union all select tree.id, tree.name from tree join t on tree.parent = t.id) search breadth first by foo set ord select * from t;
with recursive t(id, name) as (select id, name from tree where parent is null union all select tree.id, tree.name from tree join t on tree.parent = t.id) search breadth first by id, id set ord select * from t;
with recursive t(n) as (select 1 union all select n + 1 from t where n < 4) search breadth first by n set o select o, o < row(2::int8, 3) as before from t order by o desc;
drop table tree;

-- the clauses' errors: names already in the column list, UNION sides, nested references, mark types
create table g_sc (f int, t int, label text);
with recursive s(f, t, label) as (select * from g_sc union all select g_sc.* from g_sc, s where g_sc.f = s.t) search depth first by f, t set label select * from s;
with recursive s(f, t, label) as (select * from g_sc union all select g_sc.* from g_sc, s where g_sc.f = s.t) search breadth first by f, t set label select * from s;
with recursive s(f, t, label) as (select * from g_sc union all select g_sc.* from g_sc, s where g_sc.f = s.t) cycle f, t set label using path select * from s;
with recursive s(f, t, label) as (select * from g_sc union all select g_sc.* from g_sc, s where g_sc.f = s.t) cycle f, t set is_cycle using label select * from s;
with recursive s(f, t, label) as (select * from g_sc union all select g_sc.* from g_sc, s where g_sc.f = s.t) cycle f, t set is_cycle to true default 55 using path select * from s;
with recursive s(f, t, label) as (select * from g_sc union all (select * from g_sc union all select g_sc.* from g_sc, s where g_sc.f = s.t)) search depth first by f, t set seq select * from s;
with recursive s(f, t, label) as ((select * from g_sc union all select * from g_sc) union all select g_sc.* from g_sc, s where g_sc.f = s.t) search depth first by f, t set seq select * from s;
with recursive x(col) as (select 1 union (with x as (select * from x) select * from x)) search depth first by col set seq select * from x;
with recursive s(f, t, label) as (select * from g_sc union all select g_sc.* from g_sc where g_sc.f in (select t from s)) search depth first by f set seq select * from s;
with recursive s(f, t, label) as (select * from g_sc union all select g_sc.* from g_sc, s where g_sc.f = s.t) search depth first by f, t set seq cycle f, t set seq using path select * from s;
drop table g_sc;
