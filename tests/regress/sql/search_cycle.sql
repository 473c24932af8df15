-- WITH RECURSIVE ... SEARCH DEPTH FIRST BY ... SET and CYCLE ... SET ... USING.
DROP TABLE IF EXISTS regress_sc_graph;
CREATE TABLE regress_sc_graph (f int, t int, label text);
INSERT INTO regress_sc_graph VALUES (1, 2, 'arc 1 -> 2'), (1, 3, 'arc 1 -> 3'),
  (2, 3, 'arc 2 -> 3'), (1, 4, 'arc 1 -> 4'), (4, 5, 'arc 4 -> 5');
WITH RECURSIVE search_graph(f, t, label) AS (
  SELECT * FROM regress_sc_graph g
  UNION ALL
  SELECT g.* FROM regress_sc_graph g, search_graph sg WHERE g.f = sg.t
) SEARCH DEPTH FIRST BY f, t SET seq
SELECT * FROM search_graph ORDER BY seq;
WITH RECURSIVE search_graph(f, t, label) AS (
  SELECT * FROM regress_sc_graph g
  UNION DISTINCT
  SELECT g.* FROM regress_sc_graph g, search_graph sg WHERE g.f = sg.t
) SEARCH DEPTH FIRST BY f, t SET seq
SELECT * FROM search_graph ORDER BY seq;
INSERT INTO regress_sc_graph VALUES (5, 1, 'arc 5 -> 1');
WITH RECURSIVE search_graph(f, t, label) AS (
  SELECT * FROM regress_sc_graph g
  UNION ALL
  SELECT g.* FROM regress_sc_graph g, search_graph sg WHERE g.f = sg.t
) CYCLE f, t SET is_cycle USING path
SELECT * FROM search_graph;
WITH RECURSIVE search_graph(f, t, label) AS (
  SELECT * FROM regress_sc_graph g
  UNION ALL
  SELECT g.* FROM regress_sc_graph g, search_graph sg WHERE g.f = sg.t
) CYCLE f, t SET is_cycle TO 'Y' DEFAULT 'N' USING path
SELECT * FROM search_graph;
WITH RECURSIVE search_graph(f, t, label) AS (
  SELECT * FROM regress_sc_graph g
  UNION ALL
  SELECT g.* FROM regress_sc_graph g, search_graph sg WHERE g.f = sg.t
) SEARCH DEPTH FIRST BY f, t SET seq CYCLE f, t SET is_cycle USING path
SELECT * FROM search_graph ORDER BY seq;
WITH RECURSIVE search_graph AS (
  SELECT * FROM regress_sc_graph g
  UNION ALL
  SELECT g.* FROM regress_sc_graph g JOIN search_graph ON g.f = search_graph.t
) CYCLE f SET c USING p
SELECT * FROM search_graph;
WITH RECURSIVE sg(f, t) AS (SELECT 1, 2 UNION ALL SELECT f + 1, t FROM sg WHERE f < 3)
  SEARCH DEPTH FIRST BY f SET seq CYCLE t SET c USING p SELECT * FROM sg;
WITH RECURSIVE sg(f, t) AS (SELECT 1, 2 UNION ALL SELECT f + 1, t FROM sg WHERE f < 3)
  CYCLE f SET c TO 1 DEFAULT 0 USING p SELECT * FROM sg;
-- errors
WITH sg(f, t) AS (SELECT 1, 2) SEARCH DEPTH FIRST BY f SET seq SELECT * FROM sg;
WITH RECURSIVE sg(f, t) AS (SELECT 1, 2 UNION ALL SELECT f + 1, t FROM sg WHERE f < 3)
  SEARCH DEPTH FIRST BY x SET seq SELECT * FROM sg;
WITH RECURSIVE sg(f, t) AS (SELECT 1, 2 UNION ALL SELECT f + 1, t FROM sg WHERE f < 3)
  CYCLE x SET c USING p SELECT * FROM sg;
WITH RECURSIVE sg(f, t) AS (SELECT 1, 2 UNION ALL SELECT f + 1, t FROM sg WHERE f < 3)
  CYCLE f SET c USING c SELECT * FROM sg;
DROP TABLE regress_sc_graph;
