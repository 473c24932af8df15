-- MERGE fires its actions' triggers: BEFORE ROW changes, statement triggers once per
-- kind of action, and the foreign keys' RI triggers (23503 from MERGE's INSERT / UPDATE
-- and from a MERGE that deletes a referenced row).
DROP TABLE IF EXISTS regress_mt_child, regress_mt_parent, regress_mt_log CASCADE;
CREATE TABLE regress_mt_parent (id int PRIMARY KEY);
CREATE TABLE regress_mt_child (id int PRIMARY KEY, pid int REFERENCES regress_mt_parent, v int);
CREATE TABLE regress_mt_log (what text);
INSERT INTO regress_mt_parent VALUES (1), (2);
INSERT INTO regress_mt_child VALUES (10, 1, 0);
CREATE FUNCTION regress_mt_trig() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO regress_mt_log VALUES (TG_WHEN || ' ' || TG_LEVEL || ' ' || TG_OP); IF TG_LEVEL = 'ROW' AND TG_OP <> 'DELETE' THEN NEW.v := coalesce(NEW.v, 0) + 100; RETURN NEW; END IF; RETURN OLD; END $$;
CREATE TRIGGER regress_mt_b BEFORE INSERT OR UPDATE OR DELETE ON regress_mt_child FOR EACH ROW EXECUTE FUNCTION regress_mt_trig();
CREATE TRIGGER regress_mt_s AFTER INSERT OR UPDATE OR DELETE ON regress_mt_child FOR EACH STATEMENT EXECUTE FUNCTION regress_mt_trig();
MERGE INTO regress_mt_child c USING (VALUES (10, 2, 5), (11, 1, 7)) s(id, pid, v) ON c.id = s.id
  WHEN MATCHED THEN UPDATE SET pid = s.pid, v = s.v WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.pid, s.v);
SELECT * FROM regress_mt_child ORDER BY id;
SELECT what, count(*) FROM regress_mt_log GROUP BY what ORDER BY what;
MERGE INTO regress_mt_child c USING (VALUES (12, 99, 1)) s(id, pid, v) ON c.id = s.id
  WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.pid, s.v);
MERGE INTO regress_mt_child c USING (VALUES (10, 99)) s(id, pid) ON c.id = s.id
  WHEN MATCHED THEN UPDATE SET pid = s.pid;
MERGE INTO regress_mt_parent p USING (VALUES (1)) s(id) ON p.id = s.id WHEN MATCHED THEN DELETE;
MERGE INTO regress_mt_child c USING (VALUES (11)) s(id) ON c.id = s.id WHEN MATCHED THEN DELETE;
SELECT * FROM regress_mt_child ORDER BY id;
DROP TABLE regress_mt_child, regress_mt_parent, regress_mt_log;
DROP FUNCTION regress_mt_trig();
