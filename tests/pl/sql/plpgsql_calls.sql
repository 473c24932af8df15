-- Calls from queries (once per row, even when a later row fails), row results in a
-- select list, handlers that rethrow or fail, diagnostics, client_min_messages.
DROP TABLE IF EXISTS regress_ed;
CREATE TABLE regress_ed (id int, v int);
INSERT INTO regress_ed SELECT g, g * 10 FROM generate_series(1, 5) g;
CREATE FUNCTION regress_ed_note(x int) RETURNS int AS $$ BEGIN RAISE NOTICE 'saw %', x; RETURN x; END $$ LANGUAGE plpgsql;
SELECT id FROM regress_ed WHERE regress_ed_note(id) > 3 ORDER BY id;
SELECT regress_ed_note(id) / (id - 3) FROM regress_ed;
UPDATE regress_ed SET v = regress_ed_note(v) WHERE id = 2;
CREATE FUNCTION regress_ed_out(a int, OUT x int, OUT y text) AS $$ BEGIN x := a; y := 'y' || a::text; END $$ LANGUAGE plpgsql;
SELECT regress_ed_out(1);
CREATE FUNCTION regress_ed_rethrow() RETURNS void AS $$
BEGIN
  BEGIN
    BEGIN
      PERFORM 1 / 0;
    EXCEPTION WHEN unique_violation THEN
      RAISE NOTICE 'wrong handler';
    END;
  EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'outer caught %', SQLSTATE;
    RAISE;
  END;
END $$ LANGUAGE plpgsql;
SELECT regress_ed_rethrow();
CREATE FUNCTION regress_ed_handler_err() RETURNS int AS $$
BEGIN
  PERFORM 1 / 0;
  RETURN 1;
EXCEPTION WHEN division_by_zero THEN
  RETURN 1 / 0;
END $$ LANGUAGE plpgsql;
SELECT regress_ed_handler_err();
CREATE FUNCTION regress_ed_void() RETURNS void AS $$ BEGIN RETURN; END $$ LANGUAGE plpgsql;
SELECT regress_ed_void();
CREATE FUNCTION regress_ed_null() RETURNS int AS $$ BEGIN RETURN NULL; END $$ LANGUAGE plpgsql;
SELECT regress_ed_null() IS NULL;
SELECT regress_ed_note('abc');
SELECT regress_ed_note(1, 2);
SELECT regress_ed_note(y => 1);
SET client_min_messages = warning;
SELECT regress_ed_note(7);
RESET client_min_messages;
CREATE FUNCTION regress_ed_diag() RETURNS text AS $$
DECLARE c text;
BEGIN
  GET DIAGNOSTICS c = PG_CONTEXT;
  RETURN c;
END $$ LANGUAGE plpgsql;
SELECT regress_ed_diag();
CREATE FUNCTION regress_ed_stacked() RETURNS text AS $$
DECLARE d text; h text; c text;
BEGIN
  RAISE EXCEPTION 'boom' USING DETAIL = 'the detail', HINT = 'the hint';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT, c = PG_EXCEPTION_CONTEXT;
  RETURN d || '|' || h || '|' || c;
END $$ LANGUAGE plpgsql;
SELECT regress_ed_stacked();
CREATE FUNCTION regress_ed_insert(n int) RETURNS int AS $$
BEGIN
  INSERT INTO regress_ed VALUES (n, n);
  RETURN (SELECT count(*) FROM regress_ed);
END $$ LANGUAGE plpgsql;
SELECT regress_ed_insert(100), regress_ed_insert(101);
SELECT count(*) FROM regress_ed;
DROP FUNCTION regress_ed_note(int), regress_ed_out(int), regress_ed_rethrow(), regress_ed_handler_err(), regress_ed_void(), regress_ed_null(), regress_ed_diag(), regress_ed_stacked(), regress_ed_insert(int);
DROP TABLE regress_ed;
-- RAISE levels against client_min_messages
DO $$ BEGIN RAISE DEBUG 'dbg'; RAISE LOG 'lg'; RAISE INFO 'inf'; END $$;
SET client_min_messages = debug1;
DO $$ BEGIN RAISE DEBUG 'dbg'; RAISE LOG 'lg'; END $$;
RESET client_min_messages;
-- trigger functions are created but cannot be called directly
CREATE FUNCTION regress_trg() RETURNS trigger AS $$ BEGIN NEW.x := 1; RETURN NEW; END $$ LANGUAGE plpgsql;
SELECT regress_trg();
CREATE FUNCTION regress_trg_sql() RETURNS trigger AS $$ SELECT 1 $$ LANGUAGE sql;
SELECT proname, prorettype FROM pg_proc WHERE proname = 'regress_trg';
DROP FUNCTION regress_trg();
