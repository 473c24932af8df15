-- Rule actions: firing order by name, cascades of conditional INSTEAD rules through
-- other tables' rules, UPDATE ... FROM and DELETE ... USING with rules, actions that
-- need no rows of the statement, SELECT * actions, bare names in a condition, INSERT
-- ... SELECT actions, COMMENT ON RULE, whose privileges are checked.
CREATE TABLE ra_src (a int, b text);
CREATE TABLE ra_mid (a int, b text);
CREATE TABLE ra_hi (a int, b text);
CREATE TABLE ra_top (a int, b text);
CREATE RULE ra_src_1 AS ON INSERT TO ra_src WHERE new.a >= 10 AND new.a < 20
    DO INSTEAD INSERT INTO ra_mid VALUES (new.a, new.b);
CREATE RULE ra_src_2 AS ON INSERT TO ra_src WHERE new.a >= 20
    DO ALSO INSERT INTO ra_hi VALUES (new.a, new.b);
CREATE RULE ra_mid_1 AS ON INSERT TO ra_mid WHERE new.a > 15
    DO ALSO INSERT INTO ra_top VALUES (new.a, 'from mid');
CREATE RULE ra_hi_1 AS ON INSERT TO ra_hi WHERE new.a > 25
    DO INSTEAD INSERT INTO ra_top VALUES (new.a, 'from hi');
INSERT INTO ra_src VALUES (1, 'a'), (12, 'b'), (19, 'c'), (21, 'd'), (28, 'e');
INSERT INTO ra_src SELECT a + 1, b FROM ra_src WHERE a < 5;
SELECT 'src' AS t, * FROM ra_src UNION ALL SELECT 'mid', * FROM ra_mid
UNION ALL SELECT 'hi', * FROM ra_hi UNION ALL SELECT 'top', * FROM ra_top ORDER BY 1, 2;
-- rules fire in name order; a bare name in the condition is NEW's
CREATE TABLE ra_order (a int);
CREATE TABLE ra_order_log (a int, n int, note text);
CREATE SEQUENCE ra_order_seq;
CREATE RULE ra_r3 AS ON INSERT TO ra_order DO INSTEAD
    INSERT INTO ra_order_log VALUES (new.a, nextval('ra_order_seq'), 'third');
CREATE RULE ra_r4 AS ON INSERT TO ra_order WHERE a < 100 DO INSTEAD
    INSERT INTO ra_order_log VALUES (new.a, nextval('ra_order_seq'), 'fourth');
CREATE RULE ra_r1 AS ON INSERT TO ra_order DO INSTEAD
    INSERT INTO ra_order_log VALUES (new.a, nextval('ra_order_seq'), 'first');
CREATE RULE ra_r2 AS ON INSERT TO ra_order DO
    INSERT INTO ra_order_log VALUES (new.a, nextval('ra_order_seq'), 'second');
INSERT INTO ra_order VALUES (1);
SELECT * FROM ra_order_log ORDER BY n;
SELECT pg_get_ruledef(oid) FROM pg_rewrite WHERE rulename = 'ra_r4';
CREATE RULE ra_bad AS ON UPDATE TO ra_order WHERE a < 100 DO INSTEAD NOTHING;
CREATE RULE ra_bad AS ON INSERT TO ra_order DO INSTEAD INSERT INTO ra_order_log VALUES (a);
-- UPDATE ... FROM and DELETE ... USING
CREATE TABLE ra_emp (name text, pay numeric);
CREATE TABLE ra_raise (name text, pay numeric);
CREATE TABLE ra_emp_log (name text, action text, newpay numeric, oldpay numeric);
CREATE RULE ra_emp_upd AS ON UPDATE TO ra_emp WHERE new.pay <> old.pay
    DO INSERT INTO ra_emp_log VALUES (new.name, 'raise', new.pay, old.pay);
CREATE RULE ra_emp_del AS ON DELETE TO ra_emp
    DO INSERT INTO ra_emp_log VALUES (old.name, 'gone', NULL, old.pay);
INSERT INTO ra_emp VALUES ('ann', 10), ('bob', 20), ('cy', 30);
INSERT INTO ra_raise VALUES ('ann', 11), ('cy', 30);
UPDATE ra_emp SET pay = r.pay FROM ra_raise r WHERE ra_emp.name = r.name;
DELETE FROM ra_emp USING ra_raise r WHERE ra_emp.name = r.name AND r.pay > 20;
SELECT * FROM ra_emp_log ORDER BY name, action;
-- an action that needs none of the statement's rows runs once
CREATE TABLE ra_base (f1 int, f2 int);
INSERT INTO ra_base VALUES (1, 2), (11, 12);
CREATE RULE ra_base_upd AS ON UPDATE TO ra_base DO INSTEAD
    SELECT * FROM ra_base WHERE f1 = 1;
UPDATE ra_base SET f2 = f2 + 1;
UPDATE ra_base SET f2 = f2 + 1 WHERE f1 > 0;
CREATE OR REPLACE RULE ra_base_upd AS ON UPDATE TO ra_base DO INSTEAD
    INSERT INTO ra_emp_log SELECT 'base', 'upd', old.f1, new.f2 WHERE old.f1 > 5;
UPDATE ra_base SET f2 = 0;
SELECT * FROM ra_emp_log WHERE name = 'base';
-- COMMENT ON RULE
COMMENT ON RULE ra_nope ON ra_base IS 'x';
COMMENT ON RULE ra_base_upd ON ra_base IS 'logs updates';
SELECT obj_description(oid, 'pg_rewrite') FROM pg_rewrite WHERE rulename = 'ra_base_upd';
COMMENT ON RULE ra_base_upd ON ra_base IS NULL;
SELECT obj_description(oid, 'pg_rewrite') FROM pg_rewrite WHERE rulename = 'ra_base_upd';
-- privileges: the statement's own as its user, the actions' as the relation's owner
CREATE ROLE ra_user;
CREATE TABLE ra_t1 (x int);
CREATE TABLE ra_t2 (x int);
CREATE TABLE ra_t3 (x int);
CREATE VIEW ra_v1 WITH (security_invoker = true) AS SELECT * FROM ra_t1;
GRANT INSERT ON ra_v1 TO ra_user;
CREATE RULE ra_v1_ins AS ON INSERT TO ra_v1 DO INSTEAD INSERT INTO ra_t2 VALUES (new.*);
SET SESSION AUTHORIZATION ra_user;
INSERT INTO ra_v1 VALUES (1);
UPDATE ra_v1 SET x = 2;
RESET SESSION AUTHORIZATION;
CREATE RULE ra_t1_upd AS ON UPDATE TO ra_t1 DO INSTEAD INSERT INTO ra_t2 VALUES (old.*);
ALTER TABLE ra_t1 OWNER TO ra_user;
SET SESSION AUTHORIZATION ra_user;
UPDATE ra_t1 t1 SET x = 0 FROM ra_t3 t3 WHERE t1.x = t3.x;
INSERT INTO ra_t1 VALUES (5);
UPDATE ra_t1 SET x = 0;
RESET SESSION AUTHORIZATION;
SELECT * FROM ra_t1;
SELECT * FROM ra_t2;
DROP VIEW ra_v1;
DROP TABLE ra_t1, ra_t2, ra_t3;
DROP ROLE ra_user;
DROP TABLE ra_src, ra_mid, ra_hi, ra_top, ra_order, ra_order_log, ra_emp, ra_raise,
    ra_emp_log, ra_base;
DROP SEQUENCE ra_order_seq;
