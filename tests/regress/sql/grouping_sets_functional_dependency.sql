-- With grouping sets a column may depend on a primary key grouped in every set (a
-- key grouped in only some sets does not count: the other sets' rows have it NULL).
create table gsfd (a integer, b integer, c integer, d integer);
insert into gsfd values (1,1,1,1),(2,2,2,2);
alter table gsfd add primary key (a);
select a, d, grouping(a,b,c) from gsfd group by grouping sets ((a,b), (a,c)) order by 1,2,3;
explain (costs off) select a, d, grouping(a,b,c) from gsfd group by grouping sets ((a,b), (a,c));
select a, d, grouping(a,b,c) from gsfd group by grouping sets ((a,b), (a,c), ());
select b, d from gsfd group by rollup(a, b);
select a, d from gsfd group by cube(a, b) order by 1, 2;
select a, b, d, sum(c) from gsfd group by grouping sets ((a, b), (a)) having d > 0 order by 1, 2;
drop table gsfd;
