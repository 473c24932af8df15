-- compare notices
-- suppress_redundant_updates_trigger(): an UPDATE whose new row is byte for byte the old
-- one is skipped (count 0, AFTER triggers not fired); numeric 1.0 -> 1.00 is a change.
CREATE TABLE srt_t (f1 text, f2 int, f3 numeric);
INSERT INTO srt_t VALUES ('a', 1, 1.0), ('b', 2, NULL);
CREATE TRIGGER srt_z BEFORE UPDATE ON srt_t FOR EACH ROW
  EXECUTE FUNCTION suppress_redundant_updates_trigger();
CREATE FUNCTION srt_after() RETURNS trigger LANGUAGE plpgsql AS
  $$ BEGIN RAISE NOTICE 'after % %', TG_OP, NEW.f1; RETURN NULL; END $$;
CREATE TRIGGER srt_a AFTER UPDATE ON srt_t FOR EACH ROW EXECUTE FUNCTION srt_after();
UPDATE srt_t SET f1 = f1;
UPDATE srt_t SET f2 = f2 + 1;
UPDATE srt_t SET f3 = 2 WHERE f3 IS NULL;
UPDATE srt_t SET f3 = 1.00 WHERE f1 = 'a';
UPDATE srt_t SET f3 = 1.00 WHERE f1 = 'a';
SELECT * FROM srt_t ORDER BY f1;
-- fired the wrong way: the trigger protocol error
CREATE TRIGGER srt_bad BEFORE INSERT ON srt_t FOR EACH ROW
  EXECUTE FUNCTION suppress_redundant_updates_trigger();
INSERT INTO srt_t VALUES ('c', 3, 3);
DROP TRIGGER srt_bad ON srt_t;
CREATE TRIGGER srt_bad AFTER UPDATE ON srt_t FOR EACH ROW
  EXECUTE FUNCTION suppress_redundant_updates_trigger();
UPDATE srt_t SET f2 = 9;
DROP TRIGGER srt_bad ON srt_t;
CREATE TRIGGER srt_bad BEFORE UPDATE ON srt_t FOR EACH STATEMENT
  EXECUTE FUNCTION suppress_redundant_updates_trigger();
UPDATE srt_t SET f2 = 9;
DROP TABLE srt_t;
DROP FUNCTION srt_after();
