-- CREATE / ALTER / DROP COLLATION with the libc provider: FROM an existing collation,
-- LOCALE / LC_COLLATE / LC_CTYPE, DETERMINISTIC and VERSION, PostgreSQL's errors for
-- unknown, repeated and conflicting options, missing locales, names already taken (and
-- IF NOT EXISTS), copying "default"; the pg_collation rows; RENAME TO, OWNER TO, SET
-- SCHEMA, REFRESH VERSION; a column's COLLATE of a user collation (comparisons, ORDER BY,
-- case mapping by LC_CTYPE) keeps DROP from removing it unless CASCADE; COMMENT ON.
DROP TABLE IF EXISTS regress_coll_t;
DROP SCHEMA IF EXISTS regress_coll_s CASCADE;
DROP COLLATION IF EXISTS regress_coll_a;
DROP COLLATION IF EXISTS regress_coll_b;
DROP COLLATION IF EXISTS regress_coll_c;
DROP COLLATION IF EXISTS regress_coll_d;
DROP COLLATION IF EXISTS regress_coll_e;
CREATE SCHEMA regress_coll_s;
CREATE COLLATION regress_coll_x (locale = 'NONSENSE');
CREATE COLLATION regress_coll_x (lc_collate = 'C', lc_ctype = 'xx');
CREATE COLLATION regress_coll_x (lc_collate = 'C');
CREATE COLLATION regress_coll_x (lc_ctype = 'C');
CREATE COLLATION regress_coll_x (provider = icu);
CREATE COLLATION regress_coll_x (provider = foo, locale = 'C');
CREATE COLLATION regress_coll_x (locale = 'C', deterministic = false);
CREATE COLLATION regress_coll_x (locale = 'C', deterministic = maybe);
CREATE COLLATION regress_coll_x (locale = 'C.utf8', version = '1');
CREATE COLLATION regress_coll_x ("Lc_Collate" = "POSIX", "Lc_Ctype" = "POSIX");
CREATE COLLATION regress_coll_x (LC_COLLATE = "POSIX", LC_COLLATE = "NONSENSE", LC_CTYPE = "POSIX");
CREATE COLLATION regress_coll_x (LC_COLLATE = "POSIX", LC_CTYPE = "POSIX", LOCALE = '');
CREATE COLLATION regress_coll_x (FROM = "C", VERSION = "1");
CREATE COLLATION regress_coll_x FROM "default";
CREATE COLLATION regress_coll_x FROM nosuch;
CREATE COLLATION nosuch.regress_coll_x FROM "C";
CREATE COLLATION regress_coll_a (locale = 'C');
CREATE COLLATION IF NOT EXISTS regress_coll_a (locale = 'C');
CREATE COLLATION regress_coll_a FROM "C";
CREATE COLLATION regress_coll_b FROM "POSIX";
CREATE COLLATION regress_coll_c (lc_collate = 'POSIX', lc_ctype = 'C.UTF-8');
CREATE COLLATION regress_coll_d (provider = libc, locale = 'C.utf8', deterministic = true);
CREATE COLLATION regress_coll_s.regress_coll_e FROM regress_coll_d;
SELECT collname, collnamespace::regnamespace, collowner::regrole, collprovider,
       collisdeterministic, collencoding, collcollate, collctype, colliculocale, collversion
  FROM pg_collation WHERE collname LIKE 'regress_coll_%' ORDER BY collname;
SELECT pg_collation_actual_version(oid) FROM pg_collation WHERE collname = 'regress_coll_d';
SELECT pg_collation_actual_version(100), pg_collation_actual_version(950);
ALTER COLLATION regress_coll_a REFRESH VERSION;
ALTER COLLATION regress_coll_a RENAME TO regress_coll_b;
ALTER COLLATION regress_coll_a RENAME TO regress_coll_x;
ALTER COLLATION regress_coll_x RENAME TO regress_coll_a;
ALTER COLLATION regress_coll_a OWNER TO CURRENT_USER;
ALTER COLLATION regress_coll_e SET SCHEMA public;
ALTER COLLATION regress_coll_s.regress_coll_e SET SCHEMA regress_coll_s;
ALTER COLLATION regress_coll_a SET SCHEMA regress_coll_s;
ALTER COLLATION regress_coll_s.regress_coll_a SET SCHEMA public;
ALTER COLLATION nosuch REFRESH VERSION;
COMMENT ON COLLATION regress_coll_c IS 'posix order, utf8 case';
SELECT obj_description(oid, 'pg_collation') FROM pg_collation WHERE collname = 'regress_coll_c';
SELECT 'a' < 'B' COLLATE regress_coll_c, upper('é' COLLATE regress_coll_c),
       upper('é' COLLATE regress_coll_b), lower('ÉA' COLLATE regress_coll_s.regress_coll_e);
SELECT a FROM (VALUES ('b'), ('A'), ('a'), ('é')) v(a) ORDER BY a COLLATE regress_coll_c;
CREATE TABLE regress_coll_t (a text COLLATE regress_coll_b, b text COLLATE regress_coll_s.regress_coll_e);
ALTER TABLE regress_coll_t ADD COLUMN c text COLLATE regress_coll_c;
INSERT INTO regress_coll_t VALUES ('x', 'y', 'z');
SELECT pg_describe_object(classid, objid, objsubid), pg_describe_object(refclassid, refobjid, 0), deptype
  FROM pg_depend WHERE refclassid = 'pg_collation'::regclass AND classid = 'pg_class'::regclass
  AND objid = 'regress_coll_t'::regclass ORDER BY objsubid;
DROP COLLATION regress_coll_b;
DROP COLLATION regress_coll_c;
DROP COLLATION IF EXISTS regress_coll_nosuch;
DROP COLLATION regress_coll_nosuch;
DROP COLLATION regress_coll_b CASCADE;
SELECT attname FROM pg_attribute WHERE attrelid = 'regress_coll_t'::regclass AND attnum > 0
  AND NOT attisdropped ORDER BY attnum;
SELECT * FROM regress_coll_t;
DROP TABLE regress_coll_t;
DROP SCHEMA regress_coll_s CASCADE;
DROP COLLATION regress_coll_a, regress_coll_c, regress_coll_d;
