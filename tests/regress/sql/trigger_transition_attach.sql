-- A table with a row trigger that has a transition table cannot become a partition
-- (ATTACH PARTITION) or an inheritance child (INHERIT): 0A000 naming the trigger.
CREATE FUNCTION tta_f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE TABLE tta_parent (a text, b int) PARTITION BY LIST (a);
CREATE TABLE tta_child (a text, b int);
CREATE TRIGGER tta_z AFTER INSERT ON tta_child REFERENCING NEW TABLE AS nt
  FOR EACH ROW EXECUTE FUNCTION tta_f();
CREATE TRIGGER tta_y AFTER DELETE ON tta_child REFERENCING OLD TABLE AS ot
  FOR EACH ROW EXECUTE FUNCTION tta_f();
CREATE TRIGGER tta_s AFTER INSERT ON tta_child REFERENCING NEW TABLE AS nt
  FOR EACH STATEMENT EXECUTE FUNCTION tta_f();
ALTER TABLE tta_parent ATTACH PARTITION tta_child FOR VALUES IN ('AAA');
CREATE TABLE tta_inh (a text, b int);
ALTER TABLE tta_child INHERIT tta_inh;
DROP TRIGGER tta_y ON tta_child;
ALTER TABLE tta_parent ATTACH PARTITION tta_child FOR VALUES IN ('AAA');
DROP TRIGGER tta_z ON tta_child;
ALTER TABLE tta_child INHERIT tta_inh;
ALTER TABLE tta_child NO INHERIT tta_inh;
ALTER TABLE tta_parent ATTACH PARTITION tta_child FOR VALUES IN ('AAA');
DROP TABLE tta_parent, tta_inh;
DROP FUNCTION tta_f();
