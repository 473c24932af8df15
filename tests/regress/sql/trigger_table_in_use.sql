-- A trigger cannot ALTER its own table or index it while the statement that fired it
-- has the table open: 55006 (CheckTableNotInUse); other tables are fine.
CREATE TABLE ttiu (col1 int, col2 int);
CREATE TABLE ttiu_other (a int);
CREATE FUNCTION ttiu_f() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  ALTER TABLE ttiu ADD PRIMARY KEY (col1);
  RETURN new;
END $$;
CREATE TRIGGER ttiu_t BEFORE INSERT ON ttiu FOR EACH ROW EXECUTE FUNCTION ttiu_f();
INSERT INTO ttiu VALUES (1, 42);
CREATE OR REPLACE FUNCTION ttiu_f() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  CREATE INDEX ON ttiu (col2);
  RETURN new;
END $$;
INSERT INTO ttiu VALUES (1, 42);
CREATE OR REPLACE FUNCTION ttiu_f() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  CREATE INDEX ttiu_other_a ON ttiu_other (a);
  ALTER TABLE ttiu_other ADD COLUMN b int;
  RETURN new;
END $$;
INSERT INTO ttiu VALUES (1, 42);
SELECT * FROM ttiu;
DROP TABLE ttiu, ttiu_other;
DROP FUNCTION ttiu_f();
