-- UNION / INTERSECT / EXCEPT with and without ALL: duplicates and NULLs, nesting and
-- parentheses, ORDER BY / LIMIT on the whole, result types (select_common_type, unknown
-- literals), the errors, and the plans (HashAggregate or Sort + Unique, HashSetOp or
-- SetOp, enable_hashagg).
DROP TABLE IF EXISTS regress_setop_l;
DROP TABLE IF EXISTS regress_setop_r;
DROP TABLE IF EXISTS regress_setop_arr;
CREATE TABLE regress_setop_l (a int4, b text);
CREATE TABLE regress_setop_r (a int8, c varchar(10));
INSERT INTO regress_setop_l VALUES (1, 'a'), (2, 'b'), (2, 'b'), (3, NULL), (NULL, 'n'), (NULL, 'n');
INSERT INTO regress_setop_r VALUES (2, 'b'), (3, 'c'), (3, 'c'), (4, 'd'), (NULL, 'n');
-- the six operators
SELECT a FROM regress_setop_l UNION SELECT a FROM regress_setop_r ORDER BY 1;
SELECT a FROM regress_setop_l UNION ALL SELECT a FROM regress_setop_r ORDER BY 1;
SELECT a FROM regress_setop_l INTERSECT SELECT a FROM regress_setop_r ORDER BY 1;
SELECT a FROM regress_setop_l INTERSECT ALL SELECT a FROM regress_setop_r ORDER BY 1;
SELECT a FROM regress_setop_l EXCEPT SELECT a FROM regress_setop_r ORDER BY 1;
SELECT a FROM regress_setop_l EXCEPT ALL SELECT a FROM regress_setop_r ORDER BY 1;
SELECT a FROM regress_setop_r EXCEPT ALL SELECT a FROM regress_setop_l ORDER BY 1;
SELECT a, b FROM regress_setop_l INTERSECT SELECT a, c FROM regress_setop_r;
SELECT a, b FROM regress_setop_l UNION SELECT a, c FROM regress_setop_r ORDER BY b DESC, a;
-- without ORDER BY (compared as a multiset)
SELECT b FROM regress_setop_l UNION SELECT c FROM regress_setop_r;
SELECT b FROM regress_setop_l EXCEPT SELECT c FROM regress_setop_r;
-- nesting: INTERSECT binds tighter than UNION / EXCEPT; parentheses; mixed ALL
SELECT 1 UNION SELECT 2 INTERSECT SELECT 2 ORDER BY 1;
(SELECT 1 UNION SELECT 2) INTERSECT SELECT 2 ORDER BY 1;
SELECT 1 INTERSECT SELECT 1 UNION SELECT 2 ORDER BY 1;
SELECT a FROM regress_setop_l UNION SELECT a FROM regress_setop_r UNION ALL SELECT 7 ORDER BY 1;
SELECT a FROM regress_setop_l UNION ALL (SELECT a FROM regress_setop_r UNION SELECT 7) ORDER BY 1;
SELECT a FROM regress_setop_l EXCEPT (SELECT a FROM regress_setop_r EXCEPT SELECT 3) ORDER BY 1;
(SELECT a FROM regress_setop_l ORDER BY a DESC LIMIT 2) UNION ALL (SELECT a FROM regress_setop_r ORDER BY a LIMIT 1);
VALUES (1), (2), (3) EXCEPT SELECT 2 ORDER BY 1;
SELECT 1 AS x UNION SELECT 2 ORDER BY x DESC;
SELECT 1 UNION SELECT 2 UNION SELECT 3 ORDER BY 1 LIMIT 2 OFFSET 1;
SELECT 1 AS one UNION ALL SELECT 1 FETCH FIRST 1 ROW ONLY;
-- in FROM and in expressions
SELECT * FROM (SELECT a FROM regress_setop_l UNION SELECT a FROM regress_setop_r) s ORDER BY 1 LIMIT 3;
SELECT count(*) FROM (SELECT a FROM regress_setop_l INTERSECT ALL SELECT a FROM regress_setop_r) s;
SELECT a FROM regress_setop_l WHERE a IN (SELECT a FROM regress_setop_r INTERSECT SELECT 3) ORDER BY 1;
SELECT a, a IN (SELECT 1 UNION SELECT l.a + 1 FROM regress_setop_l l2 WHERE l2.a = l.a) FROM regress_setop_l l ORDER BY 1;
-- result types: select_common_type across branches, unknown literals become the type
SELECT 1 UNION SELECT 2.5 UNION SELECT NULL ORDER BY 1;
SELECT 1::int2 AS q UNION ALL SELECT 2::int8 ORDER BY q DESC;
SELECT 'x' AS t UNION SELECT 'y' ORDER BY 1;
SELECT NULL UNION SELECT NULL;
SELECT pg_typeof(x) FROM (SELECT NULL UNION SELECT NULL) s(x);
SELECT pg_typeof(x) FROM (SELECT 1 UNION SELECT NULL) s(x);
SELECT pg_typeof(x), x FROM (SELECT 1.5 UNION ALL SELECT 2) s(x) ORDER BY 2;
SELECT 'x'::varchar(3) UNION SELECT 'yy'::varchar(3) ORDER BY 1;
SELECT 'a'::text UNION SELECT 'b'::varchar ORDER BY 1;
SELECT true UNION SELECT 'false' ORDER BY 1;
-- arrays are grouped by value (hashed UNION, INTERSECT)
SELECT x FROM (VALUES ('{1}'::int4[]), ('{1}'), ('{2,3}'), (NULL)) v(x) UNION SELECT '{2,3}'::int4[] ORDER BY 1;
SELECT x FROM (VALUES ('{1}'::int4[]), ('{1}'), ('{2,3}')) v(x) INTERSECT SELECT '{2,3}'::int4[];
CREATE TABLE regress_setop_arr (x int4[]);
INSERT INTO regress_setop_arr VALUES ('{1}'), ('{1}'), ('{2,3}'), (NULL);
EXPLAIN SELECT x FROM regress_setop_arr UNION SELECT '{2,3}'::int4[];
SELECT x FROM regress_setop_arr UNION SELECT '{2,3}'::int4[] ORDER BY 1;
SELECT x, count(*) FROM regress_setop_arr GROUP BY x ORDER BY 1;
DROP TABLE regress_setop_arr;
-- row values: compared column by column, NULL last
SELECT ROW(1, 2) UNION SELECT ROW(1, 2) UNION SELECT ROW(0, 5) ORDER BY 1;
SELECT r FROM (VALUES (ROW(2, 'b'::text)), (ROW(1, 'a'::text)), (ROW(1, NULL::text)), (ROW(1, 'a'::text))) v(r) UNION SELECT ROW(3, 'c'::text) ORDER BY 1;
SELECT ROW(1, 2) INTERSECT SELECT ROW(1, 2);
-- untyped parameters take the column's type
PREPARE regress_setop_p1 AS SELECT $1 UNION SELECT 2;
EXECUTE regress_setop_p1(5);
PREPARE regress_setop_p2 AS SELECT $1 UNION SELECT $2 ORDER BY 1;
EXECUTE regress_setop_p2('b', 'a');
DEALLOCATE regress_setop_p1;
DEALLOCATE regress_setop_p2;
-- errors
SELECT 1 UNION SELECT 2, 3;
SELECT 1, 2 INTERSECT SELECT 3;
SELECT 1 EXCEPT SELECT 'b';
SELECT 1 UNION SELECT 'b'::text;
SELECT 'a' UNION SELECT 'b' UNION SELECT 1;
SELECT 1 AS x UNION SELECT 2 ORDER BY y;
SELECT 1 AS x UNION SELECT 2 ORDER BY x + 1;
SELECT 1 AS x UNION SELECT 2 ORDER BY t.x;
SELECT 1 UNION SELECT 1 ORDER BY 2;
SELECT a FROM regress_setop_l UNION SELECT a FROM regress_setop_r ORDER BY a COLLATE "C";
SELECT b FROM regress_setop_l UNION SELECT c FROM regress_setop_r ORDER BY b COLLATE "C" DESC;
SELECT b FROM regress_setop_l UNION SELECT c FROM regress_setop_r ORDER BY b COLLATE "nope";
SELECT 1 UNION SELECT 2 FOR UPDATE;
SELECT '{}'::json UNION SELECT '{}'::json;
SELECT '{}'::json INTERSECT ALL SELECT '{}'::json;
SELECT 1, point(1, 2) UNION SELECT 1, point(1, 2);
SELECT '{}'::json UNION ALL SELECT '{}'::json;
-- plans
EXPLAIN SELECT a FROM regress_setop_l UNION SELECT a FROM regress_setop_r;
EXPLAIN SELECT a FROM regress_setop_l UNION ALL SELECT a FROM regress_setop_l;
EXPLAIN SELECT a, b FROM regress_setop_l INTERSECT SELECT a, c FROM regress_setop_r;
EXPLAIN SELECT a FROM regress_setop_l EXCEPT ALL SELECT a FROM regress_setop_r ORDER BY 1;
EXPLAIN SELECT 1 UNION SELECT 2;
EXPLAIN SELECT 1 INTERSECT SELECT 2 EXCEPT SELECT 3;
SET enable_hashagg = off;
EXPLAIN SELECT a FROM regress_setop_l UNION SELECT a FROM regress_setop_r;
EXPLAIN SELECT a FROM regress_setop_l INTERSECT SELECT a FROM regress_setop_r;
SELECT a FROM regress_setop_l INTERSECT ALL SELECT a FROM regress_setop_r ORDER BY 1;
SELECT a FROM regress_setop_l EXCEPT SELECT a FROM regress_setop_r;
SELECT b FROM regress_setop_l UNION SELECT c FROM regress_setop_r ORDER BY 1;
RESET enable_hashagg;
DROP TABLE regress_setop_l;
DROP TABLE regress_setop_r;
