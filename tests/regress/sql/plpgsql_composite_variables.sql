-- compare notices
-- A variable declared with a composite type's name (or t%ROWTYPE) starts as a NULL row
-- of that shape: it reads as NULL, its fields as NULL, and its fields can be assigned
-- one by one (the first assignment makes it a row).
CREATE TABLE pcv_t (a int, b text);
CREATE TYPE pcv_ct AS (x int, y text);
CREATE FUNCTION pcv_f1() RETURNS pcv_t LANGUAGE plpgsql AS $$
DECLARE r pcv_t%ROWTYPE;
BEGIN
  RAISE NOTICE 'r=% a=% isnull=%', r, r.a, r IS NULL;
  RETURN r;
END $$;
CREATE FUNCTION pcv_f2() RETURNS pcv_ct LANGUAGE plpgsql AS $$
DECLARE r pcv_ct;
BEGIN
  RAISE NOTICE 'r=% x=% isnull=%', r, r.x, r IS NULL;
  RETURN r;
END $$;
CREATE FUNCTION pcv_f3(n int) RETURNS pcv_ct LANGUAGE plpgsql AS $$
DECLARE r public.pcv_ct;
BEGIN
  r.x := n;
  RAISE NOTICE 'r=% isnull=%', r, r IS NULL;
  r := NULL;
  RAISE NOTICE 'after NULL: r=% x=%', r, r.x;
  r.y := 'again';
  RETURN r;
END $$;
CREATE FUNCTION pcv_f4() RETURNS text LANGUAGE plpgsql AS $$
DECLARE r pcv_t;
BEGIN
  r.b := 'q';
  RETURN r::text || coalesce(r.a::text, 'n');
END $$;
SELECT pcv_f1() IS NULL, pcv_f2() IS NULL, (pcv_f1()).a, pcv_f3(7), pcv_f4();
SELECT row_to_json(pcv_f2()), pcv_f2()::text;

-- aggregates whose transition function builds such a row (aggregates.sql's my_avg)
CREATE FUNCTION pcv_avg_transfn(state pcv_ct, n int) RETURNS pcv_ct AS $$
DECLARE new_state pcv_ct;
BEGIN
  RAISE NOTICE 'pcv_avg_transfn called with %', n;
  IF state IS NULL THEN
    IF n IS NOT NULL THEN
      new_state.x := n;
      new_state.y := '1';
      RETURN new_state;
    END IF;
    RETURN NULL;
  ELSIF n IS NOT NULL THEN
    state.x := state.x + n;
    state.y := (state.y::int + 1)::text;
    RETURN state;
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE FUNCTION pcv_avg_finalfn(state pcv_ct) RETURNS int AS $$
BEGIN
  RETURN CASE WHEN state IS NULL THEN NULL ELSE state.x / state.y::int END;
END $$ LANGUAGE plpgsql;
CREATE AGGREGATE pcv_avg(int) (stype = pcv_ct, sfunc = pcv_avg_transfn,
                               finalfunc = pcv_avg_finalfn);
SELECT pcv_avg(one) FROM (VALUES (1), (3), (NULL)) t(one);
SELECT pcv_avg(one) FROM (VALUES (NULL::int)) t(one);

DROP AGGREGATE pcv_avg(int);
DROP FUNCTION pcv_avg_transfn, pcv_avg_finalfn, pcv_f1, pcv_f2, pcv_f3, pcv_f4;
DROP TABLE pcv_t;
DROP TYPE pcv_ct;
