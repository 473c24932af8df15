-- %TYPE and %ROWTYPE declarations, FOREACH over arrays.
DROP TABLE IF EXISTS regress_ty;
CREATE TABLE regress_ty (id int, name text, price numeric);
INSERT INTO regress_ty VALUES (1, 'pen', 1.50), (2, 'ink', 3.25);
CREATE FUNCTION regress_ty_f(k int) RETURNS text AS $$
DECLARE
  n regress_ty.name%TYPE;
  p regress_ty.price%TYPE;
  k2 k%TYPE := k * 2;
  r regress_ty%ROWTYPE;
  total int := 0;
  e int;
BEGIN
  SELECT name, price INTO n, p FROM regress_ty WHERE id = k;
  SELECT * INTO r FROM regress_ty WHERE id = k;
  FOREACH e IN ARRAY '{1,2,3}'::int[] LOOP
    total := total + e;
  END LOOP;
  FOREACH e IN ARRAY '{{1,2},{3,4}}'::int[] LOOP
    total := total + e;
    EXIT WHEN e = 3;
  END LOOP;
  RETURN n || ' ' || p::text || ' ' || k2::text || ' ' || r.name || ' ' || total::text;
END $$ LANGUAGE plpgsql;
SELECT regress_ty_f(2);
DO $$ DECLARE r regress_ty%ROWTYPE; BEGIN RAISE NOTICE '% %', r.id, r.name; END $$;
DO $$ DECLARE e int; BEGIN FOREACH e IN ARRAY NULL::int[] LOOP END LOOP; END $$;
DROP FUNCTION regress_ty_f(int);
DROP TABLE regress_ty;
-- format() in dynamic SQL, ARRAY[...] in FOREACH, a set-returning PL/pgSQL function in a select list
DO $$ DECLARE n bigint; e int; t int := 0; BEGIN
  EXECUTE format('SELECT count(*) FROM %I', 'pg_namespace') INTO n;
  RAISE NOTICE 'namespaces>0 %', n > 0;
  FOREACH e IN ARRAY ARRAY[1, 2, 3] LOOP t := t + e; END LOOP;
  RAISE NOTICE 'sum %', t;
END $$;
CREATE FUNCTION regress_srf_sel(n int) RETURNS SETOF int AS $$ BEGIN RETURN QUERY SELECT generate_series(1, n); END $$ LANGUAGE plpgsql;
SELECT regress_srf_sel(3);
SELECT x, regress_srf_sel(x) FROM (VALUES (1), (2)) v(x) ORDER BY 1, 2;
DROP FUNCTION regress_srf_sel(int);
