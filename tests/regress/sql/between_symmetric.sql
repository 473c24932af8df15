-- BETWEEN SYMMETRIC / NOT BETWEEN SYMMETRIC: either order of the bounds, NULLs, views
drop view if exists regress_between_sym_v;
select 3 between symmetric 5 and 1, 3 not between symmetric 5 and 1, 6 between symmetric 5 and 1,
  6 not between symmetric 1 and 5, null between symmetric 1 and 5, 3 between symmetric null and 1;
select x from generate_series(1, 8) x where x between symmetric 6 and 3 order by x;
select x from generate_series(1, 8) x where x not between symmetric 6 and 3 order by x;
select d from (values (date '1997-06-01'), (date '1998-06-01')) v(d) where d between symmetric '1998-01-01' and '1997-01-01';
create view regress_between_sym_v as select x between symmetric 5 and 1 as a, x not between symmetric 5 and 1 as b from generate_series(1, 2) x;
select pg_get_viewdef('regress_between_sym_v');
select * from regress_between_sym_v;
drop view regress_between_sym_v;
