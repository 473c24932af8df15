-- PL/pgSQL variables keep their declared type modifiers (numeric(4,2), varchar(3),
-- timestamp(0), char(3), bit(3), arrays of them), and an element assigned into an
-- array variable, also one whose type is a domain over an array, is converted to the
-- element's type and modifier and the domain's constraints are checked.
-- compare notices
DO $$ DECLARE x numeric(4,2) := 1.23456; BEGIN RAISE NOTICE '%', x; END $$;
DO $$ DECLARE x numeric(4,2); BEGIN x := 121.0; END $$;
DO $$ DECLARE x numeric(4,2); BEGIN x := 1.005; x := x * 3; RAISE NOTICE '%', x; END $$;
DO $$ DECLARE y varchar(3) := 'abcdef'; BEGIN RAISE NOTICE '%', y; END $$;
DO $$ DECLARE y varchar(3) := 'ab   '; c char(3) := 'ab'; BEGIN
  RAISE NOTICE '[%] [%]', y, c; END $$;
DO $$ DECLARE x timestamp(0) := '2020-01-01 10:00:00.7'; t time(1) := '10:00:00.77';
BEGIN RAISE NOTICE '% %', x, t; END $$;
DO $$ DECLARE x bit(3) := B'1'; BEGIN RAISE NOTICE '%', x; END $$;
DO $$ DECLARE x varchar(3)[] := '{abcdef}'; BEGIN RAISE NOTICE '%', x; END $$;
DO $$ DECLARE x varchar(3)[]; BEGIN x[2] := 'abcdef'; END $$;
DO $$ DECLARE x varchar(3)[]; BEGIN x[2] := 'ab  '; RAISE NOTICE '%', x; END $$;
DO $$ DECLARE x numeric(5,1)[]; BEGIN x[1:2] := '{1.25,2.35}'; RAISE NOTICE '%', x; END $$;
DO $$ DECLARE x CONSTANT numeric(3,1) := 2.25; BEGIN RAISE NOTICE '%', x; END $$;
CREATE FUNCTION pl_typmod_elem(numeric) RETURNS numeric AS $$
DECLARE
  x numeric(4,2)[1];
BEGIN
  x[1] := $1;
  RETURN x[1];
END$$ LANGUAGE plpgsql;
SELECT pl_typmod_elem(121.00);
SELECT pl_typmod_elem(1.23456);
CREATE DOMAIN pl_typmod_nums AS numeric(4,2)[1];
CREATE DOMAIN pl_typmod_nums2 AS pl_typmod_nums;
CREATE OR REPLACE FUNCTION pl_typmod_elem(numeric) RETURNS numeric AS $$
DECLARE
  x pl_typmod_nums;
  y pl_typmod_nums2;
BEGIN
  x[1] := $1;
  y[1] := $1 + 1;
  RETURN x[1] + y[1];
END$$ LANGUAGE plpgsql;
SELECT pl_typmod_elem(121.00);
SELECT pl_typmod_elem(1.23456);
DO $$ DECLARE x pl_typmod_nums := '{1.234}'; BEGIN RAISE NOTICE '%', x; END $$;
CREATE DOMAIN pl_typmod_pair AS int[2] CHECK (value[1] < value[2]);
CREATE FUNCTION pl_typmod_pair_set(int) RETURNS int AS $$
DECLARE
  x pl_typmod_pair := '{1,2}';
BEGIN
  x[2] := $1;
  RETURN x[2];
END$$ LANGUAGE plpgsql;
SELECT pl_typmod_pair_set(3);
SELECT pl_typmod_pair_set(-1);
DROP FUNCTION pl_typmod_pair_set(int);
DROP FUNCTION pl_typmod_elem(numeric);
DROP DOMAIN pl_typmod_pair;
DROP DOMAIN pl_typmod_nums2;
DROP DOMAIN pl_typmod_nums;
