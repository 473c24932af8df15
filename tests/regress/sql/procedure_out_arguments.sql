-- compare notices
-- A procedure's OUT parameters: pg_proc.proargtypes lists the input ones only; a CALL
-- writes an argument for each (not evaluated, not passed); DROP / ALTER / COMMENT ON
-- PROCEDURE or ROUTINE find it by its input types or, with no parameter modes
-- written, by all its types (42725 when the two ways find different procedures);
-- CREATE's parameter checks for procedures (catalog/function_creation.call_view,
-- catalog/lookup_functions.with_out_arguments).
CREATE PROCEDURE pout10(OUT a int, IN b int, IN c int) LANGUAGE SQL AS $$ SELECT b - c $$;
CALL pout10(NULL, 7, 4);
CALL pout10(a => NULL, b => 8, c => 2);
CALL pout10(NULL, c => 4, b => 11);
CALL pout10(1/0, 7, 4);
CALL pout10(b => 8, c => 2, a => 0);
CREATE PROCEDURE pout10(IN a int, IN b int, IN c int) LANGUAGE SQL AS $$ SELECT a + b - c $$;
SELECT oid::regprocedure, proargtypes, pronargs, pg_get_function_identity_arguments(oid),
       pg_get_function_arguments(oid), pg_get_function_result(oid)
  FROM pg_proc WHERE proname = 'pout10' ORDER BY 1::text;
CALL pout10(NULL, 7, 4);
CALL pout10(a => NULL, b => 8, c => 2);
CALL pout10(NULL, c => 4, b => 11);
CALL pout10(1/0, 7, 4);
DROP PROCEDURE pout10;
DROP PROCEDURE pout10(int, int, int);
DROP ROUTINE pout10(int, int, int);
DROP FUNCTION pout10(int, int);
ALTER PROCEDURE pout10(int, int) RENAME TO pout10b;
ALTER PROCEDURE pout10b(int, int) RENAME TO pout10;
COMMENT ON PROCEDURE pout10(OUT int, int, int) IS 'x';
SELECT 'pout10(int,int)'::regprocedure, 'pout10(int,int,int)'::regprocedure;
DROP PROCEDURE pout10(OUT int, int, int);
DROP PROCEDURE pout10(int, int, int);
CREATE PROCEDURE pout10(OUT a int, IN b int, IN c int) LANGUAGE SQL AS $$ SELECT b - c $$;
CREATE PROCEDURE pout10(IN a int, IN b int, IN c int) LANGUAGE SQL AS $$ SELECT a + b - c $$;
DROP PROCEDURE pout10(IN int, int, int);
DROP PROCEDURE pout10(int, int, int);
DROP PROCEDURE pout10(int, int);
-- INOUT and OUT: the CALL gives both, the procedure receives the input
CREATE PROCEDURE pout12(INOUT a int, OUT b text) LANGUAGE sql AS $$ SELECT a, 'x' $$;
SELECT oid::regprocedure, proargtypes, pronargs FROM pg_proc WHERE proname = 'pout12';
CALL pout12(1, NULL);
CALL pout12(1);
DROP PROCEDURE pout12(int, text);
CREATE PROCEDURE pout13(OUT a int) LANGUAGE sql AS $$ SELECT 1 $$;
CALL pout13(NULL);
CALL pout13();
CREATE PROCEDURE pout13() LANGUAGE sql AS $$ SELECT 1 $$;
DROP PROCEDURE pout13();
CREATE PROCEDURE pout14(OUT a int, IN b int) LANGUAGE plpgsql AS $$
BEGIN RAISE NOTICE '% %', a, $1; a := b; END $$;
CALL pout14(5, 7);
DROP PROCEDURE pout14;
CREATE PROCEDURE pout15(OUT b int, a int DEFAULT 1) LANGUAGE sql AS $$ SELECT a $$;
CALL pout15(NULL);
CALL pout15(NULL, 5);
DROP PROCEDURE pout15;
CREATE PROCEDURE pout11(a OUT int, VARIADIC b int[]) LANGUAGE SQL AS $$ SELECT b[1] + b[2] $$;
CALL pout11(NULL, 11, 12, 13);
DROP PROCEDURE pout11;
-- CREATE's checks for procedures
CREATE PROCEDURE poutx(a int DEFAULT 1, OUT b int) LANGUAGE sql AS $$ SELECT 1 $$;
CREATE PROCEDURE poutx(a VARIADIC int[], b OUT int) LANGUAGE SQL AS $$ SELECT a[1] $$;
CREATE FUNCTION poutx(VARIADIC a int[], b int) RETURNS int LANGUAGE SQL AS $$ SELECT 1 $$;
CREATE PROCEDURE poutx() LANGUAGE SQL WINDOW AS $$ SELECT 1 $$;
CREATE PROCEDURE poutx() LANGUAGE SQL STRICT AS $$ SELECT 1 $$;
CREATE PROCEDURE poutx() LANGUAGE SQL IMMUTABLE AS $$ SELECT 1 $$;
CREATE PROCEDURE poutx() LANGUAGE SQL COST 5 AS $$ SELECT 1 $$;
CREATE PROCEDURE pouty(INOUT a int) LANGUAGE sql AS $$ SELECT 1 $$;
CREATE PROCEDURE poutx(INOUT b int) LANGUAGE SQL AS $$ CALL pouty(b); $$;
DROP PROCEDURE pouty;
-- name-only lookups see the whole search path, of the kind asked
CREATE SCHEMA pout_s;
CREATE FUNCTION pout_s.pf(a text) RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION pf(a int) RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE PROCEDURE pp(a int) LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION pout_s.pp(a text) RETURNS int LANGUAGE sql AS 'SELECT 1';
SET search_path = pout_s, public;
DROP FUNCTION pf;
ALTER FUNCTION pf RENAME TO pf2;
DROP PROCEDURE pp;
DROP FUNCTION pp;
DROP PROCEDURE pf;
RESET search_path;
DROP SCHEMA pout_s CASCADE;
DROP FUNCTION pf;
-- PL/pgSQL's CALL assigns INOUT / OUT values back to the variables written for them
CREATE PROCEDURE pout_c1(INOUT a int, OUT b text, c int DEFAULT 5) LANGUAGE plpgsql
  AS $$ BEGIN a := a + c; b := 'x' || a; END $$;
DO $$ DECLARE x int := 1; y text; BEGIN CALL pout_c1(x, y); RAISE NOTICE '% %', x, y;
  CALL pout_c1(x, y, 10); RAISE NOTICE '% %', x, y; END $$;
DO $$ DECLARE x int := 1; y text; BEGIN CALL pout_c1(x + 1, y); END $$;
DO $$ DECLARE x int := 1; y text; BEGIN CALL pout_c1(x, 'lit'); END $$;
DO $$ DECLARE x int := 1; y text; BEGIN CALL pout_c1(b => y, a => x); RAISE NOTICE '% %', x, y; END $$;
CREATE PROCEDURE pout_c2(INOUT int) LANGUAGE sql AS $$ SELECT $1 * 2 $$;
DO $$ DECLARE x int := 3; BEGIN CALL pout_c2(x); RAISE NOTICE '%', x; CALL pout_c2(5); END $$;
CREATE PROCEDURE pout_c4() LANGUAGE plpgsql AS $$ DECLARE x int := 2; y text;
  BEGIN CALL pout_c1(x, y); RAISE NOTICE '% %', x, y; END $$;
CALL pout_c4();
DROP PROCEDURE pout_c1, pout_c2, pout_c4;
-- EXECUTE privilege for CALL
CREATE ROLE pout_user;
CREATE PROCEDURE pout_priv() LANGUAGE sql AS 'SELECT 1';
REVOKE EXECUTE ON PROCEDURE pout_priv() FROM PUBLIC;
SET ROLE pout_user;
CALL pout_priv();
RESET ROLE;
DROP PROCEDURE pout_priv;
DROP ROLE pout_user;
