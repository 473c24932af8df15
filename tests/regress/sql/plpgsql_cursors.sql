-- PL/pgSQL cursor variables: OPEN (FOR query, FOR EXECUTE, bound cursors with
-- arguments), FETCH / MOVE directions, CLOSE, FOR over a cursor, refcursors returned to
-- the caller and read with SQL FETCH, WHERE CURRENT OF a cursor variable.
-- compare notices
DROP TABLE IF EXISTS regress_plc_t CASCADE;
CREATE TABLE regress_plc_t (a int, b text);
INSERT INTO regress_plc_t VALUES (1, 'one'), (2, 'two'), (3, 'three'), (4, 'four');
CREATE FUNCTION regress_plc_open() RETURNS refcursor LANGUAGE plpgsql AS $$
DECLARE c refcursor;
BEGIN
  OPEN c FOR SELECT * FROM regress_plc_t ORDER BY a;
  RETURN c;
END $$;
CREATE FUNCTION regress_plc_named(name refcursor, lim int) RETURNS refcursor LANGUAGE plpgsql AS $$
BEGIN
  OPEN name FOR EXECUTE 'SELECT a, b FROM regress_plc_t WHERE a <= $1 ORDER BY a DESC' USING lim;
  RETURN name;
END $$;
CREATE FUNCTION regress_plc_bound() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  c CURSOR (k int) FOR SELECT * FROM regress_plc_t WHERE a > k ORDER BY a;
  r record;
  s text := '';
BEGIN
  s := s || coalesce(c::text, 'null') || ';';
  OPEN c(1);
  FETCH c INTO r;
  s := s || r.a;
  FETCH NEXT FROM c INTO r;
  s := s || r.a;
  MOVE c;
  FETCH c INTO r;
  s := s || coalesce(r.a::text, 'N') || found;
  CLOSE c;
  FOR rr IN c(k := 2) LOOP
    s := s || ',' || rr.b;
  END LOOP;
  s := s || ';' || c;
  RETURN s;
END $$;
BEGIN;
SELECT regress_plc_open();
FETCH ALL IN "<unnamed portal 1>";
SELECT regress_plc_named('regress_plc_cur', 3);
FETCH 2 FROM regress_plc_cur;
FETCH ALL FROM regress_plc_cur;
SELECT name, statement, is_holdable, is_scrollable FROM pg_cursors ORDER BY name;
SELECT regress_plc_bound();
COMMIT;
-- FETCH directions over a scrollable cursor, MOVE with counts, ROW_COUNT and FOUND
DO $$
DECLARE c refcursor; r record; n int;
BEGIN
  OPEN c SCROLL FOR SELECT g FROM generate_series(1, 6) g;
  FETCH LAST FROM c INTO r;  RAISE NOTICE 'last %', r;
  FETCH PRIOR FROM c INTO r; RAISE NOTICE 'prior %', r;
  FETCH FIRST FROM c INTO r; RAISE NOTICE 'first %', r;
  FETCH ABSOLUTE 4 FROM c INTO r; RAISE NOTICE 'absolute 4 %', r;
  FETCH RELATIVE -2 FROM c INTO r; RAISE NOTICE 'relative -2 %', r;
  FETCH BACKWARD FROM c INTO r; RAISE NOTICE 'backward %', r;
  MOVE FORWARD 3 FROM c;
  GET DIAGNOSTICS n = ROW_COUNT; RAISE NOTICE 'moved % %', n, found;
  FETCH c INTO r; RAISE NOTICE 'next %', r;
  MOVE FORWARD ALL IN c;
  GET DIAGNOSTICS n = ROW_COUNT; RAISE NOTICE 'moved all % %', n, found;
  FETCH c INTO r; RAISE NOTICE 'after end % %', r, found;
  MOVE BACKWARD ALL IN c;
  FETCH c INTO r; RAISE NOTICE 'after backward all % %', r, found;
  MOVE ABSOLUTE 2 IN c;
  FETCH RELATIVE 0 FROM c INTO r; RAISE NOTICE 'relative 0 %', r;
  CLOSE c;
END $$;
-- INTO a list of variables; a cursor that is reused after CLOSE keeps its name
DO $$
DECLARE c refcursor; x int; y text;
BEGIN
  OPEN c FOR SELECT a, b FROM regress_plc_t WHERE a = 2;
  FETCH c INTO x, y;
  RAISE NOTICE '% %', x, y;
  CLOSE c;
  OPEN c FOR SELECT a, b FROM regress_plc_t WHERE a = 3;
  FETCH c INTO x, y;
  RAISE NOTICE '% % %', x, y, c::text = '<unnamed portal 2>';
END $$;
-- a bound cursor named by a variable value; FOR over a cursor restores NULL
DO $$
DECLARE
  c CURSOR FOR SELECT a FROM regress_plc_t ORDER BY a;
  total int := 0;
BEGIN
  c := NULL;
  FOR r IN c LOOP
    total := total + r.a;
    EXIT WHEN r.a = 3;
  END LOOP;
  RAISE NOTICE 'total % cursor %', total, c;
END $$;
-- UPDATE / DELETE ... WHERE CURRENT OF a cursor variable
BEGIN;
DO $$
DECLARE c CURSOR FOR SELECT a FROM regress_plc_t ORDER BY a FOR UPDATE; r record;
BEGIN
  OPEN c;
  FETCH c INTO r;
  UPDATE regress_plc_t SET b = b || '!' WHERE CURRENT OF c;
  FETCH c INTO r;
  DELETE FROM regress_plc_t WHERE CURRENT OF c;
  CLOSE c;
END $$;
SELECT * FROM regress_plc_t ORDER BY a;
DO $$
DECLARE c refcursor; r record;
BEGIN
  OPEN c FOR SELECT a FROM regress_plc_t WHERE a > 2;
  FETCH c INTO r;
  UPDATE regress_plc_t SET a = a * 10 WHERE CURRENT OF c;
END $$;
SELECT * FROM regress_plc_t ORDER BY a;
ROLLBACK;
-- the errors
DO $$ DECLARE c refcursor; r record; BEGIN FETCH c INTO r; END $$;
DO $$ DECLARE c refcursor := 'regress_plc_nope'; r record; BEGIN FETCH c INTO r; END $$;
DO $$ DECLARE c refcursor := 'regress_plc_nope'; BEGIN CLOSE c; END $$;
DO $$ DECLARE c CURSOR FOR SELECT 1; BEGIN OPEN c; OPEN c; END $$;
DO $$ DECLARE c CURSOR FOR SELECT 1; BEGIN OPEN c; FOR r IN c LOOP END LOOP; END $$;
DO $$ DECLARE c NO SCROLL CURSOR FOR SELECT g FROM generate_series(1, 3) g; r record;
BEGIN OPEN c; FETCH c INTO r; FETCH PRIOR FROM c INTO r; END $$;
DO $$ DECLARE c refcursor; BEGIN OPEN c FOR EXECUTE 'DELETE FROM regress_plc_t'; END $$;
DO $$ DECLARE c refcursor; BEGIN OPEN c FOR EXECUTE NULL; END $$;
DO $$ DECLARE c refcursor; BEGIN OPEN c FOR EXECUTE 'SELECT 1; SELECT 2'; END $$;
DO $$ DECLARE c refcursor; r record; BEGIN OPEN c FOR SELECT 1; FETCH ABSOLUTE NULL FROM c INTO r; END $$;
BEGIN;
DO $$ DECLARE c refcursor := 'regress_plc_sql'; r record;
BEGIN FETCH c INTO r; RAISE NOTICE 'from SQL cursor: %', r; END $$;
ROLLBACK;
BEGIN;
DECLARE regress_plc_sql CURSOR FOR SELECT 42 AS x;
DO $$ DECLARE c refcursor := 'regress_plc_sql'; r record;
BEGIN FETCH c INTO r; RAISE NOTICE 'from SQL cursor: %', r; CLOSE c; END $$;
FETCH regress_plc_sql;
ROLLBACK;
-- a refcursor parameter opened by the callee (the first datum), RETURN $1; bound
-- cursors' arguments by name and position, comments among them, an argument named like a
-- variable, an error while evaluating them
CREATE FUNCTION regress_plc_ret(rc refcursor) RETURNS refcursor LANGUAGE plpgsql AS $$
BEGIN
  OPEN rc FOR SELECT a FROM regress_plc_t ORDER BY a;
  RETURN rc;
END $$;
CREATE FUNCTION regress_plc_ret1(refcursor) RETURNS refcursor LANGUAGE plpgsql AS $$
BEGIN
  PERFORM regress_plc_ret($1);
  RETURN $1;
END $$;
BEGIN;
SELECT regress_plc_ret1('regress_plc_c1');
FETCH NEXT IN regress_plc_c1;
FETCH ALL FROM regress_plc_c1;
COMMIT;
FETCH NEXT FROM regress_plc_c1;
CREATE FUNCTION regress_plc_args(p1 int, q int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  c1 CURSOR (p1 int, p2 int) FOR SELECT count(*) FROM regress_plc_t WHERE a > p1 AND a < p2;
  p2 int := 4;
  n int;
  out text := '';
BEGIN
  OPEN c1(p2 := p2, p1 := p1);
  FETCH c1 INTO n; out := out || n; CLOSE c1;
  OPEN c1(p1 := q, 3);
  FETCH c1 INTO n; out := out || n; CLOSE c1;
  OPEN c1 (0 -- a comment
    , 9);
  FETCH c1 INTO n; out := out || n; CLOSE c1;
  RETURN out || ' ' || regress_plc_args.p1;
END $$;
SELECT regress_plc_args(1, 0);
CREATE FUNCTION regress_plc_argerr() RETURNS void LANGUAGE plpgsql AS $$
DECLARE c1 CURSOR (p1 int, p2 int) FOR SELECT p1, p2;
BEGIN
  OPEN c1 (p2 := 77, p1 := 42/0);
END $$;
SELECT regress_plc_argerr();
DROP FUNCTION regress_plc_ret1(refcursor), regress_plc_ret(refcursor), regress_plc_args(int, int),
  regress_plc_argerr();
DROP FUNCTION regress_plc_open();
DROP FUNCTION regress_plc_named(refcursor, int);
DROP FUNCTION regress_plc_bound();
DROP TABLE regress_plc_t;
SELECT 'abc'::refcursor, pg_typeof('abc'::refcursor), '{a,"b c"}'::refcursor[];
SELECT 'abc'::refcursor = 'abc';
-- FOR over a bound cursor fetches one row at a time: WHERE CURRENT OF in the loop's
-- body updates the row of this iteration
create temp table forc_cur_test as select n as i, n as j from generate_series(1,10) n;
create function forc_cur_update() returns void as $$
declare
  c cursor for select * from forc_cur_test;
begin
  for r in c loop
    raise notice '%, %', r.i, r.j;
    update forc_cur_test set i = i * 100, j = r.j * 2 where current of c;
  end loop;
end $$ language plpgsql;
select forc_cur_update();
select * from forc_cur_test order by j;
drop function forc_cur_update();
drop table forc_cur_test;
