-- PL/pgSQL FOREACH ... SLICE n: the sub-arrays over the last n dimensions; its errors
-- (slice past the array's dimensions, a scalar loop variable with SLICE, an array one
-- without); FOREACH over composite elements into a row of variables, and arrays of a
-- composite type declared in DECLARE.
-- compare notices
CREATE TYPE pl_fe_pair AS (x int, y int);
CREATE FUNCTION pl_fe_ints(anyarray, int) RETURNS void AS $$
DECLARE v int[]; s int := 0;
BEGIN
  IF $2 = 0 THEN
    FOREACH s IN ARRAY $1 LOOP RAISE NOTICE 'element %', s; END LOOP;
  ELSIF $2 = 1 THEN
    FOREACH v SLICE 1 IN ARRAY $1 LOOP RAISE NOTICE 'slice %', v; END LOOP;
  ELSE
    FOREACH v SLICE 2 IN ARRAY $1 LOOP RAISE NOTICE 'slice2 %', v; END LOOP;
  END IF;
  RAISE NOTICE 'found %', found;
END $$ LANGUAGE plpgsql;
SELECT pl_fe_ints(ARRAY[1, 2, 3], 0);
SELECT pl_fe_ints(ARRAY[[1, 2], [3, 4]], 0);
SELECT pl_fe_ints(ARRAY[1, 2, 3], 1);
SELECT pl_fe_ints(ARRAY[[1, 2], [3, 4], [5, 6]], 1);
SELECT pl_fe_ints(ARRAY[[[1, 2]], [[3, 4]]], 1);
SELECT pl_fe_ints(ARRAY[[[1, 2]], [[3, 4]]], 2);
SELECT pl_fe_ints(ARRAY[[1, 2], [3, 4]], 2);
SELECT pl_fe_ints(ARRAY[1, 2, 3], 2);
SELECT pl_fe_ints('{}'::int[], 1);
SELECT pl_fe_ints('{}'::int[], 0);
DO $$ DECLARE x int; BEGIN FOREACH x SLICE 1 IN ARRAY ARRAY[1, 2] LOOP END LOOP; END $$;
DO $$ DECLARE x int[]; BEGIN FOREACH x IN ARRAY ARRAY[1, 2] LOOP END LOOP; END $$;
DO $$ DECLARE x int; BEGIN FOREACH x IN ARRAY NULL::int[] LOOP END LOOP; END $$;
DO $$ DECLARE x int; BEGIN FOREACH x IN ARRAY 5 LOOP END LOOP; END $$;
DO $$ DECLARE x int; BEGIN
  FOREACH x IN ARRAY ARRAY[1, 2, 3, 4] LOOP EXIT WHEN x = 3; RAISE NOTICE '%', x; END LOOP;
END $$;
CREATE FUNCTION pl_fe_pairs(pl_fe_pair[]) RETURNS void AS $$
DECLARE x int; y int; p pl_fe_pair; ps pl_fe_pair[];
BEGIN
  FOREACH x, y IN ARRAY $1 LOOP RAISE NOTICE 'x = %, y = %', x, y; END LOOP;
  FOREACH p IN ARRAY $1 LOOP RAISE NOTICE 'p = %', p; END LOOP;
  FOREACH ps SLICE 1 IN ARRAY $1 LOOP RAISE NOTICE 'ps = %', ps; END LOOP;
END $$ LANGUAGE plpgsql;
SELECT pl_fe_pairs(ARRAY[(10, 20), (40, 69)]::pl_fe_pair[]);
SELECT pl_fe_pairs(ARRAY[[(1, 2), (3, 4)], [(5, 6), (7, 8)]]::pl_fe_pair[]);
DROP FUNCTION pl_fe_pairs(pl_fe_pair[]);
DROP FUNCTION pl_fe_ints(anyarray, int);
DROP TYPE pl_fe_pair;
