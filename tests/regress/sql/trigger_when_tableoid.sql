-- compare notices
-- A row trigger's WHEN condition may read OLD.tableoid / NEW.tableoid (the table's OID).
CREATE TABLE twt (a int);
INSERT INTO twt VALUES (1);
CREATE FUNCTION twt_f() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE NOTICE '% fired for %', TG_NAME, new.a; RETURN NULL; END $$;
CREATE TRIGGER twt_same AFTER UPDATE ON twt FOR EACH ROW
  WHEN (new.tableoid = old.tableoid AND new.tableoid <> 0) EXECUTE FUNCTION twt_f();
CREATE TRIGGER twt_named AFTER UPDATE ON twt FOR EACH ROW
  WHEN (new.tableoid::regclass::text = 'twt') EXECUTE FUNCTION twt_f();
CREATE TRIGGER twt_never AFTER UPDATE ON twt FOR EACH ROW
  WHEN (old.tableoid = 0) EXECUTE FUNCTION twt_f();
UPDATE twt SET a = a + 1;
DROP TABLE twt;
DROP FUNCTION twt_f();
