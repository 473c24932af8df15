-- Sublinks pulled up into joins (PostgreSQL's pull_up_sublinks): EXISTS / IN as semi
-- joins (or inner joins over the unique-ified subquery), NOT EXISTS and LEFT JOIN ...
-- IS NULL as anti joins, NOT IN kept as a hashed SubPlan, simple FROM subqueries merged;
-- plan shapes and rows (NULLs on both sides) against PostgreSQL 15. Cases where a
-- trivial Subquery Scan stays in pgsnake's plan (PostgreSQL removes it) and a
-- pseudo-constant InitPlan (Result with One-Time Filter there) only compare rows.
DROP TABLE IF EXISTS regress_sj_t, regress_sj_u, regress_sj_k, regress_sj_w;
DROP VIEW IF EXISTS regress_sj_view;
CREATE TABLE regress_sj_t (a int4, b int4, c text);
CREATE TABLE regress_sj_u (a int4, d int4, e text);
CREATE TABLE regress_sj_k (id int4 PRIMARY KEY, x int4);
CREATE TABLE regress_sj_w (a int8, f text);
INSERT INTO regress_sj_t VALUES (1, 1, 'one'), (2, 2, 'two'), (3, NULL, 'three'), (NULL, 4, 'null'), (5, 5, 'five'), (6, 1, 'six'), (2, 7, 'two again');
INSERT INTO regress_sj_u VALUES (1, 10, 'x'), (1, 11, 'y'), (3, 30, 'z'), (4, 1, 'w'), (NULL, 50, 'n'), (6, 6, 's');
INSERT INTO regress_sj_k VALUES (1, 100), (2, 200), (5, 500);
INSERT INTO regress_sj_w VALUES (1, 'w1'), (5, 'w5'), (NULL, 'wn');
CREATE VIEW regress_sj_view AS SELECT a, d FROM regress_sj_u WHERE d > 5;
-- EXISTS / NOT EXISTS become semi / anti joins
EXPLAIN (COSTS OFF) SELECT * FROM regress_sj_t t WHERE EXISTS (SELECT 1 FROM regress_sj_u u WHERE u.a = t.a);
SELECT * FROM regress_sj_t t WHERE EXISTS (SELECT 1 FROM regress_sj_u u WHERE u.a = t.a);
EXPLAIN (COSTS OFF) SELECT * FROM regress_sj_t t WHERE NOT EXISTS (SELECT 1 FROM regress_sj_u u WHERE u.a = t.a);
SELECT * FROM regress_sj_t t WHERE NOT EXISTS (SELECT 1 FROM regress_sj_u u WHERE u.a = t.a);
EXPLAIN (COSTS OFF) SELECT * FROM regress_sj_t t WHERE EXISTS (SELECT 1 FROM regress_sj_u u WHERE u.a = t.a AND u.d > t.b);
SELECT * FROM regress_sj_t t WHERE EXISTS (SELECT 1 FROM regress_sj_u u WHERE u.a = t.a AND u.d > t.b);
EXPLAIN (COSTS OFF) SELECT * FROM regress_sj_t t WHERE NOT EXISTS (SELECT 1 FROM regress_sj_u u WHERE u.a = t.a AND u.d > 10);
SELECT * FROM regress_sj_t t WHERE NOT EXISTS (SELECT 1 FROM regress_sj_u u WHERE u.a = t.a AND u.d > 10);
EXPLAIN (COSTS OFF) SELECT * FROM regress_sj_t t WHERE EXISTS (SELECT 1 FROM regress_sj_u u WHERE u.d > t.b);
SELECT * FROM regress_sj_t t WHERE EXISTS (SELECT 1 FROM regress_sj_u u WHERE u.d > t.b);
EXPLAIN (COSTS OFF) SELECT * FROM regress_sj_t t WHERE EXISTS (SELECT u.e FROM regress_sj_u u WHERE u.a = t.a ORDER BY u.e LIMIT 1);
SELECT * FROM regress_sj_t t WHERE EXISTS (SELECT u.e FROM regress_sj_u u WHERE u.a = t.a ORDER BY u.e LIMIT 1);
EXPLAIN (COSTS OFF) SELECT * FROM regress_sj_t t WHERE EXISTS (SELECT 1 FROM regress_sj_u u WHERE u.a = t.a GROUP BY u.d);
SELECT * FROM regress_sj_t t WHERE EXISTS (SELECT 1 FROM regress_sj_u u WHERE u.a = t.a GROUP BY u.d);
EXPLAIN (COSTS OFF) SELECT * FROM regress_sj_t t WHERE EXISTS (SELECT count(*) FROM regress_sj_u u WHERE u.a = t.a);
SELECT * FROM regress_sj_t t WHERE EXISTS (SELECT count(*) FROM regress_sj_u u WHERE u.a = t.a);
SELECT * FROM regress_sj_t t WHERE EXISTS (SELECT 1 FROM regress_sj_u u WHERE u.d > 20);
SELECT * FROM regress_sj_t t WHERE EXISTS (SELECT 1 FROM regress_sj_u u WHERE u.a = t.a) OR t.b = 4;
EXPLAIN (COSTS OFF) SELECT * FROM regress_sj_t t WHERE EXISTS (SELECT 1 FROM regress_sj_u u, regress_sj_k k WHERE u.a = t.a AND k.id = u.a);
SELECT * FROM regress_sj_t t WHERE EXISTS (SELECT 1 FROM regress_sj_u u, regress_sj_k k WHERE u.a = t.a AND k.id = u.a);
EXPLAIN (COSTS OFF) SELECT * FROM regress_sj_t t WHERE EXISTS (SELECT 1 FROM regress_sj_u u WHERE u.a = t.a AND EXISTS (SELECT 1 FROM regress_sj_k k WHERE k.id = u.a AND k.x > t.b));
SELECT * FROM regress_sj_t t WHERE EXISTS (SELECT 1 FROM regress_sj_u u WHERE u.a = t.a AND EXISTS (SELECT 1 FROM regress_sj_k k WHERE k.id = u.a AND k.x > t.b));
EXPLAIN (COSTS OFF) SELECT * FROM regress_sj_t t WHERE EXISTS (SELECT 1 FROM regress_sj_u u WHERE u.a = t.a) AND NOT EXISTS (SELECT 1 FROM regress_sj_k k WHERE k.id = t.b);
SELECT * FROM regress_sj_t t WHERE EXISTS (SELECT 1 FROM regress_sj_u u WHERE u.a = t.a) AND NOT EXISTS (SELECT 1 FROM regress_sj_k k WHERE k.id = t.b);
EXPLAIN (COSTS OFF) SELECT t.c, k.x FROM regress_sj_t t JOIN regress_sj_k k ON k.id = t.b AND EXISTS (SELECT 1 FROM regress_sj_u u WHERE u.a = t.a AND u.d > k.x);
SELECT t.c, k.x FROM regress_sj_t t JOIN regress_sj_k k ON k.id = t.b AND EXISTS (SELECT 1 FROM regress_sj_u u WHERE u.a = t.a AND u.d > k.x);
EXPLAIN (COSTS OFF) SELECT * FROM regress_sj_t t WHERE EXISTS (SELECT 1 FROM regress_sj_k k WHERE k.id = t.a);
SELECT * FROM regress_sj_t t WHERE EXISTS (SELECT 1 FROM regress_sj_k k WHERE k.id = t.a);
EXPLAIN (COSTS OFF) SELECT * FROM regress_sj_t t WHERE NOT EXISTS (SELECT 1 FROM regress_sj_k k WHERE k.id = t.a);
SELECT * FROM regress_sj_t t WHERE NOT EXISTS (SELECT 1 FROM regress_sj_k k WHERE k.id = t.a);
EXPLAIN (COSTS OFF) SELECT * FROM regress_sj_t t WHERE t.a = 1 AND EXISTS (SELECT 1 FROM regress_sj_u u WHERE u.a = t.a);
SELECT * FROM regress_sj_t t WHERE t.a = 1 AND EXISTS (SELECT 1 FROM regress_sj_u u WHERE u.a = t.a);
-- IN becomes a semi join; NOT IN stays a hashed SubPlan
EXPLAIN (COSTS OFF) SELECT * FROM regress_sj_t t WHERE a IN (SELECT a FROM regress_sj_u);
SELECT * FROM regress_sj_t t WHERE a IN (SELECT a FROM regress_sj_u);
EXPLAIN (COSTS OFF) SELECT * FROM regress_sj_t t WHERE a NOT IN (SELECT a FROM regress_sj_u);
SELECT * FROM regress_sj_t t WHERE a NOT IN (SELECT a FROM regress_sj_u);
SELECT * FROM regress_sj_t t WHERE a NOT IN (SELECT a FROM regress_sj_u WHERE a IS NOT NULL);
EXPLAIN (COSTS OFF) SELECT * FROM regress_sj_t t WHERE a IN (SELECT a FROM regress_sj_u WHERE d > 5);
SELECT * FROM regress_sj_t t WHERE a IN (SELECT a FROM regress_sj_u WHERE d > 5);
EXPLAIN (COSTS OFF) SELECT * FROM regress_sj_t t WHERE a + 1 IN (SELECT d - 4 FROM regress_sj_u);
SELECT * FROM regress_sj_t t WHERE a + 1 IN (SELECT d - 4 FROM regress_sj_u);
SELECT * FROM regress_sj_t t WHERE a IN (SELECT DISTINCT a FROM regress_sj_u);
EXPLAIN (COSTS OFF) SELECT * FROM regress_sj_t t WHERE a IN (SELECT max(a) FROM regress_sj_u GROUP BY d);
SELECT * FROM regress_sj_t t WHERE a IN (SELECT max(a) FROM regress_sj_u GROUP BY d);
SELECT * FROM regress_sj_t t WHERE a IN (SELECT a FROM regress_sj_u ORDER BY a LIMIT 3);
EXPLAIN (COSTS OFF) SELECT * FROM regress_sj_t t WHERE a IN (SELECT a FROM regress_sj_w);
SELECT * FROM regress_sj_t t WHERE a IN (SELECT a FROM regress_sj_w);
EXPLAIN (COSTS OFF) SELECT * FROM regress_sj_t t WHERE c IN (SELECT e FROM regress_sj_u) OR a IS NULL;
SELECT * FROM regress_sj_t t WHERE c IN (SELECT e FROM regress_sj_u) OR a IS NULL;
EXPLAIN (COSTS OFF) SELECT * FROM regress_sj_t t WHERE a IN (SELECT u.a FROM regress_sj_u u WHERE u.d > t.b);
SELECT * FROM regress_sj_t t WHERE a IN (SELECT u.a FROM regress_sj_u u WHERE u.d > t.b);
EXPLAIN (COSTS OFF) SELECT * FROM regress_sj_t t WHERE a IN (SELECT id FROM regress_sj_k);
SELECT * FROM regress_sj_t t WHERE a IN (SELECT id FROM regress_sj_k);
EXPLAIN (COSTS OFF) SELECT * FROM regress_sj_t t WHERE a IN (SELECT a FROM regress_sj_view);
SELECT * FROM regress_sj_t t WHERE a IN (SELECT a FROM regress_sj_view);
EXPLAIN (COSTS OFF) SELECT * FROM regress_sj_t t WHERE a = ANY (SELECT a FROM regress_sj_u) AND b < ANY (SELECT d FROM regress_sj_u);
SELECT * FROM regress_sj_t t WHERE a = ANY (SELECT a FROM regress_sj_u) AND b < ANY (SELECT d FROM regress_sj_u);
-- with hash joins off: merge and nested-loop variants
SET enable_hashjoin = off;
EXPLAIN (COSTS OFF) SELECT * FROM regress_sj_t t WHERE EXISTS (SELECT 1 FROM regress_sj_u u WHERE u.a = t.a);
SELECT * FROM regress_sj_t t WHERE EXISTS (SELECT 1 FROM regress_sj_u u WHERE u.a = t.a);
EXPLAIN (COSTS OFF) SELECT * FROM regress_sj_t t WHERE NOT EXISTS (SELECT 1 FROM regress_sj_u u WHERE u.a = t.a);
SELECT * FROM regress_sj_t t WHERE NOT EXISTS (SELECT 1 FROM regress_sj_u u WHERE u.a = t.a);
SET enable_mergejoin = off;
EXPLAIN (COSTS OFF) SELECT * FROM regress_sj_t t WHERE EXISTS (SELECT 1 FROM regress_sj_u u WHERE u.a = t.a);
SELECT * FROM regress_sj_t t WHERE EXISTS (SELECT 1 FROM regress_sj_u u WHERE u.a = t.a);
EXPLAIN (COSTS OFF) SELECT * FROM regress_sj_t t WHERE NOT EXISTS (SELECT 1 FROM regress_sj_u u WHERE u.a = t.a);
SELECT * FROM regress_sj_t t WHERE NOT EXISTS (SELECT 1 FROM regress_sj_u u WHERE u.a = t.a);
EXPLAIN (COSTS OFF) SELECT * FROM regress_sj_t t WHERE a IN (SELECT a FROM regress_sj_u);
SELECT * FROM regress_sj_t t WHERE a IN (SELECT a FROM regress_sj_u);
RESET ALL;
-- LEFT JOIN ... WHERE nullable column IS NULL is an anti join
EXPLAIN (COSTS OFF) SELECT * FROM regress_sj_t t LEFT JOIN regress_sj_u u ON u.a = t.a WHERE u.a IS NULL;
SELECT * FROM regress_sj_t t LEFT JOIN regress_sj_u u ON u.a = t.a WHERE u.a IS NULL;
EXPLAIN (COSTS OFF) SELECT * FROM regress_sj_t t LEFT JOIN regress_sj_u u ON u.a = t.a WHERE u.d IS NULL;
SELECT * FROM regress_sj_t t LEFT JOIN regress_sj_u u ON u.a = t.a WHERE u.d IS NULL;
EXPLAIN (COSTS OFF) SELECT t.c FROM regress_sj_t t LEFT JOIN regress_sj_u u ON u.a = t.a AND u.d > 5 WHERE u.a IS NULL;
SELECT t.c FROM regress_sj_t t LEFT JOIN regress_sj_u u ON u.a = t.a AND u.d > 5 WHERE u.a IS NULL;
-- simple FROM subqueries are merged into the query
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT a, b FROM regress_sj_t WHERE b > 1) s JOIN regress_sj_u u ON u.a = s.a;
SELECT * FROM (SELECT a, b FROM regress_sj_t WHERE b > 1) s JOIN regress_sj_u u ON u.a = s.a;
EXPLAIN (COSTS OFF) SELECT s.x FROM (SELECT a + 1 AS x, c FROM regress_sj_t) s WHERE s.x > 2;
SELECT s.x FROM (SELECT a + 1 AS x, c FROM regress_sj_t) s WHERE s.x > 2;
EXPLAIN (COSTS OFF) SELECT * FROM regress_sj_t t LEFT JOIN (SELECT a, d FROM regress_sj_u WHERE d > 5) s ON s.a = t.a;
SELECT * FROM regress_sj_t t LEFT JOIN (SELECT a, d FROM regress_sj_u WHERE d > 5) s ON s.a = t.a;
SELECT * FROM (SELECT a, count(*) FROM regress_sj_u GROUP BY a) s JOIN regress_sj_t t ON t.a = s.a;
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT * FROM (SELECT a, b FROM regress_sj_t) s1 WHERE a > 1) s2, regress_sj_k k WHERE k.id = s2.b;
SELECT * FROM (SELECT * FROM (SELECT a, b FROM regress_sj_t) s1 WHERE a > 1) s2, regress_sj_k k WHERE k.id = s2.b;
EXPLAIN (COSTS OFF) SELECT * FROM regress_sj_t t WHERE EXISTS (SELECT 1 FROM (SELECT a FROM regress_sj_u WHERE d < 20) s WHERE s.a = t.a);
SELECT * FROM regress_sj_t t WHERE EXISTS (SELECT 1 FROM (SELECT a FROM regress_sj_u WHERE d < 20) s WHERE s.a = t.a);
EXPLAIN (COSTS OFF) SELECT * FROM regress_sj_t t WHERE NOT EXISTS (SELECT 1 FROM (SELECT a FROM regress_sj_u WHERE d < 20) s WHERE s.a = t.a);
SELECT * FROM regress_sj_t t WHERE NOT EXISTS (SELECT 1 FROM (SELECT a FROM regress_sj_u WHERE d < 20) s WHERE s.a = t.a);
-- prepared: planned again from the same analysed query
PREPARE regress_sj_p(int) AS SELECT c FROM regress_sj_t t WHERE EXISTS (SELECT 1 FROM regress_sj_u u WHERE u.a = t.a AND u.d > $1);
EXECUTE regress_sj_p(5);
EXECUTE regress_sj_p(20);
DEALLOCATE regress_sj_p;
DROP VIEW regress_sj_view;
DROP TABLE regress_sj_t, regress_sj_u, regress_sj_k, regress_sj_w;
