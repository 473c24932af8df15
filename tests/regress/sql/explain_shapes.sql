-- EXPLAIN plan shapes: only node names and nesting are compared, never costs.
DROP TABLE IF EXISTS regress_plan_a;
DROP TABLE IF EXISTS regress_plan_b;
CREATE TABLE regress_plan_a (id int4 NOT NULL, v text);
CREATE TABLE regress_plan_b (id int4 NOT NULL, a_id int4);
EXPLAIN SELECT * FROM regress_plan_a;
EXPLAIN SELECT * FROM regress_plan_a WHERE id = 1;
EXPLAIN SELECT * FROM regress_plan_a ORDER BY v;
EXPLAIN SELECT * FROM regress_plan_a LIMIT 3;
EXPLAIN SELECT count(*) FROM regress_plan_a;
EXPLAIN SELECT a.v, b.id FROM regress_plan_a a JOIN regress_plan_b b ON b.a_id = a.id;
-- enable_* settings steer the planner by cost, as in PostgreSQL.
SET enable_mergejoin = off;
EXPLAIN SELECT a.v, b.id FROM regress_plan_a a JOIN regress_plan_b b ON b.a_id = a.id;
SET enable_hashjoin = off;
EXPLAIN SELECT a.v, b.id FROM regress_plan_a a JOIN regress_plan_b b ON b.a_id = a.id;
SET enable_sort = off;
EXPLAIN SELECT * FROM regress_plan_a ORDER BY v;
SET enable_seqscan = off;
EXPLAIN SELECT * FROM regress_plan_a WHERE id = 1;
RESET ALL;
EXPLAIN SELECT v, count(*) FROM regress_plan_a GROUP BY v;
SET enable_hashagg = off;
EXPLAIN SELECT v, count(*) FROM regress_plan_a GROUP BY v;
RESET ALL;
DROP TABLE regress_plan_a;
DROP TABLE regress_plan_b;
