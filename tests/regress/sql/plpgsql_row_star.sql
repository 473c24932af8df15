-- compare notices
-- ROW(v.*) of a PL/pgSQL record or row variable has the variable's fields (so = is
-- NULL when a field is NULL, unlike IS DISTINCT FROM); RAISE prints records and rows
-- in their text form; INTO lists may name record fields (INTO x, NEW.f).
CREATE TABLE prs (f1 int, f2 text, f3 text);
CREATE FUNCTION prs_cmp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF ROW(old.*) = ROW(new.*) THEN
    RAISE NOTICE 'equal';
  ELSIF ROW(old.*) <> ROW(new.*) THEN
    RAISE NOTICE 'not equal';
  ELSE
    RAISE NOTICE 'unknown';
  END IF;
  IF ROW(old.*) IS DISTINCT FROM ROW(new.*) THEN
    RAISE NOTICE 'distinct: % -> %', old, new;
  END IF;
  RETURN new;
END $$;
CREATE TRIGGER prs_tg BEFORE UPDATE ON prs FOR EACH ROW EXECUTE FUNCTION prs_cmp();
INSERT INTO prs VALUES (1, 'a b', 'x');
UPDATE prs SET f3 = 'x';
UPDATE prs SET f3 = 'y';
UPDATE prs SET f3 = NULL;
UPDATE prs SET f3 = NULL;
DO $$
DECLARE
  r record;
  t prs;
BEGIN
  RAISE NOTICE '%', ROW(1, 'two words', NULL, 2.5, 'q"uote');
  SELECT 7 AS a, 'c,d' AS b INTO r;
  RAISE NOTICE '%', r;
  t := ROW(3, '', 'z');
  RAISE NOTICE '% % %', t, ROW(t.*), ROW(t.*) = ROW(3, '', 'z');
END $$;
CREATE TABLE prs_labels (k int, label text, id serial);
INSERT INTO prs_labels VALUES (5, 'five'), (6, 'six');
CREATE FUNCTION prs_fill() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  n int;
BEGIN
  SELECT count(*), max(label) INTO n, NEW.f2 FROM prs_labels WHERE k = NEW.f1;
  INSERT INTO prs_labels (k, label) VALUES (NEW.f1, 'seen') RETURNING id::text INTO NEW.f3;
  RAISE NOTICE 'matched % -> %', n, NEW;
  RETURN NEW;
END $$;
CREATE TRIGGER prs_fill_tg BEFORE INSERT ON prs FOR EACH ROW EXECUTE FUNCTION prs_fill();
INSERT INTO prs (f1) VALUES (5), (7) RETURNING *;
DROP TABLE prs, prs_labels;
DROP FUNCTION prs_cmp();
DROP FUNCTION prs_fill();
