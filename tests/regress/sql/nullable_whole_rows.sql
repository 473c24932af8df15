-- Whole rows of FROM subqueries on the nullable side of an outer join are NULL in
-- NULL-extended rows (a junk row-present column in the subquery).
DROP TABLE IF EXISTS regress_nwr;
create table regress_nwr(a int, b int);
insert into regress_nwr values (1, 1), (2, 2), (3, 2), (4, 2);
select t1.a, s.one from regress_nwr t1 left join (select a, 1 as one from regress_nwr where a > 2) s on s.a = t1.a order by 1;
select t1.a, s from regress_nwr t1 left join (select a, 1 as one from regress_nwr where a > 2) s on s.a = t1.a order by 1;
select t1.a, s from regress_nwr t1 left join (select a, b from regress_nwr where a > 2) s on s.a = t1.a order by 1;
select t1.a, s is null, s is not null from regress_nwr t1 left join (select a, b from regress_nwr where a > 2) s on s.a = t1.a order by 1;
select t1.a, f from regress_nwr t1 left join generate_series(3,4) f on f = t1.a order by 1;
select t1.a, f from regress_nwr t1 left join generate_series(3,4) with ordinality f on f.f = t1.a order by 1;
select t1.a, v from regress_nwr t1 left join (values (3, 'x'), (4, null)) v(x, y) on v.x = t1.a order by 1;
select t1.a, c from regress_nwr t1 left join (with w as (select 3 as x) select * from w) c on c.x = t1.a order by 1;
select t1.a, s from regress_nwr t1 full join (select a, b from regress_nwr where a > 2) s on s.a = t1.a + 2 order by 1;
select t1.a, s, s.* from regress_nwr t1 left join (select a, b from regress_nwr where a > 2 order by b) s on s.a = t1.a order by 1;
select t1.a, s from regress_nwr t1 left join (select b, count(*) from regress_nwr group by b) s on s.b = t1.a order by 1;
select t1.a, (select s) from regress_nwr t1 left join (select a, b from regress_nwr where a > 2) s on s.a = t1.a order by 1;
select count(s) from regress_nwr t1 left join (select a, b from regress_nwr where a > 2) s on s.a = t1.a;
DROP TABLE regress_nwr;
