-- COPY FROM into a view: refused (42809, with the hint) after the client has sent its data,
-- as PostgreSQL's CopyFrom refuses it; with an INSTEAD OF INSERT trigger every row goes
-- through the trigger and counts (COPY 1 although the trigger returns NULL), in a view
-- made in the same transaction too; COPY ... WHERE filters before the trigger.
DROP VIEW IF EXISTS instead_of_insert_tbl_view, instead_of_insert_tbl_view_2;
DROP TABLE IF EXISTS instead_of_insert_tbl;
DROP FUNCTION IF EXISTS fun_instead_of_insert_tbl();
CREATE TABLE instead_of_insert_tbl(id serial, name text);
CREATE VIEW instead_of_insert_tbl_view AS SELECT ''::text AS str;

COPY instead_of_insert_tbl_view FROM stdin; -- fail
test1
\.

CREATE FUNCTION fun_instead_of_insert_tbl() RETURNS trigger AS $$
BEGIN
  INSERT INTO instead_of_insert_tbl (name) VALUES (NEW.str);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER trig_instead_of_insert_tbl_view
  INSTEAD OF INSERT ON instead_of_insert_tbl_view
  FOR EACH ROW EXECUTE PROCEDURE fun_instead_of_insert_tbl();

COPY instead_of_insert_tbl_view FROM stdin;
test1
\.

SELECT * FROM instead_of_insert_tbl;

-- Test of COPY optimization with view using INSTEAD OF INSERT
-- trigger when relation is created in the same transaction as
-- when COPY is executed.
BEGIN;
CREATE VIEW instead_of_insert_tbl_view_2 as select ''::text as str;
CREATE TRIGGER trig_instead_of_insert_tbl_view_2
  INSTEAD OF INSERT ON instead_of_insert_tbl_view_2
  FOR EACH ROW EXECUTE PROCEDURE fun_instead_of_insert_tbl();

COPY instead_of_insert_tbl_view_2 FROM stdin;
test1
\.

SELECT * FROM instead_of_insert_tbl;
COMMIT;
COPY instead_of_insert_tbl_view FROM stdin WHERE str <> 'skip';
skip
test2
\.
SELECT * FROM instead_of_insert_tbl ORDER BY id;
DROP TABLE instead_of_insert_tbl;
DROP VIEW instead_of_insert_tbl_view;
DROP VIEW instead_of_insert_tbl_view_2;
DROP FUNCTION fun_instead_of_insert_tbl();
