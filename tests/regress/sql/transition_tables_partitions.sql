-- compare notices
-- Transition tables of statement triggers on a partitioned table and an inheritance
-- parent: rows changed in partitions / children (laid out differently: a dropped
-- column, another column order) are captured in the parent's layout; a trigger
-- function shared by tables of different row types sees each table's own rows.
CREATE TABLE tt_root (k text, v int) PARTITION BY LIST (k);
CREATE TABLE tt_same PARTITION OF tt_root FOR VALUES IN ('p');
CREATE TABLE tt_gap (junk int, k text, v int);
ALTER TABLE tt_gap DROP COLUMN junk;
ALTER TABLE tt_root ATTACH PARTITION tt_gap FOR VALUES IN ('q');
CREATE TABLE tt_swapped (v int, k text);
ALTER TABLE tt_root ATTACH PARTITION tt_swapped FOR VALUES IN ('r');
CREATE FUNCTION tt_show() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    RAISE NOTICE '% on %: inserted %', TG_OP, TG_TABLE_NAME,
      (SELECT string_agg(ins::text, ' ' ORDER BY ins::text) FROM ins);
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    RAISE NOTICE '% on %: removed %', TG_OP, TG_TABLE_NAME,
      (SELECT string_agg(del::text, ' ' ORDER BY del::text) FROM del);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER tt_root_ins AFTER INSERT ON tt_root REFERENCING NEW TABLE AS ins
  FOR EACH STATEMENT EXECUTE FUNCTION tt_show();
CREATE TRIGGER tt_root_upd AFTER UPDATE ON tt_root REFERENCING OLD TABLE AS del NEW TABLE AS ins
  FOR EACH STATEMENT EXECUTE FUNCTION tt_show();
CREATE TRIGGER tt_root_del AFTER DELETE ON tt_root REFERENCING OLD TABLE AS del
  FOR EACH STATEMENT EXECUTE FUNCTION tt_show();
CREATE TRIGGER tt_same_ins AFTER INSERT ON tt_same REFERENCING NEW TABLE AS ins
  FOR EACH STATEMENT EXECUTE FUNCTION tt_show();
CREATE TRIGGER tt_swapped_ins AFTER INSERT ON tt_swapped REFERENCING NEW TABLE AS ins
  FOR EACH STATEMENT EXECUTE FUNCTION tt_show();
CREATE TRIGGER tt_swapped_upd AFTER UPDATE ON tt_swapped REFERENCING OLD TABLE AS del NEW TABLE AS ins
  FOR EACH STATEMENT EXECUTE FUNCTION tt_show();
-- straight into partitions: each partition's own statement trigger, its own layout
INSERT INTO tt_same VALUES ('p', 1);
INSERT INTO tt_swapped VALUES (3, 'r');
INSERT INTO tt_gap VALUES ('q', 2);
-- through the root: only the root's triggers, every row in the root's layout
INSERT INTO tt_root VALUES ('p', 10), ('q', 20), ('r', 30);
UPDATE tt_root SET v = v + 1;
UPDATE tt_root SET k = 'r' WHERE k = 'p' AND v = 11;
UPDATE tt_swapped SET v = v * 2;
DELETE FROM tt_root WHERE v > 4;
SELECT tableoid::regclass, * FROM tt_root ORDER BY 1, 2, 3;
DROP TABLE tt_root;
-- an inheritance parent captures its children's rows without their extra columns
CREATE TABLE tt_parent (k text, v int);
CREATE TABLE tt_child (extra int) INHERITS (tt_parent);
CREATE TRIGGER tt_parent_upd AFTER UPDATE ON tt_parent REFERENCING OLD TABLE AS del NEW TABLE AS ins
  FOR EACH STATEMENT EXECUTE FUNCTION tt_show();
INSERT INTO tt_parent VALUES ('a', 1);
INSERT INTO tt_child VALUES ('b', 2, 99);
UPDATE tt_parent SET v = v + 100;
UPDATE ONLY tt_parent SET v = v + 1;
DROP TABLE tt_parent CASCADE;
DROP FUNCTION tt_show();
