-- Row triggers cloned onto partitions: a clone cannot be dropped on its own, a
-- detached partition loses its clones, attaching a table that already has a trigger of
-- the same name fails; row triggers with transition tables are refused on partitioned
-- tables, partitions and inheritance children, and with more than one event.
CREATE FUNCTION ptc_noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE TABLE ptc (id int, v int) PARTITION BY RANGE (id);
CREATE TABLE ptc_a PARTITION OF ptc FOR VALUES FROM (0) TO (100);
CREATE TABLE ptc_b (LIKE ptc);
CREATE TRIGGER ptc_row AFTER INSERT ON ptc FOR EACH ROW EXECUTE FUNCTION ptc_noop();
ALTER TABLE ptc ATTACH PARTITION ptc_b FOR VALUES FROM (100) TO (200);
SELECT tgrelid::regclass, tgname, tgparentid <> 0 AS cloned FROM pg_trigger
  WHERE tgrelid::regclass::text LIKE 'ptc%' ORDER BY 1, 2;
DROP TRIGGER ptc_row ON ptc_a;
ALTER TABLE ptc DETACH PARTITION ptc_b;
SELECT tgrelid::regclass, tgname FROM pg_trigger
  WHERE tgrelid::regclass::text LIKE 'ptc%' ORDER BY 1, 2;
DROP TRIGGER ptc_row ON ptc_b;
CREATE TRIGGER ptc_row AFTER INSERT ON ptc_b FOR EACH ROW EXECUTE FUNCTION ptc_noop();
ALTER TABLE ptc ATTACH PARTITION ptc_b FOR VALUES FROM (100) TO (200);
DROP TRIGGER ptc_row ON ptc_b;
ALTER TABLE ptc ATTACH PARTITION ptc_b FOR VALUES FROM (100) TO (200);
CREATE TRIGGER ptc_tt AFTER UPDATE ON ptc REFERENCING OLD TABLE AS o
  FOR EACH ROW EXECUTE FUNCTION ptc_noop();
CREATE TRIGGER ptc_tt AFTER UPDATE ON ptc_a REFERENCING OLD TABLE AS o
  FOR EACH ROW EXECUTE FUNCTION ptc_noop();
CREATE TRIGGER ptc_tt AFTER INSERT OR UPDATE ON ptc REFERENCING NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION ptc_noop();
CREATE TABLE ptc_parent (id int);
CREATE TABLE ptc_child () INHERITS (ptc_parent);
CREATE TRIGGER ptc_tt AFTER DELETE ON ptc_child REFERENCING OLD TABLE AS o
  FOR EACH ROW EXECUTE FUNCTION ptc_noop();
CREATE VIEW ptc_view AS SELECT * FROM ptc;
CREATE TRIGGER ptc_tt AFTER DELETE ON ptc_view REFERENCING OLD TABLE AS o
  FOR EACH STATEMENT EXECUTE FUNCTION ptc_noop();
DROP TRIGGER ptc_row ON ptc;
SELECT count(*) FROM pg_trigger WHERE tgrelid::regclass::text LIKE 'ptc%';
DROP VIEW ptc_view;
DROP TABLE ptc, ptc_parent CASCADE;
DROP FUNCTION ptc_noop();
