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
DROP TABLE tte_child;
DROP TABLE tte_parent;
DROP FUNCTION tte_check();
