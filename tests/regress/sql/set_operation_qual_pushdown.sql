-- Quals on a UNION / INTERSECT FROM subquery pushed into every SELECT of it
-- (optimizer/set_operation_pushdown.py): index scans below the duplicate removal and no
-- Filter above; nothing pushed through EXCEPT, into a converted column (int4 UNION
-- int8), into a branch with LIMIT or a volatile output, or for a volatile qual.
-- Also SELECT DISTINCT [ON] over min() / max() answered by index InitPlans.
DROP TABLE IF EXISTS regress_sop_a;
DROP TABLE IF EXISTS regress_sop_b;
DROP TABLE IF EXISTS regress_sop_c;
CREATE TABLE regress_sop_a (k int, v int, s text);
CREATE TABLE regress_sop_b (k int, v int, s text);
CREATE TABLE regress_sop_c (k bigint, v int);
INSERT INTO regress_sop_a SELECT i, i % 10, 'a' || (i % 30) FROM generate_series(1, 2000) i;
INSERT INTO regress_sop_b SELECT i * 3, i % 7, 'b' || (i % 20) FROM generate_series(1, 1500) i;
INSERT INTO regress_sop_c SELECT i, i % 5 FROM generate_series(1, 500) i;
CREATE INDEX regress_sop_a_k ON regress_sop_a (k);
CREATE INDEX regress_sop_b_k ON regress_sop_b (k);
ANALYZE regress_sop_a;
ANALYZE regress_sop_b;
ANALYZE regress_sop_c;
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT k, v FROM regress_sop_a UNION SELECT k, v FROM regress_sop_b) u WHERE k = 300;
SELECT * FROM (SELECT k, v FROM regress_sop_a UNION SELECT k, v FROM regress_sop_b) u WHERE k = 300;
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT k FROM regress_sop_a INTERSECT SELECT k FROM regress_sop_b) u WHERE k < 20;
SELECT * FROM (SELECT k FROM regress_sop_a INTERSECT SELECT k FROM regress_sop_b) u WHERE k < 20 ORDER BY k;
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT k FROM regress_sop_a EXCEPT SELECT k FROM regress_sop_b) u WHERE k < 10;
SELECT * FROM (SELECT k FROM regress_sop_a EXCEPT SELECT k FROM regress_sop_b) u WHERE k < 10 ORDER BY k;
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT v, count(*) AS n FROM regress_sop_a GROUP BY v UNION SELECT v, count(*) FROM regress_sop_b GROUP BY v) u WHERE v = 3 AND n > 10;
SELECT * FROM (SELECT v, count(*) AS n FROM regress_sop_a GROUP BY v UNION SELECT v, count(*) FROM regress_sop_b GROUP BY v) u WHERE v = 3 AND n > 10 ORDER BY n;
-- a column converted by one side (int4 UNION int8): the qual stays above
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT k, v FROM regress_sop_a UNION SELECT k, v FROM regress_sop_c) u WHERE k = 7 AND v = 2;
SELECT * FROM (SELECT k, v FROM regress_sop_a UNION SELECT k, v FROM regress_sop_c) u WHERE k = 7 AND v = 2;
-- nested UNION / UNION ALL, text columns, a join above
SELECT * FROM (SELECT s FROM regress_sop_a UNION (SELECT s FROM regress_sop_b UNION ALL SELECT s FROM regress_sop_a)) u WHERE s LIKE 'b1%' ORDER BY s;
SELECT a.k, u.v FROM regress_sop_a a JOIN (SELECT k, v FROM regress_sop_a UNION SELECT k, v FROM regress_sop_b) u ON u.k = a.k WHERE u.k BETWEEN 5 AND 12 ORDER BY 1, 2;
-- not pushed: a branch with LIMIT, a volatile qual
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT k FROM regress_sop_a UNION (SELECT k FROM regress_sop_b ORDER BY k LIMIT 5)) u WHERE k = 6;
SELECT * FROM (SELECT k FROM regress_sop_a UNION (SELECT k FROM regress_sop_b ORDER BY k LIMIT 5)) u WHERE k = 6;
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT k FROM regress_sop_a UNION SELECT k FROM regress_sop_b) u WHERE k = 6 AND random() >= 0;
-- DISTINCT over min() / max()
EXPLAIN (COSTS OFF) SELECT DISTINCT max(k) FROM regress_sop_a;
SELECT DISTINCT max(k) FROM regress_sop_a;
EXPLAIN (COSTS OFF) SELECT DISTINCT ON (1) max(k), min(k) FROM regress_sop_a;
SELECT DISTINCT ON (1) max(k), min(k) FROM regress_sop_a;
SELECT DISTINCT max(k), min(k) FROM regress_sop_b WHERE k > 100 ORDER BY 1;
-- DISTINCT over grouped rows: Sort + Unique or HashAggregate by cost, the grouped rows
-- taken as already distinct (create_final_distinct_paths)
EXPLAIN (COSTS OFF) SELECT DISTINCT count(*) FROM regress_sop_a GROUP BY v;
SELECT DISTINCT count(*) FROM regress_sop_a GROUP BY v;
EXPLAIN (COSTS OFF) SELECT DISTINCT v, sum(k) FROM regress_sop_a GROUP BY v, s ORDER BY v;
SELECT DISTINCT v, sum(k) % 7 FROM regress_sop_a GROUP BY v, s ORDER BY v, 2;
EXPLAIN (COSTS OFF) SELECT DISTINCT count(*), v FROM regress_sop_b GROUP BY v, k % 3 ORDER BY 2 DESC;
SELECT DISTINCT count(*), v FROM regress_sop_b GROUP BY v, k % 3 ORDER BY 2 DESC, 1;
DROP TABLE regress_sop_a;
DROP TABLE regress_sop_b;
DROP TABLE regress_sop_c;
