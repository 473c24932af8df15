-- What information_schema says a view accepts (rewrite/updatable_functions.py): a view
-- over a view accepts only what the view below accepts for the columns under its own;
-- unconditional DO INSTEAD rules count (conditional ones and DO ALSO do not); INSTEAD OF
-- triggers count only with include_triggers.
CREATE TABLE vun (a int PRIMARY KEY, b text);
CREATE VIEW vun_ro AS SELECT DISTINCT a, b FROM vun;
CREATE VIEW vun_over_ro AS SELECT * FROM vun_ro;
CREATE VIEW vun_off AS SELECT * FROM vun WHERE a > 0 OFFSET 0;
CREATE VIEW vun_over_off AS SELECT * FROM vun_off WHERE a < 10;
CREATE VIEW vun_rw AS SELECT a, upper(b) AS ub, b FROM vun;
CREATE VIEW vun_over_rw AS SELECT a AS x, ub, b FROM vun_rw;
CREATE VIEW vun_expr_only AS SELECT ub FROM vun_rw;
SELECT table_name, is_updatable, is_insertable_into FROM information_schema.views
 WHERE table_name LIKE 'vun%' ORDER BY table_name;
SELECT table_name, column_name, is_updatable FROM information_schema.columns
 WHERE table_name LIKE 'vun_%' ORDER BY table_name, ordinal_position;
CREATE RULE vun_off_ins AS ON INSERT TO vun_off DO INSTEAD INSERT INTO vun VALUES (NEW.a, NEW.b);
CREATE RULE vun_off_upd AS ON UPDATE TO vun_off WHERE OLD.a > 5
  DO INSTEAD UPDATE vun SET b = NEW.b WHERE a = OLD.a;
CREATE RULE vun_off_del AS ON DELETE TO vun_off DO ALSO NOTIFY vun_deleted;
SELECT table_name, is_updatable, is_insertable_into FROM information_schema.views
 WHERE table_name LIKE 'vun_o%' ORDER BY table_name;
SELECT table_name, column_name, is_updatable FROM information_schema.columns
 WHERE table_name LIKE 'vun_%off' ORDER BY table_name, ordinal_position;
CREATE OR REPLACE RULE vun_off_upd AS ON UPDATE TO vun_off
  DO INSTEAD UPDATE vun SET b = NEW.b WHERE a = OLD.a;
CREATE OR REPLACE RULE vun_off_del AS ON DELETE TO vun_off DO INSTEAD DELETE FROM vun WHERE a = OLD.a;
SELECT table_name, is_updatable, is_insertable_into FROM information_schema.views
 WHERE table_name LIKE 'vun_%off' ORDER BY table_name;
SELECT table_name, column_name, is_updatable FROM information_schema.columns
 WHERE table_name LIKE 'vun_%off' ORDER BY table_name, ordinal_position;
SELECT c.relname, pg_relation_is_updatable(c.oid, false) AS without_triggers,
       pg_relation_is_updatable(c.oid, true) AS with_triggers
  FROM pg_class c WHERE c.relname LIKE 'vun%' ORDER BY c.relname;
CREATE FUNCTION vun_trig() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER vun_ro_ins INSTEAD OF INSERT ON vun_ro FOR EACH ROW EXECUTE FUNCTION vun_trig();
SELECT c.relname, pg_relation_is_updatable(c.oid, false) AS without_triggers,
       pg_relation_is_updatable(c.oid, true) AS with_triggers,
       pg_column_is_updatable(c.oid, 1::int2, true) AS first_column
  FROM pg_class c WHERE c.relname LIKE 'vun%ro' ORDER BY c.relname;
DROP TABLE vun CASCADE;
DROP FUNCTION vun_trig();
