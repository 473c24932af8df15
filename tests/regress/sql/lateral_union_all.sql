-- LATERAL subqueries that are a UNION ALL whose branches refer to earlier FROM items.
DROP TABLE IF EXISTS regress_lua_a;
DROP TABLE IF EXISTS regress_lua_b;
CREATE TABLE regress_lua_a (x int8, y int8);
INSERT INTO regress_lua_a VALUES (1, 2), (2, 3), (3, NULL), (100, 101);
CREATE TABLE regress_lua_b (f int);
INSERT INTO regress_lua_b VALUES (0), (1), (2), (-5);
SELECT * FROM regress_lua_b b, LATERAL (SELECT b.f + 1 AS v UNION ALL SELECT 7) s
  ORDER BY 1, 2;
SELECT * FROM generate_series(1, 4) g,
  LATERAL (SELECT * FROM regress_lua_a a WHERE g = x
           UNION ALL SELECT * FROM regress_lua_a c WHERE g = y) ss ORDER BY 1, 2, 3;
EXPLAIN (COSTS OFF) SELECT * FROM generate_series(1, 4) g,
  LATERAL (SELECT * FROM regress_lua_a a WHERE g = x
           UNION ALL SELECT * FROM regress_lua_a c WHERE g = y) ss;
SELECT * FROM (SELECT 0 AS z) AS t1 LEFT JOIN (SELECT true AS a) AS t2 ON true,
  LATERAL (SELECT true AS b UNION ALL SELECT a AS b) AS t3 WHERE b;
SELECT * FROM ((SELECT 2 AS v) UNION ALL (SELECT 3 AS v)) AS q1
  CROSS JOIN LATERAL ((SELECT * FROM ((SELECT 4 AS v) UNION ALL (SELECT 5 AS v)) AS q3)
                      UNION ALL (SELECT q1.v)) AS q2 ORDER BY 1, 2;
SELECT * FROM regress_lua_b b,
  LATERAL (SELECT b.f > 1 AS t, 1 AS id FROM (SELECT random() ORDER BY 1) AS r
           UNION ALL SELECT true AS t, 2 AS id) AS s
  WHERE t AND f >= 0 ORDER BY 1, 3;
SELECT v.* FROM (regress_lua_a x LEFT JOIN (SELECT x, coalesce(y, 0) y FROM regress_lua_a) y
                 ON x.y = y.x) LEFT JOIN regress_lua_b z ON z.f = x.y,
  LATERAL (SELECT x.x, y.x UNION ALL SELECT x.y, y.y) v(vx, vy) ORDER BY 1, 2;
DROP TABLE regress_lua_a;
DROP TABLE regress_lua_b;
