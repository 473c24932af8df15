-- Row widths and the estimates around them, compared as whole EXPLAIN text: a join
-- passes up only the columns needed above it (through equivalence classes too), a semi
-- join's rows never exceed the inner join's, UNION ALL branches and FROM subqueries
-- drop the columns nobody reads, partitions average their children's widths, GROUP BY
-- columns outside the select list count, dummy relations are 0 wide; and the costs
-- that go with them (aggregate FILTERs and final functions, function scans, gating and
-- volatile column-less quals, a Result under a ProjectSet).
-- compare explain text
create table pcw_a(a int, b int, c text, d float8);
create table pcw_b(x int, y int, z text);
create table pcw_c(p int, q int);
create table pcw_s(p int, q int);
insert into pcw_s select g % 50, g from generate_series(1, 500) g;
analyze pcw_s;
-- join widths: columns used only by a join stop there
explain select pcw_a.c from pcw_a join pcw_b on pcw_a.a = pcw_b.x join pcw_c on pcw_b.y = pcw_c.q;
explain select count(*) from pcw_a, pcw_b, pcw_c where pcw_a.a = pcw_b.x and pcw_b.x = pcw_c.p and pcw_a.b + pcw_b.y > pcw_c.q;
explain select pcw_a.c, pcw_b.z from pcw_a left join pcw_b on pcw_a.a = pcw_b.x left join pcw_c on pcw_b.y = pcw_c.q and pcw_c.p = pcw_a.b;
explain select pcw_a.c from pcw_a, pcw_c where pcw_a.a = pcw_c.p and pcw_a.a in (select x from pcw_b);
-- semi joins: clamped to the inner join's rows; <> keeps the non-NULL rows
explain select pcw_b.x from pcw_b where pcw_b.y in (select b from pcw_a t2 where t2.a = 3);
explain select pcw_b.x from pcw_b where pcw_b.y in (select p from pcw_s);
explain select pcw_a.a from pcw_a join pcw_b on pcw_a.a = pcw_b.x where pcw_b.y in (select b from pcw_a t2 where t2.a = 3);
explain select * from pcw_s s1 where exists (select 1 from pcw_s s2 where s2.p = s1.p and s2.q <> s1.q);
-- UNION ALL branches and FROM subqueries
explain select a from (select a, c from pcw_a union all select x, z from pcw_b) s;
explain select a from (select a, c from pcw_a union all select x, z from pcw_b where y > 0) s where a < 5;
explain select a from (select a, c || 'x' as c from pcw_a union all select x, max(z) from pcw_b group by x) s;
explain select count(*) from (select a from pcw_a intersect select x from pcw_b) s;
explain select * from pcw_a where a in (select max(x) from pcw_b group by y);
-- GROUP BY columns outside the select list
explain select count(*) from pcw_a group by a having count(*) > 2;
explain select count(*) from pcw_a group by a + 1;
explain select c, count(*) from pcw_a group by c, b order by count(*), c;
-- groups of an expression without columns: a set-returning one gives its rows
explain select generate_series(1, 3) g, count(*) from pcw_a group by g;
-- unique-ified semi-join input keeps its relation's width
explain select * from pcw_a t where exists (select 1 from pcw_b u, pcw_c k where u.x = t.a and k.p = u.x);
-- the Result computing volatile columns above a Sort
explain select a, random() > 2 from pcw_a order by a;
explain select a, random() > 2 from pcw_a order by a limit 3;
-- aggregates: FILTER and final functions
explain select count(*) filter (where a > 1) from pcw_a;
explain select b, avg(d), string_agg(c, ',') from pcw_a group by b;
explain select b, avg(d) from pcw_a group by b order by b;
-- function scans: the calls at start-up
explain select * from generate_series(1, 10) g;
explain select * from rows from (generate_series(1, 2), generate_series(1, 3));
explain select * from rows from (upper('x' || 'y'), generate_series(1, 2)) t;
-- quals of no column
explain select * from pcw_a where now() > now() - interval '1 day';
explain select * from pcw_a where random() > 2;
explain select * from pcw_a where a = 5 and random() > 0.5;
-- dummy relations
explain select a, count(*) from pcw_a where false group by a;
explain select a + 1 from pcw_a where false;
explain delete from pcw_a where 1 = 0;
explain update pcw_a set a = 1, c = 'x' where false;
explain select * from pcw_a left join pcw_b on pcw_a.a = pcw_b.x and false;
-- set-returning functions below ORDER BY
explain select b, unnest(array[a, b]) from pcw_a order by b;
explain select b, unnest(array[a, b]) from pcw_a order by b + 1 desc;
-- partitions: widths averaged over the children
create table pcw_p (a int, t text) partition by range (a);
create table pcw_p2 partition of pcw_p for values from (1000) to (2000);
create table pcw_p1 partition of pcw_p for values from (0) to (1000);
insert into pcw_p select g, 'x' || g from generate_series(0, 1999) g;
analyze pcw_p;
explain select * from pcw_p;
explain select * from pcw_p where a < 5;
-- UPDATE ... FROM a subquery: its whole row goes up
explain update pcw_a set c = q.m from (select x, max(z) m from pcw_b group by x) q where q.x = pcw_a.a;
drop table pcw_a, pcw_b, pcw_c, pcw_s, pcw_p;
