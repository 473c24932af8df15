-- Arrays of anonymous records: ARRAY[ROW(...)], output, = ANY, ||, comparison, and the
-- hand-written cycle detection of a recursive query that uses them.
DROP TABLE IF EXISTS regress_rca_graph;
CREATE TABLE regress_rca_graph (f int, t int, label text);
INSERT INTO regress_rca_graph VALUES (1, 2, 'arc 1 -> 2'), (1, 3, 'arc 1 -> 3'),
  (2, 3, 'arc 2 -> 3'), (1, 4, 'arc 1 -> 4'), (4, 5, 'arc 4 -> 5'), (5, 1, 'arc 5 -> 1');
SELECT array[row(1, 2)];
SELECT pg_typeof(array[row(1, 2)]);
SELECT array[row(1, 'a'::text), row(2, NULL)];
SELECT row(1, 2) = any(array[row(1, 2), row(3, 4)]);
SELECT row(5, 2) = any(array[row(1, 2), row(3, 4)]);
SELECT array[row(1, 2)] || array[row(3, 4)];
SELECT array[row(1, 2)] || row(3, 4);
SELECT array[row(1, 2), row(1, 3)] < array[row(1, 2), row(2, 0)];
SELECT array_length(array[row(1, 2), row(3, 4)], 1);
WITH RECURSIVE search_graph(f, t, label, is_cycle, path) AS (
  SELECT *, false, array[row(g.f, g.t)] FROM regress_rca_graph g
  UNION ALL
  SELECT g.*, row(g.f, g.t) = any(path), path || row(g.f, g.t)
  FROM regress_rca_graph g, search_graph sg
  WHERE g.f = sg.t AND NOT is_cycle
) SELECT * FROM search_graph ORDER BY path;
WITH RECURSIVE search_graph(f, t, label, is_cycle, path) AS (
  SELECT *, false, array[row(g.f, g.t)] FROM regress_rca_graph g
  UNION DISTINCT
  SELECT g.*, row(g.f, g.t) = any(path), path || row(g.f, g.t)
  FROM regress_rca_graph g, search_graph sg
  WHERE g.f = sg.t AND NOT is_cycle
) SELECT * FROM search_graph ORDER BY path;
DROP TABLE regress_rca_graph;
