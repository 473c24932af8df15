-- variance / stddev families of integers, numeric and floats (exact numeric scales,
-- Youngs-Cramer floats), and the two-variable float8 aggregates (corr, covar_*, regr_*).
select variance(x), stddev(x), var_pop(x), stddev_pop(x), var_samp(x), stddev_samp(x) from generate_series(1,4) x;
select variance(x::int8), stddev(x::int2), variance(x::numeric / 3), stddev(x::numeric * 1.5) from generate_series(1,10) x;
select variance(x::float8), stddev(x::float4), var_pop(x::float8 / 7), stddev_pop(x * 0.1::float8) from generate_series(1,10) x;
select variance(x), stddev(x), var_pop(x), stddev_samp(x::float8) from (values (5),(5),(5)) v(x);
select variance(x), stddev(x), var_pop(x), variance(x::float8), var_pop(x::float8) from (values (1)) v(x);
select variance(x), var_pop(x::float8) from (select 1 where false) v(x);
select variance(x), stddev(x::float8) from (values (1.5), (null), (2.25), ('NaN'::numeric)) v(x);
select corr(y, x), covar_pop(y, x), covar_samp(y, x), regr_count(y, x), regr_avgx(y, x), regr_avgy(y, x) from (select x, x * 2.5 + (x % 3) as y from generate_series(1, 20) x) s;
select regr_sxx(y, x), regr_syy(y, x), regr_sxy(y, x), regr_slope(y, x), regr_intercept(y, x), regr_r2(y, x) from (select x, x * 2.5 + (x % 3) as y from generate_series(1, 20) x) s;
select corr(y, x), regr_count(y, x), covar_samp(y, x), regr_slope(y, x) from (values (1, 2), (null, 3), (4, null), (2, 2)) v(y, x);
select corr(y, x), regr_slope(y, x), regr_r2(y, x), covar_samp(y, x) from (values (1.0, 1.0)) v(y, x);
select regr_count(y, x), corr(y, x) from (select 1 where false) v(y, x);
select corr(y, x), regr_r2(y, x) from (values (1, 1), (1, 2), (1, 3)) v(y, x);
select g, variance(x), stddev(x::float8) from (select x % 3 as g, x from generate_series(1, 30) x) s group by g order by g;

-- over no rows: regr_count's all-zero initial state makes it 0, the rest NULL
SELECT regr_count(b, a), regr_sxx(b, a), regr_avgx(b, a), covar_pop(b, a), covar_samp(b, a),
       corr(b, a), regr_r2(b, a)
FROM (VALUES (1.0::float8, 2.0::float8)) v(a, b) WHERE a < 0;
SELECT g % 2 AS k, regr_count(g, NULL::float8) FROM generate_series(1, 4) g GROUP BY 1 ORDER BY 1;
