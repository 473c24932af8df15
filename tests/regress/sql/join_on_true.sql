-- compare explain text
-- ON true is no join condition: no "Join Filter: true" line and no qual cost, for left,
-- inner, full and nested joins alike. Compared with PostgreSQL 15.
DROP TABLE IF EXISTS jot_a, jot_b;
CREATE TABLE jot_a (f1 int);
CREATE TABLE jot_b (f1 int, f2 text);
INSERT INTO jot_a SELECT g FROM generate_series(1, 5) g;
INSERT INTO jot_b SELECT g, 'x' || g FROM generate_series(1, 4) g;
ANALYZE jot_a, jot_b;
EXPLAIN SELECT * FROM jot_a t1 LEFT JOIN jot_b t2 ON true;
EXPLAIN SELECT * FROM jot_a t1 LEFT JOIN jot_b t2 ON true LEFT JOIN jot_a t3 ON t2.f1 > 0;
EXPLAIN SELECT * FROM jot_a t1 JOIN jot_b t2 ON true;
EXPLAIN SELECT * FROM jot_a t1 FULL JOIN jot_b t2 ON true;
EXPLAIN SELECT * FROM jot_a t1 LEFT JOIN jot_b t2 ON true AND t2.f1 = t1.f1;
EXPLAIN SELECT * FROM jot_a t1 LEFT JOIN jot_b t2 ON 1 = 1;
EXPLAIN SELECT * FROM jot_a t1 LEFT JOIN jot_b t2 ON false;
SELECT * FROM jot_a t1 LEFT JOIN jot_b t2 ON true ORDER BY 1, 2;
SELECT * FROM jot_a t1 FULL JOIN jot_b t2 ON true ORDER BY 1, 2;
SELECT * FROM jot_a t1 LEFT JOIN jot_b t2 ON true AND t2.f1 = t1.f1 ORDER BY 1;
DROP TABLE jot_a, jot_b;
