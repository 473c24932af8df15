-- Foreign keys as RI triggers (their internal pg_trigger rows, deferral, SET CONSTRAINTS),
-- transition tables read by trigger functions, and INSTEAD OF INSERT on a view.
DROP TABLE IF EXISTS regress_tfk_c, regress_tfk_p, regress_tfk_t, regress_tfk_log, regress_tfk_b, regress_tfk_vlog CASCADE;
DROP VIEW IF EXISTS regress_tfk_v;
CREATE TABLE regress_tfk_p (id int PRIMARY KEY, k int UNIQUE);
CREATE TABLE regress_tfk_c (id int PRIMARY KEY,
  a int CONSTRAINT regress_tfk_a REFERENCES regress_tfk_p DEFERRABLE INITIALLY DEFERRED,
  b int CONSTRAINT regress_tfk_b REFERENCES regress_tfk_p (k) ON DELETE CASCADE ON UPDATE SET NULL DEFERRABLE);
SELECT tgname ~ '^RI_ConstraintTrigger_[ac]_[0-9]+$' AS named, tgrelid::regclass, tgfoid::regproc, tgtype, tgenabled, tgisinternal,
  tgdeferrable, tginitdeferred, tgconstrrelid::regclass, tgconstrindid::regclass, c.conname, tgnargs, tgattr
  FROM pg_trigger t JOIN pg_constraint c ON c.oid = t.tgconstraint
  WHERE tgrelid IN ('regress_tfk_p'::regclass, 'regress_tfk_c'::regclass) ORDER BY c.conname, t.oid;
SELECT regexp_replace(pg_get_triggerdef(t.oid), '_[0-9]+"', '_N"'), regexp_replace(pg_get_triggerdef(t.oid, true), '_[0-9]+"', '_N"')
  FROM pg_trigger t WHERE tgrelid IN ('regress_tfk_p'::regclass, 'regress_tfk_c'::regclass) ORDER BY t.oid;
SELECT d.refclassid::regclass, d.deptype, count(*) FROM pg_depend d JOIN pg_trigger t ON d.classid = 'pg_trigger'::regclass AND d.objid = t.oid
  WHERE t.tgrelid IN ('regress_tfk_p'::regclass, 'regress_tfk_c'::regclass) GROUP BY 1, 2 ORDER BY 1, 2;
SELECT relname, relhastriggers FROM pg_class WHERE relname IN ('regress_tfk_p', 'regress_tfk_c') ORDER BY 1;
SELECT conname, condeferrable, condeferred, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'regress_tfk_c'::regclass AND contype = 'f' ORDER BY 1;
CREATE TABLE regress_tfk_t (a int REFERENCES regress_tfk_p NOT DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE regress_tfk_t (a int NOT NULL DEFERRABLE);
CREATE TABLE regress_tfk_t (a int REFERENCES regress_tfk_p DEFERRABLE NOT DEFERRABLE);
DROP TRIGGER "RI_ConstraintTrigger_a_1" ON regress_tfk_p;
-- EXPLAIN ANALYZE counts the calls of each trigger
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) INSERT INTO regress_tfk_p VALUES (1, 1), (2, 2);
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) DELETE FROM regress_tfk_p;
-- deferred until commit
BEGIN;
INSERT INTO regress_tfk_c VALUES (1, 10, NULL);
INSERT INTO regress_tfk_p VALUES (10, 100);
COMMIT;
BEGIN;
INSERT INTO regress_tfk_c VALUES (2, 20, NULL);
COMMIT;
BEGIN;
INSERT INTO regress_tfk_c VALUES (3, 30, NULL);
DELETE FROM regress_tfk_c WHERE id = 3;
COMMIT;
BEGIN;
INSERT INTO regress_tfk_c VALUES (4, 40, NULL);
UPDATE regress_tfk_c SET a = 10 WHERE id = 4;
COMMIT;
-- DEFERRABLE INITIALLY IMMEDIATE, and SET CONSTRAINTS
BEGIN;
INSERT INTO regress_tfk_c VALUES (5, NULL, 500);
ROLLBACK;
BEGIN;
SET CONSTRAINTS regress_tfk_b DEFERRED;
INSERT INTO regress_tfk_c VALUES (5, NULL, 500);
INSERT INTO regress_tfk_p VALUES (50, 500);
COMMIT;
BEGIN;
SET CONSTRAINTS ALL DEFERRED;
INSERT INTO regress_tfk_c VALUES (6, 60, NULL);
SET CONSTRAINTS regress_tfk_a IMMEDIATE;
ROLLBACK;
BEGIN;
INSERT INTO regress_tfk_c VALUES (7, 70, NULL);
SAVEPOINT s;
INSERT INTO regress_tfk_c VALUES (8, 80, NULL);
ROLLBACK TO s;
INSERT INTO regress_tfk_p VALUES (70, 700);
COMMIT;
SELECT * FROM regress_tfk_c ORDER BY id;
-- the actions still run, immediately
UPDATE regress_tfk_p SET k = 501 WHERE id = 50;
DELETE FROM regress_tfk_p WHERE id = 10;
SELECT * FROM regress_tfk_c ORDER BY id;
-- disabling all triggers disables the checks too
ALTER TABLE regress_tfk_c DISABLE TRIGGER ALL;
INSERT INTO regress_tfk_c VALUES (9, NULL, 999);
ALTER TABLE regress_tfk_c ENABLE TRIGGER ALL;
DELETE FROM regress_tfk_c WHERE id = 9;
-- session_replication_role = replica fires only REPLICA and ALWAYS triggers: no RI checks
SET session_replication_role = replica;
INSERT INTO regress_tfk_c VALUES (9, NULL, 999);
RESET session_replication_role;
INSERT INTO regress_tfk_c VALUES (19, NULL, 999);
DELETE FROM regress_tfk_c WHERE id = 9;
ALTER TABLE regress_tfk_c DROP CONSTRAINT regress_tfk_a;
SELECT count(*) FROM pg_trigger WHERE tgrelid IN ('regress_tfk_p'::regclass, 'regress_tfk_c'::regclass);
DROP TABLE regress_tfk_p CASCADE;
SELECT count(*) FROM pg_trigger WHERE tgrelid = 'regress_tfk_c'::regclass;
-- transition tables
CREATE TABLE regress_tfk_t (a int, b text);
CREATE TABLE regress_tfk_log (msg text);
CREATE OR REPLACE FUNCTION regress_tfk_tf() RETURNS trigger LANGUAGE plpgsql AS $$DECLARE r record; s text := ''; BEGIN IF tg_op IN ('DELETE', 'UPDATE') THEN FOR r IN SELECT * FROM oldt ORDER BY a LOOP s := s || ' old' || r::text; END LOOP; END IF; IF tg_op IN ('INSERT', 'UPDATE') THEN FOR r IN SELECT * FROM newt ORDER BY a LOOP s := s || ' new' || r::text; END LOOP; END IF; INSERT INTO regress_tfk_log VALUES (tg_name || ' ' || tg_op || ' ' || tg_level || s); RETURN NULL; END$$;
CREATE TRIGGER ti AFTER INSERT ON regress_tfk_t REFERENCING NEW TABLE AS newt FOR EACH STATEMENT EXECUTE FUNCTION regress_tfk_tf();
CREATE TRIGGER tu AFTER UPDATE ON regress_tfk_t REFERENCING OLD TABLE AS oldt NEW TABLE AS newt FOR EACH STATEMENT EXECUTE FUNCTION regress_tfk_tf();
CREATE TRIGGER td AFTER DELETE ON regress_tfk_t REFERENCING OLD TABLE AS oldt FOR EACH ROW EXECUTE FUNCTION regress_tfk_tf();
SELECT tgname, tgoldtable, tgnewtable FROM pg_trigger WHERE tgrelid = 'regress_tfk_t'::regclass ORDER BY 1;
INSERT INTO regress_tfk_t VALUES (1, 'a'), (2, 'b');
INSERT INTO regress_tfk_t SELECT 3, 'c' WHERE false;
UPDATE regress_tfk_t SET b = b || '!';
DELETE FROM regress_tfk_t WHERE a < 5;
SELECT * FROM regress_tfk_log;
-- INSTEAD OF INSERT on a view
CREATE TABLE regress_tfk_b (a int, b text);
CREATE VIEW regress_tfk_v AS SELECT a, b, a * 2 AS c FROM regress_tfk_b;
CREATE OR REPLACE FUNCTION regress_tfk_vf() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN IF new.a < 0 THEN RETURN NULL; END IF; INSERT INTO regress_tfk_b VALUES (new.a, upper(new.b)); RETURN new; END$$;
CREATE TRIGGER regress_tfk_vt INSTEAD OF INSERT ON regress_tfk_v FOR EACH ROW EXECUTE FUNCTION regress_tfk_vf();
SELECT tgtype, pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname = 'regress_tfk_vt';
INSERT INTO regress_tfk_v VALUES (1, 'x', 99), (-1, 'y', 0), (2, 'z', 5);
INSERT INTO regress_tfk_v (a, b) VALUES (3, 'w') RETURNING *;
SELECT * FROM regress_tfk_v ORDER BY a;
-- INSTEAD OF UPDATE / DELETE: OLD rows from the view, RETURNING from the trigger's row
CREATE TABLE regress_tfk_vlog (msg text);
CREATE OR REPLACE FUNCTION regress_tfk_vud() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN INSERT INTO regress_tfk_vlog VALUES (tg_op || ' ' || tg_level || ' ' || coalesce(new::text, '-') || ' ' || coalesce(old::text, '-')); IF tg_level = 'STATEMENT' THEN RETURN NULL; END IF; IF tg_op = 'UPDATE' THEN IF new.b = 'skip' THEN RETURN NULL; END IF; UPDATE regress_tfk_b SET b = new.b WHERE a = old.a; RETURN new; END IF; DELETE FROM regress_tfk_b WHERE a = old.a; RETURN old; END$$;
CREATE TRIGGER regress_tfk_vu INSTEAD OF UPDATE OR DELETE ON regress_tfk_v FOR EACH ROW EXECUTE FUNCTION regress_tfk_vud();
CREATE TRIGGER regress_tfk_vs AFTER UPDATE ON regress_tfk_v FOR EACH STATEMENT EXECUTE FUNCTION regress_tfk_vud();
UPDATE regress_tfk_v SET b = lower(b) WHERE a > 1;
UPDATE regress_tfk_v SET b = 'skip' WHERE a = 1;
UPDATE regress_tfk_v SET b = b || c RETURNING *;
DELETE FROM regress_tfk_v WHERE c = 4 RETURNING *;
DELETE FROM regress_tfk_v WHERE a = 99;
SELECT * FROM regress_tfk_v ORDER BY a;
SELECT * FROM regress_tfk_vlog;
CREATE TRIGGER regress_tfk_vt2 INSTEAD OF INSERT ON regress_tfk_v FOR EACH ROW WHEN (new.a > 0) EXECUTE FUNCTION regress_tfk_vf();
CREATE TRIGGER regress_tfk_vt2 BEFORE INSERT ON regress_tfk_v FOR EACH STATEMENT EXECUTE FUNCTION regress_tfk_vf();
-- triggers on rows changed by cascading actions: the RI statement's events join the
-- level being fired, statement triggers fire once per level
DROP TABLE IF EXISTS regress_tfk_cc, regress_tfk_pp, regress_tfk_l CASCADE;
CREATE TABLE regress_tfk_l (n serial, msg text);
CREATE TABLE regress_tfk_pp (id int PRIMARY KEY);
CREATE TABLE regress_tfk_cc (id int PRIMARY KEY, pid int REFERENCES regress_tfk_pp ON DELETE CASCADE ON UPDATE CASCADE, parent int REFERENCES regress_tfk_cc ON DELETE SET NULL);
CREATE OR REPLACE FUNCTION regress_tfk_lf() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN INSERT INTO regress_tfk_l (msg) VALUES (tg_name || ' ' || tg_op || ' ' || coalesce(old::text, '-') || ' ' || coalesce(new::text, '-')); RETURN coalesce(new, old); END$$;
CREATE TRIGGER c11b BEFORE UPDATE OR DELETE ON regress_tfk_cc FOR EACH ROW EXECUTE FUNCTION regress_tfk_lf();
CREATE TRIGGER c11a AFTER UPDATE OR DELETE ON regress_tfk_cc FOR EACH ROW EXECUTE FUNCTION regress_tfk_lf();
CREATE TRIGGER c11s AFTER UPDATE OR DELETE ON regress_tfk_cc FOR EACH STATEMENT EXECUTE FUNCTION regress_tfk_lf();
CREATE TRIGGER c11t BEFORE UPDATE OR DELETE ON regress_tfk_cc FOR EACH STATEMENT EXECUTE FUNCTION regress_tfk_lf();
INSERT INTO regress_tfk_pp VALUES (1), (2);
INSERT INTO regress_tfk_cc VALUES (10, 1, NULL), (11, 1, 10), (12, 2, 11);
UPDATE regress_tfk_pp SET id = 3 WHERE id = 2;
DELETE FROM regress_tfk_pp WHERE id = 1;
SELECT * FROM regress_tfk_cc ORDER BY id;
SELECT n, msg FROM regress_tfk_l ORDER BY n;
DROP TABLE regress_tfk_c, regress_tfk_t, regress_tfk_log, regress_tfk_b, regress_tfk_vlog, regress_tfk_cc, regress_tfk_pp, regress_tfk_l CASCADE;
DROP FUNCTION regress_tfk_tf(), regress_tfk_vf(), regress_tfk_lf(), regress_tfk_vud();
