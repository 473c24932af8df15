-- ANALYZE's element statistics (array_typanalyze, ts_typanalyze): most_common_elems,
-- most_common_elem_freqs (with the lowest / highest / NULL-element fractions after the
-- frequencies) and elem_count_histogram in pg_stats, and their pg_statistic slots. The
-- tables are smaller than the sample, so both servers read every row; the element
-- frequencies are chosen without ties where the list is cut at its target.
DROP TABLE IF EXISTS regress_el_arr;
DROP TABLE IF EXISTS regress_el_tsv;
DROP TABLE IF EXISTS regress_el_target;
DROP TABLE IF EXISTS regress_el_ext;
CREATE TABLE regress_el_arr (ints int[], words text[], small int[], vc varchar[]);
INSERT INTO regress_el_arr SELECT ARRAY[i % 10, i % 5 + 20, (i % 50) + 100, i % 5 + 20], ARRAY['w' || (i % 6), 'x' || (i % 4)], CASE WHEN i % 5 = 0 THEN NULL WHEN i % 11 = 0 THEN '{}' WHEN i % 13 = 0 THEN ARRAY[NULL, i % 3] ELSE ARRAY[i % 3, i % 9, i % 17] END, ARRAY['v' || (i % 3)]::varchar[] FROM generate_series(1, 2000) i;
-- a skewed element distribution: element k appears in about 2000 / k arrays
INSERT INTO regress_el_arr (small) SELECT ARRAY(SELECT k FROM generate_series(1, 40) k WHERE i % k = 0) FROM generate_series(1, 2000) i;
-- (a smaller target keeps small's pg_statistic row within a page: pgsnake has no TOAST
-- table for pg_statistic)
ALTER TABLE regress_el_arr ALTER COLUMN small SET STATISTICS 30;
ANALYZE regress_el_arr;
SELECT attname, null_frac, n_distinct, most_common_elems::text, most_common_elem_freqs, elem_count_histogram FROM pg_stats WHERE schemaname = 'public' AND tablename = 'regress_el_arr' ORDER BY attname;
SELECT staattnum, stakind1, stakind2, stakind3, stakind4, stakind5, staop3, staop4, stacoll3, stacoll4, pg_typeof(stavalues4)::text FROM pg_statistic WHERE starelid = 'regress_el_arr'::regclass ORDER BY staattnum;
-- target 1 (a 300-row sample, so 300 rows): the 10 most common elements, a 2-entry
-- count histogram
CREATE TABLE regress_el_target (a int[]);
ALTER TABLE regress_el_target ALTER COLUMN a SET STATISTICS 1;
INSERT INTO regress_el_target SELECT ARRAY(SELECT k FROM generate_series(1, 40) k WHERE i % k = 0) FROM generate_series(1, 300) i;
ANALYZE regress_el_target;
SELECT null_frac, n_distinct, most_common_vals::text, most_common_elems::text, most_common_elem_freqs, elem_count_histogram FROM pg_stats WHERE schemaname = 'public' AND tablename = 'regress_el_target';
-- tsvector: lexemes (sorted by length, then bytes), n_distinct -(1 - null_frac), no
-- MCVs; a column of only NULLs gets no element statistics
CREATE TABLE regress_el_tsv (doc tsvector, title tsvector, nothing int[]);
INSERT INTO regress_el_tsv SELECT CASE WHEN i % 9 = 0 THEN NULL ELSE to_tsvector('simple', 'alpha' || (i % 5) || ' beta' || (i % 17) || ' g' || (i % 40)) END, to_tsvector('simple', repeat('t', 1 + i % 4) || ' ' || repeat('u', 1 + i % 3)), NULL FROM generate_series(1, 1500) i;
ALTER TABLE regress_el_tsv ALTER COLUMN title SET STATISTICS 1;
ANALYZE regress_el_tsv;
SELECT attname, null_frac, avg_width, n_distinct, most_common_vals::text, most_common_elems::text, most_common_elem_freqs, elem_count_histogram FROM pg_stats WHERE schemaname = 'public' AND tablename = 'regress_el_tsv' ORDER BY attname;
SELECT staattnum, stakind1, stakind2, staop1, stacoll1, pg_typeof(stavalues1)::text FROM pg_statistic WHERE starelid = 'regress_el_tsv'::regclass ORDER BY staattnum;
-- a statistics object over an array column groups whole arrays
CREATE TABLE regress_el_ext (a int, d int[]);
INSERT INTO regress_el_ext SELECT i % 10, CASE WHEN i % 7 = 0 THEN ARRAY[NULL, i % 3] ELSE ARRAY[i % 3] END FROM generate_series(1, 3000) i;
CREATE STATISTICS regress_el_ext_s ON a, d FROM regress_el_ext;
ANALYZE regress_el_ext;
SELECT statistics_name, attnames, kinds, n_distinct, dependencies, most_common_vals, most_common_freqs FROM pg_stats_ext WHERE tablename = 'regress_el_ext';
DROP TABLE regress_el_ext;
DROP TABLE regress_el_arr;
DROP TABLE regress_el_tsv;
DROP TABLE regress_el_target;
