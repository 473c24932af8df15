-- Typed tables: CREATE TABLE ... OF a composite type with WITH OPTIONS and table
-- constraints, reloftype and pg_depend, the ALTER TABLE refusals, ALTER TABLE OF / NOT
-- OF and its checks, ALTER TYPE with typed tables (CASCADE), DROP TYPE.
CREATE TYPE tt_person AS (id int, name text, born date);
CREATE TABLE tt_people OF tt_person;
CREATE TABLE IF NOT EXISTS tt_people OF tt_person;
CREATE TABLE tt_staff OF tt_person (
    PRIMARY KEY (id),
    name WITH OPTIONS NOT NULL DEFAULT 'nobody',
    CHECK (born > '1900-01-01'));
SELECT relname, reloftype::regtype FROM pg_class WHERE relname LIKE 'tt\_%' ORDER BY 1;
SELECT attname, atttypid::regtype, attnotnull, atthasdef, attislocal FROM pg_attribute
WHERE attrelid = 'tt_staff'::regclass AND attnum > 0 ORDER BY attnum;
SELECT refobjid::regtype, deptype FROM pg_depend
WHERE classid = 'pg_class'::regclass AND objid = 'tt_staff'::regclass
  AND refclassid = 'pg_type'::regclass;
INSERT INTO tt_staff (id, born) VALUES (1, '1990-05-01');
INSERT INTO tt_staff VALUES (2, 'b', '1850-01-01');
INSERT INTO tt_people VALUES (1, 'a', NULL);
SELECT * FROM tt_staff;
SELECT * FROM tt_people;
-- errors
CREATE TABLE tt_bad1 OF tt_person (nope WITH OPTIONS NOT NULL);
CREATE TABLE tt_bad2 OF tt_person (id WITH OPTIONS NOT NULL, id WITH OPTIONS DEFAULT 1);
CREATE TABLE tt_bad3 OF int4;
CREATE TABLE tt_bad4 OF tt_people;
CREATE TABLE tt_bad5 OF no_such_type;
ALTER TABLE tt_people ADD COLUMN extra int;
ALTER TABLE tt_people DROP COLUMN name;
ALTER TABLE tt_people ALTER COLUMN name TYPE varchar;
ALTER TABLE tt_people RENAME COLUMN name TO nm;
ALTER TABLE tt_people ALTER COLUMN name SET NOT NULL;
-- ALTER TABLE OF / NOT OF
CREATE TABLE tt_plain (id int, name text, born date);
ALTER TABLE tt_plain OF tt_person;
SELECT reloftype::regtype FROM pg_class WHERE relname = 'tt_plain';
ALTER TABLE tt_plain NOT OF;
ALTER TABLE tt_plain NOT OF;
SELECT reloftype FROM pg_class WHERE relname = 'tt_plain';
CREATE TABLE tt_wrong1 (id int, name varchar, born date);
ALTER TABLE tt_wrong1 OF tt_person;
CREATE TABLE tt_wrong2 (id int, label text, born date);
ALTER TABLE tt_wrong2 OF tt_person;
CREATE TABLE tt_wrong3 (id int, name text);
ALTER TABLE tt_wrong3 OF tt_person;
CREATE TABLE tt_wrong4 (id int, name text, born date, more int);
ALTER TABLE tt_wrong4 OF tt_person;
-- ALTER TYPE follows into typed tables only with CASCADE
ALTER TYPE tt_person ADD ATTRIBUTE age int;
ALTER TYPE tt_person ADD ATTRIBUTE age int CASCADE;
SELECT attname FROM pg_attribute WHERE attrelid = 'tt_people'::regclass AND attnum > 0
  AND NOT attisdropped ORDER BY attnum;
ALTER TYPE tt_person DROP ATTRIBUTE born CASCADE;
SELECT * FROM tt_staff;
DROP TYPE tt_person;
DROP TYPE tt_person CASCADE;
SELECT relname FROM pg_class WHERE relname IN ('tt_people', 'tt_staff');
DROP TABLE tt_plain, tt_wrong1, tt_wrong2, tt_wrong3, tt_wrong4;
