-- ANALYZE of a numeric column holding NaN and infinities: NaN sorts above every number
create temp table regress_numeric_nan_stats (a numeric);
insert into regress_numeric_nan_stats values ('NaN'), (1), ('Infinity'), (2), ('NaN'), ('-Infinity'), (1);
analyze regress_numeric_nan_stats;
select null_frac, n_distinct, most_common_vals::text, histogram_bounds::text from pg_stats where tablename = 'regress_numeric_nan_stats';
drop table regress_numeric_nan_stats;
