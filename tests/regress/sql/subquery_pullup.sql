-- FROM subqueries merged into the query (pull_up_subqueries) and simple UNION ALL
-- subqueries as an Append of their branches with the quals pushed into each
-- (pull_up_simple_union_all). A subquery on the nullable side of an outer join whose
-- output is not all plain columns stays a Subquery Scan in pgsnake (PostgreSQL uses
-- PlaceHolderVars): only its rows are compared. Also: quals pushed into subqueries that
-- stay subqueries, trivial Subquery Scans removed, useless LEFT joins removed.
DROP VIEW IF EXISTS regress_pu_v;
DROP TABLE IF EXISTS regress_pu_a, regress_pu_b, regress_pu_k;
CREATE TABLE regress_pu_a (a int4, b int4, c text);
CREATE TABLE regress_pu_b (a int4, d int4, e text);
CREATE TABLE regress_pu_k (id int4 PRIMARY KEY, x int4);
INSERT INTO regress_pu_a VALUES (1, 1, 'a1'), (2, 5, 'a2'), (NULL, 3, 'an'), (4, NULL, 'a4');
INSERT INTO regress_pu_b VALUES (2, 7, 'b2'), (3, 1, 'b3'), (NULL, 9, 'bn'), (4, 4, 'b4');
INSERT INTO regress_pu_k VALUES (1, 10), (2, 20), (3, 30), (4, 40);
CREATE VIEW regress_pu_v AS SELECT a, b AS n FROM regress_pu_a UNION ALL SELECT a, d FROM regress_pu_b;
-- UNION ALL in FROM: an Append of the branches, quals pushed into each
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT a, b FROM regress_pu_a UNION ALL SELECT a, d FROM regress_pu_b) s WHERE a > 1;
SELECT * FROM (SELECT a, b FROM regress_pu_a UNION ALL SELECT a, d FROM regress_pu_b) s WHERE a > 1;
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT a, b FROM regress_pu_a UNION ALL SELECT a, d FROM regress_pu_b) s JOIN regress_pu_k k ON k.id = s.a;
SELECT * FROM (SELECT a, b FROM regress_pu_a UNION ALL SELECT a, d FROM regress_pu_b) s JOIN regress_pu_k k ON k.id = s.a;
EXPLAIN (COSTS OFF) SELECT count(*), sum(b) FROM (SELECT a, b FROM regress_pu_a UNION ALL SELECT a, d FROM regress_pu_b WHERE d > 2) s;
SELECT count(*), sum(b) FROM (SELECT a, b FROM regress_pu_a UNION ALL SELECT a, d FROM regress_pu_b WHERE d > 2) s;
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT a, b FROM regress_pu_a UNION ALL SELECT a + 1, d FROM regress_pu_b WHERE d > 2) s WHERE b < 8 AND a IS NOT NULL;
SELECT * FROM (SELECT a, b FROM regress_pu_a UNION ALL SELECT a + 1, d FROM regress_pu_b WHERE d > 2) s WHERE b < 8 AND a IS NOT NULL;
EXPLAIN (COSTS OFF) SELECT * FROM regress_pu_v WHERE n = 1;
SELECT * FROM regress_pu_v WHERE n = 1;
EXPLAIN (COSTS OFF) SELECT * FROM regress_pu_k k WHERE k.id IN (SELECT a FROM regress_pu_a UNION ALL SELECT a FROM regress_pu_b);
SELECT * FROM regress_pu_k k WHERE k.id IN (SELECT a FROM regress_pu_a UNION ALL SELECT a FROM regress_pu_b);
EXPLAIN (COSTS OFF) SELECT * FROM regress_pu_k k WHERE EXISTS (SELECT 1 FROM regress_pu_v v WHERE v.a = k.id AND v.n > 4);
SELECT * FROM regress_pu_k k WHERE EXISTS (SELECT 1 FROM regress_pu_v v WHERE v.a = k.id AND v.n > 4);
-- not flattened: a branch with an aggregate, or ORDER BY on the union
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT a, b FROM regress_pu_a UNION ALL SELECT max(a), d FROM regress_pu_b GROUP BY d) s WHERE a > 1;
SELECT * FROM (SELECT a, b FROM regress_pu_a UNION ALL SELECT max(a), d FROM regress_pu_b GROUP BY d) s WHERE a > 1;
SELECT * FROM (SELECT a, b FROM regress_pu_a UNION ALL SELECT a, d FROM regress_pu_b ORDER BY 1 LIMIT 3) s WHERE a > 1;
-- FROM subqueries merged into the query
EXPLAIN (COSTS OFF) SELECT s.c, k.x FROM (SELECT a, c FROM regress_pu_a WHERE b > 0) s, regress_pu_k k WHERE k.id = s.a;
SELECT s.c, k.x FROM (SELECT a, c FROM regress_pu_a WHERE b > 0) s, regress_pu_k k WHERE k.id = s.a;
EXPLAIN (COSTS OFF) SELECT * FROM regress_pu_k k LEFT JOIN (SELECT a, e FROM regress_pu_b WHERE d > 3) s ON s.a = k.id;
SELECT * FROM regress_pu_k k LEFT JOIN (SELECT a, e FROM regress_pu_b WHERE d > 3) s ON s.a = k.id;
SELECT * FROM regress_pu_k k LEFT JOIN (SELECT a, coalesce(e, 'none') AS e FROM regress_pu_b) s ON s.a = k.id;
EXPLAIN (COSTS OFF) SELECT * FROM regress_pu_k k WHERE k.id IN (SELECT a FROM regress_pu_a UNION SELECT a FROM regress_pu_b);
SELECT * FROM regress_pu_k k WHERE k.id IN (SELECT a FROM regress_pu_a UNION SELECT a FROM regress_pu_b);
EXPLAIN (COSTS OFF) SELECT s.a, s.n, k.x FROM (SELECT a, count(*) AS n FROM regress_pu_b GROUP BY a) s JOIN regress_pu_k k ON k.id = s.a;
SELECT s.a, s.n, k.x FROM (SELECT a, count(*) AS n FROM regress_pu_b GROUP BY a) s JOIN regress_pu_k k ON k.id = s.a;
SELECT * FROM (SELECT a, b FROM regress_pu_a ORDER BY b LIMIT 2) s JOIN regress_pu_k k ON k.id = s.a;
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT b, max(a) FROM regress_pu_a GROUP BY b) s WHERE s.b > 1;
SELECT * FROM (SELECT b, max(a) FROM regress_pu_a GROUP BY b) s WHERE s.b > 1;
EXPLAIN (COSTS OFF) SELECT s.c FROM (SELECT c, row_number() OVER (ORDER BY a) AS rn FROM regress_pu_a) s WHERE rn <= 2;
SELECT s.c FROM (SELECT c, row_number() OVER (ORDER BY a) AS rn FROM regress_pu_a) s WHERE rn <= 2;
-- LEFT joins to a table unique on the join columns that nothing else uses are removed
EXPLAIN (COSTS OFF) SELECT b.* FROM regress_pu_b b LEFT JOIN regress_pu_k k ON k.id = b.d;
SELECT b.* FROM regress_pu_b b LEFT JOIN regress_pu_k k ON k.id = b.d;
EXPLAIN (COSTS OFF) SELECT b.a FROM regress_pu_b b LEFT JOIN regress_pu_k k ON k.id = b.d AND k.x > 15;
EXPLAIN (COSTS OFF) SELECT b.a, k.x FROM regress_pu_b b LEFT JOIN regress_pu_k k ON k.id = b.d;
SELECT b.a, k.x FROM regress_pu_b b LEFT JOIN regress_pu_k k ON k.id = b.d;
EXPLAIN (COSTS OFF) SELECT b.a FROM regress_pu_b b LEFT JOIN regress_pu_k k ON k.x = b.d;
SELECT b.a FROM regress_pu_b b LEFT JOIN regress_pu_k k ON k.x = b.d;
EXPLAIN (COSTS OFF) SELECT b.a FROM regress_pu_b b LEFT JOIN regress_pu_k k ON k.id = b.d WHERE k.x IS NULL;
SELECT b.a FROM regress_pu_b b LEFT JOIN regress_pu_k k ON k.id = b.d WHERE k.x IS NULL;
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_pu_b b LEFT JOIN regress_pu_k k ON k.id = b.d LEFT JOIN regress_pu_a a ON a.a = b.a;
SELECT count(*) FROM regress_pu_b b LEFT JOIN regress_pu_k k ON k.id = b.d LEFT JOIN regress_pu_a a ON a.a = b.a;
-- quals below window functions: pushed only on columns of every window's PARTITION BY
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT a, b, row_number() OVER (PARTITION BY b ORDER BY a) rn FROM regress_pu_a) s WHERE a = 2;
SELECT * FROM (SELECT a, b, row_number() OVER (PARTITION BY b ORDER BY a) rn FROM regress_pu_a) s WHERE a = 2;
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT a, b, sum(a) OVER (PARTITION BY b) s1, count(*) OVER () c FROM regress_pu_a) s WHERE b = 5;
SELECT * FROM (SELECT a, b, sum(a) OVER (PARTITION BY b) s1, count(*) OVER () c FROM regress_pu_a) s WHERE b = 5;
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT a, b, sum(a) OVER w FROM regress_pu_a WINDOW w AS (PARTITION BY b)) s WHERE b > 2;
SELECT * FROM (SELECT a, b, sum(a) OVER w FROM regress_pu_a WINDOW w AS (PARTITION BY b)) s WHERE b > 2;
DROP VIEW regress_pu_v;
DROP TABLE regress_pu_a, regress_pu_b, regress_pu_k;
