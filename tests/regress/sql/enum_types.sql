-- CREATE TYPE ... AS ENUM: I/O, ordering by sort order, enum functions, ALTER TYPE
-- ADD / RENAME VALUE, casts, arrays, the catalogs, DROP TYPE.
DROP SCHEMA IF EXISTS regress_enum CASCADE;
CREATE SCHEMA regress_enum;
SET search_path = regress_enum, public;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TYPE mood AS ENUM ('x');
CREATE TYPE regress_enum.empty AS ENUM ();
CREATE TYPE dup AS ENUM ('a', 'a');
CREATE TYPE long_label AS ENUM ('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
CREATE TYPE regress_nosuch.m AS ENUM ('a');
SELECT 'sad'::mood, 'happy'::regress_enum.mood;
SELECT 'x'::mood;
SELECT 'Sad'::mood;
SELECT 'sad'::mood < 'happy'::mood, 'ok'::mood >= 'happy', 'ok'::mood = 'ok', 'ok'::mood <> 'sad';
SELECT enum_first(NULL::mood), enum_last('ok'::mood), enum_range(NULL::mood);
SELECT enum_range('ok'::mood, NULL), enum_range(NULL, 'ok'::mood), enum_range('happy'::mood, 'sad');
SELECT enum_cmp('ok', 'sad'::mood), enum_cmp('ok'::mood, 'ok');
SELECT enum_range(NULL::empty), enum_first(NULL::empty);
SELECT 'ok'::mood::text, 'happy'::text::mood, CAST('sad' AS mood), 'ok'::varchar::mood;
SELECT 'ok'::mood || '!';
SELECT 'ok'::mood + 1;
ALTER TYPE mood ADD VALUE 'ok';
ALTER TYPE mood ADD VALUE IF NOT EXISTS 'ok';
ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok';
ALTER TYPE mood ADD VALUE 'great' AFTER 'happy';
ALTER TYPE mood ADD VALUE 'first' BEFORE 'sad';
ALTER TYPE mood ADD VALUE 'x' AFTER 'nope';
ALTER TYPE mood RENAME VALUE 'nope' TO 'x';
ALTER TYPE mood RENAME VALUE 'ok' TO 'sad';
ALTER TYPE mood RENAME VALUE 'ok' TO 'fine';
ALTER TYPE regress_nosuch_type ADD VALUE 'a';
ALTER TYPE int4 ADD VALUE 'a';
SELECT enum_range(NULL::mood);
SELECT enumlabel FROM pg_enum WHERE enumtypid = 'mood'::regtype ORDER BY enumsortorder;
CREATE TABLE regress_moods (id int, m mood, ms mood[]);
INSERT INTO regress_moods VALUES (1, 'sad', '{sad,happy}'), (2, 'great', NULL), (3, NULL, '{}'),
    (4, 'meh', '{meh}'), (5, 'first', '{great,first}');
INSERT INTO regress_moods VALUES (6, 'bad', NULL);
INSERT INTO regress_moods VALUES (6, 'sad', '{bad}');
SELECT * FROM regress_moods ORDER BY m, id;
SELECT * FROM regress_moods ORDER BY m DESC NULLS LAST, id;
SELECT m, count(*) FROM regress_moods GROUP BY m ORDER BY m;
SELECT DISTINCT m FROM regress_moods ORDER BY 1;
SELECT id FROM regress_moods WHERE m > 'meh' ORDER BY id;
SELECT id FROM regress_moods WHERE m IN ('sad', 'great') ORDER BY id;
SELECT id FROM regress_moods WHERE m BETWEEN 'meh' AND 'happy' ORDER BY id;
SELECT max(m), min(m) FROM regress_moods;
SELECT m::text, upper(m::text), pg_typeof(m), pg_typeof(ms) FROM regress_moods ORDER BY id;
SELECT ms[1], array_length(ms, 1) FROM regress_moods ORDER BY id;
UPDATE regress_moods SET m = 'fine' WHERE id = 3 RETURNING *;
UPDATE regress_moods SET m = 'nope' WHERE id = 3;
SELECT greatest('sad'::mood, 'happy'), least('sad'::mood, 'happy');
SELECT format_type(t.oid, NULL), t.typtype, t.typcategory, t.typlen, t.typbyval, t.typalign,
       t.typstorage, t.typinput, t.typoutput, t.typreceive, t.typsend, a.typname AS array_name,
       a.typcategory AS array_category, a.typelem = t.oid AS elem_ok
  FROM pg_type t JOIN pg_type a ON a.oid = t.typarray
  JOIN pg_namespace n ON n.oid = t.typnamespace
 WHERE n.nspname = 'regress_enum' AND t.typtype = 'e' ORDER BY 1;
SELECT 'mood'::regtype, 'mood[]'::regtype, 'regress_enum.mood'::regtype::oid = 'mood'::regtype::oid;
DROP TYPE mood;
DROP TYPE IF EXISTS regress_nosuch_type;
DROP TYPE regress_nosuch_type;
DROP TYPE int4;
DROP TYPE _mood;
DROP DOMAIN mood;
DROP TYPE mood CASCADE;
SELECT * FROM regress_moods ORDER BY id;
BEGIN;
ALTER TYPE empty ADD VALUE 'new1';
SELECT 'new1'::empty;
ROLLBACK;
BEGIN;
ALTER TYPE empty ADD VALUE 'new2';
SELECT enum_range(NULL::empty);
COMMIT;
SELECT 'new2'::empty;
ALTER TYPE empty RENAME TO empty2;
SELECT 'new2'::empty2;
ALTER TYPE empty2 OWNER TO postgres;
DROP TABLE regress_moods;
DROP TYPE empty2, dup;
RESET search_path;
DROP SCHEMA regress_enum CASCADE;
