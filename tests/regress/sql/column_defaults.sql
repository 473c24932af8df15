-- Column DEFAULT expressions are analysed when the column is defined (PostgreSQL's
-- cookDefault): errors at CREATE / ALTER time, and pg_get_expr prints the analysed form
-- ('x'::text, '-1'::integer), pretty or not; CHECK constraints print pretty for psql.
DROP TABLE IF EXISTS regress_defaults CASCADE;
DROP TABLE IF EXISTS regress_bad_default;
CREATE TABLE regress_defaults (a int DEFAULT 1, b text DEFAULT 'x', c numeric(10,2) DEFAULT 1.5,
  d timestamp DEFAULT now(), e varchar(10) DEFAULT 'y', f bool DEFAULT true,
  g int CHECK (g > 0 AND g < 100), h text CHECK (h IN ('a', 'b')), i date DEFAULT CURRENT_DATE,
  j int[] DEFAULT '{1,2}', k bigint DEFAULT -1, l text DEFAULT 'it''s' || 'x',
  m char(3) DEFAULT 'ab', n interval DEFAULT '1 day', o int DEFAULT NULL,
  p numeric DEFAULT 1.5 * 2, q text DEFAULT upper('q'), r varchar(2) DEFAULT 'abc');
SELECT a.attname, pg_get_expr(d.adbin, d.adrelid), pg_get_expr(d.adbin, d.adrelid, true)
  FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
  WHERE d.adrelid = 'regress_defaults'::regclass ORDER BY a.attnum;
SELECT conname, pg_get_constraintdef(oid), pg_get_constraintdef(oid, true)
  FROM pg_constraint WHERE conrelid = 'regress_defaults'::regclass ORDER BY conname;
INSERT INTO regress_defaults (g) VALUES (5);
INSERT INTO regress_defaults (r) VALUES ('ab');
SELECT a, b, c, e, f, j, k, l, m, n, o, p, q, r FROM regress_defaults ORDER BY r NULLS FIRST;
ALTER TABLE regress_defaults ALTER COLUMN a SET DEFAULT 'abc';
ALTER TABLE regress_defaults ALTER COLUMN a SET DEFAULT 'x'::text;
ALTER TABLE regress_defaults ALTER COLUMN a SET DEFAULT a + 1;
ALTER TABLE regress_defaults ALTER COLUMN a SET DEFAULT 2 + 3;
ALTER TABLE regress_defaults ADD COLUMN s text DEFAULT 's' || 't';
ALTER TABLE regress_defaults RENAME COLUMN g TO g2;
SELECT pg_get_expr(adbin, adrelid, true) FROM pg_attrdef
  WHERE adrelid = 'regress_defaults'::regclass AND adnum IN (1, 19) ORDER BY adnum;
SELECT pg_get_constraintdef(oid, true) FROM pg_constraint
  WHERE conrelid = 'regress_defaults'::regclass AND conname = 'regress_defaults_g_check';
-- the renamed column's CHECK still holds
INSERT INTO regress_defaults (g2) VALUES (7);
INSERT INTO regress_defaults (g2) VALUES (700);
CREATE TABLE regress_bad_default (a int DEFAULT 'abc');
CREATE TABLE regress_bad_default (a int, b int DEFAULT a);
CREATE TABLE regress_bad_default (a int DEFAULT (SELECT 1));
CREATE TABLE regress_bad_default (a int DEFAULT sum(1));
CREATE TABLE regress_bad_default (a int DEFAULT 'x'::text);
CREATE TABLE regress_bad_default (a int DEFAULT generate_series(1, 2));
CREATE TABLE regress_bad_default (a int DEFAULT row_number() OVER ());
CREATE TABLE regress_bad_default (a int DEFAULT $1);
CREATE TABLE regress_bad_default (a int CHECK (a > (SELECT 1)));
DROP TABLE regress_defaults;
