-- compare notices
-- CREATE OR REPLACE TRIGGER on a partitioned table replaces the clones down the tree
-- (even a partition's own trigger of that name); a clone cannot be replaced or renamed
-- by itself; ALTER TRIGGER ... RENAME on the partitioned table renames the clones.
CREATE FUNCTION tprr_a() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE 'a on %', TG_TABLE_NAME; RETURN NULL; END $$;
CREATE FUNCTION tprr_b() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE 'b on %', TG_TABLE_NAME; RETURN NULL; END $$;
CREATE TABLE tprr (a int) PARTITION BY RANGE (a);
CREATE TABLE tprr_1 PARTITION OF tprr FOR VALUES FROM (0) TO (1000) PARTITION BY RANGE (a);
CREATE TABLE tprr_1_1 PARTITION OF tprr_1 FOR VALUES FROM (0) TO (100);
CREATE TABLE tprr_2 PARTITION OF tprr FOR VALUES FROM (1000) TO (2000);
CREATE OR REPLACE TRIGGER tg AFTER INSERT ON tprr FOR EACH ROW EXECUTE FUNCTION tprr_a();
INSERT INTO tprr VALUES (50);
CREATE OR REPLACE TRIGGER tg AFTER INSERT ON tprr FOR EACH ROW EXECUTE FUNCTION tprr_b();
INSERT INTO tprr VALUES (50), (1500);
CREATE OR REPLACE TRIGGER tg AFTER INSERT ON tprr_1 FOR EACH ROW EXECUTE FUNCTION tprr_a();
DROP TRIGGER tg ON tprr;
INSERT INTO tprr VALUES (50);
CREATE TRIGGER tg AFTER INSERT ON tprr_1 FOR EACH ROW EXECUTE FUNCTION tprr_a();
INSERT INTO tprr VALUES (50);
CREATE TRIGGER tg AFTER INSERT ON tprr FOR EACH ROW EXECUTE FUNCTION tprr_b();
CREATE OR REPLACE TRIGGER tg AFTER INSERT ON tprr FOR EACH ROW EXECUTE FUNCTION tprr_b();
INSERT INTO tprr VALUES (50);
SELECT tgrelid::regclass, tgname, tgfoid::regproc,
  (SELECT tgname FROM pg_trigger p WHERE p.oid = t.tgparentid) AS parent
  FROM pg_trigger t WHERE tgrelid IN (SELECT relid FROM pg_partition_tree('tprr'))
  ORDER BY tgrelid::regclass::text COLLATE "C", tgname;
-- renaming
ALTER TRIGGER tg ON tprr RENAME TO tg2;
SELECT tgrelid::regclass, tgname,
  (SELECT tgname FROM pg_trigger p WHERE p.oid = t.tgparentid) AS parent
  FROM pg_trigger t WHERE tgrelid IN (SELECT relid FROM pg_partition_tree('tprr'))
  ORDER BY tgrelid::regclass::text COLLATE "C", tgname;
ALTER TRIGGER tg2 ON tprr_1 RENAME TO tg3;
CREATE TRIGGER tg3 AFTER INSERT ON tprr_1 FOR EACH ROW EXECUTE FUNCTION tprr_a();
ALTER TRIGGER tg2 ON tprr RENAME TO tg3;
CREATE TRIGGER st AFTER INSERT ON tprr FOR EACH STATEMENT EXECUTE FUNCTION tprr_a();
CREATE TRIGGER st AFTER INSERT ON tprr_1 FOR EACH STATEMENT EXECUTE FUNCTION tprr_a();
ALTER TRIGGER st ON tprr RENAME TO st2;
SELECT tgrelid::regclass, tgname,
  (SELECT tgname FROM pg_trigger p WHERE p.oid = t.tgparentid) AS parent
  FROM pg_trigger t WHERE tgrelid IN (SELECT relid FROM pg_partition_tree('tprr'))
  ORDER BY tgrelid::regclass::text COLLATE "C", tgname;
DROP TABLE tprr;
DROP FUNCTION tprr_a();
DROP FUNCTION tprr_b();
