-- Scoping (nested blocks, labels, shadowing), records and rows, OUT parameters,
-- RETURNS TABLE, dynamic SQL, FOUND, and DO blocks; compared with PostgreSQL 15.
DROP FUNCTION IF EXISTS regress_sc_shadow(int), regress_sc_out(int), regress_sc_table(int), regress_sc_dyn(text), regress_sc_rec(), regress_sc_setof_out(int);
DROP TABLE IF EXISTS regress_sc_t;
CREATE TABLE regress_sc_t (k int, label text);
INSERT INTO regress_sc_t VALUES (1, 'one'), (2, 'two'), (3, 'three');
CREATE FUNCTION regress_sc_shadow(x int) RETURNS text AS $$
<<outer_block>>
DECLARE
  y int := x * 2;
  s text := '';
BEGIN
  DECLARE
    y int := 100;
  BEGIN
    s := s || y::text || ',' || outer_block.y::text;
    outer_block.y := outer_block.y + 1;
  END;
  s := s || ',' || y::text;
  FOR y IN 1..2 LOOP
    s := s || ',' || y::text;
  END LOOP;
  RETURN s || ',' || y::text || ',' || $1::text;
END $$ LANGUAGE plpgsql;
SELECT regress_sc_shadow(5);
CREATE FUNCTION regress_sc_out(a int, OUT doubled int, OUT label text) AS $$
BEGIN
  doubled := a * 2;
  SELECT t.label INTO label FROM regress_sc_t t WHERE t.k = a;
END $$ LANGUAGE plpgsql;
SELECT * FROM regress_sc_out(2);
SELECT doubled FROM regress_sc_out(3);
CREATE FUNCTION regress_sc_table(n int) RETURNS TABLE(k int, sq int) AS $$
BEGIN
  FOR i IN 1..n LOOP
    k := i;
    sq := i * i;
    RETURN NEXT;
  END LOOP;
END $$ LANGUAGE plpgsql;
SELECT * FROM regress_sc_table(3);
SELECT sq FROM regress_sc_table(4) WHERE k > 2;
CREATE FUNCTION regress_sc_setof_out(n int, OUT a int, OUT b text) RETURNS SETOF record AS $$
BEGIN
  RETURN QUERY SELECT k, label FROM regress_sc_t WHERE k <= n ORDER BY k;
  a := 99; b := 'last';
  RETURN NEXT;
END $$ LANGUAGE plpgsql;
SELECT * FROM regress_sc_setof_out(2);
CREATE FUNCTION regress_sc_dyn(tbl text) RETURNS bigint AS $$
DECLARE
  n bigint;
  r record;
BEGIN
  EXECUTE 'SELECT count(*) FROM ' || tbl INTO n;
  EXECUTE 'UPDATE ' || tbl || ' SET label = upper(label) WHERE k = $1' USING 2;
  EXECUTE 'SELECT * FROM ' || tbl || ' WHERE k = $1' INTO r USING 2;
  RAISE NOTICE 'row % %', r.k, r.label;
  RETURN n;
END $$ LANGUAGE plpgsql;
SELECT regress_sc_dyn('regress_sc_t');
SELECT * FROM regress_sc_t ORDER BY k;
CREATE FUNCTION regress_sc_rec() RETURNS text AS $$
DECLARE
  r record;
  total int := 0;
BEGIN
  RAISE NOTICE 'found at start: %', found;
  FOR r IN SELECT * FROM regress_sc_t ORDER BY k LOOP
    total := total + r.k;
  END LOOP;
  RAISE NOTICE 'found after loop: %', found;
  FOR r IN SELECT * FROM regress_sc_t WHERE k < 0 LOOP
    total := -1;
  END LOOP;
  RAISE NOTICE 'found after empty loop: %', found;
  PERFORM * FROM regress_sc_t WHERE k = 3;
  RAISE NOTICE 'perform found: %', found;
  DELETE FROM regress_sc_t WHERE k = 42;
  RAISE NOTICE 'delete found: %', found;
  RETURN total::text || ' ' || r.label;
END $$ LANGUAGE plpgsql;
SELECT regress_sc_rec();
DO $$
DECLARE
  r record;
BEGIN
  RAISE NOTICE '%', r.k;
END $$;
DO $$
DECLARE
  v int;
BEGIN
  v := (SELECT max(k) FROM regress_sc_t);
  RAISE NOTICE 'max %', v;
  v := (SELECT k FROM regress_sc_t);
END $$;
DO $$
BEGIN
  FOR i IN 1..3 LOOP
    IF i = 2 THEN
      RAISE NOTICE 'two';
    ELSIF i = 3 THEN
      RAISE NOTICE 'three';
    ELSE
      RAISE NOTICE 'other %', i;
    END IF;
  END LOOP;
END $$;
DO $$
DECLARE
  k int := 1;
BEGIN
  SELECT k INTO k FROM regress_sc_t WHERE k = 1;
END $$;
BEGIN;
DO $$
BEGIN
  INSERT INTO regress_sc_t VALUES (10, 'in block');
  BEGIN
    INSERT INTO regress_sc_t VALUES (11, 'rolled back');
    PERFORM 1 / 0;
  EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'caught %', SQLERRM;
  END;
END $$;
SELECT * FROM regress_sc_t WHERE k >= 10 ORDER BY k;
ROLLBACK;
SELECT count(*) FROM regress_sc_t WHERE k >= 10;
DROP FUNCTION regress_sc_shadow(int), regress_sc_out(int), regress_sc_table(int), regress_sc_dyn(text), regress_sc_rec(), regress_sc_setof_out(int);
DROP TABLE regress_sc_t;
-- exception blocks around DDL, and inside a user savepoint
DO $$
BEGIN
  BEGIN
    CREATE TABLE regress_sx1 (a int);
    INSERT INTO regress_sx1 VALUES (1);
    PERFORM 1 / 0;
  EXCEPTION WHEN division_by_zero THEN
    RAISE NOTICE 'rolled back';
  END;
  BEGIN
    CREATE TABLE regress_sx2 (a int);
    INSERT INTO regress_sx2 VALUES (2);
  EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'not reached';
  END;
END $$;
SELECT count(*) FROM pg_class WHERE relname IN ('regress_sx1', 'regress_sx2');
SELECT * FROM regress_sx2;
SELECT * FROM regress_sx1;
BEGIN;
SAVEPOINT s1;
DO $$ BEGIN BEGIN INSERT INTO regress_sx2 VALUES (3); PERFORM 1/0; EXCEPTION WHEN OTHERS THEN NULL; END; INSERT INTO regress_sx2 VALUES (4); END $$;
ROLLBACK TO s1;
INSERT INTO regress_sx2 VALUES (5);
COMMIT;
SELECT * FROM regress_sx2 ORDER BY a;
DROP TABLE regress_sx2;
