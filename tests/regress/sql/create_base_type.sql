-- compare notices
-- Shell types and base types made with built-in I/O functions: CREATE TYPE name;,
-- LANGUAGE internal I/O functions naming int4in / textin / varcharin ..., CREATE TYPE
-- name (INPUT, OUTPUT, LIKE, INTERNALLENGTH, PASSEDBYVALUE, ALIGNMENT, STORAGE, DEFAULT,
-- CATEGORY, PREFERRED, DELIMITER), their rows, dependencies, defaults and errors
CREATE TYPE cbt_shell;
CREATE TYPE cbt_shell;
SELECT typname, typlen, typbyval, typtype, typcategory, typisdefined, typarray, typinput, typoutput, typalign, typstorage
FROM pg_type WHERE typname = 'cbt_shell';
SELECT 'x'::cbt_shell;
DROP TYPE cbt_shell;
DROP TYPE cbt_shell;
CREATE TYPE cbt_int42;
CREATE TYPE cbt_text;
CREATE FUNCTION cbt_int42_in(cstring) RETURNS cbt_int42 AS 'int4in' LANGUAGE internal STRICT IMMUTABLE;
CREATE FUNCTION cbt_int42_out(cbt_int42) RETURNS cstring AS 'int4out' LANGUAGE internal STRICT IMMUTABLE;
CREATE FUNCTION cbt_text_in(cstring) RETURNS cbt_text AS 'textin' LANGUAGE internal STRICT IMMUTABLE;
CREATE FUNCTION cbt_text_out(cbt_text) RETURNS cstring AS 'textout' LANGUAGE internal STRICT IMMUTABLE;
CREATE FUNCTION cbt_new_in(cstring) RETURNS cbt_new AS 'int4in' LANGUAGE internal STRICT IMMUTABLE;
CREATE FUNCTION cbt_bad(cstring) RETURNS int AS 'no_such_builtin' LANGUAGE internal STRICT IMMUTABLE;
CREATE FUNCTION cbt_sql(cbt_int42) RETURNS int AS 'select 1' LANGUAGE sql;
CREATE FUNCTION cbt_sql2() RETURNS cbt_int42 AS 'select null' LANGUAGE sql;
CREATE TYPE cbt_nosuch (INPUT = int4in, OUTPUT = int4out);
CREATE TYPE cbt_int42 ("Internallength" = 4, "Input" = cbt_int42_in, "Passedbyvalue");
CREATE TYPE cbt_int42 (INPUT = no_such_in, OUTPUT = cbt_int42_out);
CREATE TYPE cbt_int42 (INPUT = int4in, OUTPUT = cbt_int42_out);
CREATE TYPE cbt_int42 (INPUT = cbt_int42_in);
CREATE TYPE cbt_int42 (OUTPUT = cbt_int42_out);
CREATE TYPE cbt_int42 (INPUT = cbt_int42_in, INPUT = cbt_int42_in);
CREATE TYPE cbt_int42 (INPUT = cbt_int42_in, OUTPUT = int4out);
CREATE TYPE cbt_int42 (INPUT = cbt_int42_in, OUTPUT = cbt_int42_out, ALIGNMENT = foo);
CREATE TYPE cbt_int42 (INPUT = cbt_int42_in, OUTPUT = cbt_int42_out, STORAGE = foo);
CREATE TYPE cbt_int42 (INPUT = cbt_int42_in, OUTPUT = cbt_int42_out, INTERNALLENGTH = 4, PASSEDBYVALUE, ALIGNMENT = double);
CREATE TYPE cbt_int42 (INPUT = cbt_int42_in, OUTPUT = cbt_int42_out, INTERNALLENGTH = 3, PASSEDBYVALUE);
CREATE TYPE cbt_int42 (INPUT = cbt_int42_in, OUTPUT = cbt_int42_out, INTERNALLENGTH = 4, STORAGE = extended);
CREATE TYPE cbt_int42 (INPUT = cbt_int42_in, OUTPUT = cbt_int42_out, INTERNALLENGTH = variable, ALIGNMENT = char);
CREATE TYPE cbt_int42 (INPUT = cbt_int42_in, OUTPUT = cbt_int42_out, INTERNALLENGTH = 4,
                       PASSEDBYVALUE, ALIGNMENT = int4, DEFAULT = 42, CATEGORY = 'x', PREFERRED = true);
CREATE TYPE cbt_int42 (INPUT = cbt_int42_in, OUTPUT = cbt_int42_out);
CREATE TYPE cbt_text (INPUT = cbt_text_in, OUTPUT = cbt_text_out, LIKE = text, ALIGNMENT = int4,
                      DEFAULT = 'zippo', DELIMITER = ';');
SELECT typname, typlen, typbyval, typtype, typcategory, typispreferred, typisdefined, typdelim, typelem::regtype,
       typarray::regtype, typinput, typoutput, typreceive, typsend, typmodin, typmodout, typanalyze,
       typalign, typstorage, typnotnull, typbasetype, typtypmod, typndims, typcollation, typdefault
FROM pg_type WHERE typname IN ('cbt_int42', '_cbt_int42', 'cbt_text', '_cbt_text', 'cbt_new') ORDER BY typname;
SELECT classid::regclass, objid::regtype, refclassid::regclass, deptype
FROM pg_depend WHERE objid IN ('cbt_int42'::regtype, '_cbt_int42'::regtype) ORDER BY 1, 2, 3, 4;
SELECT '5'::cbt_int42, pg_typeof('5'::cbt_int42), cbt_int42_in('7'), cbt_int42_out('8'), 'abc'::cbt_text;
SELECT '{1,2}'::cbt_int42[], '{a;b}'::cbt_text[];
SELECT 'x'::cbt_int42;
CREATE TABLE cbt_default_test (f1 cbt_text, f2 cbt_int42, n int);
INSERT INTO cbt_default_test (n) VALUES (1);
INSERT INTO cbt_default_test VALUES ('hello', '3', 2);
SELECT * FROM cbt_default_test ORDER BY n;
SELECT * FROM cbt_default_test WHERE f2 = '3';
SELECT f1::text, f2::text FROM cbt_default_test ORDER BY n;
CREATE DOMAIN cbt_dom AS cbt_int42 CHECK (VALUE::text <> '0');
SELECT '12'::cbt_dom;
SELECT '0'::cbt_dom;
DROP TABLE cbt_default_test;
DROP DOMAIN cbt_dom;
DROP TYPE cbt_int42;
DROP TYPE cbt_int42 CASCADE;
DROP TYPE cbt_text CASCADE;
DROP TYPE cbt_new CASCADE;
-- superusers only: base and shell types, LANGUAGE internal functions
CREATE ROLE cbt_role;
GRANT CREATE ON SCHEMA public TO cbt_role;
SET ROLE cbt_role;
CREATE TYPE cbt_denied;
CREATE FUNCTION cbt_denied_in(cstring) RETURNS int AS 'int4in' LANGUAGE internal;
RESET ROLE;
REVOKE CREATE ON SCHEMA public FROM cbt_role;
DROP ROLE cbt_role;
