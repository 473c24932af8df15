-- GROUP BY DISTINCT drops repeated grouping sets; views keep the GROUP BY clause as
-- written (ROLLUP, CUBE, GROUPING SETS, DISTINCT) in pg_get_viewdef.
DROP TABLE IF EXISTS gdt CASCADE;
select a, b, c from (values (1, 2, 3), (4, null, 6), (7, 8, 9)) as t (a, b, c) group by distinct rollup(a, b), rollup(a, c) order by a, b, c;
select a, b, c from (values (1, 2, 3), (4, null, 6), (7, 8, 9)) as t (a, b, c) group by all rollup(a, b), rollup(a, c) order by a, b, c;
create table gdt(a int, b int, c int);
create view gdv1 as select a, b, c from gdt group by grouping sets ((a, b), (c), ());
create view gdv2 as select a, b, c from gdt group by cube (a, (b, c));
create view gdv3 as select a, b, c from gdt group by a, rollup(b), grouping sets (c, (a, c));
create view gdv4 as select a, b, c from gdt group by grouping sets (rollup(a), cube(b, c));
create view gdv5 as select a, b, count(*) from gdt group by distinct rollup(a, b), rollup(a);
create view gdv6 as select a + 1 as x, count(*) from gdt group by grouping sets (a + 1, ());
create view gdv7 as select a, b, c from gdt group by rollup (a, b, c), grouping sets (a);
select viewname, definition from pg_views where viewname like 'gdv%' order by 1;
drop table gdt cascade;
