-- PL/pgSQL assignment to array elements and slices, jsonb subscripts and record fields
DO $$ DECLARE a int[] := '{1,2}'; r record; BEGIN a[5] := 3; RAISE NOTICE '%', a;
  SELECT 1 AS x, 2 AS y INTO r; r.x := 7; RAISE NOTICE '%', r; END $$;
DO $$ DECLARE a int[][] := '{{1,2},{3,4}}'; BEGIN a[2][1] := 9; RAISE NOTICE '%', a;
  a[1:1][1:2] := '{{7,8}}'; RAISE NOTICE '%', a; END $$;
DO $$ DECLARE a text[]; i int := 2; BEGIN a[i+1] := 'x'; a[i] := 5;
  RAISE NOTICE '% %', a, array_dims(a); END $$;
DO $$ DECLARE a int[]; BEGIN a[NULL] := 1; END $$;
DO $$ DECLARE a int[] := '{1}'; BEGIN a[1] := 'x'; END $$;
DO $$ DECLARE a int[] := '{{1,2}}'; BEGIN a[1] := 3; END $$;
DO $$ DECLARE j jsonb; BEGIN j['a']['b'] := '1'; RAISE NOTICE '%', j;
  j['c'] := to_jsonb(5); j['a']['b'] := NULL; RAISE NOTICE '%', j; END $$;
DO $$ DECLARE j jsonb; BEGIN j[0] := '"x"'; j[2] := '3'; RAISE NOTICE '%', j; END $$;
DO $$ DECLARE j jsonb := '5'; BEGIN j['a'] := '1'; END $$;
DO $$ DECLARE a int[] := '{1,2,3,4}'; BEGIN a[2:3] := array[9,9]; RAISE NOTICE '%', a;
  a[:2] := '{0,0}'; RAISE NOTICE '%', a; END $$;
CREATE FUNCTION plsub_squares(n int) RETURNS int[] LANGUAGE plpgsql AS $$
DECLARE r int[]; BEGIN FOR i IN 1..n LOOP r[i] := i * i; END LOOP; RETURN r; END $$;
SELECT plsub_squares(4), plsub_squares(0);
DROP FUNCTION plsub_squares(int);
-- an element of a record variable's array field: r.f[i] := v
create temp table plsa_rtype (id int, ar text[]);
create function plsa_field_assign() returns text[] language plpgsql as $$
declare
  r record;
begin
  r := row(12, '{foo,bar,baz}')::plsa_rtype;
  r.ar[2] := 'replace';
  r.ar[5] := 'five';
  return r.ar;
end $$;
select plsa_field_assign();
select plsa_field_assign();
drop function plsa_field_assign();
drop table plsa_rtype;
