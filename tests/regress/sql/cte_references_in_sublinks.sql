-- WITH queries referenced inside EXISTS / IN / NOT EXISTS subqueries and merged FROM
-- subqueries: inlined ones become subqueries there first, materialized ones stay CTE
-- Scans; either way the sublink becomes a semi / anti join.
DROP TABLE IF EXISTS regress_cis_big;
DROP TABLE IF EXISTS regress_cis_small;
CREATE TABLE regress_cis_big (id int PRIMARY KEY, grp int, flag int);
INSERT INTO regress_cis_big SELECT g, g % 50, g % 10 FROM generate_series(1, 2000) g;
CREATE TABLE regress_cis_small (v int);
INSERT INTO regress_cis_small VALUES (3), (7), (42), (1001), (5000);
ANALYZE regress_cis_big;
ANALYZE regress_cis_small;
EXPLAIN (COSTS OFF) WITH w AS (SELECT id FROM regress_cis_big WHERE flag = 1)
  SELECT * FROM regress_cis_small WHERE EXISTS (SELECT 1 FROM w WHERE w.id = regress_cis_small.v);
WITH w AS (SELECT id FROM regress_cis_big WHERE flag = 1)
  SELECT * FROM regress_cis_small WHERE EXISTS (SELECT 1 FROM w WHERE w.id = regress_cis_small.v)
  ORDER BY v;
EXPLAIN (COSTS OFF) WITH w AS (SELECT id FROM regress_cis_big WHERE flag = 1)
  SELECT * FROM regress_cis_small WHERE v IN (SELECT id FROM w);
WITH w AS (SELECT id FROM regress_cis_big WHERE flag = 1)
  SELECT * FROM regress_cis_small WHERE v IN (SELECT id FROM w) ORDER BY v;
WITH w AS (SELECT id FROM regress_cis_big WHERE flag = 1)
  SELECT * FROM regress_cis_small WHERE NOT EXISTS (SELECT 1 FROM w WHERE w.id = regress_cis_small.v)
  ORDER BY v;
-- materialized: the CTE Scan joins the outer query
EXPLAIN (COSTS OFF) WITH w AS MATERIALIZED (SELECT id, flag FROM regress_cis_big WHERE grp = 1)
  SELECT * FROM regress_cis_small WHERE EXISTS (SELECT 1 FROM w WHERE w.id = regress_cis_small.v);
WITH w AS MATERIALIZED (SELECT id, flag FROM regress_cis_big WHERE grp = 1)
  SELECT * FROM regress_cis_small s WHERE EXISTS (SELECT 1 FROM w WHERE w.id = s.v + 48)
  ORDER BY v;
EXPLAIN (COSTS OFF) WITH w AS MATERIALIZED (SELECT id, flag FROM regress_cis_big WHERE grp = 1)
  SELECT * FROM regress_cis_small s WHERE NOT EXISTS (SELECT 1 FROM w WHERE w.id = s.v);
EXPLAIN (COSTS OFF) WITH w AS MATERIALIZED (SELECT id, flag FROM regress_cis_big WHERE grp = 1)
  SELECT * FROM regress_cis_small s, (SELECT * FROM w WHERE flag > 2) ss WHERE ss.id = s.v;
WITH w AS MATERIALIZED (SELECT id, flag FROM regress_cis_big WHERE grp = 1)
  SELECT * FROM regress_cis_small s, (SELECT * FROM w WHERE flag > 2) ss WHERE ss.id > s.v * 300
  ORDER BY 1, 2;
EXPLAIN (COSTS OFF) WITH w AS MATERIALIZED (SELECT id, flag FROM regress_cis_big WHERE grp = 1)
  SELECT * FROM regress_cis_small s WHERE v IN (SELECT id FROM w WHERE flag > 2);
EXPLAIN (COSTS OFF) WITH w AS MATERIALIZED (SELECT id, flag FROM regress_cis_big WHERE grp = 1)
  SELECT * FROM regress_cis_small s WHERE EXISTS (SELECT 1 FROM (SELECT * FROM w) ss WHERE ss.id = s.v);
WITH w AS MATERIALIZED (SELECT id, flag FROM regress_cis_big WHERE grp = 1)
  SELECT * FROM regress_cis_big b WHERE EXISTS (SELECT 1 FROM (SELECT * FROM w) ss WHERE ss.id = b.id + 100)
  ORDER BY id LIMIT 4;
DROP TABLE regress_cis_big;
DROP TABLE regress_cis_small;
