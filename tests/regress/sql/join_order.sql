-- Join order search (optimizer/join_search.py): results of many join shapes (inner,
-- LEFT, RIGHT, chains, stars, cycles, cross joins, quals on nullable sides, derived
-- equalities) and, for small never-analyzed tables, the plan shape PostgreSQL picks.
DROP TABLE IF EXISTS regress_jo_a;
DROP TABLE IF EXISTS regress_jo_b;
DROP TABLE IF EXISTS regress_jo_c;
DROP TABLE IF EXISTS regress_jo_d;
DROP TABLE IF EXISTS regress_jo_e;
CREATE TABLE regress_jo_a (id int4, x int4, t text);
CREATE TABLE regress_jo_b (id int4, a_id int4, y int4);
CREATE TABLE regress_jo_c (id int4, b_id int4, z int4);
CREATE TABLE regress_jo_d (id int4, a_id int4, w text);
CREATE TABLE regress_jo_e (k int4);
-- Plan shapes over empty tables (costs match PostgreSQL's never-analyzed estimates).
EXPLAIN SELECT * FROM regress_jo_a a, regress_jo_b b, regress_jo_c c WHERE a.id = b.a_id AND b.id = c.b_id;
EXPLAIN SELECT * FROM regress_jo_c c, regress_jo_b b, regress_jo_a a WHERE a.id = b.a_id AND b.id = c.b_id;
EXPLAIN SELECT * FROM regress_jo_a a JOIN regress_jo_b b ON a.id = b.a_id JOIN regress_jo_d d ON d.a_id = a.id;
EXPLAIN SELECT * FROM regress_jo_a a, regress_jo_b b, regress_jo_c c WHERE a.id = b.a_id AND b.a_id = c.b_id;
EXPLAIN SELECT * FROM regress_jo_a a, regress_jo_b b WHERE a.id = b.a_id AND a.id = 5;
EXPLAIN SELECT * FROM regress_jo_a a LEFT JOIN regress_jo_b b ON a.id = b.a_id WHERE b.y = 3;
EXPLAIN SELECT * FROM regress_jo_a a LEFT JOIN regress_jo_b b ON a.id = b.a_id WHERE b.y IS NULL;
EXPLAIN SELECT * FROM regress_jo_a a LEFT JOIN regress_jo_b b ON a.id = b.a_id AND b.y > 2;
EXPLAIN SELECT * FROM regress_jo_a a LEFT JOIN regress_jo_b b ON a.id = b.a_id LEFT JOIN regress_jo_c c ON c.b_id = b.id;
EXPLAIN SELECT * FROM regress_jo_a a, regress_jo_e e;
EXPLAIN SELECT * FROM regress_jo_a a JOIN regress_jo_b b ON a.id = b.a_id, regress_jo_e e WHERE e.k = b.y;
EXPLAIN SELECT * FROM regress_jo_a a, regress_jo_b b, regress_jo_c c, regress_jo_d d WHERE a.id = b.a_id AND b.id = c.b_id AND d.a_id = a.id;
INSERT INTO regress_jo_a VALUES (1, 10, 'one'), (2, 20, 'two'), (3, NULL, 'three'), (4, 40, NULL), (5, 50, 'five');
INSERT INTO regress_jo_b VALUES (10, 1, 100), (11, 1, 110), (20, 2, 200), (30, NULL, 300), (50, 5, NULL), (60, 6, 600);
INSERT INTO regress_jo_c VALUES (1, 10, 7), (2, 10, 8), (3, 20, 9), (4, 50, NULL), (5, 99, 1);
INSERT INTO regress_jo_d VALUES (1, 1, 'd1'), (2, 3, 'd3'), (3, 7, 'd7'), (4, NULL, 'dn');
INSERT INTO regress_jo_e VALUES (100), (200), (7), (NULL);
-- chains, in every FROM order
SELECT a.id, b.id, c.id FROM regress_jo_a a, regress_jo_b b, regress_jo_c c WHERE a.id = b.a_id AND b.id = c.b_id;
SELECT a.id, b.id, c.id FROM regress_jo_c c, regress_jo_a a, regress_jo_b b WHERE a.id = b.a_id AND b.id = c.b_id;
SELECT a.id, b.id, c.id FROM regress_jo_a a JOIN regress_jo_b b ON a.id = b.a_id JOIN regress_jo_c c ON b.id = c.b_id;
-- a star around a
SELECT a.id, b.id, d.id FROM regress_jo_a a JOIN regress_jo_b b ON a.id = b.a_id JOIN regress_jo_d d ON d.a_id = a.id;
-- a cycle, and derived equalities (a.id = b.a_id = c.b_id)
SELECT a.id, b.id, c.id FROM regress_jo_a a, regress_jo_b b, regress_jo_c c WHERE a.id = b.a_id AND b.a_id = c.id AND c.id = a.id;
SELECT a.id, b.id, c.id FROM regress_jo_a a, regress_jo_b b, regress_jo_c c WHERE a.id = b.a_id AND b.a_id = c.id;
-- constants propagate through equalities
SELECT a.id, b.id FROM regress_jo_a a, regress_jo_b b WHERE a.id = b.a_id AND a.id = 1;
SELECT a.id, b.id FROM regress_jo_a a, regress_jo_b b WHERE a.id = b.a_id AND b.a_id = 2 AND a.id = 2;
SELECT a.id, b.id FROM regress_jo_a a, regress_jo_b b WHERE a.id = b.a_id AND b.a_id = 2 AND a.id = 3;
-- cross joins
SELECT a.id, e.k FROM regress_jo_a a, regress_jo_e e;
SELECT a.id, e.k FROM regress_jo_a a CROSS JOIN regress_jo_e e WHERE a.x + e.k = 107;
SELECT a.id, b.id, e.k FROM regress_jo_a a, regress_jo_b b, regress_jo_e e WHERE a.id + b.a_id + e.k = 9;
-- LEFT and RIGHT joins, quals on either side
SELECT a.id, b.id FROM regress_jo_a a LEFT JOIN regress_jo_b b ON a.id = b.a_id;
SELECT a.id, b.id FROM regress_jo_b b RIGHT JOIN regress_jo_a a ON a.id = b.a_id;
SELECT a.id, b.id FROM regress_jo_a a LEFT JOIN regress_jo_b b ON a.id = b.a_id WHERE b.y = 100;
SELECT a.id, b.id FROM regress_jo_a a LEFT JOIN regress_jo_b b ON a.id = b.a_id WHERE b.y IS NULL;
SELECT a.id, b.id FROM regress_jo_a a LEFT JOIN regress_jo_b b ON a.id = b.a_id AND b.y > 105;
SELECT a.id, b.id FROM regress_jo_a a LEFT JOIN regress_jo_b b ON a.id = b.a_id AND a.x > 15;
SELECT a.id, b.id FROM regress_jo_a a LEFT JOIN regress_jo_b b ON a.id = b.a_id WHERE a.x > 15 OR b.y IS NULL;
SELECT a.id, b.id FROM regress_jo_a a LEFT JOIN regress_jo_b b ON true;
SELECT a.id, b.id FROM regress_jo_a a LEFT JOIN regress_jo_b b ON false;
SELECT a.id, b.id FROM regress_jo_a a LEFT JOIN regress_jo_b b ON a.id = b.a_id WHERE coalesce(b.y, 0) = 0;
-- outer joins combined with inner joins and each other
SELECT a.id, b.id, c.id FROM regress_jo_a a LEFT JOIN regress_jo_b b ON a.id = b.a_id LEFT JOIN regress_jo_c c ON c.b_id = b.id;
SELECT a.id, b.id, c.id FROM regress_jo_a a LEFT JOIN (regress_jo_b b JOIN regress_jo_c c ON c.b_id = b.id) ON a.id = b.a_id;
SELECT a.id, b.id, c.id FROM regress_jo_a a LEFT JOIN (regress_jo_b b LEFT JOIN regress_jo_c c ON c.b_id = b.id) ON a.id = b.a_id;
SELECT a.id, b.id, c.id FROM regress_jo_a a LEFT JOIN regress_jo_b b ON a.id = b.a_id JOIN regress_jo_c c ON c.b_id = b.id;
SELECT a.id, b.id, d.id FROM regress_jo_a a JOIN regress_jo_d d ON d.a_id = a.id LEFT JOIN regress_jo_b b ON b.a_id = d.a_id;
SELECT a.id, b.id, c.id FROM regress_jo_a a LEFT JOIN regress_jo_b b ON a.id = b.a_id LEFT JOIN regress_jo_c c ON c.b_id = b.id WHERE c.z IS NULL;
SELECT a.id, b.id, c.id FROM regress_jo_a a LEFT JOIN regress_jo_b b ON a.id = b.a_id LEFT JOIN regress_jo_c c ON c.b_id = b.id AND c.z = a.id + 6;
SELECT a.id, b.id, c.id FROM regress_jo_c c RIGHT JOIN (regress_jo_a a LEFT JOIN regress_jo_b b ON a.id = b.a_id) ON c.b_id = b.id;
SELECT a.id, b.id, e.k FROM regress_jo_a a LEFT JOIN regress_jo_b b ON a.id = b.a_id, regress_jo_e e WHERE e.k = b.y;
SELECT a.id, b.id, e.k FROM regress_jo_a a LEFT JOIN regress_jo_b b ON a.id = b.a_id, regress_jo_e e WHERE e.k = a.x * 10 OR e.k IS NULL;
SELECT a.id, b.id, d.id FROM regress_jo_a a LEFT JOIN regress_jo_b b ON a.id = b.a_id LEFT JOIN regress_jo_d d ON d.a_id = a.id WHERE a.id = 1;
SELECT count(*) FROM regress_jo_a a LEFT JOIN regress_jo_b b ON a.id = b.a_id LEFT JOIN regress_jo_c c ON c.b_id = b.id LEFT JOIN regress_jo_d d ON d.a_id = a.id LEFT JOIN regress_jo_e e ON e.k = c.z;
-- join_collapse_limit keeps explicit JOINs in the written order
SET join_collapse_limit = 1;
SELECT a.id, b.id, c.id FROM regress_jo_c c JOIN regress_jo_b b ON b.id = c.b_id JOIN regress_jo_a a ON a.id = b.a_id;
EXPLAIN SELECT * FROM regress_jo_c c JOIN regress_jo_b b ON b.id = c.b_id JOIN regress_jo_a a ON a.id = b.a_id;
RESET join_collapse_limit;
-- above geqo_threshold the greedy search plans the join
SET geqo_threshold = 3;
SELECT a.id, b.id, c.id, d.id FROM regress_jo_a a, regress_jo_b b, regress_jo_c c, regress_jo_d d WHERE a.id = b.a_id AND b.id = c.b_id AND d.a_id = a.id;
SELECT a.id, b.id, c.id FROM regress_jo_a a LEFT JOIN regress_jo_b b ON a.id = b.a_id LEFT JOIN regress_jo_c c ON c.b_id = b.id;
RESET geqo_threshold;
DROP TABLE regress_jo_a;
DROP TABLE regress_jo_b;
DROP TABLE regress_jo_c;
DROP TABLE regress_jo_d;
DROP TABLE regress_jo_e;
