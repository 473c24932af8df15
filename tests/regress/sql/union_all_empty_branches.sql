-- UNION ALL subqueries planned as append relations: branches whose pushed-down quals
-- fold to false are left out; one branch left replaces the Append, none is a dummy Result.
DROP TABLE IF EXISTS regress_uae_t;
CREATE TABLE regress_uae_t (a int, b int, c text);
INSERT INTO regress_uae_t SELECT g, g % 7, 'v' || g FROM generate_series(1, 200) g;
CREATE INDEX regress_uae_t_a ON regress_uae_t (a);
ANALYZE regress_uae_t;
EXPLAIN (COSTS OFF) SELECT * FROM
  (SELECT 1 AS t, * FROM regress_uae_t x UNION ALL SELECT 2 AS t, * FROM regress_uae_t y) u
  WHERE t = 2;
SELECT count(*), min(a), max(t) FROM
  (SELECT 1 AS t, * FROM regress_uae_t x UNION ALL SELECT 2 AS t, * FROM regress_uae_t y) u
  WHERE t = 2;
EXPLAIN (COSTS OFF) SELECT * FROM
  (SELECT 1 AS t, * FROM regress_uae_t x UNION ALL SELECT 2 AS t, * FROM regress_uae_t y) u
  WHERE t = 3;
SELECT * FROM
  (SELECT 1 AS t, * FROM regress_uae_t x UNION ALL SELECT 2 AS t, * FROM regress_uae_t y) u
  WHERE t = 3;
EXPLAIN (COSTS OFF) SELECT * FROM
  (SELECT 1 AS t, a FROM regress_uae_t x UNION ALL SELECT 2, a FROM regress_uae_t y
   UNION ALL SELECT 3, b FROM regress_uae_t z) u
  WHERE t > 1 AND a < 3;
SELECT * FROM
  (SELECT 1 AS t, a FROM regress_uae_t x UNION ALL SELECT 2, a FROM regress_uae_t y
   UNION ALL SELECT 3, b FROM regress_uae_t z) u
  WHERE t > 1 AND a < 3 ORDER BY 1, 2;
EXPLAIN (COSTS OFF) SELECT * FROM
  (SELECT 1 AS t, * FROM regress_uae_t x WHERE b = 1
   UNION ALL SELECT 2 AS t, * FROM regress_uae_t y WHERE b = 2) u
  WHERE t = 2 AND a < 20;
SELECT * FROM
  (SELECT 1 AS t, * FROM regress_uae_t x WHERE b = 1
   UNION ALL SELECT 2 AS t, * FROM regress_uae_t y WHERE b = 2) u
  WHERE t = 2 AND a < 20 ORDER BY a;
-- joined: the surviving branch's columns name the join clause
EXPLAIN (COSTS OFF) SELECT * FROM
  (SELECT 1 AS t, a FROM regress_uae_t x UNION ALL SELECT 2 AS t, b FROM regress_uae_t y) u
  JOIN (VALUES (3), (5)) v(k) ON u.a = v.k WHERE t = 2;
SELECT * FROM
  (SELECT 1 AS t, a FROM regress_uae_t x UNION ALL SELECT 2 AS t, b FROM regress_uae_t y) u
  JOIN (VALUES (3), (5)) v(k) ON u.a = v.k WHERE t = 2 ORDER BY 1, 2, 3 LIMIT 5;
DROP TABLE regress_uae_t;
