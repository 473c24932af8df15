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
