-- A routine depends on what its argument defaults and SQL-standard body use: the
-- routine_*_usage views list them, and DROP of one needs CASCADE.
DROP SCHEMA IF EXISTS regress_rbd CASCADE;
CREATE SCHEMA regress_rbd;
SET search_path = regress_rbd;
CREATE FUNCTION f4a() RETURNS int LANGUAGE SQL AS 'SELECT 1';
CREATE FUNCTION f4b(x int DEFAULT f4a()) RETURNS int LANGUAGE SQL AS 'SELECT x';
CREATE SEQUENCE s1;
CREATE FUNCTION f5(x int DEFAULT nextval('s1')) RETURNS int LANGUAGE SQL AS 'SELECT x';
CREATE FUNCTION f6() RETURNS int LANGUAGE SQL RETURN nextval('s1');
CREATE TABLE t2 (a int, b int);
CREATE TABLE t3 (c int);
CREATE FUNCTION f7() RETURNS int LANGUAGE SQL RETURN (SELECT count(a) FROM t2);
CREATE FUNCTION f8() RETURNS bigint LANGUAGE SQL BEGIN ATOMIC SELECT count(*) FROM t3; END;
CREATE PROCEDURE p9() LANGUAGE SQL BEGIN ATOMIC INSERT INTO t2 (b) VALUES (f4a()); END;
SELECT p.proname, d.refclassid::regclass,
       CASE WHEN d.refclassid = 'pg_proc'::regclass THEN d.refobjid::regproc::text
            WHEN d.refclassid = 'pg_class'::regclass THEN d.refobjid::regclass::text
            ELSE 'x' END AS ref, d.refobjsubid, d.deptype
  FROM pg_depend d JOIN pg_proc p ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass
  WHERE p.pronamespace = 'regress_rbd'::regnamespace
    AND d.refclassid <> 'pg_namespace'::regclass
  ORDER BY 1, 2, 3, 4;
SELECT routine_name, sequence_name FROM information_schema.routine_sequence_usage
  WHERE routine_schema = 'regress_rbd' ORDER BY 1, 2;
SELECT routine_name, table_name, column_name FROM information_schema.routine_column_usage
  WHERE routine_schema = 'regress_rbd' ORDER BY 1, 2, 3;
SELECT routine_name, table_name FROM information_schema.routine_table_usage
  WHERE routine_schema = 'regress_rbd' ORDER BY 1, 2;
SELECT r0.routine_name, r1.routine_name
  FROM information_schema.routine_routine_usage rru
       JOIN information_schema.routines r0 ON r0.specific_name = rru.specific_name
       JOIN information_schema.routines r1 ON r1.specific_name = rru.routine_name
  WHERE r0.routine_schema = 'regress_rbd' ORDER BY 1, 2;
DROP TABLE t2;
DROP TABLE t3;
DROP SEQUENCE s1;
DROP FUNCTION f4a();
-- replacing the body replaces what it depends on
CREATE OR REPLACE FUNCTION f7() RETURNS int LANGUAGE SQL RETURN 1;
DROP TABLE t2;
DROP SEQUENCE s1 CASCADE;
RESET search_path;
DROP SCHEMA regress_rbd CASCADE;
