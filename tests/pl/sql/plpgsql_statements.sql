-- PL/pgSQL statements, errors and notices with their CONTEXT lines, compared with
-- PostgreSQL 15 by tests/pl/test_differential.py. Idempotent: drops what it makes.
DROP FUNCTION IF EXISTS regress_pl_e1(int), regress_pl_e2(int), regress_pl_e3(int), regress_pl_e4(int), regress_pl_e7(int), regress_pl_fib(int), regress_pl_loops(int), regress_pl_sfn(int);
CREATE FUNCTION regress_pl_e1(a int) RETURNS int AS $$ BEGIN RETURN 1/a; END $$ LANGUAGE plpgsql;
select regress_pl_e1(0);
CREATE FUNCTION regress_pl_e2(a int) RETURNS int AS $$ DECLARE x int; BEGIN
x := 1/a; RETURN x; END $$ LANGUAGE plpgsql;
select regress_pl_e2(0);
CREATE FUNCTION regress_pl_e3(a int) RETURNS int AS $$ DECLARE x int; BEGIN
PERFORM 1/a; RETURN x; END $$ LANGUAGE plpgsql;
select regress_pl_e3(0);
CREATE FUNCTION regress_pl_e4(a int) RETURNS int AS $$ DECLARE x int; BEGIN
RAISE NOTICE 'hello % and %', a, 'z' USING HINT = 'hh'; RAISE EXCEPTION 'bad %', a USING ERRCODE = 'P0004', DETAIL = 'dd'; END $$ LANGUAGE plpgsql;
select regress_pl_e4(5);
do $$ begin raise notice 'x'; perform regress_pl_e1(0); end $$;
CREATE FUNCTION regress_pl_e7(a int) RETURNS int AS $$ DECLARE x int; BEGIN
SELECT 1/a INTO x; RETURN x; END $$ LANGUAGE plpgsql;
select regress_pl_e7(0);
select regress_pl_e1(a) from (values (1),(0)) v(a);
CREATE FUNCTION regress_pl_fib(n int) RETURNS int AS $$
BEGIN
  IF n < 2 THEN
    RETURN n;
  END IF;
  RETURN regress_pl_fib(n - 1) + regress_pl_fib(n - 2);
END $$ LANGUAGE plpgsql;
select regress_pl_fib(10);
CREATE FUNCTION regress_pl_loops(n int) RETURNS text AS $$
DECLARE
  s text := '';
  i int;
  r record;
BEGIN
  FOR i IN 1..n LOOP
    CONTINUE WHEN i = 2;
    s := s || i || ',';
  END LOOP;
  FOR i IN REVERSE n..1 BY 2 LOOP
    s := s || i;
  END LOOP;
  <<outer_loop>>
  LOOP
    i := coalesce(i, 0) + 1;
    WHILE true LOOP
      EXIT outer_loop WHEN i > 3;
      EXIT;
    END LOOP;
  END LOOP;
  FOR r IN SELECT g AS v, g * 2 AS w FROM generate_series(1, 3) g LOOP
    s := s || '/' || r.v || ':' || r.w;
  END LOOP;
  CASE n WHEN 1, 2 THEN s := s || 'small'; WHEN 5 THEN s := s || 'five'; ELSE s := s || 'other'; END CASE;
  CASE WHEN n > 3 THEN s := s || '>3'; ELSE NULL; END CASE;
  RETURN s || ' found=' || found::text || ' i=' || i;
END $$ LANGUAGE plpgsql;
select regress_pl_loops(5), regress_pl_loops(1);
CREATE FUNCTION regress_pl_sfn(n int) RETURNS SETOF int AS $$
BEGIN
  FOR i IN 1..n LOOP RETURN NEXT i * 10; END LOOP;
  RETURN QUERY SELECT g FROM generate_series(100, 100 + n) g;
  RETURN;
END $$ LANGUAGE plpgsql;
select * from regress_pl_sfn(3);
DROP FUNCTION regress_pl_e1(int), regress_pl_e2(int), regress_pl_e3(int), regress_pl_e4(int), regress_pl_e7(int), regress_pl_fib(int), regress_pl_loops(int), regress_pl_sfn(int);
DROP TABLE IF EXISTS regress_pl_t;
CREATE TABLE regress_pl_t (id int PRIMARY KEY, v text);
CREATE OR REPLACE FUNCTION regress_pl_exc(a int) RETURNS text AS $$
DECLARE
  x int;
  msg text;
  st text;
BEGIN
  INSERT INTO regress_pl_t VALUES (a, 'before');
  BEGIN
    INSERT INTO regress_pl_t VALUES (a + 100, 'inside');
    x := 1 / (a - a);
  EXCEPTION
    WHEN division_by_zero THEN
      GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, st = RETURNED_SQLSTATE;
      RAISE NOTICE 'caught % % %', SQLSTATE, SQLERRM, msg;
  END;
  BEGIN
    INSERT INTO regress_pl_t VALUES (a, 'dup');
  EXCEPTION WHEN unique_violation THEN
    RAISE NOTICE 'dup: %', SQLERRM;
  END;
  BEGIN
    PERFORM 1 / 0;
  EXCEPTION WHEN SQLSTATE '22012' THEN
    RAISE NOTICE 'by sqlstate';
  END;
  BEGIN
    RAISE EXCEPTION 'custom %', a USING ERRCODE = 'P0001', HINT = 'a hint';
  EXCEPTION WHEN raise_exception THEN
    RAISE NOTICE 'custom caught: % %', SQLSTATE, SQLERRM;
  END;
  BEGIN
    SELECT 1 / 0 INTO x;
  EXCEPTION WHEN data_exception THEN
    RAISE NOTICE 'class caught %', SQLSTATE;
  END;
  RETURN st;
END $$ LANGUAGE plpgsql;
SELECT regress_pl_exc(1);
SELECT * FROM regress_pl_t ORDER BY id;
CREATE OR REPLACE FUNCTION regress_pl_intos(k int) RETURNS text AS $$
DECLARE
  r record;
  t text;
  n int;
BEGIN
  SELECT v INTO t FROM regress_pl_t WHERE id = k;
  RAISE NOTICE 'found %, t %', found, t;
  SELECT v INTO t FROM regress_pl_t WHERE id = -1;
  RAISE NOTICE 'found %, t %', found, t;
  SELECT * INTO r FROM regress_pl_t WHERE id = k;
  RAISE NOTICE 'r % %', r.id, r.v;
  UPDATE regress_pl_t SET v = 'upd' WHERE id >= 0;
  GET DIAGNOSTICS n = ROW_COUNT;
  RAISE NOTICE 'updated %', n;
  EXECUTE 'SELECT count(*) FROM regress_pl_t WHERE id > $1' INTO n USING 0;
  RAISE NOTICE 'dynamic %', n;
  FOR r IN EXECUTE 'SELECT id, v FROM regress_pl_t ORDER BY id' LOOP
    RAISE NOTICE 'row % %', r.id, r.v;
  END LOOP;
  SELECT v INTO STRICT t FROM regress_pl_t WHERE id = -5;
  RETURN t;
END $$ LANGUAGE plpgsql;
SELECT regress_pl_intos(1);
CREATE OR REPLACE FUNCTION regress_pl_strict2() RETURNS text AS $$
DECLARE t text;
BEGIN
  SELECT v INTO STRICT t FROM regress_pl_t;
  RETURN t;
END $$ LANGUAGE plpgsql;
SELECT regress_pl_strict2();
CREATE OR REPLACE FUNCTION regress_pl_nodest() RETURNS void AS $$
BEGIN
  SELECT 1;
END $$ LANGUAGE plpgsql;
SELECT regress_pl_nodest();
CREATE OR REPLACE PROCEDURE regress_pl_proc1(a int, INOUT b int, INOUT c text DEFAULT 'c') AS $$
BEGIN
  b := a + b;
  c := c || '!';
  INSERT INTO regress_pl_t VALUES (a * 1000, c);
END $$ LANGUAGE plpgsql;
CALL regress_pl_proc1(1, 2);
CALL regress_pl_proc1(2, 3, 'x');
CALL regress_pl_proc1(b => 5, a => 3);
SELECT regress_pl_proc1(1, 2);
CALL regress_pl_exc(1);
DO $$
DECLARE
  i int := 0;
BEGIN
  WHILE i < 3 LOOP
    i := i + 1;
    RAISE NOTICE 'i=%', i;
  END LOOP;
  ASSERT i = 3, 'i should be 3';
  ASSERT i = 4, 'i should be 4';
END $$;
DO $$ BEGIN RAISE division_by_zero; END $$;
DO $$ BEGIN RAISE SQLSTATE '22000' USING MESSAGE = 'msg text', DETAIL = 'det'; END $$;
DO $$ BEGIN RAISE WARNING 'warn %', 1; RAISE INFO 'info'; RAISE DEBUG 'debug'; END $$;
DO $$ BEGIN RAISE; END $$;
DO $$ DECLARE c CONSTANT int := 1; BEGIN RAISE NOTICE '%', c; END $$;
DO $$ DECLARE x int NOT NULL := 1; BEGIN x := NULL; END $$;
DROP FUNCTION regress_pl_exc(int), regress_pl_intos(int), regress_pl_strict2(), regress_pl_nodest();
DROP PROCEDURE regress_pl_proc1(int, int, text);
DROP TABLE regress_pl_t;
