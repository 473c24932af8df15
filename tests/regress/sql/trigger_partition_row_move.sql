-- A BEFORE ROW trigger of a partitioned table, cloned onto the partition an INSERT
-- routed the row to, may not change the row so that it belongs to another partition
-- (0A000 with the trigger and partition in DETAIL); a partition's own trigger meets
-- the partition constraint (23514) instead; UPDATE re-routes the row.
CREATE TABLE prm (k int, j int, note text) PARTITION BY LIST (k);
CREATE TABLE prm_1 PARTITION OF prm FOR VALUES IN (1) PARTITION BY LIST (j);
CREATE TABLE prm_1_1 PARTITION OF prm_1 FOR VALUES IN (1);
CREATE TABLE prm_1_2 PARTITION OF prm_1 FOR VALUES IN (2);
CREATE FUNCTION prm_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.k := NEW.k + 1;
  RETURN NEW;
END $$;
INSERT INTO prm VALUES (1, 1, 'before any trigger');
CREATE TRIGGER prm_t BEFORE INSERT OR UPDATE ON prm FOR EACH ROW EXECUTE FUNCTION prm_bump();
INSERT INTO prm VALUES (1, 1, 'moved by k');
CREATE OR REPLACE FUNCTION prm_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.j := NEW.j + 1;
  RETURN NEW;
END $$;
INSERT INTO prm VALUES (1, 1, 'moved by j');
INSERT INTO prm_1 VALUES (1, 1, 'through the middle');
CREATE OR REPLACE FUNCTION prm_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.note := NEW.note || ' via ' || TG_OP;
  RETURN NEW;
END $$;
INSERT INTO prm VALUES (1, 2, 'stays');
UPDATE prm SET note = note || ' again';
SELECT tableoid::regclass, * FROM prm ORDER BY note;
-- a trigger on the partition itself (not cloned): the partition constraint
DROP TRIGGER prm_t ON prm;
CREATE OR REPLACE FUNCTION prm_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.j := 2;
  RETURN NEW;
END $$;
CREATE TRIGGER prm_own BEFORE INSERT ON prm_1_1 FOR EACH ROW EXECUTE FUNCTION prm_bump();
INSERT INTO prm VALUES (1, 1, 'own trigger');
INSERT INTO prm_1_1 VALUES (1, 1, 'own trigger, direct');
SELECT tableoid::regclass, * FROM prm ORDER BY note;
DROP TABLE prm;
DROP FUNCTION prm_bump();
