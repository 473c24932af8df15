-- pg_get_functiondef (psql's \sf): the CREATE OR REPLACE text of a function or procedure,
-- with its options on one line, SET lines and the dollar-quoted body; and the
-- *_is_visible functions psql's describe queries filter with.
DROP FUNCTION IF EXISTS regress_fd_set(int);
DROP PROCEDURE IF EXISTS regress_fd_proc(int, text);
DROP FUNCTION IF EXISTS regress_fd_table(int, text);
CREATE FUNCTION regress_fd_set(a int) RETURNS SETOF int LANGUAGE plpgsql IMMUTABLE STRICT
  PARALLEL SAFE COST 5 ROWS 7 SECURITY DEFINER AS $$ BEGIN RETURN NEXT a; END $$;
CREATE PROCEDURE regress_fd_proc(a int, INOUT b text) LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION regress_fd_table(a int, b text DEFAULT 'x') RETURNS TABLE (x int, y text)
  LANGUAGE sql STABLE AS $f$ SELECT a, b || '$function$' $f$;
SELECT pg_get_functiondef('regress_fd_set'::regproc);
SELECT pg_get_functiondef('regress_fd_proc'::regproc);
SELECT pg_get_functiondef('regress_fd_table'::regproc);
SELECT * FROM regress_fd_table(3);
SELECT pg_get_functiondef('upper'::regproc);
SELECT pg_get_functiondef('sum(int)'::regprocedure);
SELECT pg_get_functiondef(0);
SELECT count(*) FILTER (WHERE pg_operator_is_visible(oid)) > 700,
       count(*) FILTER (WHERE NOT pg_operator_is_visible(oid)) FROM pg_operator;
SELECT count(*) FILTER (WHERE pg_opclass_is_visible(oid)), count(*) FROM pg_opclass;
SELECT count(*) FILTER (WHERE pg_opfamily_is_visible(oid)), count(*) FROM pg_opfamily;
SELECT pg_operator_is_visible(0), pg_opclass_is_visible(0), pg_collation_is_visible(0);
SELECT format_type('anyrange'::regtype, NULL), format_type(1042, NULL), format_type(1042, -1),
  format_type(1014, NULL), format_type(0, NULL), getdatabaseencoding();
DROP FUNCTION regress_fd_set(int);
DROP PROCEDURE regress_fd_proc(int, text);
DROP FUNCTION regress_fd_table(int, text);
-- object descriptions (pg_describe_object), built-in comments, database sizes
SELECT pg_describe_object(classid, objid, objsubid), deptype FROM pg_depend
  WHERE refclassid = 'pg_extension'::regclass
    AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'plpgsql') ORDER BY 1;
SELECT pg_describe_object('pg_class'::regclass, 'pg_class'::regclass, 2),
  pg_describe_object('pg_cast'::regclass, (SELECT min(oid) FROM pg_cast), 0),
  pg_describe_object('pg_operator'::regclass, 96, 0),
  pg_describe_object('pg_type'::regclass, 1043, 0),
  pg_describe_object('pg_proc'::regclass, 'lower(text)'::regprocedure, 0),
  pg_describe_object('pg_namespace'::regclass, 2200, 0),
  pg_describe_object(1259, 0, 0), pg_describe_object(0, 0, 0);
SELECT pg_describe_object('pg_opclass'::regclass, oid, 0) FROM pg_opclass
  WHERE opcname IN ('int4_ops', 'text_ops') ORDER BY 1;
SELECT pg_describe_object('pg_amop'::regclass, oid, 0) FROM pg_amop
  WHERE amopfamily = 1976 AND amoplefttype = 23 AND amoprighttype = 23 ORDER BY amopstrategy;
SELECT pg_describe_object('pg_amproc'::regclass, oid, 0) FROM pg_amproc
  WHERE amprocfamily = 1976 AND amproclefttype = 23 AND amprocrighttype = 23 ORDER BY amprocnum;
SELECT extname, extowner, extnamespace, extrelocatable, extversion FROM pg_extension
  WHERE extname = 'plpgsql';
SELECT obj_description('pg_catalog'::regnamespace, 'pg_namespace'),
  obj_description('public'::regnamespace, 'pg_namespace'),
  obj_description('upper(text)'::regprocedure, 'pg_proc'),
  obj_description('int4'::regtype, 'pg_type'),
  obj_description((SELECT oid FROM pg_extension WHERE extname = 'plpgsql'), 'pg_extension'),
  shobj_description(1, 'pg_database'), shobj_description(5, 'pg_database');
SELECT pg_get_function_arguments('generate_series(int, int)'::regprocedure),
  pg_get_function_result('upper(anyrange)'::regprocedure),
  pg_get_function_identity_arguments('plpgsql_inline_handler'::regproc);
SELECT pg_database_size('postgres') > 1000000, pg_database_size(5) > 1000000,
  pg_database_size(12345);
SELECT pg_database_size('no_such_database');
