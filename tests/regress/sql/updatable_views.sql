-- Automatically updatable views: INSERT / UPDATE / DELETE through a simple view reach its
-- table (column defaults of the table apply), WITH [LOCAL | CASCADED] CHECK OPTION, and the
-- errors for views that cannot be written through.
DROP TABLE IF EXISTS regress_uvt CASCADE;
DROP VIEW IF EXISTS regress_nv6;
CREATE TABLE regress_uvt (a int PRIMARY KEY, b text DEFAULT 'dflt', c int DEFAULT 7);
INSERT INTO regress_uvt VALUES (1, 'one', 1), (2, 'two', 2), (3, 'three', 3);
CREATE VIEW regress_uv AS SELECT a, b FROM regress_uvt WHERE a < 10;
INSERT INTO regress_uv VALUES (4, 'four');
INSERT INTO regress_uv (a) VALUES (5);
INSERT INTO regress_uv VALUES (20, 'twenty') RETURNING *;
UPDATE regress_uv SET b = upper(b) WHERE a <= 2;
UPDATE regress_uv SET b = 'hidden' WHERE a = 20;
UPDATE regress_uv SET a = a + 100 WHERE a = 3 RETURNING a, b;
DELETE FROM regress_uv WHERE a = 20;
DELETE FROM regress_uv WHERE b = 'ONE' RETURNING *;
SELECT * FROM regress_uvt ORDER BY a;
-- renamed columns, a view over a view
CREATE VIEW regress_uv2 (x, y) AS SELECT b, a FROM regress_uv WHERE a > 1;
INSERT INTO regress_uv2 (y, x) VALUES (6, 'six');
UPDATE regress_uv2 SET x = x || '!' WHERE y = 6;
DELETE FROM regress_uv2 WHERE y = 5;
SELECT * FROM regress_uv2 ORDER BY y;
SELECT * FROM regress_uvt ORDER BY a;
-- an expression column cannot be written; the others can
CREATE VIEW regress_uv3 AS SELECT a, b || '?' AS bq FROM regress_uvt;
UPDATE regress_uv3 SET bq = 'x';
INSERT INTO regress_uv3 (a, bq) VALUES (50, 'x');
INSERT INTO regress_uv3 (a) VALUES (50);
UPDATE regress_uv3 SET a = 51 WHERE a = 50;
SELECT * FROM regress_uv3 ORDER BY a;
-- not automatically updatable
CREATE VIEW regress_nv1 AS SELECT DISTINCT b FROM regress_uvt;
CREATE VIEW regress_nv2 AS SELECT b, count(*) FROM regress_uvt GROUP BY b;
CREATE VIEW regress_nv3 AS SELECT a FROM regress_uvt LIMIT 2;
CREATE VIEW regress_nv4 AS SELECT t.a FROM regress_uvt t JOIN regress_uvt u ON t.a = u.a;
CREATE VIEW regress_nv5 AS SELECT count(*) FROM regress_uvt;
CREATE VIEW regress_nv6 AS SELECT 1 AS one;
INSERT INTO regress_nv1 VALUES ('x');
UPDATE regress_nv2 SET b = 'x';
DELETE FROM regress_nv3;
DELETE FROM regress_nv4;
UPDATE regress_nv5 SET count = 0;
DELETE FROM regress_nv6;
-- WITH CHECK OPTION
CREATE VIEW regress_cv AS SELECT a, b FROM regress_uvt WHERE a < 100 WITH CHECK OPTION;
INSERT INTO regress_cv VALUES (60, 'ok');
INSERT INTO regress_cv VALUES (160, 'too big');
UPDATE regress_cv SET a = 200 WHERE a = 60;
UPDATE regress_cv SET a = 61 WHERE a = 60;
SELECT relname, reloptions FROM pg_class WHERE relname = 'regress_cv';
CREATE VIEW regress_cv_local AS SELECT a, b FROM regress_cv WHERE a > 50 WITH LOCAL CHECK OPTION;
CREATE VIEW regress_cv_none AS SELECT a, b FROM regress_cv WHERE a > 50;
CREATE VIEW regress_lv AS SELECT a, b FROM regress_uv WHERE a > 50;
CREATE VIEW regress_cv_casc AS SELECT a, b FROM regress_lv WITH CASCADED CHECK OPTION;
INSERT INTO regress_cv_local VALUES (40, 'below');
INSERT INTO regress_cv_local VALUES (150, 'above');
INSERT INTO regress_cv_none VALUES (42, 'fine');
INSERT INTO regress_cv_none VALUES (142, 'not fine');
INSERT INTO regress_cv_casc VALUES (45, 'low');
INSERT INTO regress_cv_casc VALUES (70, 'mid');
SELECT * FROM regress_uvt ORDER BY a;
CREATE VIEW regress_bad_cv AS SELECT DISTINCT a FROM regress_uvt WITH CHECK OPTION;
SELECT pg_get_viewdef('regress_cv'::regclass);
DROP TABLE regress_uvt CASCADE;
DROP VIEW regress_nv6;
