-- Custom or generic plan per execution of a prepared statement (executor/custom_plans.py):
-- custom plans for the first five runs with parameters, then the generic plan when it
-- costs less than the average custom plan (planning charge included); plan_cache_mode
-- forcing either; pg_prepared_statements' generic_plans / custom_plans; EXPLAIN EXECUTE
-- showing (and counting) the plan an EXECUTE would run.
-- compare explain text
CREATE TABLE pcc_mode (a int);
INSERT INTO pcc_mode SELECT 1 FROM generate_series(1, 1000) UNION ALL SELECT 2;
CREATE INDEX pcc_mode_a ON pcc_mode (a);
ANALYZE pcc_mode;
PREPARE pcc_q (int) AS SELECT count(*) FROM pcc_mode WHERE a = $1;
SELECT name, generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'pcc_q';
SET plan_cache_mode TO auto;
EXPLAIN (COSTS OFF) EXECUTE pcc_q(2);
SELECT name, generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'pcc_q';
SET plan_cache_mode TO force_generic_plan;
EXPLAIN (COSTS OFF) EXECUTE pcc_q(2);
SELECT name, generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'pcc_q';
SET plan_cache_mode TO auto;
EXECUTE pcc_q(1);
EXECUTE pcc_q(1);
EXECUTE pcc_q(1);
EXECUTE pcc_q(1);
SELECT name, generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'pcc_q';
EXECUTE pcc_q(1);
SELECT name, generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'pcc_q';
EXPLAIN (COSTS OFF) EXECUTE pcc_q(2);
SET plan_cache_mode TO force_custom_plan;
EXPLAIN (COSTS OFF) EXECUTE pcc_q(2);
SELECT name, generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'pcc_q';
RESET plan_cache_mode;
-- custom plans stay when the generic one costs more (a selective index on a big table)
CREATE TABLE pcc_big (a int, b text);
INSERT INTO pcc_big SELECT g, 'v' || g FROM generate_series(1, 3000) g;
CREATE INDEX pcc_big_a ON pcc_big (a);
ANALYZE pcc_big;
PREPARE pcc_range (int, int) AS SELECT count(*) FROM pcc_big WHERE a BETWEEN $1 AND $2;
EXECUTE pcc_range(1, 10);
EXECUTE pcc_range(1, 10);
EXECUTE pcc_range(1, 10);
EXECUTE pcc_range(1, 10);
EXECUTE pcc_range(1, 10);
EXECUTE pcc_range(1, 10);
EXECUTE pcc_range(5, 2900);
SELECT name, generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'pcc_range';
EXPLAIN (COSTS OFF) EXECUTE pcc_range(1, 3000);
-- no parameters: always the generic plan
PREPARE pcc_all AS SELECT count(*) FROM pcc_big;
EXECUTE pcc_all;
EXECUTE pcc_all;
SET plan_cache_mode TO force_custom_plan;
EXECUTE pcc_all;
RESET plan_cache_mode;
SELECT name, generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'pcc_all';
-- INSERT / UPDATE / DELETE with parameters count the same way
PREPARE pcc_ins (int) AS INSERT INTO pcc_big VALUES ($1, 'ins');
PREPARE pcc_del (int) AS DELETE FROM pcc_big WHERE a = $1;
EXECUTE pcc_ins(5000);
EXECUTE pcc_ins(5001);
EXECUTE pcc_del(5000);
SELECT name, generic_plans, custom_plans FROM pg_prepared_statements
  WHERE name IN ('pcc_ins', 'pcc_del') ORDER BY name;
-- a custom plan prunes partitions at plan time; the generic one at executor start-up
CREATE TABLE pcc_part (a int, b int) PARTITION BY LIST (a);
CREATE TABLE pcc_part_1 PARTITION OF pcc_part FOR VALUES IN (1);
CREATE TABLE pcc_part_2 PARTITION OF pcc_part FOR VALUES IN (2);
CREATE TABLE pcc_part_3 PARTITION OF pcc_part FOR VALUES IN (3);
INSERT INTO pcc_part SELECT g % 3 + 1, g FROM generate_series(1, 30) g;
PREPARE pcc_p (int) AS SELECT count(*) FROM pcc_part WHERE a = $1;
EXPLAIN (COSTS OFF) EXECUTE pcc_p(2);
EXECUTE pcc_p(2);
SET plan_cache_mode TO force_generic_plan;
EXPLAIN (COSTS OFF) EXECUTE pcc_p(2);
EXECUTE pcc_p(3);
RESET plan_cache_mode;
SELECT name, generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'pcc_p';
-- a custom plan has the values as constants in subqueries too
PREPARE pcc_sub (int) AS SELECT * FROM pcc_big WHERE a = (SELECT count(*) FROM pcc_big WHERE a < $1);
EXPLAIN (COSTS OFF) EXECUTE pcc_sub(50);
EXECUTE pcc_sub(50);
PREPARE pcc_from (int) AS SELECT count(*) FROM (SELECT * FROM pcc_big WHERE a < $1) s WHERE b LIKE 'v1%';
EXPLAIN (COSTS OFF) EXECUTE pcc_from(30);
EXECUTE pcc_from(30);
PREPARE pcc_corr (int) AS SELECT a, (SELECT count(*) FROM pcc_big y WHERE y.a < $1 AND y.a > p.a) FROM pcc_big p WHERE a < 4 ORDER BY a;
EXPLAIN (COSTS OFF) EXECUTE pcc_corr(100);
EXECUTE pcc_corr(100);
DEALLOCATE pcc_sub;
DEALLOCATE pcc_from;
DEALLOCATE pcc_corr;
-- EXPLAIN EXECUTE run by a function (PL/pgSQL's EXECUTE of the text)
CREATE FUNCTION pcc_explain(q text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE ln text;
BEGIN
  FOR ln IN EXECUTE format('EXPLAIN (COSTS OFF) %s', q) LOOP
    RETURN NEXT ln;
  END LOOP;
END $$;
SELECT pcc_explain('EXECUTE pcc_p(1)');
SET plan_cache_mode TO force_generic_plan;
SELECT pcc_explain('EXECUTE pcc_p(1)');
RESET plan_cache_mode;
SELECT name, generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'pcc_p';
DROP FUNCTION pcc_explain(text);
-- a cursor over a prepared query's plan
BEGIN;
DECLARE pcc_c CURSOR FOR SELECT a FROM pcc_big WHERE a < 4 ORDER BY a;
FETCH 2 FROM pcc_c;
FETCH 2 FROM pcc_c;
CLOSE ALL;
COMMIT;
DEALLOCATE pcc_q;
DEALLOCATE pcc_range;
DEALLOCATE pcc_all;
DEALLOCATE pcc_ins;
DEALLOCATE pcc_del;
DEALLOCATE pcc_p;
DROP TABLE pcc_mode, pcc_big, pcc_part;
