-- compare explain text
-- Operators estimated by eqsel / neqsel other than = and <> (point ~=, box ~=, tid =
-- through its own name...) are estimated as = and <> are: from the column's statistics,
-- 1 / the number of rows when a small table has no distinct count. Compared with
-- PostgreSQL 15.
DROP TABLE IF EXISTS eqo;
CREATE TABLE eqo (p point, b box);
INSERT INTO eqo SELECT point(g, g % 3), box(point(g, g), point(g + 1, g + 1))
FROM generate_series(1, 11) g;
ANALYZE eqo;
EXPLAIN SELECT * FROM eqo WHERE p ~= '(-5,-12)';
EXPLAIN SELECT * FROM eqo WHERE '(-5,-12)' ~= p;
EXPLAIN SELECT * FROM eqo WHERE b ~= '(2,2),(1,1)';
SELECT count(*) FROM eqo WHERE p ~= '(4,1)';
INSERT INTO eqo SELECT point(g % 5, 0), NULL FROM generate_series(1, 300) g;
ANALYZE eqo;
EXPLAIN SELECT * FROM eqo WHERE p ~= '(3,0)';
EXPLAIN SELECT * FROM eqo WHERE b ~= '(2,2),(1,1)';
DROP TABLE eqo;
