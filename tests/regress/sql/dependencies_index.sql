-- Expression and partial indexes in pg_depend: their columns (auto) and functions (normal);
-- DROP FUNCTION ... CASCADE takes the index along.
DROP SCHEMA IF EXISTS dependencies_index CASCADE;
CREATE SCHEMA dependencies_index;
SET search_path = dependencies_index;
CREATE FUNCTION norm(text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT lower($1)';
CREATE TABLE t (a int, b text, c boolean);
CREATE INDEX t_expr ON t (norm(b), a);
CREATE INDEX t_part ON t (a) WHERE c AND b IS NOT NULL;
CREATE UNIQUE INDEX t_u ON t ((a + 1));
SELECT pg_describe_object(classid,objid,objsubid) AS obj, pg_describe_object(refclassid,refobjid,refobjsubid) AS ref, deptype FROM pg_depend WHERE objid IN (SELECT oid FROM pg_class WHERE relnamespace = 'dependencies_index'::regnamespace AND relkind = 'i') ORDER BY 1,2,3;
DROP FUNCTION norm(text);
DROP FUNCTION norm(text) CASCADE;
SELECT relname FROM pg_class WHERE relnamespace = 'dependencies_index'::regnamespace ORDER BY 1;
RESET search_path;
DROP SCHEMA dependencies_index CASCADE;
