-- Composite values in expressions: comparisons, ORDER BY / DISTINCT / GROUP BY, IS [NOT]
-- NULL, row_to_json, arrays of composites and arr[i].f, subqueries.
DROP SCHEMA IF EXISTS regress_c4 CASCADE;
CREATE SCHEMA regress_c4;
set search_path = regress_c4;
create type pair as (a int, b text);
create table t (id int, p pair);
insert into t values (1, '(1,a)'), (2, '(1,b)'), (3, '(,)'), (4, null), (5, '(0,z)');
select id, p from t order by p, id;
select id from t where p = row(1, 'a')::pair;
select id from t where p < '(1,b)'::pair order by id;
select id, p is null, p is not null from t order by id;
select distinct p from t order by p;
select row_to_json(t) from t where id = 1;
select row_to_json(p) from t where id = 1;
select array_agg(p order by id) from t;
select (array_agg(p order by id))[1].a from t;
select t.p.a from t where id = 1;
select count(*) from t group by p order by 1;
select max(id) from t group by (p).a order by 1;
select x from (select p as x from t where id = 1) s;
select id, (p).a + 1 from t where (p).b = 'a';
reset search_path;
drop schema regress_c4 cascade;
