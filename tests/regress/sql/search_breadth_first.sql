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
