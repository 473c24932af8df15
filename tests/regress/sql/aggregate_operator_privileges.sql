-- Who may ALTER / DROP an aggregate or operator: the owner (or the schema's owner for DROP),
-- CREATE on the target schema first for SET SCHEMA, membership of the new owner
-- (drop_other_objects._check_owner, operator_commands, routine_alter, owner_commands).
CREATE ROLE ag8_u1;
CREATE ROLE ag8_u2;
CREATE SCHEMA ag8 AUTHORIZATION ag8_u1;
GRANT CREATE, USAGE ON SCHEMA ag8 TO ag8_u2;
SET ROLE ag8_u1;
CREATE FUNCTION ag8.f(int, int) RETURNS int LANGUAGE sql AS 'SELECT $1 + $2';
CREATE AGGREGATE ag8.agg(int) (SFUNC = ag8.f, STYPE = int);
CREATE OPERATOR ag8.<+> (LEFTARG = int, RIGHTARG = int, FUNCTION = ag8.f);
SET ROLE ag8_u2;
ALTER AGGREGATE ag8.agg(int) RENAME TO agg2;
ALTER OPERATOR ag8.<+> (int, int) OWNER TO ag8_u2;
ALTER OPERATOR ag8.<+> (int, int) SET SCHEMA public;
DROP OPERATOR ag8.<+> (int, int);
DROP AGGREGATE ag8.agg(int);
CREATE AGGREGATE ag8.agg3(int) (SFUNC = ag8.f, STYPE = int);
SELECT ag8.agg3(x) FROM generate_series(1, 3) x;
SET ROLE ag8_u1;
ALTER AGGREGATE ag8.agg(int) OWNER TO ag8_u2;
ALTER OPERATOR ag8.<+> (int, int) OWNER TO ag8_u2;
RESET ROLE;
SELECT proname, proowner::regrole FROM pg_proc WHERE pronamespace = 'ag8'::regnamespace ORDER BY 1;
SELECT oprname, oprowner::regrole FROM pg_operator WHERE oprnamespace = 'ag8'::regnamespace;
DROP SCHEMA ag8 CASCADE;
DROP ROLE ag8_u1;
DROP ROLE ag8_u2;
