-- ORDER BY with set-returning functions in the select list: PostgreSQL sorts below the
-- ProjectSet when the sort keys are plain columns (a Result between them when the
-- column orders differ), and above it when a key is an SRF's value.
DROP TABLE IF EXISTS regress_srf_sort;
CREATE TABLE regress_srf_sort (i int, t text, arr int[]);
INSERT INTO regress_srf_sort VALUES (3, 'a', '{30,31}'), (1, 'c', '{10}'), (2, 'b', NULL), (4, NULL, '{}'), (NULL, 'd', '{50,51,52}');
SELECT i, unnest(arr) FROM regress_srf_sort ORDER BY i;
SELECT i, unnest(arr) FROM regress_srf_sort ORDER BY i DESC NULLS LAST LIMIT 3;
SELECT i, generate_series(1, i) FROM regress_srf_sort ORDER BY i;
SELECT arr, unnest(arr) FROM regress_srf_sort ORDER BY i;
SELECT unnest(arr) FROM regress_srf_sort ORDER BY i;
SELECT i, unnest(arr) FROM regress_srf_sort ORDER BY t;
SELECT i, unnest(arr) + 1 FROM regress_srf_sort ORDER BY t DESC;
SELECT i, unnest(arr) FROM regress_srf_sort ORDER BY 2, 1;
SELECT i, unnest(arr), generate_series(1, 2) FROM regress_srf_sort ORDER BY i, 3;
EXPLAIN (COSTS OFF) SELECT i, unnest(arr) FROM regress_srf_sort ORDER BY i;
EXPLAIN (COSTS OFF) SELECT i, unnest(arr) FROM regress_srf_sort ORDER BY i DESC NULLS LAST LIMIT 3;
EXPLAIN (COSTS OFF) SELECT i, generate_series(1, i) FROM regress_srf_sort ORDER BY i;
EXPLAIN (COSTS OFF) SELECT arr, unnest(arr) FROM regress_srf_sort ORDER BY i;
EXPLAIN (COSTS OFF) SELECT unnest(arr) FROM regress_srf_sort ORDER BY i;
EXPLAIN (COSTS OFF) SELECT i, unnest(arr) FROM regress_srf_sort ORDER BY t;
EXPLAIN (COSTS OFF) SELECT i, unnest(arr) + 1 FROM regress_srf_sort ORDER BY t DESC;
EXPLAIN (COSTS OFF) SELECT i, unnest(arr) FROM regress_srf_sort ORDER BY 2, 1;
EXPLAIN (COSTS OFF) SELECT i, unnest(arr), generate_series(1, 2) FROM regress_srf_sort ORDER BY i, 3;
SELECT i + 1, generate_series(1, 2) FROM regress_srf_sort ORDER BY i + 1;
SELECT i, unnest(arr) FROM regress_srf_sort ORDER BY i + 1 DESC;
SELECT t || 'x', generate_series(1, i) FROM regress_srf_sort ORDER BY 1 DESC;
SELECT s.i, unnest(s.arr), o.i FROM regress_srf_sort s JOIN regress_srf_sort o ON o.i = s.i - 1 ORDER BY o.i * 2;
EXPLAIN (COSTS OFF) SELECT i + 1, generate_series(1, 2) FROM regress_srf_sort ORDER BY i + 1;
EXPLAIN (COSTS OFF) SELECT i, unnest(arr) FROM regress_srf_sort ORDER BY i + 1 DESC;
EXPLAIN (COSTS OFF) SELECT t || 'x', generate_series(1, i) FROM regress_srf_sort ORDER BY 1 DESC;
DROP TABLE regress_srf_sort;
