-- CREATE OPERATOR (binary and prefix, COMMUTATOR / NEGATOR shells and links, estimators,
-- HASHES / MERGES), user operators found by the parser (also OPERATOR(schema.op), unknown
-- literals, shells refused), inlined SQL operator functions in plans, pg_operator / pg_depend
-- rows, OperatorCreate's errors, ALTER OPERATOR OWNER / SET SCHEMA / SET, COMMENT, DROP
-- (commands/operator_commands.py, pl/user_operators.py).
CREATE SCHEMA op8;
SET search_path = op8, public;
CREATE FUNCTION op8_add(int, int) RETURNS int LANGUAGE sql IMMUTABLE STRICT AS 'SELECT $1 + $2 * 10';
CREATE FUNCTION op8_eq(text, text) RETURNS bool LANGUAGE sql IMMUTABLE AS 'SELECT lower($1) = lower($2)';
CREATE FUNCTION op8_neg(int) RETURNS int LANGUAGE sql AS 'SELECT -$1 * 100';
CREATE OPERATOR ### (LEFTARG = int, RIGHTARG = int, FUNCTION = op8_add);
SELECT 1 ### 2, 1 ### NULL, (1 ### 2) ### 3;
CREATE OPERATOR === (LEFTARG = text, RIGHTARG = text, PROCEDURE = op8_eq, COMMUTATOR = ===, NEGATOR = !==, RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
SELECT 'Abc' === 'aBC', 'a' === 'b', 'x' === NULL;
SELECT 'Abc' !== 'aBC';
CREATE OPERATOR @@@ (RIGHTARG = int, FUNCTION = op8_neg);
SELECT @@@ 5;
SELECT oprname, oprkind, oprcanmerge, oprcanhash, oprleft::regtype, oprright::regtype, oprresult::regtype,
       oprcom::regoperator, oprnegate::regoperator, oprcode, oprrest, oprjoin
  FROM pg_operator WHERE oprnamespace = 'op8'::regnamespace ORDER BY 1, 5;
SELECT pg_describe_object(classid, objid, objsubid) AS obj,
       pg_describe_object(refclassid, refobjid, refobjsubid) AS ref, deptype
  FROM pg_depend WHERE classid = 'pg_operator'::regclass
   AND objid IN (SELECT oid FROM pg_operator WHERE oprnamespace = 'op8'::regnamespace) ORDER BY 1, 2;
SELECT '###(int,int)'::regoperator, '###'::regoper::oid = '###(int,int)'::regoperator::oid;
SELECT op8.op8_add(1, 2), 1 OPERATOR(op8.###) 2;
SELECT x, y FROM (VALUES ('a', 'A'), ('b', 'c')) v(x, y) WHERE x === y;
CREATE TABLE op8_t (a int, b text);
INSERT INTO op8_t VALUES (1, 'x'), (2, 'X'), (3, 'y');
SELECT a ### a FROM op8_t ORDER BY 1;
SELECT * FROM op8_t WHERE b === 'x' ORDER BY a;
-- errors
CREATE OPERATOR ### (LEFTARG = int, RIGHTARG = int, FUNCTION = op8_add);
CREATE OPERATOR #+# (LEFTARG = int, RIGHTARG = int);
CREATE OPERATOR #+# (LEFTARG = int, FUNCTION = op8_add);
CREATE OPERATOR #+# (LEFTARG = int, RIGHTARG = int, FUNCTION = nosuch);
CREATE OPERATOR #+# (LEFTARG = int, RIGHTARG = text, FUNCTION = op8_add);
CREATE OPERATOR #+# (LEFTARG = nosuchtype, RIGHTARG = int, FUNCTION = op8_add);
CREATE OPERATOR #+# (LEFTARG = int, RIGHTARG = int, FUNCTION = op8_add, FOO = 1);
CREATE OPERATOR #+# (LEFTARG = int, RIGHTARG = int, FUNCTION = op8_add, COMMUTATOR = #+#);
CREATE OPERATOR => (LEFTARG = int, RIGHTARG = int, FUNCTION = op8_add);
CREATE OPERATOR a+ (LEFTARG = int, RIGHTARG = int, FUNCTION = op8_add);
CREATE OPERATOR nosch.#+# (LEFTARG = int, RIGHTARG = int, FUNCTION = op8_add);
CREATE OPERATOR #-# (LEFTARG = int, RIGHTARG = int, FUNCTION = op8_add, NEGATOR = #-#);
CREATE OPERATOR #*# (LEFTARG = int, RIGHTARG = int, FUNCTION = op8_add, HASHES);
SELECT 1 #?# 2;
-- DROP
DROP FUNCTION op8_add(int, int);
DROP OPERATOR ### (int, int);
DROP OPERATOR !== (text, text);
SELECT oprname, oprcom::regoperator, oprnegate::regoperator FROM pg_operator WHERE oprnamespace = 'op8'::regnamespace ORDER BY 1;
DROP OPERATOR IF EXISTS ### (int, int);
DROP OPERATOR @@@ (none, int);
DROP FUNCTION op8_eq(text, text) CASCADE;
DROP SCHEMA op8 CASCADE;
RESET search_path;
CREATE SCHEMA op9;
SET search_path = op9, public;
CREATE FUNCTION op9_eq(text, text) RETURNS bool LANGUAGE sql IMMUTABLE AS 'SELECT lower($1) = lower($2)';
CREATE FUNCTION op9_add(int, int) RETURNS int LANGUAGE sql IMMUTABLE STRICT AS 'SELECT $1 + $2 * 10';
CREATE OPERATOR === (LEFTARG = text, RIGHTARG = text, PROCEDURE = op9_eq, COMMUTATOR = ===, RESTRICT = eqsel, JOIN = eqjoinsel);
CREATE OPERATOR ### (LEFTARG = int, RIGHTARG = int, FUNCTION = op9_add);
CREATE TABLE op9_t (a int, b text);
INSERT INTO op9_t SELECT g, 'v' || (g % 10) FROM generate_series(1, 100) g;
EXPLAIN (COSTS OFF) SELECT * FROM op9_t WHERE b === 'V1';
EXPLAIN SELECT * FROM op9_t WHERE b === 'V1';
EXPLAIN SELECT * FROM op9_t WHERE (a ### 1) = 21;
SELECT count(*) FROM op9_t WHERE b === 'V1';
PREPARE op9_q(text) AS SELECT count(*) FROM op9_t WHERE b === $1;
EXECUTE op9_q('v2');
CREATE VIEW op9_v AS SELECT a ### 1 AS x, b === 'v3' AS y FROM op9_t;
SELECT pg_get_viewdef('op9_v'::regclass);
SELECT * FROM op9_v ORDER BY x LIMIT 3;
CREATE TYPE op9_mood AS ENUM ('sad', 'ok');
CREATE FUNCTION op9_m(op9_mood, int) RETURNS text LANGUAGE sql AS $$ SELECT $1::text || $2 $$;
CREATE OPERATOR <+> (LEFTARG = op9_mood, RIGHTARG = int, FUNCTION = op9_m);
SELECT 'ok'::op9_mood <+> 3;
COMMENT ON OPERATOR ### (int, int) IS 'weighted plus';
SELECT obj_description(o.oid, 'pg_operator') FROM pg_operator o WHERE oprname = '###';
ALTER OPERATOR ### (int, int) OWNER TO CURRENT_USER;
CREATE SCHEMA op9b;
ALTER OPERATOR ### (int, int) SET SCHEMA op9b;
SELECT 1 ### 2;
SELECT 1 OPERATOR(op9b.###) 2;
ALTER OPERATOR op9b.### (int, int) SET (RESTRICT = scalarltsel);
SELECT oprname, oprnamespace::regnamespace, oprrest FROM pg_operator WHERE oprname = '###';
SELECT n.nspname, o.oprname,
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS left_arg,
  pg_catalog.format_type(o.oprright, NULL) AS right_arg,
  pg_catalog.format_type(o.oprresult, NULL) AS result,
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'), pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS description
FROM pg_catalog.pg_operator o LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE n.nspname IN ('op9', 'op9b') ORDER BY 1, 2, 3, 4;
SELECT pg_identify_object('pg_operator'::regclass, '===(text,text)'::regoperator, 0);
DROP SCHEMA op9, op9b CASCADE;
RESET search_path;
SELECT 1 OPERATOR(pg_catalog.+) 2, 1 OPERATOR(public.+) 2;
SELECT 1 OPERATOR(nosuch.+) 2;
