-- PREPARE's declared parameter types (tcop/session_commands.py _types_of): `unknown`
-- is resolved where the parameter is first used, as an undeclared one; a type that does
-- not exist is reported at its name in the PREPARE.
CREATE TABLE ppt_road (name text, thepath path);
PREPARE ppt_q4(nonexistenttype) AS SELECT $1;
PREPARE ppt_q4b(int, nonexistenttype) AS SELECT $1;
PREPARE ppt_q4c(int, int[], public.nonexistenttype) AS SELECT $1;
PREPARE ppt_q7(unknown) AS SELECT * FROM ppt_road WHERE thepath = $1;
PREPARE ppt_q8(unknown) AS SELECT $1;
PREPARE ppt_q9(unknown, int) AS SELECT $1 = point '(1,2)';
PREPARE ppt_q10(unknown, unknown) AS SELECT $1 || 'x', $2::int + 1;
SELECT name, parameter_types FROM pg_prepared_statements ORDER BY name;
EXECUTE ppt_q10('a', '41');
DEALLOCATE ALL;
DROP TABLE ppt_road;
