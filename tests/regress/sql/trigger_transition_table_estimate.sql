-- compare notices
-- A transition table's scan is estimated at the rows it holds when the query is
-- planned (PostgreSQL's enrtuples), so a join against it is hashed, not a nested loop
-- estimated at one row.
CREATE TABLE tte_parent (id int PRIMARY KEY);
INSERT INTO tte_parent SELECT generate_series(1, 200);
ANALYZE tte_parent;
CREATE TABLE tte_child (id int PRIMARY KEY, parent_id int NOT NULL);
CREATE FUNCTION tte_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE line text;
BEGIN
  FOR line IN EXPLAIN (COSTS OFF)
      SELECT FROM i LEFT JOIN tte_parent p ON p.id = i.parent_id WHERE p.id IS NULL LOOP
    RAISE NOTICE '%', line;
  END LOOP;
  PERFORM FROM i LEFT JOIN tte_parent p ON p.id = i.parent_id WHERE p.id IS NULL;
  IF FOUND THEN
    RAISE EXCEPTION 'RI error';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER tte_ins AFTER INSERT ON tte_child REFERENCING NEW TABLE AS i
  FOR EACH STATEMENT EXECUTE FUNCTION tte_check();
INSERT INTO tte_child SELECT g, g / 50 + 1 FROM generate_series(1, 999) g;
INSERT INTO tte_child VALUES (5000, 5000);
SELECT count(*) FROM tte_child;
-- a transition table cannot be the target of INSERT / UPDATE / DELETE
CREATE FUNCTION tte_bad() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO dx VALUES (1000000, 1000000);
  RETURN NULL;
END $$;
CREATE TRIGGER tte_del AFTER DELETE ON tte_child REFERENCING OLD TABLE AS dx
  FOR EACH STATEMENT EXECUTE FUNCTION tte_bad();
DELETE FROM tte_child WHERE id BETWEEN 301 AND 305;
CREATE OR REPLACE FUNCTION tte_bad() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM dx;
  RETURN NULL;
END $$;
DELETE FROM tte_child WHERE id BETWEEN 301 AND 305;
CREATE OR REPLACE FUNCTION tte_bad() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE public.tte_child SET parent_id = parent_id WHERE id = 1;
  RAISE NOTICE 'qualified name is the table: % rows gone', (SELECT count(*) FROM dx);
  RETURN NULL;
END $$;
DELETE FROM tte_child WHERE id BETWEEN 301 AND 305;
DROP TABLE tte_child;
DROP TABLE tte_parent;
DROP FUNCTION tte_check();
DROP FUNCTION tte_bad();
