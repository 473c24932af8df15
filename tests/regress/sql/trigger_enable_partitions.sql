-- ALTER TABLE ... ENABLE / DISABLE TRIGGER on a partitioned table reaches the row
-- triggers' clones on its partitions (not with ONLY, not statement triggers), even when
-- the parent's state is unchanged; foreign-key triggers with DISABLE TRIGGER ALL; new
-- and attached partitions take the parent trigger's state.
CREATE FUNCTION tep_nothing() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE TABLE tep (a int) PARTITION BY LIST (a);
CREATE TABLE tep_1 PARTITION OF tep FOR VALUES IN (1);
CREATE TRIGGER tg_row AFTER INSERT ON tep FOR EACH ROW EXECUTE FUNCTION tep_nothing();
CREATE TRIGGER tg_stmt AFTER INSERT ON tep FOR EACH STATEMENT EXECUTE FUNCTION tep_nothing();
SELECT tgrelid::regclass, tgname, tgenabled FROM pg_trigger
  WHERE tgrelid IN ('tep'::regclass, 'tep_1'::regclass) ORDER BY tgrelid::regclass::text, 2;
ALTER TABLE ONLY tep ENABLE ALWAYS TRIGGER tg_row;
ALTER TABLE tep ENABLE ALWAYS TRIGGER tg_stmt;
SELECT tgrelid::regclass, tgname, tgenabled FROM pg_trigger
  WHERE tgrelid IN ('tep'::regclass, 'tep_1'::regclass) ORDER BY tgrelid::regclass::text, 2;
ALTER TABLE tep ENABLE ALWAYS TRIGGER tg_row;
SELECT tgrelid::regclass, tgname, tgenabled FROM pg_trigger
  WHERE tgrelid IN ('tep'::regclass, 'tep_1'::regclass) ORDER BY tgrelid::regclass::text, 2;
ALTER TABLE tep DISABLE TRIGGER USER;
SELECT tgrelid::regclass, tgname, tgenabled FROM pg_trigger
  WHERE tgrelid IN ('tep'::regclass, 'tep_1'::regclass) ORDER BY tgrelid::regclass::text, 2;
ALTER TABLE tep ENABLE TRIGGER no_such_trigger;
DROP TABLE tep;
-- foreign-key triggers
CREATE TABLE tep (a int PRIMARY KEY, f int REFERENCES tep) PARTITION BY LIST (a);
CREATE TABLE tep_1 PARTITION OF tep FOR VALUES IN (1);
ALTER TABLE tep DISABLE TRIGGER ALL;
SELECT tgrelid::regclass, rtrim(tgname, '0123456789') AS tgname, tgfoid::regproc, tgenabled
  FROM pg_trigger WHERE tgrelid IN ('tep'::regclass, 'tep_1'::regclass)
  ORDER BY tgrelid::regclass::text, tgfoid;
ALTER TABLE tep ENABLE TRIGGER ALL;
SELECT tgrelid::regclass, rtrim(tgname, '0123456789') AS tgname, tgfoid::regproc, tgenabled
  FROM pg_trigger WHERE tgrelid IN ('tep'::regclass, 'tep_1'::regclass)
  ORDER BY tgrelid::regclass::text, tgfoid;
DROP TABLE tep;
-- the state at creation / attachment
CREATE FUNCTION tep_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'fired'; END $$;
CREATE TABLE tep (i int) PARTITION BY RANGE (i);
CREATE TABLE tep_1 PARTITION OF tep FOR VALUES FROM (1) TO (10);
CREATE TRIGGER tg AFTER INSERT ON tep FOR EACH ROW EXECUTE FUNCTION tep_fail();
INSERT INTO tep VALUES (1);
ALTER TABLE tep DISABLE TRIGGER tg;
INSERT INTO tep VALUES (1);
CREATE TABLE tep_2 PARTITION OF tep FOR VALUES FROM (10) TO (20);
INSERT INTO tep VALUES (11);
CREATE TABLE tep_3 (LIKE tep);
ALTER TABLE tep ATTACH PARTITION tep_3 FOR VALUES FROM (20) TO (30);
INSERT INTO tep VALUES (21);
CREATE TABLE tep_4 PARTITION OF tep FOR VALUES FROM (30) TO (40) PARTITION BY LIST (i);
CREATE TABLE tep_4_30 PARTITION OF tep_4 FOR VALUES IN (30);
INSERT INTO tep VALUES (30);
SELECT tgrelid::regclass, tgenabled FROM pg_trigger
  WHERE tgrelid IN (SELECT relid FROM pg_partition_tree('tep')) ORDER BY tgrelid::regclass::text;
ALTER TABLE tep ENABLE TRIGGER tg;
INSERT INTO tep VALUES (11);
INSERT INTO tep VALUES (21);
INSERT INTO tep VALUES (30);
DROP TABLE tep;
DROP FUNCTION tep_fail();
DROP FUNCTION tep_nothing();
-- a detached partition's foreign key is its own, its triggers no clones
CREATE TABLE tep_ref (a int PRIMARY KEY);
CREATE TABLE tep (a int REFERENCES tep_ref) PARTITION BY LIST (a);
CREATE TABLE tep_1 PARTITION OF tep FOR VALUES IN (1);
SELECT tgrelid::regclass, tgfoid::regproc, tgparentid <> 0 AS cloned FROM pg_trigger
  WHERE tgrelid IN ('tep'::regclass, 'tep_1'::regclass) ORDER BY tgrelid::regclass::text, tgfoid::regproc::text;
ALTER TABLE tep DETACH PARTITION tep_1;
SELECT conname, conrelid::regclass, conparentid <> 0 AS cloned, conislocal, coninhcount
  FROM pg_constraint WHERE conrelid IN ('tep'::regclass, 'tep_1'::regclass)
  ORDER BY conrelid::regclass::text;
SELECT tgrelid::regclass, tgfoid::regproc, tgparentid <> 0 AS cloned FROM pg_trigger
  WHERE tgrelid IN ('tep'::regclass, 'tep_1'::regclass) ORDER BY tgrelid::regclass::text, tgfoid::regproc::text;
ALTER TABLE tep_1 DROP CONSTRAINT tep_a_fkey;
DROP TABLE tep, tep_1, tep_ref;
