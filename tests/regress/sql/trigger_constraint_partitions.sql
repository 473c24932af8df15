-- compare notices
-- A constraint trigger on a partitioned table is cloned onto the partitions (existing,
-- attached and created later) as constraint triggers with constraints of their own; the
-- constraint's confrelid is 0 (the FROM table is the trigger's tgconstrrelid).
CREATE FUNCTION tcp_f() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE NOTICE '% on %: a=%', TG_NAME, TG_TABLE_NAME, new.a; RETURN NULL; END $$;
CREATE TABLE tcp_ref (a int);
CREATE TABLE tcp_plain (a int, b text);
CREATE TABLE tcp (a int, b text) PARTITION BY RANGE (a);
CREATE TABLE tcp_1 PARTITION OF tcp FOR VALUES FROM (0) TO (1000);
CREATE TABLE tcp_2 (drp int, a int, b text);
ALTER TABLE tcp_2 DROP COLUMN drp;
ALTER TABLE tcp ATTACH PARTITION tcp_2 FOR VALUES FROM (1000) TO (2000);
CREATE CONSTRAINT TRIGGER tcp_trig AFTER UPDATE ON tcp FROM tcp_ref
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION tcp_f();
CREATE CONSTRAINT TRIGGER tcp_trig AFTER UPDATE ON tcp_plain FROM tcp_ref
  FOR EACH ROW EXECUTE FUNCTION tcp_f();
CREATE TABLE tcp_3 (b text, a int) PARTITION BY RANGE (length(b));
CREATE TABLE tcp_3_1 PARTITION OF tcp_3 FOR VALUES FROM (1) TO (3);
CREATE TABLE tcp_3_2 PARTITION OF tcp_3 FOR VALUES FROM (3) TO (5);
ALTER TABLE tcp ATTACH PARTITION tcp_3 FOR VALUES FROM (2000) TO (3000);
CREATE TABLE tcp_4 PARTITION OF tcp FOR VALUES FROM (3000) TO (4000);
SELECT tgname, conname, t.tgrelid::regclass, t.tgconstrrelid::regclass,
  c.conrelid::regclass, c.confrelid::regclass, c.condeferrable, c.condeferred,
  t.tgdeferrable, t.tginitdeferred, t.tgparentid <> 0 AS cloned
  FROM pg_trigger t JOIN pg_constraint c ON (t.tgconstraint = c.oid)
  WHERE tgname = 'tcp_trig'
  ORDER BY t.tgrelid::regclass::text;
INSERT INTO tcp VALUES (1, 'a'), (1001, 'b'), (2001, 'c'), (3001, 'd');
BEGIN;
UPDATE tcp SET b = b || 'x';
SELECT 'before commit';
COMMIT;
DROP TRIGGER tcp_trig ON tcp;
SELECT count(*) FROM pg_constraint WHERE conname = 'tcp_trig';
DROP TABLE tcp, tcp_plain, tcp_ref;
DROP FUNCTION tcp_f();
