-- Sorted grouping sets (optimizer/grouping_set_rollups.py): with hashing off
-- (enable_hashagg), ruled out by an aggregate with ORDER BY / DISTINCT, the sets are
-- arranged into PostgreSQL's rollups: a GroupAggregate whose first rollup reads the
-- input sorted ("Group Key" lines) and whose later rollups sort again ("Sort Key" with
-- their own "Group Key" lines); rows come out in the rollups' order, so ORDER BY over a
-- single rollup needs no Sort (an Incremental Sort for a prefix).
DROP TABLE IF EXISTS regress_gss;
DROP TABLE IF EXISTS regress_gss_big;
CREATE TABLE regress_gss (a int, b int, c int, v int, s text);
INSERT INTO regress_gss SELECT i % 3, i % 5, i % 2, i, 's' || (i % 4) FROM generate_series(1, 60) i;
INSERT INTO regress_gss VALUES (NULL, 1, 1, 100, NULL), (1, NULL, 0, 101, 's1'), (NULL, NULL, NULL, 102, 's2');
SET enable_hashagg = off;
EXPLAIN (COSTS OFF) SELECT a, b, c, sum(v) FROM regress_gss GROUP BY CUBE (a, b, c);
SELECT a, b, c, sum(v), grouping(a, b, c) FROM regress_gss GROUP BY CUBE (a, b, c);
EXPLAIN (COSTS OFF) SELECT a, b, sum(v) FROM regress_gss GROUP BY GROUPING SETS ((a, b), (b), (a), ());
SELECT a, b, sum(v) FROM regress_gss GROUP BY GROUPING SETS ((a, b), (b), (a), ());
EXPLAIN (COSTS OFF) SELECT a, b, count(*) FROM regress_gss GROUP BY ROLLUP (a, b) ORDER BY a, b;
SELECT a, b, count(*) FROM regress_gss GROUP BY ROLLUP (a, b) ORDER BY a, b;
EXPLAIN (COSTS OFF) SELECT a, b, count(*) FROM regress_gss GROUP BY ROLLUP (a, b) ORDER BY a DESC NULLS LAST, b;
SELECT a, b, count(*) FROM regress_gss GROUP BY ROLLUP (a, b) ORDER BY a DESC NULLS LAST, b;
EXPLAIN (COSTS OFF) SELECT a, b FROM regress_gss GROUP BY GROUPING SETS ((a, b), (a)) ORDER BY a, b NULLS FIRST;
SELECT a, b FROM regress_gss GROUP BY GROUPING SETS ((a, b), (a)) ORDER BY a, b NULLS FIRST;
EXPLAIN (COSTS OFF) SELECT a, b FROM regress_gss GROUP BY ROLLUP (b, a) ORDER BY a;
SELECT a, b FROM regress_gss GROUP BY ROLLUP (b, a) ORDER BY a, b;
-- computed keys, HAVING, grouping(), text keys
SELECT a, b + 1, count(*) FROM regress_gss GROUP BY ROLLUP (a, b + 1) HAVING count(*) > 3;
SELECT s, c, grouping(s, c), max(v) FROM regress_gss GROUP BY CUBE (s, c) ORDER BY 3, 1, 2;
SELECT a, count(*) FROM regress_gss WHERE v < 0 GROUP BY ROLLUP (a);
RESET enable_hashagg;
-- an ordered aggregate rules hashing out
EXPLAIN (COSTS OFF) SELECT a, c, array_agg(v ORDER BY v) FROM regress_gss WHERE v < 20 GROUP BY GROUPING SETS ((a, c), (c), ());
SELECT a, c, array_agg(v ORDER BY v) FROM regress_gss WHERE v < 20 GROUP BY GROUPING SETS ((a, c), (c), ());
SELECT a, count(DISTINCT b) FROM regress_gss GROUP BY ROLLUP (a);
-- hash tables over hash_mem: PostgreSQL's knapsack hashes the small rollups beside a
-- sorted one (MixedAggregate); hashed sets listed in its rollups' order
CREATE TABLE regress_gss_big (u int, t int, h int, n int, f int);
INSERT INTO regress_gss_big SELECT i, i % 500, i % 100, i % 10, i % 4 FROM generate_series(1, 4000) i;
ANALYZE regress_gss_big;
SET hash_mem_multiplier = 1.0;
SET work_mem = '64kB';
EXPLAIN (COSTS OFF) SELECT u, count(t), count(h), count(*) FROM regress_gss_big GROUP BY GROUPING SETS (u, t, h, n, f);
SELECT count(*), sum(c) FROM (SELECT u, count(t) AS c FROM regress_gss_big GROUP BY GROUPING SETS (u, t, h, n, f)) s;
SELECT t, h, n, f, count(*) FROM regress_gss_big WHERE u < 40 GROUP BY GROUPING SETS (t, h, n, f, ()) ORDER BY 1, 2, 3, 4;
RESET work_mem;
RESET hash_mem_multiplier;
EXPLAIN (COSTS OFF) SELECT n, f, h, count(*) FROM regress_gss_big GROUP BY CUBE (h, n, f);
DROP TABLE regress_gss_big;
DROP TABLE regress_gss;
