-- WITH queries: plain (inlined or read by CTE Scans), column alias lists, MATERIALIZED /
-- NOT MATERIALIZED, nested and correlated WITH; WITH RECURSIVE with UNION ALL and UNION
-- (tree walk, fibonacci, graph reachability with a cycle guard, LIMIT on an unbounded
-- recursion), and PostgreSQL's errors for malformed recursion; WITH on INSERT / UPDATE /
-- DELETE, and data-modifying WITH queries (run once, read or not, invisible to the
-- statement's own snapshot).
DROP TABLE IF EXISTS regress_with_tree;
DROP TABLE IF EXISTS regress_with_edges;
DROP TABLE IF EXISTS regress_with_src;
DROP TABLE IF EXISTS regress_with_dst;
CREATE TABLE regress_with_tree (id int4, parent int4, name text);
CREATE TABLE regress_with_edges (src int4, dst int4);
INSERT INTO regress_with_tree VALUES (1, NULL, 'root'), (2, 1, 'a'), (3, 1, 'b'), (4, 2, 'a1'), (5, 4, 'a1x'), (6, 3, 'b1');
INSERT INTO regress_with_edges VALUES (1, 2), (2, 3), (3, 1), (3, 4), (5, 6);
-- plain WITH
WITH x AS (SELECT 1 AS v) SELECT * FROM x;
WITH x(a) AS (SELECT 1, 2) SELECT * FROM x;
WITH a AS (SELECT 1 AS x), b AS (SELECT x + 1 AS y FROM a) SELECT * FROM a, b;
WITH x AS (SELECT id, name FROM regress_with_tree WHERE parent = 1) SELECT name FROM x ORDER BY id;
WITH x AS (SELECT id FROM regress_with_tree) SELECT count(*) FROM x a JOIN x b ON a.id = b.id;
WITH x AS MATERIALIZED (SELECT id FROM regress_with_tree) SELECT count(*) FROM x WHERE id > 2;
WITH x AS NOT MATERIALIZED (SELECT id FROM regress_with_tree) SELECT count(*) FROM x a, x b;
WITH x AS (SELECT id FROM regress_with_tree) SELECT (SELECT count(*) FROM x), (SELECT max(id) FROM x);
WITH x AS (SELECT 1 AS v) SELECT * FROM x UNION ALL SELECT * FROM x;
WITH x AS MATERIALIZED (SELECT 1 AS v) SELECT t.id, x.v FROM regress_with_tree t, x WHERE t.id = x.v FOR UPDATE OF t;
WITH x AS (SELECT 1 AS v) SELECT * FROM x FOR UPDATE;
WITH unused AS (SELECT 1 / 0) SELECT 2;
WITH x AS (SELECT 1 AS v) VALUES ((SELECT v FROM x));
SELECT * FROM (WITH x AS MATERIALIZED (SELECT 5 AS v) SELECT v FROM x) s;
SELECT id, (WITH k AS (SELECT t.id * 2 AS d) SELECT d FROM k) FROM regress_with_tree t ORDER BY id;
WITH x AS (SELECT 1 AS v) SELECT * FROM x x1, (WITH x AS (SELECT 2 AS v) SELECT * FROM x) x2;
-- WITH RECURSIVE
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 5) SELECT * FROM t;
WITH RECURSIVE t(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM t) SELECT n FROM t LIMIT 5;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 100) SELECT sum(n), count(*) FROM t;
WITH RECURSIVE r(n) AS (SELECT 1 UNION SELECT (n % 5) + 1 FROM r) SELECT * FROM r ORDER BY n;
WITH RECURSIVE t(n) AS (SELECT 'a' UNION ALL SELECT n || 'b' FROM t WHERE length(n) < 3) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT * FROM t, t AS u ORDER BY 1, 2;
WITH RECURSIVE fib(n, a, b) AS (SELECT 1, 0::numeric, 1::numeric UNION ALL SELECT n + 1, b, a + b FROM fib WHERE n < 50) SELECT n, a FROM fib ORDER BY n DESC LIMIT 3;
WITH RECURSIVE sub AS (
    SELECT id, name, 0 AS depth, name AS path FROM regress_with_tree WHERE parent IS NULL
    UNION ALL
    SELECT t.id, t.name, s.depth + 1, s.path || '/' || t.name
    FROM regress_with_tree t JOIN sub s ON t.parent = s.id)
SELECT * FROM sub ORDER BY path;
WITH RECURSIVE up(id, parent) AS (
    SELECT id, parent FROM regress_with_tree WHERE name = 'a1x'
    UNION ALL
    SELECT t.id, t.parent FROM regress_with_tree t, up WHERE t.id = up.parent)
SELECT id FROM up;
WITH RECURSIVE reach(n) AS (SELECT 1 UNION SELECT e.dst FROM regress_with_edges e JOIN reach r ON e.src = r.n) SELECT n FROM reach ORDER BY n;
WITH RECURSIVE walk(node, path) AS (
    SELECT 1, ',1,'::text
    UNION ALL
    SELECT e.dst, w.path || e.dst::text || ','
    FROM regress_with_edges e JOIN walk w ON e.src = w.node
    WHERE strpos(w.path, ',' || e.dst::text || ',') = 0)
SELECT * FROM walk ORDER BY path;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL (SELECT n + 1 FROM t WHERE n < 3 INTERSECT SELECT 2)) SELECT * FROM t;
SELECT * FROM (WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 4) SELECT * FROM t) s WHERE n > 2;
SELECT id, (WITH RECURSIVE c(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM c WHERE k < t.id) SELECT count(*) FROM c) FROM regress_with_tree t ORDER BY id;
WITH RECURSIVE a AS (SELECT * FROM b), b AS (SELECT 1 AS x) SELECT * FROM a;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3), u AS (SELECT n * 10 AS m FROM t) SELECT * FROM u ORDER BY 1;
-- errors
WITH x AS (SELECT id FROM regress_with_tree) SELECT * FROM x FOR UPDATE OF x;
WITH a AS (SELECT * FROM b), b AS (SELECT 1 AS x) SELECT * FROM a;
WITH RECURSIVE a AS (SELECT * FROM b), b AS (SELECT * FROM a) SELECT * FROM a;
WITH RECURSIVE a(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM b WHERE n < 3), b(n) AS (SELECT n FROM a) SELECT * FROM a;
WITH x AS (SELECT * FROM x) SELECT 1;
WITH x AS (SELECT 1), x AS (SELECT 2) SELECT 1;
WITH x(a, b) AS (SELECT 1) SELECT 1;
SELECT * FROM regress_with_missing;
WITH RECURSIVE t AS (SELECT * FROM t) SELECT 1;
WITH RECURSIVE t(n) AS (SELECT 1 INTERSECT SELECT n FROM t) SELECT 1;
WITH RECURSIVE t(n) AS (SELECT n FROM t UNION ALL SELECT 1) SELECT 1;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t, t t2) SELECT 1;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT 1 WHERE EXISTS (SELECT 1 FROM t)) SELECT 1;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM regress_with_tree LEFT JOIN t ON true) SELECT 1;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL (SELECT n + 1 FROM t EXCEPT SELECT 1)) SELECT 1;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t ORDER BY 1) SELECT 1;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t LIMIT 1) SELECT 1;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n::int8 + 1 FROM t) SELECT 1;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT count(*) FROM t) SELECT 1;
WITH RECURSIVE t(j) AS (SELECT '{}'::json UNION SELECT j FROM t) SELECT 1;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT max(n) + 1 FROM t HAVING max(n) < 3) SELECT 1;
WITH RECURSIVE u AS (DELETE FROM regress_with_tree WHERE false RETURNING 1) SELECT 1;
-- WITH on INSERT / UPDATE / DELETE, data-modifying WITH queries
CREATE TABLE regress_with_src (id int4, v text);
CREATE TABLE regress_with_dst (id int4, v text);
INSERT INTO regress_with_src VALUES (1, 'a'), (2, 'b'), (3, 'c');
WITH x AS (SELECT id + 10 AS id, v FROM regress_with_src) INSERT INTO regress_with_dst SELECT * FROM x RETURNING *;
WITH m AS (SELECT max(id) AS top FROM regress_with_dst) UPDATE regress_with_dst SET v = 'max' WHERE id = (SELECT top FROM m) RETURNING id, v;
WITH k AS MATERIALIZED (SELECT 11 AS id) DELETE FROM regress_with_dst WHERE id IN (SELECT id FROM k) RETURNING id;
WITH x AS (INSERT INTO regress_with_dst VALUES (9, 'z') RETURNING id) SELECT * FROM x;
WITH d AS (DELETE FROM regress_with_src WHERE id < 3 RETURNING *) INSERT INTO regress_with_dst SELECT * FROM d;
SELECT * FROM regress_with_src ORDER BY id;
SELECT * FROM regress_with_dst ORDER BY id;
WITH u AS (UPDATE regress_with_dst SET v = v || '!' RETURNING id, v) SELECT count(*), (SELECT count(*) FROM regress_with_dst WHERE v LIKE '%!') FROM u;
WITH u AS (UPDATE regress_with_dst SET v = 'q' WHERE id = 9) SELECT 1;
WITH x AS (INSERT INTO regress_with_dst VALUES (7, 's') RETURNING id) SELECT * FROM x LIMIT 0;
SELECT * FROM regress_with_dst ORDER BY id;
WITH x AS (DELETE FROM regress_with_dst WHERE id = 7 RETURNING id), y AS (SELECT * FROM regress_with_dst WHERE id = 7) SELECT (SELECT count(*) FROM x), (SELECT count(*) FROM y);
SELECT count(*) FROM regress_with_dst;
BEGIN;
WITH x AS (INSERT INTO regress_with_src VALUES (4, 'd') RETURNING id) SELECT * FROM x;
SELECT * FROM regress_with_src ORDER BY id;
ROLLBACK;
BEGIN;
DECLARE regress_with_cur CURSOR FOR WITH x AS (INSERT INTO regress_with_src VALUES (5, 'e') RETURNING id) SELECT * FROM x;
ROLLBACK;
BEGIN;
DECLARE regress_with_cur CURSOR FOR WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT * FROM t;
FETCH 3 FROM regress_with_cur;
FETCH 2 FROM regress_with_cur;
ROLLBACK;
BEGIN READ ONLY;
WITH x AS (INSERT INTO regress_with_src VALUES (5, 'e') RETURNING id) SELECT * FROM x;
ROLLBACK;
WITH u AS (DELETE FROM regress_with_dst WHERE id = 9) SELECT * FROM u;
SELECT (WITH u AS (DELETE FROM regress_with_dst RETURNING 1) SELECT 1);
EXPLAIN WITH x AS (DELETE FROM regress_with_dst RETURNING id) SELECT * FROM x;
-- plans
EXPLAIN WITH x AS MATERIALIZED (SELECT 1) SELECT * FROM x;
EXPLAIN WITH x AS (SELECT id FROM regress_with_tree) SELECT * FROM x, x y;
EXPLAIN WITH RECURSIVE t(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM t WHERE n < 100) SELECT sum(n) FROM t;
EXPLAIN WITH RECURSIVE t(n) AS (SELECT 1 UNION SELECT n + 1 FROM t WHERE n < 100) SELECT * FROM t;
DROP TABLE regress_with_tree;
DROP TABLE regress_with_edges;
DROP TABLE regress_with_src;
DROP TABLE regress_with_dst;
