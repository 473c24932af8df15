-- CREATE OPERATOR FAMILY / CLASS and ALTER OPERATOR FAMILY ADD / DROP: the catalog rows,
-- the hard / soft pg_depend rows each access method gives its members, PostgreSQL's
-- validation errors, RENAME / OWNER / SET SCHEMA, DROP with CASCADE
-- (commands/operator_class_commands.py).
CREATE FUNCTION opc_abs_cmp(int4, int4) RETURNS int LANGUAGE sql IMMUTABLE
  AS 'SELECT btint4cmp(abs($1), abs($2))';
CREATE OPERATOR FAMILY opc_f1 USING btree;
CREATE OPERATOR FAMILY opc_f1 USING btree;
CREATE OPERATOR FAMILY opc_f1 USING nosuch;
CREATE OPERATOR FAMILY opc_f1 USING heap;
CREATE OPERATOR CLASS opc_c1 FOR TYPE int4 USING btree AS OPERATOR 6 <;
CREATE OPERATOR CLASS opc_c1 FOR TYPE int4 USING btree AS FUNCTION 6 btint4cmp(int4, int4);
CREATE OPERATOR CLASS opc_c1 FOR TYPE int4 USING hash AS FUNCTION 4 hashint4(int4);
CREATE OPERATOR CLASS opc_c1 FOR TYPE int4 USING gist AS FUNCTION 12 btint4cmp(int4, int4);
CREATE OPERATOR CLASS opc_c1 FOR TYPE int4 USING gin AS FUNCTION 8 btint4cmp(int4, int4);
CREATE OPERATOR CLASS opc_c1 FOR TYPE int4 USING brin AS FUNCTION 16 btint4cmp(int4, int4);
CREATE OPERATOR CLASS opc_c1 FOR TYPE int4 USING spgist AS FUNCTION 7 btint4cmp(int4, int4);
CREATE OPERATOR CLASS opc_c1 FOR TYPE int4 USING gist AS OPERATOR 0 <;
CREATE OPERATOR CLASS opc_c1 FOR TYPE int4 USING gist AS OPERATOR 32768 <;
CREATE OPERATOR CLASS opc_c1 FOR TYPE int4 USING btree AS OPERATOR 1 <, OPERATOR 1 <;
CREATE OPERATOR CLASS opc_c1 FOR TYPE int4 USING btree
  AS FUNCTION 1 btint4cmp(int4, int4), FUNCTION 1 btint4cmp(int4, int4);
CREATE OPERATOR CLASS opc_c1 FOR TYPE int4 USING btree AS FUNCTION 1 abs(int4);
CREATE OPERATOR CLASS opc_c1 FOR TYPE int4 USING btree AS FUNCTION 1 int4pl(int4, int4) ;
CREATE OPERATOR CLASS opc_c1 FOR TYPE int4 USING btree AS OPERATOR 1 +;
CREATE OPERATOR CLASS opc_c1 FOR TYPE int4 USING btree AS OPERATOR 1 - (NONE, int4);
CREATE OPERATOR CLASS opc_c1 FOR TYPE int4 USING btree AS OPERATOR 1 @@@;
CREATE OPERATOR CLASS opc_c1 FOR TYPE int4 USING btree
  AS OPERATOR 1 <-> (point, point) FOR ORDER BY float_ops;
CREATE OPERATOR CLASS opc_c1 FOR TYPE int4 USING btree AS STORAGE int8;
CREATE OPERATOR CLASS opc_c1 FOR TYPE int4 USING gist AS STORAGE int8, STORAGE int4;
CREATE OPERATOR CLASS opc_c1 FOR TYPE int4 USING hash AS FUNCTION 1 btint4cmp(int4, int4);
CREATE OPERATOR CLASS opc_c1 FOR TYPE int4 USING hash AS FUNCTION 2 hashint4(int4);
CREATE OPERATOR CLASS opc_c1 FOR TYPE int4 USING btree AS FUNCTION 2 btint4cmp(int4, int4);
CREATE OPERATOR CLASS opc_c1 FOR TYPE int4 USING btree AS FUNCTION 3 btint4cmp(int4, int4);
CREATE OPERATOR CLASS opc_c1 FOR TYPE int4 USING btree AS FUNCTION 4 btint4cmp(int4, int4);
CREATE OPERATOR CLASS opc_c1 DEFAULT FOR TYPE int4 USING btree AS OPERATOR 1 <;
CREATE OPERATOR CLASS opc_c1 FOR TYPE nosuch USING btree AS OPERATOR 1 <;
CREATE OPERATOR CLASS opc_c1 FOR TYPE int4 USING btree FAMILY nosuch AS OPERATOR 1 <;
CREATE OPERATOR CLASS opc_c1 FOR TYPE int4 USING btree AS FUNCTION 1 nosuch(int4, int4);
-- ALTER OPERATOR FAMILY's errors
ALTER OPERATOR FAMILY opc_f1 USING btree ADD OPERATOR 1 <;
ALTER OPERATOR FAMILY opc_f1 USING btree ADD STORAGE int4;
ALTER OPERATOR FAMILY opc_f1 USING btree ADD FUNCTION 2 btint4sortsupport(internal);
ALTER OPERATOR FAMILY opc_f1 USING btree
  ADD FUNCTION 1 btint4cmp(int4, int4), FUNCTION 1 btint4cmp(int4, int4);
ALTER OPERATOR FAMILY opc_f1 USING btree ADD OPERATOR 1 < (int4, int4), OPERATOR 1 < (int4, int4);
ALTER OPERATOR FAMILY opc_f1 USING btree ADD OPERATOR 1 < (int4, int4);
ALTER OPERATOR FAMILY opc_f1 USING btree ADD OPERATOR 1 < (int4, int4);
ALTER OPERATOR FAMILY opc_f1 USING btree ADD FUNCTION 1 btint4cmp(int4, int4);
ALTER OPERATOR FAMILY opc_f1 USING btree ADD FUNCTION 1 btint4cmp(int4, int4);
ALTER OPERATOR FAMILY opc_f1 USING btree DROP OPERATOR 1 (int4, int4);
ALTER OPERATOR FAMILY opc_f1 USING btree DROP OPERATOR 1 (int4, int4);
ALTER OPERATOR FAMILY opc_f1 USING btree DROP FUNCTION 1 (int4, int4);
ALTER OPERATOR FAMILY opc_f1 USING btree DROP FUNCTION 1 (int4, int4);
ALTER OPERATOR FAMILY opc_f1 USING btree DROP OPERATOR 1 (int4, int4, int4);
ALTER OPERATOR FAMILY opc_f1 USING btree DROP OPERATOR 9 (int4);
ALTER OPERATOR FAMILY opc_nosuch USING btree DROP OPERATOR 1 (int4);
ALTER OPERATOR FAMILY opc_f1 USING nosuch DROP OPERATOR 1 (int4);
DROP OPERATOR FAMILY opc_f1 USING btree;
-- the rows and their dependencies
CREATE OPERATOR FAMILY opc_f2 USING btree;
CREATE OPERATOR CLASS opc_c2 FOR TYPE int4 USING btree FAMILY opc_f2 AS
  OPERATOR 1 <, OPERATOR 3 = (int4, int4), OPERATOR 1 < (int4, int8),
  FUNCTION 1 opc_abs_cmp(int4, int4), FUNCTION 2 btint4sortsupport(internal),
  FUNCTION 1 btint48cmp(int4, int8);
ALTER OPERATOR FAMILY opc_f2 USING btree ADD OPERATOR 2 <= (int4, int4),
  OPERATOR 2 <= (int4, int8), FUNCTION 1 (int2, int2) btint2cmp(int2, int2);
CREATE OPERATOR CLASS opc_c3 FOR TYPE int4 USING hash AS
  OPERATOR 1 =, FUNCTION 1 hashint4(int4), FUNCTION 2 hashint4extended(int4, int8);
CREATE OPERATOR CLASS opc_c4 FOR TYPE int4 USING gist AS
  OPERATOR 1 <, FUNCTION 1 btint4cmp(int4, int4), FUNCTION 3 btint4cmp(int4, int4), STORAGE int8;
ALTER OPERATOR FAMILY opc_c4 USING gist ADD FUNCTION 2 (int4, int4) btint4cmp(int4, int4),
  FUNCTION 4 (int4, int4) btint4cmp(int4, int4);
CREATE OPERATOR CLASS opc_c5 FOR TYPE int4 USING gin AS
  OPERATOR 1 <, FUNCTION 1 btint4cmp(int4, int4), FUNCTION 2 btint4cmp(int4, int4),
  FUNCTION 4 btint4cmp(int4, int4);
CREATE OPERATOR CLASS opc_c6 FOR TYPE int4 USING brin AS
  OPERATOR 1 <, FUNCTION 1 btint4cmp(int4, int4);
ALTER OPERATOR FAMILY opc_c6 USING brin ADD FUNCTION 2 (int4, int4) btint4cmp(int4, int4);
CREATE OPERATOR CLASS opc_c7 FOR TYPE int4 USING spgist AS
  OPERATOR 1 <, FUNCTION 1 btint4cmp(int4, int4), FUNCTION 6 btint4cmp(int4, int4);
CREATE OPERATOR CLASS opc_c8 FOR TYPE point USING gist AS
  OPERATOR 15 <-> (point, point) FOR ORDER BY float_ops;
SELECT pg_describe_object(classid, objid, objsubid) AS obj,
       pg_describe_object(refclassid, refobjid, refobjsubid) AS ref, deptype
  FROM pg_depend WHERE classid IN ('pg_opclass'::regclass, 'pg_opfamily'::regclass,
       'pg_amop'::regclass, 'pg_amproc'::regclass) AND objid >= 16384 ORDER BY 1, 2;
SELECT f.opfname, a.amname, amoplefttype::regtype, amoprighttype::regtype, amopstrategy,
       amoppurpose, amopopr::regoperator, amopsortfamily <> 0 AS sorts
  FROM pg_amop JOIN pg_opfamily f ON f.oid = amopfamily JOIN pg_am a ON a.oid = amopmethod
  WHERE amopfamily >= 16384 ORDER BY 1, 2, 3, 4, 5;
SELECT f.opfname, amproclefttype::regtype, amprocrighttype::regtype, amprocnum,
       amproc::regprocedure
  FROM pg_amproc JOIN pg_opfamily f ON f.oid = amprocfamily
  WHERE amprocfamily >= 16384 ORDER BY 1, 2, 3, 4;
SELECT opcname, a.amname, opcintype::regtype, opcdefault, opckeytype::regtype,
       f.opfname, opcowner::regrole, opcnamespace::regnamespace
  FROM pg_opclass c JOIN pg_am a ON a.oid = opcmethod JOIN pg_opfamily f ON f.oid = opcfamily
  WHERE c.oid >= 16384 ORDER BY 1;
CREATE OPERATOR CLASS opc_c9 DEFAULT FOR TYPE point USING gist AS OPERATOR 1 <<;
-- a member its class requires cannot be dropped alone; a loose one can
ALTER OPERATOR FAMILY opc_f2 USING btree DROP OPERATOR 1 (int4, int4);
ALTER OPERATOR FAMILY opc_f2 USING btree DROP OPERATOR 1 (int4, int8), FUNCTION 2 (int4, int4);
SELECT count(*) FROM pg_amop WHERE amopfamily = (SELECT oid FROM pg_opfamily WHERE opfname = 'opc_f2');
ALTER OPERATOR FAMILY opc_f2 USING btree ADD OPERATOR 1 < (int4, int2),
  FUNCTION 1 btint42cmp(int4, int2);
ALTER OPERATOR FAMILY opc_f2 USING btree DROP OPERATOR 1 (int4, int2), FUNCTION 1 (int4, int2);
-- a non-superuser
CREATE ROLE opc_user;
CREATE SCHEMA opc_priv;
CREATE OPERATOR FAMILY opc_priv.opc_pf USING btree;
SET ROLE opc_user;
CREATE OPERATOR FAMILY opc_pf2 USING btree;
CREATE OPERATOR CLASS opc_pc FOR TYPE int4 USING btree AS OPERATOR 1 <;
ALTER OPERATOR FAMILY opc_priv.opc_pf USING btree ADD OPERATOR 1 < (int4, int2);
ALTER OPERATOR FAMILY opc_f2 USING btree ADD OPERATOR 1 < (int4, int2);
ALTER OPERATOR FAMILY opc_f2 USING btree RENAME TO opc_f2x;
ALTER OPERATOR CLASS opc_c2 USING btree OWNER TO opc_user;
DROP OPERATOR FAMILY opc_f2 USING btree;
RESET ROLE;
DROP SCHEMA opc_priv CASCADE;
DROP ROLE opc_user;
-- a function a member uses
DROP FUNCTION opc_abs_cmp(int4, int4);
-- RENAME / OWNER / SET SCHEMA
CREATE SCHEMA opc_s;
CREATE ROLE opc_r;
ALTER OPERATOR CLASS opc_c2 USING btree RENAME TO opc_c1;
ALTER OPERATOR CLASS opc_c2 USING btree RENAME TO opc_c2r;
ALTER OPERATOR FAMILY opc_f2 USING btree RENAME TO opc_c1;
ALTER OPERATOR FAMILY opc_f2 USING btree RENAME TO opc_f2r;
ALTER OPERATOR CLASS opc_nosuch USING btree RENAME TO x;
ALTER OPERATOR FAMILY opc_nosuch USING btree RENAME TO x;
ALTER OPERATOR CLASS opc_c2r USING btree OWNER TO opc_r;
ALTER OPERATOR FAMILY opc_f2r USING btree OWNER TO opc_r;
ALTER OPERATOR CLASS opc_c2r USING btree SET SCHEMA opc_s;
ALTER OPERATOR FAMILY opc_f2r USING btree SET SCHEMA opc_s;
ALTER OPERATOR CLASS opc_c2r USING btree SET SCHEMA nosuch;
SELECT opcname, opcowner::regrole, opcnamespace::regnamespace FROM pg_opclass WHERE opcname = 'opc_c2r';
SELECT opfname, opfowner::regrole, opfnamespace::regnamespace FROM pg_opfamily WHERE opfname = 'opc_f2r';
SELECT pg_describe_object(classid, objid, objsubid), deptype FROM pg_shdepend
  WHERE refobjid = 'opc_r'::regrole ORDER BY 1;
ALTER OPERATOR CLASS opc_s.opc_c2r USING btree OWNER TO postgres;
ALTER OPERATOR FAMILY opc_s.opc_f2r USING btree OWNER TO postgres;
CREATE OPERATOR CLASS opc_s.opc_c2r FOR TYPE int8 USING btree FAMILY opc_s.opc_f2r AS OPERATOR 1 <;
ALTER OPERATOR CLASS opc_s.opc_c2r USING btree SET SCHEMA public;
-- COMMENT ON, identities
COMMENT ON OPERATOR CLASS opc_s.opc_c2r USING btree IS 'a class';
COMMENT ON OPERATOR FAMILY opc_s.opc_f2r USING btree IS 'a family';
COMMENT ON OPERATOR FAMILY opc_nosuch USING btree IS 'x';
SELECT obj_description(oid, 'pg_opclass') FROM pg_opclass WHERE opcname = 'opc_c2r';
SELECT obj_description(oid, 'pg_opfamily') FROM pg_opfamily WHERE opfname = 'opc_f2r';
SELECT (pg_identify_object('pg_opclass'::regclass, oid, 0)).*,
       (pg_identify_object_as_address('pg_opclass'::regclass, oid, 0)).*
  FROM pg_opclass WHERE opcname = 'opc_c2r';
SELECT (pg_identify_object('pg_opfamily'::regclass, oid, 0)).*,
       (pg_identify_object_as_address('pg_opfamily'::regclass, oid, 0)).*
  FROM pg_opfamily WHERE opfname = 'opc_f2r';
-- DROP: an unqualified name not on the path, RESTRICT refused by a schema, CASCADE
DROP OPERATOR CLASS opc_c2r USING btree;
DROP OPERATOR FAMILY IF EXISTS opc_f2r USING btree;
DROP SCHEMA opc_s;
DROP SCHEMA opc_s CASCADE;
DROP OPERATOR CLASS opc_c3 USING hash;
SELECT count(*) FROM pg_opfamily WHERE opfname = 'opc_c3';
DROP OPERATOR FAMILY opc_c3 USING hash;
DROP OPERATOR FAMILY opc_c4 USING gist;
DROP OPERATOR FAMILY opc_c5 USING gin;
DROP OPERATOR FAMILY opc_c6 USING brin;
DROP OPERATOR FAMILY opc_c7 USING spgist;
DROP OPERATOR FAMILY opc_c8 USING gist;
DROP OPERATOR FAMILY opc_c1 USING btree;
SELECT count(*) FROM pg_amop WHERE amopfamily >= 16384;
SELECT count(*) FROM pg_amproc WHERE amprocfamily >= 16384;
SELECT count(*) FROM pg_description WHERE classoid IN ('pg_opclass'::regclass, 'pg_opfamily'::regclass);
DROP FUNCTION opc_abs_cmp(int4, int4);
DROP ROLE opc_r;
