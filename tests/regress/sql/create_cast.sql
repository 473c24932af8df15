-- CREATE CAST (WITH FUNCTION, WITH INOUT, AS ASSIGNMENT / IMPLICIT), user casts used by
-- CAST / ::, assignments and implicit coercions, pg_cast / pg_depend rows, CreateCast's errors
-- and domain warning, COMMENT ON CAST, DROP CAST and DROP ... CASCADE (commands/cast_commands.py).
CREATE SCHEMA cast8;
SET search_path = cast8, public;
CREATE TYPE cast8_mood AS ENUM ('sad', 'ok', 'happy');
CREATE FUNCTION cast8_mood_int(cast8_mood) RETURNS int LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT CASE $1 WHEN 'sad' THEN 0 WHEN 'ok' THEN 1 ELSE 2 END $$;
CREATE FUNCTION cast8_int_mood(int) RETURNS cast8_mood LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT (enum_range(NULL::cast8_mood))[$1 + 1] $$;
SELECT 'ok'::cast8_mood::int;
CREATE CAST (cast8_mood AS int) WITH FUNCTION cast8_mood_int(cast8_mood);
SELECT 'ok'::cast8_mood::int, CAST('happy'::cast8_mood AS int), NULL::cast8_mood::int;
SELECT 'ok'::cast8_mood + 1;
CREATE CAST (int AS cast8_mood) WITH FUNCTION cast8_int_mood(int) AS ASSIGNMENT;
CREATE TABLE cast8_t (m cast8_mood);
INSERT INTO cast8_t VALUES (2), (0);
SELECT m FROM cast8_t ORDER BY m;
SELECT 1::cast8_mood;
CREATE CAST (cast8_mood AS bigint) WITH INOUT AS IMPLICIT;
SELECT 'ok'::cast8_mood::bigint;
CREATE DOMAIN cast8_d AS text;
CREATE CAST (cast8_d AS int) WITH INOUT;
CREATE FUNCTION cast8_text_len(text, int, bool) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT length($1) * 100 + $2 * 10 + $3::int';
CREATE TYPE cast8_pair AS (a int, b int);
CREATE FUNCTION cast8_pair_text(cast8_pair) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT $1.a || '/' || $1.b $$;
CREATE CAST (cast8_pair AS text) WITH FUNCTION cast8_pair_text(cast8_pair) AS IMPLICIT;
SELECT ROW(1, 2)::cast8_pair::text, length(ROW(3, 4)::cast8_pair);
SELECT castsource::regtype, casttarget::regtype, castfunc::regprocedure, castcontext, castmethod
  FROM pg_cast WHERE oid >= 16384 AND (castsource::regtype::text LIKE 'cast8%' OR casttarget::regtype::text LIKE 'cast8%') ORDER BY 1, 2;
SELECT pg_describe_object(classid, objid, objsubid) AS obj,
       pg_describe_object(refclassid, refobjid, refobjsubid) AS ref, deptype
  FROM pg_depend WHERE classid = 'pg_cast'::regclass AND objid IN (SELECT oid FROM pg_cast
    WHERE castsource::regtype::text LIKE 'cast8%' OR casttarget::regtype::text LIKE 'cast8%')
  ORDER BY 1, 2;
-- errors
CREATE CAST (cast8_mood AS int) WITH FUNCTION cast8_mood_int(cast8_mood);
CREATE CAST (int AS bool) WITH FUNCTION bool(int4);
CREATE CAST (cast8_mood AS text) WITH FUNCTION cast8_int_mood(int);
CREATE CAST (cast8_mood AS text) WITH FUNCTION cast8_mood_int(cast8_mood);
CREATE CAST (cast8_mood AS text) WITH FUNCTION nosuch(cast8_mood);
CREATE CAST (nosuch AS text) WITH INOUT;
CREATE CAST (cast8_mood AS cast8_mood) WITH INOUT;
CREATE CAST (cast8_mood AS anyelement) WITH INOUT;
CREATE CAST (cast8_mood AS numeric) WITHOUT FUNCTION;
CREATE CAST (cast8_mood AS date) WITH FUNCTION cast8_text_len(text, int, bool);
CREATE FUNCTION cast8_vol(cast8_mood) RETURNS date LANGUAGE sql AS 'SELECT current_date';
CREATE CAST (cast8_mood AS date) WITH FUNCTION cast8_vol(cast8_mood);
CREATE FUNCTION cast8_two(cast8_mood, text) RETURNS date LANGUAGE sql IMMUTABLE AS 'SELECT current_date';
CREATE CAST (cast8_mood AS date) WITH FUNCTION cast8_two(cast8_mood, text);
COMMENT ON CAST (cast8_mood AS int) IS 'mood as a number';
SELECT obj_description(oid, 'pg_cast') FROM pg_cast WHERE castsource = 'cast8_mood'::regtype AND casttarget = 'int'::regtype;
-- DROP
DROP FUNCTION cast8_mood_int(cast8_mood);
DROP CAST (cast8_mood AS int);
SELECT 'ok'::cast8_mood::int;
DROP CAST IF EXISTS (cast8_mood AS int);
DROP FUNCTION cast8_int_mood(int) CASCADE;
SELECT count(*) FROM pg_cast WHERE castsource = 'cast8_mood'::regtype OR casttarget = 'cast8_mood'::regtype;
DROP SCHEMA cast8 CASCADE;
RESET search_path;
