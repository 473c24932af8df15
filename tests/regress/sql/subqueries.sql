-- Subqueries in expressions: scalar, EXISTS, IN / NOT IN, op ANY / ALL, correlated at
-- one and two levels, uncorrelated (InitPlan, hashed SubPlan), NULL semantics, 21000.
DROP TABLE IF EXISTS regress_sub_t;
DROP TABLE IF EXISTS regress_sub_u;
DROP TABLE IF EXISTS regress_sub_w;
CREATE TABLE regress_sub_t (a int4, b text);
CREATE TABLE regress_sub_u (a int4, c int4);
CREATE TABLE regress_sub_w (c int4, d text);
INSERT INTO regress_sub_t VALUES (1, 'x'), (2, 'y'), (3, NULL), (NULL, 'z'), (5, 'v');
INSERT INTO regress_sub_u VALUES (1, 10), (1, 11), (3, 30), (4, 40), (NULL, 50);
INSERT INTO regress_sub_w VALUES (10, 'ten'), (30, 'thirty'), (50, NULL);
-- scalar subqueries
SELECT (SELECT 1);
SELECT (SELECT max(c) FROM regress_sub_u);
SELECT a, (SELECT max(c) FROM regress_sub_u u WHERE u.a = t.a) FROM regress_sub_t t ORDER BY a;
SELECT a FROM regress_sub_t t WHERE a = (SELECT min(a) FROM regress_sub_u) ORDER BY a;
SELECT a, (SELECT c FROM regress_sub_u u WHERE u.a = t.a AND c > 20) AS c FROM regress_sub_t t ORDER BY a;
SELECT (SELECT c FROM regress_sub_u WHERE a = 99);
SELECT a, (SELECT c FROM regress_sub_u u WHERE u.a = t.a) FROM regress_sub_t t ORDER BY a;
SELECT (SELECT c FROM regress_sub_u);
SELECT (SELECT a, c FROM regress_sub_u);
-- EXISTS and NOT EXISTS
SELECT a FROM regress_sub_t t WHERE EXISTS (SELECT 1 FROM regress_sub_u u WHERE u.a = t.a) ORDER BY a;
SELECT a FROM regress_sub_t t WHERE NOT EXISTS (SELECT 1 FROM regress_sub_u u WHERE u.a = t.a) ORDER BY a;
SELECT EXISTS (SELECT 1 FROM regress_sub_u WHERE c > 45), EXISTS (SELECT 1 FROM regress_sub_u WHERE c > 99);
SELECT a, EXISTS (SELECT 1 FROM regress_sub_u u WHERE u.a = t.a) FROM regress_sub_t t ORDER BY a;
-- IN and NOT IN, with NULLs on either side
SELECT a FROM regress_sub_t WHERE a IN (SELECT a FROM regress_sub_u) ORDER BY a;
SELECT a FROM regress_sub_t WHERE a NOT IN (SELECT a FROM regress_sub_u) ORDER BY a;
SELECT a FROM regress_sub_t WHERE a NOT IN (SELECT a FROM regress_sub_u WHERE a IS NOT NULL) ORDER BY a;
SELECT a, a IN (SELECT a FROM regress_sub_u), a NOT IN (SELECT a FROM regress_sub_u) FROM regress_sub_t ORDER BY a;
SELECT a, a IN (SELECT a FROM regress_sub_u WHERE false) FROM regress_sub_t ORDER BY a;
SELECT a FROM regress_sub_t t WHERE a IN (SELECT u.a FROM regress_sub_u u WHERE u.c > t.a * 10) ORDER BY a;
SELECT b FROM regress_sub_t WHERE b IN (SELECT d FROM regress_sub_w) ORDER BY b;
SELECT b FROM regress_sub_t WHERE a IN (SELECT c / 10 FROM regress_sub_w) ORDER BY b;
-- op ANY / op ALL
SELECT a FROM regress_sub_t WHERE a = ANY (SELECT a FROM regress_sub_u) ORDER BY a;
SELECT a FROM regress_sub_t WHERE a < ANY (SELECT a FROM regress_sub_u) ORDER BY a;
SELECT a FROM regress_sub_t WHERE a > ALL (SELECT a FROM regress_sub_u WHERE a IS NOT NULL) ORDER BY a;
SELECT a, a > ALL (SELECT a FROM regress_sub_u), a <> ALL (SELECT a FROM regress_sub_u WHERE false) FROM regress_sub_t ORDER BY a;
SELECT a, a >= ALL (SELECT u.a FROM regress_sub_u u WHERE u.a <= t.a) FROM regress_sub_t t ORDER BY a;
-- correlated at two levels, and subqueries inside subqueries
SELECT a, (SELECT count(*) FROM regress_sub_u u WHERE u.a = t.a AND EXISTS (SELECT 1 FROM regress_sub_w w WHERE w.c = u.c AND t.b IS NOT NULL)) FROM regress_sub_t t ORDER BY a;
SELECT a FROM regress_sub_t t WHERE EXISTS (SELECT 1 FROM regress_sub_u u WHERE u.a = t.a AND u.c IN (SELECT c FROM regress_sub_w)) ORDER BY a;
SELECT a, (SELECT (SELECT max(w.c) FROM regress_sub_w w WHERE w.c <= t.a * 10) FROM regress_sub_u u WHERE u.a = t.a LIMIT 1) FROM regress_sub_t t ORDER BY a;
SELECT a, (SELECT count(*) FROM regress_sub_u u WHERE u.c > (SELECT max(a) * 10 FROM regress_sub_t t2 WHERE t2.b >= t.b)) FROM regress_sub_t t ORDER BY a;
SELECT a FROM regress_sub_t t WHERE (SELECT count(*) FROM (SELECT u.c FROM regress_sub_u u WHERE u.a = t.a) s) > 1 ORDER BY a;
SELECT a FROM regress_sub_t t WHERE a IN (SELECT a FROM regress_sub_u UNION ALL SELECT c / 10 FROM regress_sub_w WHERE c / 10 <> t.a + 1) ORDER BY a;
-- subqueries in other places: CASE, aggregates, ORDER BY, HAVING, UPDATE, DELETE
SELECT a, CASE WHEN a IN (SELECT a FROM regress_sub_u) THEN 'in' ELSE 'out' END FROM regress_sub_t ORDER BY a;
SELECT count(*) FILTER (WHERE a IN (SELECT a FROM regress_sub_u)) FROM regress_sub_t;
SELECT a FROM regress_sub_t t ORDER BY (SELECT count(*) FROM regress_sub_u u WHERE u.a = t.a), a;
SELECT a, count(*) FROM regress_sub_u GROUP BY a HAVING count(*) > (SELECT 1) ORDER BY a;
SELECT a FROM regress_sub_t WHERE 10 / (SELECT count(*) FROM regress_sub_u WHERE false) > 1;
UPDATE regress_sub_t t SET b = (SELECT max(d) FROM regress_sub_w w WHERE w.c = t.a * 10) WHERE a IN (SELECT a FROM regress_sub_u) RETURNING a, b;
DELETE FROM regress_sub_u WHERE c > (SELECT avg(c) FROM regress_sub_u) RETURNING a, c;
SELECT a, b FROM regress_sub_t ORDER BY a;
-- ARRAY(subquery)
SELECT ARRAY(SELECT a FROM regress_sub_u ORDER BY c);
SELECT ARRAY(SELECT d FROM regress_sub_w WHERE c > 100), ARRAY(SELECT d FROM regress_sub_w ORDER BY c);
SELECT a, ARRAY(SELECT c FROM regress_sub_u u WHERE u.a = t.a ORDER BY c DESC) FROM regress_sub_t t ORDER BY a;
SELECT a, ARRAY(SELECT c FROM regress_sub_u ORDER BY c DESC LIMIT t.a) FROM regress_sub_t t ORDER BY a;
SELECT ARRAY(SELECT a, c FROM regress_sub_u);
-- odd corners
SELECT EXISTS (VALUES (1));
SELECT 1 IN (SELECT 1 UNION ALL SELECT 2), 3 IN (SELECT 1 UNION ALL SELECT 2);
SELECT (SELECT t.a) AS same FROM regress_sub_t t ORDER BY 1;
SELECT a FROM regress_sub_t t WHERE (SELECT t.b) IS NULL ORDER BY a;
SELECT sum((SELECT c FROM regress_sub_u u WHERE u.c = t.a * 10)) FROM regress_sub_t t;
SELECT a FROM regress_sub_t t WHERE a = (SELECT u.a FROM regress_sub_u u WHERE u.a = t.a LIMIT 1 FOR UPDATE) ORDER BY a;
INSERT INTO regress_sub_w VALUES ((SELECT max(c) + 1 FROM regress_sub_w), 'new') RETURNING c, d;
SELECT a, (SELECT count(*) FROM regress_sub_u u GROUP BY u.a HAVING u.a = t.a) FROM regress_sub_t t ORDER BY a;
SELECT * FROM (SELECT a, (SELECT count(*) FROM regress_sub_u u WHERE u.a = s.a) AS n FROM regress_sub_t s) q WHERE n > 0 ORDER BY a;
-- errors
SELECT a FROM regress_sub_t WHERE a = (SELECT a FROM regress_sub_u);
SELECT a FROM regress_sub_t WHERE a IN (SELECT a, c FROM regress_sub_u);
SELECT (SELECT nosuch FROM regress_sub_u);
SELECT a FROM regress_sub_t WHERE b = ANY (SELECT a FROM regress_sub_u);
SELECT b, (SELECT max(c) FROM regress_sub_u u WHERE u.a = t.a) FROM regress_sub_t t GROUP BY b;
SELECT b, (SELECT 1 FROM regress_sub_u u WHERE EXISTS (SELECT 1 FROM regress_sub_w w WHERE w.c = t.a)) FROM regress_sub_t t GROUP BY b;
-- plan shapes
EXPLAIN SELECT a, (SELECT max(c) FROM regress_sub_u u WHERE u.a = t.a) FROM regress_sub_t t;
EXPLAIN SELECT a FROM regress_sub_t WHERE a = (SELECT max(c) FROM regress_sub_u);
EXPLAIN SELECT a FROM regress_sub_t WHERE a NOT IN (SELECT a FROM regress_sub_u);
DROP TABLE regress_sub_t;
DROP TABLE regress_sub_u;
DROP TABLE regress_sub_w;
