-- PL/pgSQL trigger functions' NEW and OLD (pl/trigger_call.py, pl/plpgsql/interpreter.py):
-- NULL where the event has no such row (statement-level triggers, OLD in INSERT, NEW in
-- DELETE), their fields NULL, a field assignment making a row, as PostgreSQL 11+.
-- What the functions see is written to trn_log (notices are not compared).
DROP TABLE IF EXISTS trn_t, trn_log CASCADE;
DROP FUNCTION IF EXISTS trn_f(), trn_g(), trn_h();
CREATE TABLE trn_t (a int, b text);
CREATE TABLE trn_log (n serial, event text, new_row text, old_row text, new_a int, old_b text, new_null bool, old_null bool);
CREATE FUNCTION trn_f() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO trn_log (event, new_row, old_row, new_a, old_b, new_null, old_null)
    VALUES (TG_WHEN || ' ' || TG_LEVEL || ' ' || TG_OP, NEW::text, OLD::text, NEW.a, OLD.b, NEW IS NULL, OLD IS NULL);
  IF TG_LEVEL = 'ROW' THEN
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER s_b BEFORE INSERT OR UPDATE OR DELETE ON trn_t FOR EACH STATEMENT EXECUTE FUNCTION trn_f();
CREATE TRIGGER s_a AFTER INSERT OR UPDATE OR DELETE ON trn_t FOR EACH STATEMENT EXECUTE FUNCTION trn_f();
CREATE TRIGGER r_b BEFORE INSERT OR UPDATE OR DELETE ON trn_t FOR EACH ROW EXECUTE FUNCTION trn_f();
CREATE TRIGGER r_a AFTER INSERT OR UPDATE OR DELETE ON trn_t FOR EACH ROW EXECUTE FUNCTION trn_f();
INSERT INTO trn_t VALUES (1, 'x');
UPDATE trn_t SET b = 'y';
DELETE FROM trn_t;
SELECT event, new_row, old_row, new_a, old_b, new_null, old_null FROM trn_log ORDER BY n;
DELETE FROM trn_log;
DROP TRIGGER s_b ON trn_t;
DROP TRIGGER s_a ON trn_t;
DROP TRIGGER r_b ON trn_t;
DROP TRIGGER r_a ON trn_t;
-- OLD in an INSERT trigger: copied, a field of it read, a field assigned
CREATE FUNCTION trn_g() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  r := NEW;
  INSERT INTO trn_log (event, new_row, old_row, old_b) VALUES ('g', r::text, (OLD).a::text, OLD.b);
  OLD.a := 5;
  INSERT INTO trn_log (event, old_row, old_null) VALUES ('g assigned', OLD::text, OLD IS NULL);
  RETURN NEW;
END $$;
CREATE TRIGGER r_g BEFORE INSERT ON trn_t FOR EACH ROW EXECUTE FUNCTION trn_g();
INSERT INTO trn_t VALUES (2, 'z');
-- a statement-level trigger returning NEW (NULL), a BEFORE DELETE one returning NEW
-- (NULL: the row is not deleted)
CREATE FUNCTION trn_h() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO trn_log (event, new_row, old_b) VALUES ('h ' || TG_LEVEL, NEW::text, OLD.b);
  RETURN NEW;
END $$;
CREATE TRIGGER s_h BEFORE DELETE ON trn_t FOR EACH STATEMENT EXECUTE FUNCTION trn_h();
CREATE TRIGGER r_h BEFORE DELETE ON trn_t FOR EACH ROW EXECUTE FUNCTION trn_h();
DELETE FROM trn_t;
SELECT * FROM trn_t;
SELECT event, new_row, old_row, new_a, old_b, new_null, old_null FROM trn_log ORDER BY n;
DROP TABLE trn_t, trn_log;
DROP FUNCTION trn_f(), trn_g(), trn_h();
