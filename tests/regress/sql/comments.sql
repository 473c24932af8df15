-- COMMENT ON and the functions that read comments (obj_description, col_description,
-- shobj_description): which objects take one, PostgreSQL's errors, and comments going
-- away with their objects.
DROP TABLE IF EXISTS ct, ct2;
DROP SEQUENCE IF EXISTS cs;
CREATE TABLE ct (a int PRIMARY KEY, b text, CONSTRAINT bpos CHECK (b <> ''));
CREATE SEQUENCE cs;
COMMENT ON TABLE nope IS 'x';
COMMENT ON COLUMN ct.nope IS 'x';
COMMENT ON TABLE ct_pkey IS 'x';
COMMENT ON INDEX ct IS 'x';
COMMENT ON SEQUENCE ct IS 'x';
COMMENT ON SCHEMA nope IS 'x';
COMMENT ON CONSTRAINT nope ON ct IS 'x';
COMMENT ON FUNCTION nope(int) IS 'x';
COMMENT ON TYPE nope IS 'x';
COMMENT ON COLUMN nope IS 'x';
COMMENT ON VIEW ct IS 'x';
COMMENT ON TABLE ct IS 'the table';
COMMENT ON COLUMN ct.a IS 'column a';
COMMENT ON COLUMN public.ct.b IS 'column b';
COMMENT ON INDEX ct_pkey IS 'the key';
COMMENT ON SEQUENCE cs IS 'a sequence';
COMMENT ON SCHEMA public IS 'standard public schema';
COMMENT ON CONSTRAINT bpos ON ct IS 'b is not empty';
COMMENT ON FUNCTION abs(int) IS 'abs';
COMMENT ON TYPE int4 IS 'four bytes';
SELECT obj_description('ct'::regclass, 'pg_class'), obj_description('ct'::regclass), col_description('ct'::regclass, 1), col_description('ct'::regclass, 2), col_description('ct'::regclass, 3), obj_description('ct_pkey'::regclass, 'pg_class'), obj_description('cs'::regclass, 'pg_class');
SELECT obj_description(2200, 'pg_namespace'), obj_description(23, 'pg_type'), obj_description(1397, 'pg_proc');
SELECT description FROM pg_description d JOIN pg_constraint c ON c.oid = d.objoid WHERE c.conname = 'bpos';
SELECT obj_description(1259, 'pg_nope'), shobj_description(10, 'pg_authid');
COMMENT ON TABLE ct IS '';
COMMENT ON COLUMN ct.a IS NULL;
SELECT obj_description('ct'::regclass, 'pg_class'), col_description('ct'::regclass, 1);
DROP TABLE ct;
SELECT count(*) FROM pg_description WHERE description IN ('column b', 'the key', 'b is not empty');
DROP SEQUENCE cs;
SELECT count(*) FROM pg_description WHERE description = 'a sequence';
CREATE TABLE ct2 (a int, b int CONSTRAINT bchk CHECK (b > 0));
COMMENT ON COLUMN ct2.b IS 'bee';
COMMENT ON CONSTRAINT bchk ON ct2 IS 'chk';
ALTER TABLE ct2 DROP CONSTRAINT bchk;
ALTER TABLE ct2 DROP COLUMN b;
SELECT count(*) FROM pg_description WHERE description IN ('bee', 'chk');
DROP TABLE ct2;
-- put back the descriptions PostgreSQL's initdb gives these (the oracle is shared)
COMMENT ON SCHEMA public IS 'standard public schema';
COMMENT ON FUNCTION abs(int) IS 'absolute value';
COMMENT ON TYPE int4 IS '-2 billion to 2 billion integer, 4-byte storage';
