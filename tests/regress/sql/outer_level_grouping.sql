-- grouping() in a subquery over an enclosing query's columns is that query's (checked
-- against its GROUP BY, passed in as a parameter); GROUP BY (a, b) groups by a and b.
DROP TABLE IF EXISTS regress_olg;
create table regress_olg(q1 int8, q2 int8);
insert into regress_olg values (1, 2), (1, 3), (4, 5);
select (select grouping(ss.x)) from regress_olg i1 cross join lateral (select (select i1.q1) as x) ss group by ss.x;
select(select (select grouping(a,b) from (values (1)) v2(c)) from (values (1,2)) v1(a,b) group by (a,b)) from (values(6,7)) v3(e,f) GROUP BY ROLLUP(e,f);
select(select (select grouping(e,f) from (values (1)) v2(c)) from (values (1,2)) v1(a,b) group by (a,b)) from (values(6,7)) v3(e,f) GROUP BY ROLLUP(e,f);
select(select (select grouping(a,b) from (values (1)) v2(c)) from (values (1,2)) v1(a,b) group by (a,b)) from (values(6,7)) v3(e,f) GROUP BY ROLLUP((e+1),(f+1));
select(select (select grouping(a,b) from (values (1)) v2(c)) from (values (1,2)) v1(a,b) group by (a,b)) from (values(6,7)) v3(e,f) GROUP BY CUBE((e+1),(f+1)) ORDER BY (e+1),(f+1);
select (select grouping(v1)) from (values ((select 1))) v(v1) group by cube(v1);
select (select grouping(v1)) from (values ((select 1))) v(v1) group by v1;
select q1, (select grouping(q1, q2)) from regress_olg group by rollup(q1, q2) order by 1, 2;
select q1, (select grouping(q1)) from regress_olg group by q1 order by 1;
select (select grouping(q2)) from regress_olg group by q1;
select * from regress_olg where (select grouping(q1)) = 0;
drop table regress_olg;

select a, b, count(*) from (values (1,2),(1,2),(2,3)) v(a,b) group by (a, b) order by 1;
select a, count(*) from (values (1,2),(1,2),(2,3)) v(a,b) group by a, a order by 1;
explain (costs off) select a, count(*) from (values (1,2),(1,2),(2,3)) v(a,b) group by a, a;
select count(*) from (values (1,2),(1,2),(2,3)) v(a,b) group by row(a, b) order by 1;
