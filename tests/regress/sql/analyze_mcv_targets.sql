-- ANALYZE's MCV lists and histograms for several distributions and statistics targets
-- (compute_scalar_stats: a complete MCV list when every distinct value fits the
-- target, else analyze_mcv_list's cut; the histogram of the rest). The table is read
-- whole (20000 rows, under the 300 x target sample), so pg_stats equals PostgreSQL's;
-- long lists are compared by length and md5. Values wider than a page's share are kept
-- whole too (pg_statistic's TOAST table).
DROP TABLE IF EXISTS regress_mcv_t;
CREATE TABLE regress_mcv_t (uni50 int, uni500 int, uni2000 int, skew int, distinct_ int, same int, nulls int, wide text, t10 int, t10skew int, t1000 int, t1000skew int);
INSERT INTO regress_mcv_t SELECT i % 50, i % 500, i % 2000, CASE WHEN i % 3 = 0 THEN 0 WHEN i % 7 = 0 THEN 1 WHEN i % 11 = 0 THEN 2 ELSE i % 997 END, i, 7, CASE WHEN i % 4 = 0 THEN NULL ELSE i % 30 END, repeat('w', 150) || (i % 120), i % 40, (i * i) % 61, i % 2000, CASE WHEN i % 5 = 0 THEN i % 7 ELSE i END FROM generate_series(1, 20000) i;
ALTER TABLE regress_mcv_t ALTER COLUMN t10 SET STATISTICS 10;
ALTER TABLE regress_mcv_t ALTER COLUMN t10skew SET STATISTICS 10;
ALTER TABLE regress_mcv_t ALTER COLUMN t1000 SET STATISTICS 1000;
ALTER TABLE regress_mcv_t ALTER COLUMN t1000skew SET STATISTICS 1000;
ALTER TABLE regress_mcv_t ALTER COLUMN wide SET STATISTICS 1000;
ANALYZE regress_mcv_t;
SELECT attname, null_frac, n_distinct, array_length(most_common_freqs, 1) AS mcvs, array_length(histogram_bounds::text::text[], 1) AS bounds, md5(most_common_vals::text) AS mcv_md5, md5(most_common_freqs::text) AS freq_md5, md5(histogram_bounds::text) AS hist_md5, correlation FROM pg_stats WHERE schemaname = 'public' AND tablename = 'regress_mcv_t' ORDER BY attname;
SELECT attname, most_common_vals::text, most_common_freqs, histogram_bounds::text FROM pg_stats WHERE schemaname = 'public' AND tablename = 'regress_mcv_t' AND attname IN ('skew', 'same', 'nulls', 't10', 't10skew') ORDER BY attname;
DROP TABLE regress_mcv_t;
-- types with '=' (a hash class's) but no '<' (compute_distinct_stats), and arrays of
-- them: MCVs from a track list of 2 x target values, no histogram; the values seen once
-- give way to newer ones on a full list
DROP TABLE IF EXISTS regress_mcv_eq;
CREATE TABLE regress_mcv_eq (a xid, b cid, c aclitem, small xid, acl aclitem[], xids xid[]);
INSERT INTO regress_mcv_eq SELECT (i % 37)::text::xid, (i % 5)::text::cid, CASE WHEN i % 2 = 0 THEN 'postgres=r/postgres' ELSE 'postgres=w/postgres' END::aclitem, (i % 7)::text::xid, CASE WHEN i % 3 = 0 THEN '{postgres=r/postgres}' WHEN i % 3 = 1 THEN '{postgres=w/postgres,=r/postgres}' END::aclitem[], ARRAY[(i % 3)::text::xid] FROM generate_series(1, 2000) i;
INSERT INTO regress_mcv_eq (a, small) SELECT (1000 + i)::text::xid, (100 + i)::text::xid FROM generate_series(1, 300) i;
INSERT INTO regress_mcv_eq (small) SELECT (i % 3)::text::xid FROM generate_series(1, 30) i;
ALTER TABLE regress_mcv_eq ALTER COLUMN small SET STATISTICS 4;
ANALYZE regress_mcv_eq;
SELECT attname, null_frac, avg_width, n_distinct, most_common_vals::text, most_common_freqs, histogram_bounds::text FROM pg_stats WHERE schemaname = 'public' AND tablename = 'regress_mcv_eq' ORDER BY attname;
SELECT staattnum, stakind1, stakind2, staop1, stacoll1 FROM pg_statistic WHERE starelid = 'regress_mcv_eq'::regclass ORDER BY staattnum;
DROP TABLE regress_mcv_eq;
