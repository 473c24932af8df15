-- WHERE CURRENT OF on a view (a DO INSTEAD rule's view) is refused as PostgreSQL does
-- (commands/rule_actions.py); CLOSE ALL's tag; EXPLAIN of a SCROLL cursor whose plan
-- cannot run backward shows the Materialize PostgreSQL puts on top.
-- compare explain text
CREATE TABLE cvc_t (f1 int);
INSERT INTO cvc_t VALUES (1), (2);
CREATE VIEW cvc_v AS SELECT * FROM cvc_t;
CREATE RULE cvc_r AS ON DELETE TO cvc_v DO INSTEAD DELETE FROM cvc_t WHERE f1 = OLD.f1;
BEGIN;
DECLARE c1 CURSOR FOR SELECT * FROM cvc_v ORDER BY f1;
FETCH FROM c1;
DELETE FROM cvc_v WHERE CURRENT OF c1;
ROLLBACK;
BEGIN;
DECLARE c1 CURSOR FOR SELECT * FROM cvc_t;
DECLARE c2 CURSOR FOR SELECT * FROM cvc_t;
CLOSE ALL;
FETCH FROM c1;
ROLLBACK;
EXPLAIN (COSTS OFF) DECLARE c1 SCROLL CURSOR FOR SELECT (SELECT 42) AS x;
EXPLAIN DECLARE c2 SCROLL CURSOR FOR SELECT generate_series(1, 3) AS g;
EXPLAIN DECLARE c3 SCROLL CURSOR FOR SELECT * FROM cvc_t;
EXPLAIN DECLARE c4 CURSOR FOR SELECT generate_series(1, 3) AS g;
DROP VIEW cvc_v;
DROP TABLE cvc_t;
