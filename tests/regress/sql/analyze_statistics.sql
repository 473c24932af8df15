-- ANALYZE: pg_stats / pg_statistic contents for tables smaller than the sample (so the
-- statistics are exact), SET STATISTICS, column lists, VACUUM ANALYZE, errors, and the
-- rows going away with DROP COLUMN / DROP TABLE.
DROP TABLE IF EXISTS regress_an_t;
DROP TABLE IF EXISTS regress_an_empty;
DROP TABLE IF EXISTS regress_an_arr;
CREATE TABLE regress_an_t (a int, b text, c float8, d bool, e numeric, f varchar(20), g date);
INSERT INTO regress_an_t SELECT i % 10, 'x' || (i % 3), i * 1.5, i % 2 = 0, (i % 7) / 3.0, repeat('y', i % 5), date '2020-01-01' + (i % 40) FROM generate_series(1, 1000) i;
INSERT INTO regress_an_t VALUES (NULL, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO regress_an_t (a, b) SELECT i, 'rare' || i FROM generate_series(100, 130) i;
ANALYZE regress_an_t;
SELECT attname, inherited, null_frac, avg_width, n_distinct, most_common_vals::text, most_common_freqs, histogram_bounds::text, correlation, most_common_elems, most_common_elem_freqs, elem_count_histogram FROM pg_stats WHERE schemaname = 'public' AND tablename = 'regress_an_t' ORDER BY attname;
SELECT staattnum, stainherit, stakind1, stakind2, stakind3, stakind4, stakind5, staop1, staop2, staop3, stacoll1, stacoll2, stacoll3 FROM pg_statistic WHERE starelid = 'regress_an_t'::regclass ORDER BY staattnum;
SELECT relpages, reltuples FROM pg_class WHERE oid = 'regress_an_t'::regclass;
SELECT pg_typeof(most_common_vals), pg_typeof(histogram_bounds), pg_typeof(correlation) FROM pg_stats WHERE schemaname = 'public' AND tablename = 'regress_an_t' AND attname = 'a';
-- a smaller target: fewer MCVs and histogram bounds
ALTER TABLE regress_an_t ALTER COLUMN a SET STATISTICS 3;
ALTER TABLE regress_an_t ALTER COLUMN c SET STATISTICS 5;
ANALYZE regress_an_t (a, c);
SELECT attname, n_distinct, most_common_vals::text, most_common_freqs, histogram_bounds::text, correlation FROM pg_stats WHERE schemaname = 'public' AND tablename = 'regress_an_t' AND attname IN ('a', 'c') ORDER BY attname;
SELECT attname, attstattarget FROM pg_attribute WHERE attrelid = 'regress_an_t'::regclass AND attnum > 0 ORDER BY attnum;
ALTER TABLE regress_an_t ALTER COLUMN a SET STATISTICS -2;
ALTER TABLE regress_an_t ALTER COLUMN a SET STATISTICS 20000;
ALTER TABLE regress_an_t ALTER COLUMN a SET STATISTICS -1;
ALTER TABLE regress_an_t ALTER COLUMN nope SET STATISTICS 10;
-- inside a transaction block, and rolled back with it
BEGIN;
DELETE FROM regress_an_t WHERE a = 1;
ANALYZE regress_an_t (a);
SELECT most_common_vals::text FROM pg_stats WHERE schemaname = 'public' AND tablename = 'regress_an_t' AND attname = 'a';
ROLLBACK;
SELECT most_common_vals::text FROM pg_stats WHERE schemaname = 'public' AND tablename = 'regress_an_t' AND attname = 'a';
-- errors and warnings
ANALYZE regress_an_nope;
ANALYZE regress_an_t (nope);
ANALYZE regress_an_t (a, a);
ANALYZE regress_an_t (ctid);
ANALYZE (verbose, bogus) regress_an_t;
ANALYZE (verbose off, skip_locked) regress_an_t (b);
ANALYZE regress_an_nope.regress_an_t;
BEGIN READ ONLY;
ANALYZE regress_an_t (a);
ROLLBACK;
VACUUM regress_an_t (a);
VACUUM ANALYZE regress_an_t (d);
-- array columns: MCVs and histograms of whole arrays (arrays of arrays in stavalues);
-- avg_width is left out (pgsnake stores arrays in another layout), and so are the
-- element statistics PostgreSQL adds (most_common_elems: not gathered here)
CREATE TABLE regress_an_arr (ar int[], tx text[], v varchar);
INSERT INTO regress_an_arr SELECT ARRAY[i % 4, i % 3], ARRAY['x' || (i % 3), NULL], repeat('z', i % 60) FROM generate_series(1, 600) i;
INSERT INTO regress_an_arr SELECT ARRAY[i], ARRAY['y' || i], NULL FROM generate_series(1, 40) i;
ANALYZE regress_an_arr;
SELECT attname, null_frac, n_distinct, most_common_vals::text, most_common_freqs, histogram_bounds::text, correlation FROM pg_stats WHERE schemaname = 'public' AND tablename = 'regress_an_arr' ORDER BY attname;
-- an empty table: sizes but no rows
CREATE TABLE regress_an_empty (x int);
ANALYZE regress_an_empty;
SELECT relpages, reltuples FROM pg_class WHERE oid = 'regress_an_empty'::regclass;
SELECT count(*) FROM pg_statistic WHERE starelid = 'regress_an_empty'::regclass;
-- only NULLs
INSERT INTO regress_an_empty SELECT NULL FROM generate_series(1, 5);
ANALYZE regress_an_empty;
SELECT null_frac, avg_width, n_distinct, most_common_vals::text, histogram_bounds::text, correlation FROM pg_stats WHERE schemaname = 'public' AND tablename = 'regress_an_empty';
-- DROP COLUMN and DROP TABLE take the rows along
ALTER TABLE regress_an_t DROP COLUMN b;
SELECT count(*) FROM pg_statistic WHERE starelid = 'regress_an_t'::regclass;
DROP TABLE regress_an_t;
SELECT count(*) FROM pg_statistic s WHERE NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = s.starelid);
DROP TABLE regress_an_empty;
DROP TABLE regress_an_arr;
