-- compare explain text
-- A set operation whose arm reads a pulled-up subquery in FROM names its keys by what
-- the subquery's columns stand for ("*VALUES*".column1, the table's column), as EXPLAIN
-- deparses them through the removed Subquery Scan. Compared with PostgreSQL 15.
DROP TABLE IF EXISTS sosk;
CREATE TABLE sosk (f1 int, f2 text);
INSERT INTO sosk VALUES (1, 'a'), (2, 'b'), (2, 'b');
ANALYZE sosk;
EXPLAIN SELECT x FROM (VALUES (1), (2)) _(x) UNION SELECT x FROM (VALUES (1), (3)) _(x);
EXPLAIN SELECT x FROM (VALUES (100::money), (200::money)) _(x) UNION SELECT x FROM (VALUES (100::money), (300::money)) _(x);
EXPLAIN SELECT x FROM (SELECT f1 FROM sosk) _(x) UNION SELECT x FROM (SELECT f1 FROM sosk) _(x);
EXPLAIN SELECT f1 FROM sosk UNION SELECT f1 FROM sosk ORDER BY 1;
SELECT x FROM (SELECT f1 FROM sosk) _(x) UNION SELECT x FROM (VALUES (1), (3)) _(x) ORDER BY 1;
DROP TABLE sosk;
