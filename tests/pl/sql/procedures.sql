-- Procedures: CALL with INOUT / OUT parameters, COMMIT and ROLLBACK inside procedures and
-- DO blocks (only outside a transaction block and outside functions).
DROP TABLE IF EXISTS regress_tc;
CREATE TABLE regress_tc (a int);
CREATE PROCEDURE regress_tc_p() AS $$ BEGIN INSERT INTO regress_tc VALUES (1); COMMIT; INSERT INTO regress_tc VALUES (2); ROLLBACK; INSERT INTO regress_tc VALUES (3); END $$ LANGUAGE plpgsql;
CALL regress_tc_p();
SELECT * FROM regress_tc;
BEGIN;
CALL regress_tc_p();
ROLLBACK;
CREATE FUNCTION regress_tc_f() RETURNS int AS $$ BEGIN COMMIT; RETURN 1; END $$ LANGUAGE plpgsql;
SELECT regress_tc_f();
DO $$ BEGIN INSERT INTO regress_tc VALUES (4); COMMIT; BEGIN INSERT INTO regress_tc VALUES (5); COMMIT; EXCEPTION WHEN others THEN RAISE NOTICE 'caught %', SQLERRM; END; END $$;
DO $$ DECLARE r record; BEGIN FOR r IN SELECT a FROM regress_tc ORDER BY a LOOP INSERT INTO regress_tc VALUES (r.a * 10); COMMIT; END LOOP; END $$;
SELECT * FROM regress_tc ORDER BY a;
CREATE PROCEDURE regress_tc_outer() AS $$ BEGIN CALL regress_tc_p(); ROLLBACK; END $$ LANGUAGE plpgsql;
CALL regress_tc_outer();
SELECT count(*) FROM regress_tc;
DROP PROCEDURE regress_tc_p(), regress_tc_outer();
DROP FUNCTION regress_tc_f();
DROP TABLE regress_tc;
CREATE PROCEDURE regress_tc_out(IN a int, OUT doubled int, INOUT note text) AS $$
BEGIN
  doubled := a * 2;
  note := note || '+';
END $$ LANGUAGE plpgsql;
CALL regress_tc_out(4, NULL, 'n');
CALL regress_tc_out(a => 1, doubled => NULL, note => 'm');
CALL regress_tc_nosuch(1);
CALL regress_tc_out(1);
CREATE PROCEDURE regress_tc_sql(a int) LANGUAGE sql AS $$ SELECT a $$;
CALL regress_tc_sql(1);
DROP PROCEDURE regress_tc_out(int, int, text), regress_tc_sql(int);
