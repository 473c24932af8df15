-- Set-returning functions in GROUP BY (directly, through an output name or number,
-- nested, with grouping sets): a ProjectSet below the grouping.
DROP TABLE IF EXISTS regress_srfg;
CREATE TABLE regress_srfg(a int, b int);
insert into regress_srfg values (1, 1), (2, 2), (3, 2), (4, 2);
select generate_series(1,3) g, count(*) from regress_srfg group by g order by g;
select count(*) from regress_srfg group by generate_series(1,2) order by 1;
select generate_series(1,3) + 1 g, sum(a) from regress_srfg group by 1 order by g;
select b, generate_series(1,b) g, count(*) from regress_srfg group by b, g order by 1, 2;
select unnest(array[b, a]) u, count(*) from regress_srfg group by u order by u;
explain (costs off) select generate_series(1,3) g, count(*) from regress_srfg group by g;
explain (costs off) select generate_series(1,3) g, count(*) from regress_srfg group by g order by 1;
select generate_series(1, generate_series(1, 2)) g, count(*) from regress_srfg group by g order by 1;
select generate_series(1,2) g, count(*) from regress_srfg group by rollup(g) order by 1;
select distinct generate_series(1,3) g from regress_srfg group by g order by 1;
select generate_series(1,3) g from regress_srfg group by g having count(*) > 1 order by 1;
DROP TABLE regress_srfg;
