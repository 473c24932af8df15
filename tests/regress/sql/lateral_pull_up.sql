-- LATERAL subqueries merged into the join tree (optimizer/lateral_pull_up.py): a simple
-- LATERAL (SELECT ... WHERE b.x = a.x) becomes a join chosen by cost, in FROM lists,
-- CROSS JOIN LATERAL and LEFT JOIN LATERAL ... ON true; computed columns over the outer
-- row; the cases that stay a parameterised Nested Loop (aggregates, LIMIT, an outer
-- reference in the subquery's own JOIN condition); results as PostgreSQL's.
DROP TABLE IF EXISTS regress_lpu_a;
DROP TABLE IF EXISTS regress_lpu_b;
CREATE TABLE regress_lpu_a (id int, x int);
CREATE TABLE regress_lpu_b (x int, y int);
INSERT INTO regress_lpu_a SELECT i, i % 50 FROM generate_series(1, 400) i;
INSERT INTO regress_lpu_b SELECT i % 60, i FROM generate_series(1, 800) i;
ANALYZE regress_lpu_a;
ANALYZE regress_lpu_b;
EXPLAIN (COSTS OFF) SELECT * FROM regress_lpu_a a, LATERAL (SELECT y FROM regress_lpu_b b WHERE b.x = a.x) s;
SELECT count(*), sum(y) FROM regress_lpu_a a, LATERAL (SELECT y FROM regress_lpu_b b WHERE b.x = a.x) s;
EXPLAIN (COSTS OFF) SELECT * FROM regress_lpu_a a CROSS JOIN LATERAL (SELECT y, a.id + y AS z FROM regress_lpu_b b WHERE b.x = a.x) s;
SELECT count(*), sum(z) FROM regress_lpu_a a CROSS JOIN LATERAL (SELECT y, a.id + y AS z FROM regress_lpu_b b WHERE b.x = a.x) s;
EXPLAIN (COSTS OFF) SELECT * FROM regress_lpu_a a LEFT JOIN LATERAL (SELECT y FROM regress_lpu_b b WHERE b.x = a.x AND b.y > a.id) s ON true;
SELECT count(*), sum(y), count(y) FROM regress_lpu_a a LEFT JOIN LATERAL (SELECT y FROM regress_lpu_b b WHERE b.x = a.x AND b.y > a.id) s ON true;
SELECT count(*), sum(z) FROM regress_lpu_a a LEFT JOIN LATERAL (SELECT y, a.id + y AS z FROM regress_lpu_b b WHERE b.x = a.x) s ON true WHERE a.id <= 40;
SELECT a.id, s.y FROM regress_lpu_a a, LATERAL (SELECT y FROM regress_lpu_b b WHERE b.x = a.x AND EXISTS (SELECT 1 FROM regress_lpu_b c WHERE c.y = a.id + b.y)) s WHERE a.id <= 40 ORDER BY 1, 2 LIMIT 5;
EXPLAIN (COSTS OFF) SELECT * FROM regress_lpu_a a, LATERAL (SELECT count(*) FROM regress_lpu_b b WHERE b.x = a.x) s;
EXPLAIN (COSTS OFF) SELECT * FROM regress_lpu_a a, LATERAL (SELECT y FROM regress_lpu_b b WHERE b.x = a.x ORDER BY y LIMIT 2) s;
SELECT count(*) FROM regress_lpu_a a, LATERAL (SELECT b.y FROM regress_lpu_b b JOIN regress_lpu_b c ON c.y = b.y AND b.x = a.x) s WHERE a.id <= 40;
DROP TABLE regress_lpu_a;
DROP TABLE regress_lpu_b;
