-- Parallel GROUP BY under an ORDER BY of (a prefix of) the group keys, ascending: a
-- Finalize GroupAggregate over a Gather Merge delivers the order; a hashed plan pays
-- the Sort above it (create_ordered_paths over the grouped paths add_path kept). An
-- ORDER BY in another direction keeps the serial plan (not done: PostgreSQL sorts the
-- partial groups that way).
-- compare explain text
CREATE TABLE regress_pgo_t (a int, b int, s text);
INSERT INTO regress_pgo_t SELECT g % 4, g % 10, 'x' || (g % 997) FROM generate_series(1, 10000) g;
ANALYZE regress_pgo_t;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 4;
EXPLAIN (COSTS OFF) SELECT s, count(*) FROM regress_pgo_t GROUP BY s ORDER BY s;
EXPLAIN SELECT a, b, count(*) FROM regress_pgo_t GROUP BY a, b ORDER BY a;
EXPLAIN SELECT b, count(*) FROM regress_pgo_t GROUP BY b ORDER BY b;
SELECT a, b, count(*) FROM regress_pgo_t GROUP BY a, b ORDER BY a, b;
SELECT s, count(*), sum(a) FROM regress_pgo_t GROUP BY s ORDER BY s LIMIT 5;
RESET max_parallel_workers_per_gather;
EXPLAIN SELECT s, sum(b) FROM regress_pgo_t GROUP BY s ORDER BY s LIMIT 5;
DROP TABLE regress_pgo_t;
