-- An operator's owner in pg_shdepend: DROP ROLE refused naming it, REASSIGN OWNED and
-- DROP OWNED carrying it with the aggregate and function (catalog/shared_dependencies.py).
CREATE ROLE own8;
CREATE ROLE own8b;
CREATE SCHEMA own8s AUTHORIZATION own8;
SET ROLE own8;
CREATE FUNCTION own8s.f(int, int) RETURNS int LANGUAGE sql AS 'SELECT $1 + $2';
CREATE OPERATOR own8s.<+> (LEFTARG = int, RIGHTARG = int, FUNCTION = own8s.f);
CREATE AGGREGATE own8s.agg(int) (SFUNC = own8s.f, STYPE = int);
RESET ROLE;
SELECT pg_describe_object(classid, objid, objsubid), deptype FROM pg_shdepend WHERE refobjid = 'own8'::regrole ORDER BY 1;
DROP ROLE own8;
REASSIGN OWNED BY own8 TO own8b;
SELECT oprowner::regrole FROM pg_operator WHERE oprname = '<+>';
SELECT pg_describe_object(classid, objid, objsubid), deptype FROM pg_shdepend WHERE refobjid = 'own8b'::regrole ORDER BY 1;
DROP OWNED BY own8b;
SELECT count(*) FROM pg_operator WHERE oprname = '<+>';
DROP ROLE own8;
DROP ROLE own8b;
