-- compare explain text
-- GROUP BY columns made redundant by a grouped primary key are dropped before planning
-- (remove_useless_groupby_columns): the Group Key shows the key alone and costs follow;
-- not with a deferrable key, an incomplete key or inheritance children;
-- a partitioned table's key counts. Compared with PostgreSQL 15.
DROP TABLE IF EXISTS ugc1, ugc2, ugc3, ugc_p CASCADE;
CREATE TABLE ugc1 (a int, b int, c int, d int, PRIMARY KEY (a, b));
CREATE TABLE ugc2 (x int, y int, z int, PRIMARY KEY (x, y));
CREATE TABLE ugc3 (a int, b int, c int, PRIMARY KEY (a, b) DEFERRABLE);
INSERT INTO ugc1 SELECT g, g % 3, g % 5, g % 7 FROM generate_series(1, 20) g;
INSERT INTO ugc2 SELECT g, g % 3, g FROM generate_series(1, 20) g;
EXPLAIN SELECT * FROM ugc1 GROUP BY a, b, c, d;
EXPLAIN SELECT a, c FROM ugc1 GROUP BY a, c, d;
EXPLAIN SELECT * FROM ugc1 JOIN ugc2 ON ugc1.a = ugc2.x AND ugc1.b = ugc2.y
GROUP BY ugc1.a, ugc1.b, ugc1.c, ugc1.d, ugc2.x, ugc2.y, ugc2.z;
EXPLAIN SELECT ugc1.*, ugc2.x, ugc2.z FROM ugc1 JOIN ugc2 ON ugc1.a = ugc2.x AND ugc1.b = ugc2.y
GROUP BY ugc1.a, ugc1.b, ugc1.c, ugc1.d, ugc2.x, ugc2.z;
EXPLAIN SELECT * FROM ugc3 GROUP BY a, b, c;
SELECT * FROM ugc1 GROUP BY a, b, c, d ORDER BY c, a;
SELECT a, b, c, count(*) FROM ugc1 GROUP BY d, c, b, a ORDER BY d, a;
CREATE TABLE ugc1c () INHERITS (ugc1);
EXPLAIN SELECT * FROM ugc1 GROUP BY a, b, c, d;
EXPLAIN SELECT * FROM ONLY ugc1 GROUP BY a, b, c, d;
CREATE TABLE ugc_p (a int, b int, c int, d int, PRIMARY KEY (a, b)) PARTITION BY LIST (a);
CREATE TABLE ugc_p1 PARTITION OF ugc_p FOR VALUES IN (1);
CREATE TABLE ugc_p2 PARTITION OF ugc_p FOR VALUES IN (2);
INSERT INTO ugc_p VALUES (1, 1, 1, 1), (1, 2, 1, 1), (2, 1, 3, 4);
EXPLAIN SELECT * FROM ugc_p GROUP BY a, b, c, d;
SELECT * FROM ugc_p GROUP BY a, b, c, d ORDER BY 1, 2;
DROP TABLE ugc1, ugc2, ugc3, ugc_p CASCADE;
