-- RETURN of a row whose type is not the function's composite result type: its columns
-- must have the result's types by position (no implicit casts), else 42804 with the
-- first mismatching column, or the column counts.
CREATE TYPE prt_ct AS (x int, y varchar);
CREATE FUNCTION prt_f() RETURNS prt_ct AS $$ BEGIN RETURN (1.5, 'hello'::varchar); END $$ LANGUAGE plpgsql;
SELECT prt_f();
CREATE OR REPLACE FUNCTION prt_f() RETURNS prt_ct AS $$ DECLARE r record; BEGIN r := (1, 'hello'::text, 3); RETURN r; END $$ LANGUAGE plpgsql;
SELECT prt_f();
CREATE OR REPLACE FUNCTION prt_f() RETURNS prt_ct AS $$ DECLARE r record; BEGIN r := (1, 'hello'::varchar, 3); RETURN r; END $$ LANGUAGE plpgsql;
SELECT prt_f();
CREATE OR REPLACE FUNCTION prt_f() RETURNS prt_ct AS $$ DECLARE r record; BEGIN r := ROW(1); RETURN r; END $$ LANGUAGE plpgsql;
SELECT prt_f();
CREATE OR REPLACE FUNCTION prt_f() RETURNS prt_ct AS $$ BEGIN RETURN (1::int8, 'hello'::varchar); END $$ LANGUAGE plpgsql;
SELECT prt_f();
CREATE OR REPLACE FUNCTION prt_f() RETURNS prt_ct AS $$ BEGIN RETURN (1, 'hello'::varchar); END $$ LANGUAGE plpgsql;
SELECT prt_f();
CREATE OR REPLACE FUNCTION prt_f() RETURNS prt_ct AS $$ DECLARE v prt_ct; BEGIN v := (1, 'hello'); RETURN v; END $$ LANGUAGE plpgsql;
SELECT prt_f();
CREATE OR REPLACE FUNCTION prt_f() RETURNS prt_ct AS $$ BEGIN RETURN (1, 'hello')::prt_ct; END $$ LANGUAGE plpgsql;
SELECT prt_f();
CREATE OR REPLACE FUNCTION prt_f() RETURNS prt_ct AS $$ DECLARE r record; BEGIN SELECT 1 AS a, 'x'::varchar AS b INTO r; RETURN r; END $$ LANGUAGE plpgsql;
SELECT prt_f();
CREATE OR REPLACE FUNCTION prt_f() RETURNS prt_ct AS $$ DECLARE r record; BEGIN SELECT 1 AS a, 'x' AS b INTO r; RETURN r; END $$ LANGUAGE plpgsql;
SELECT prt_f();
SELECT * FROM prt_f();
DROP FUNCTION prt_f();
DROP TYPE prt_ct;
