-- Views over functions in FROM that return a table's row type: the view keeps its
-- columns when the table gains one, and depends on the table columns it reads through
-- the function, so they cannot be dropped or retyped under it.
CREATE TABLE vfr_people (name text, age int, gone bool, email text, active bool);
INSERT INTO vfr_people VALUES ('ann', 31, true, 'ann@example.org', true),
                              ('bob', 42, false, 'bob@example.org', false);
ALTER TABLE vfr_people DROP COLUMN gone;
CREATE FUNCTION vfr_all() RETURNS SETOF vfr_people LANGUAGE sql STABLE
  AS $$ SELECT * FROM vfr_people ORDER BY name $$;
CREATE VIEW vfr_numbered AS
  SELECT * FROM ROWS FROM (vfr_all(), generate_series(100, 102)) WITH ORDINALITY;
CREATE VIEW vfr_some AS SELECT p.name, p.active FROM vfr_all() p;
SELECT * FROM vfr_numbered;
SELECT * FROM vfr_some;
-- the function's row type grows: the views keep their own columns, the function's
-- own rows show the new one
ALTER TABLE vfr_people ADD COLUMN note text;
SELECT * FROM vfr_numbered;
SELECT * FROM ROWS FROM (vfr_all(), generate_series(100, 102)) WITH ORDINALITY;
SELECT (vfr_all()).*;
-- columns read through the function are held by the views' rules
ALTER TABLE vfr_people DROP COLUMN age;
ALTER TABLE vfr_people ALTER COLUMN active TYPE text;
ALTER TABLE vfr_people DROP COLUMN note;
SELECT pg_describe_object(refclassid, refobjid, refobjsubid) AS referenced, deptype
  FROM pg_depend
  WHERE objid = (SELECT oid FROM pg_rewrite WHERE ev_class = 'vfr_some'::regclass)
  ORDER BY 1, 2;
SELECT * FROM vfr_some;
DROP VIEW vfr_numbered, vfr_some;
DROP FUNCTION vfr_all();
DROP TABLE vfr_people;
