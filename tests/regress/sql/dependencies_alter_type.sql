-- ALTER COLUMN TYPE moves the column's pg_depend row to its new type.
DROP SCHEMA IF EXISTS dependencies_alter CASCADE;
CREATE SCHEMA dependencies_alter;
SET search_path = dependencies_alter;
CREATE TYPE mood AS ENUM ('a', 'b');
CREATE TABLE t (m mood, x int);
ALTER TABLE t ALTER COLUMN m TYPE text;
ALTER TABLE t ALTER COLUMN x TYPE mood USING 'a';
SELECT pg_describe_object(classid,objid,objsubid) AS obj, pg_describe_object(refclassid,refobjid,refobjsubid) AS ref, deptype FROM pg_depend WHERE objid = 't'::regclass ORDER BY 1,2,3;
DROP TYPE mood;
RESET search_path;
DROP SCHEMA dependencies_alter CASCADE;
