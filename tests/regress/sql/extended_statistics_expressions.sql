-- Expression statistics of statistics objects (CREATE STATISTICS ... ON (expr)): ANALYZE
-- stores one pg_statistic entry per expression in pg_statistic_ext_data.stxdexpr
-- (pg_statistic[]), which pg_stats_ext_exprs shows.
DROP TABLE IF EXISTS regress_xe;
CREATE TABLE regress_xe (a int, b int, c text);
INSERT INTO regress_xe SELECT i % 10, i % 7, 'X' || (i % 5) FROM generate_series(1, 1000) i;
INSERT INTO regress_xe SELECT NULL, i, NULL FROM generate_series(1, 50) i;
CREATE STATISTICS regress_xe_exprs ON (a + b), (lower(c)) FROM regress_xe;
CREATE STATISTICS regress_xe_mixed (ndistinct, mcv) ON a, (a * 1000 + b) FROM regress_xe;
CREATE STATISTICS regress_xe_cols ON a, b FROM regress_xe;
CREATE STATISTICS regress_xe_nulls ON (nullif(b, 3)), (c || 'y') FROM regress_xe;
SELECT s.stxname, d.stxdexpr IS NULL AS no_exprs, stxkind FROM pg_statistic_ext s
  LEFT JOIN pg_statistic_ext_data d ON d.stxoid = s.oid
  WHERE s.stxrelid = 'regress_xe'::regclass ORDER BY 1;
ANALYZE regress_xe;
SELECT s.stxname, d.stxdexpr FROM pg_statistic_ext s
  JOIN pg_statistic_ext_data d ON d.stxoid = s.oid
  WHERE s.stxrelid = 'regress_xe'::regclass ORDER BY 1;
SELECT s.stxname, pg_typeof(d.stxdexpr), cardinality(d.stxdexpr),
       (d.stxdexpr[1]).stadistinct, (d.stxdexpr[1]).stakind1, (d.stxdexpr[1]).starelid
  FROM pg_statistic_ext s JOIN pg_statistic_ext_data d ON d.stxoid = s.oid
  WHERE s.stxrelid = 'regress_xe'::regclass ORDER BY 1;
SELECT statistics_name, expr, inherited, null_frac, avg_width, n_distinct, most_common_vals,
       most_common_freqs, histogram_bounds, correlation, most_common_elems
  FROM pg_stats_ext_exprs WHERE tablename = 'regress_xe' ORDER BY statistics_name, expr;
SELECT pg_typeof(most_common_vals), pg_typeof(histogram_bounds) FROM pg_stats_ext_exprs
  WHERE statistics_name = 'regress_xe_exprs' ORDER BY expr;
-- a smaller target: shorter MCV lists and histograms
ALTER STATISTICS regress_xe_mixed SET STATISTICS 5;
ANALYZE regress_xe;
SELECT statistics_name, expr, n_distinct, most_common_vals, histogram_bounds
  FROM pg_stats_ext_exprs WHERE statistics_name = 'regress_xe_mixed';
-- the whole rows
SELECT (x).* FROM (SELECT unnest(stxdexpr) AS x FROM pg_statistic_ext_data d
  JOIN pg_statistic_ext s ON d.stxoid = s.oid WHERE s.stxname = 'regress_xe_exprs') q;
DROP STATISTICS regress_xe_exprs;
SELECT count(*) FROM pg_stats_ext_exprs WHERE tablename = 'regress_xe';
DROP TABLE regress_xe;
SELECT count(*) FROM pg_statistic_ext_data d WHERE NOT EXISTS
  (SELECT FROM pg_statistic_ext s WHERE s.oid = d.stxoid);
