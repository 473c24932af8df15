-- A select list calling a PARALLEL RESTRICTED function over one table: the Gather
-- computes it (the leader), so under ORDER BY the Sort goes above the Gather.
-- compare explain text
CREATE TABLE regress_prs_t (a int, b text);
INSERT INTO regress_prs_t SELECT g, 'v' || (g % 97) FROM generate_series(1, 5000) g;
ANALYZE regress_prs_t;
CREATE FUNCTION regress_prs_restricted(int) RETURNS int
  AS $$ BEGIN RETURN $1; END $$ LANGUAGE plpgsql PARALLEL RESTRICTED;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 4;
EXPLAIN (COSTS OFF) SELECT regress_prs_restricted(a) FROM regress_prs_t WHERE b = 'v7';
EXPLAIN (COSTS OFF) SELECT regress_prs_restricted(a) FROM regress_prs_t WHERE b = 'v7' ORDER BY 1;
SELECT regress_prs_restricted(a) FROM regress_prs_t WHERE b = 'v7' ORDER BY 1 LIMIT 5;
SELECT count(*), sum(x) FROM (SELECT regress_prs_restricted(a) x FROM regress_prs_t WHERE b = 'v7') s;
EXPLAIN SELECT regress_prs_restricted(a) FROM regress_prs_t WHERE b = 'v7' ORDER BY 1;
RESET max_parallel_workers_per_gather;
SELECT a, regress_prs_restricted(a) FROM regress_prs_t WHERE b = 'v8' ORDER BY a DESC LIMIT 3;
DROP FUNCTION regress_prs_restricted(int);
DROP TABLE regress_prs_t;
