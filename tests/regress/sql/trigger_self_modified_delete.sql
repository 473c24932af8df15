-- A DELETE whose BEFORE ROW trigger updates a row the DELETE reaches later: 27000, worded
-- as PostgreSQL's row lock for the trigger words it ("tuple to be updated").
CREATE TABLE tsm (id int PRIMARY KEY, parent int, nchildren int NOT NULL DEFAULT 0, data text);
CREATE FUNCTION tsm_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF old.parent IS NOT NULL THEN
    UPDATE tsm SET nchildren = nchildren - 1 WHERE id = old.parent;
  END IF;
  RETURN old;
END $$;
CREATE TRIGGER tsm_del BEFORE DELETE ON tsm FOR EACH ROW EXECUTE FUNCTION tsm_del();
INSERT INTO tsm VALUES (1, NULL, 2, 'root'), (2, 1, 0, 'a'), (3, 1, 0, 'b');
UPDATE tsm SET data = 'root!' WHERE id = 1;
DELETE FROM tsm;
SELECT * FROM tsm ORDER BY id;
-- without the trigger the later delete of a row the statement itself changed is fine
DROP TRIGGER tsm_del ON tsm;
DELETE FROM tsm;
DROP TABLE tsm;
DROP FUNCTION tsm_del();
