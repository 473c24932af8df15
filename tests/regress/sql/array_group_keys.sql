-- Arrays as DISTINCT aggregate arguments and as grouping-set keys (the hash tables look
-- arrays up by a hashable form and output them as they were).
SELECT count(DISTINCT a) FROM (VALUES (ARRAY[1,2]), (ARRAY[1,2]), (ARRAY[3])) v(a);
SELECT count(DISTINCT (a, b)) FROM (VALUES (1, 2), (1, 2), (2, 2)) v(a, b);
SELECT array_agg(DISTINCT a ORDER BY a) FROM (VALUES (ARRAY[1,2]), (ARRAY[1,2]), (ARRAY[0,5])) v(a);
SELECT x, count(*) FROM (SELECT ARRAY[g % 2, 7] AS x FROM generate_series(1, 5) g) s
  GROUP BY GROUPING SETS ((x), ()) ORDER BY 2, 1;
SELECT x, y, count(*) FROM (SELECT ARRAY[g % 2] AS x, g % 3 AS y FROM generate_series(1, 6) g) s
  GROUP BY ROLLUP (x, y) ORDER BY 1, 2;
-- a grouped constant is NULL in the rows of the sets without it: ORDER BY it still sorts
SELECT x, count(*) FROM (SELECT 1 AS x FROM generate_series(1, 3)) s
  GROUP BY GROUPING SETS ((x), ()) ORDER BY 1;
SELECT x, count(*) FROM (SELECT ARRAY[1,2] AS x FROM generate_series(1, 3)) s
  GROUP BY ROLLUP (x) ORDER BY 1 DESC;
EXPLAIN (COSTS OFF) SELECT x, count(*) FROM (SELECT 1 AS x FROM generate_series(1, 3)) s
  GROUP BY GROUPING SETS ((x), ()) ORDER BY 1;
