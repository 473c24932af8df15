-- Output columns of a FROM subquery that nothing above reads are NULL constants in its
-- plan (optimizer/subquery_outputs.py, PostgreSQL's remove_unused_subquery_outputs): a
-- scalar subquery there is not run, so one returning several rows does not fail; kept
-- when a sort, group or window clause uses them, or they are volatile or set-returning.
-- compare explain text
create table suo (q1 int8, q2 int8);
insert into suo values (123, 456), (123, 4567890123456789), (4567890123456789, 123),
  (4567890123456789, 4567890123456789), (4567890123456789, -4567890123456789);
select q1 from (
  with t_cte as (select * from suo t)
  select q1, (select q2 from t_cte where t_cte.q1 = i8.q1) as t_sub from suo i8) ss
order by 1;
explain (verbose, costs off)
select q1 from (
  with t_cte as materialized (select * from suo t)
  select q1, (select q2 from t_cte where t_cte.q1 = i8.q1) as t_sub from suo i8) ss;
select q1, (select ss.y + 1) from (select q1, q2 * 2 as y from suo offset 0) ss
order by 1, 2;
select q1 from (select q1, q2 * 2 as y from suo offset 0) ss
where exists (select 1 where ss.y > 0) order by 1;
select count(*) from (select q1, q2 / 0 as y from suo offset 0) ss;
select q1 from (select q1, q2 / 0 as y from suo order by y offset 0) ss;
select count(*) from (select q1, q2 / 0 as y from suo group by 1, 2 offset 0) ss;
select count(*) from (select q1, random() as y from suo offset 0) ss;
select count(*) from (select q1, generate_series(1, 2) as y from suo offset 0) ss;
explain (verbose, costs off)
select q1 from (select q1, q2 + 1 as y, q2 from suo offset 0) ss where y > 0;
select q1 from (select q1, sum(q2) over (partition by q2) from suo offset 0) ss order by 1;
explain (verbose, costs off)
select q1 from (select q1, sum(q2) over (partition by q2) from suo offset 0) ss;
explain (verbose, costs off)
select a.q1, b.x from (select q1, q2 * 3 as z from suo offset 0) a
  join (select q1, q2 - 1 as x, q2 + 1 as w from suo offset 0) b using (q1);
select count(*) from (select distinct q1, q2 * 2 from suo) d;
-- UPDATE ... FROM keeps every column of its subqueries (their whole rows are copied
-- for EvalPlanQual), so a LATERAL item still reads what it refers to
create table suo2 (a int, c int);
insert into suo2 values (1, 0), (2, 0);
update suo2 t set c = tt.a * 10
  from (select a as x, c as y from suo2 offset 0) n,
       lateral (select a from suo2 where a = n.x) tt
  where t.a = tt.a;
select * from suo2 order by a;
select n.x from (select a as x, c as y from suo2 offset 0) n,
  lateral (select a from suo2 where a = n.x) tt order by 1;
drop table suo, suo2;
