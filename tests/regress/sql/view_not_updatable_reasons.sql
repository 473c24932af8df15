-- Views with window functions, WITH, DISTINCT ON or grouping sets are not automatically
-- updatable (rewrite/updatable_views.py not_updatable_reason, in PostgreSQL's order):
-- DML on them is 55000 with the reason, and information_schema says NO.
CREATE TABLE nuv (a int PRIMARY KEY, b text DEFAULT 'Unspecified');
INSERT INTO nuv SELECT i, 'Row ' || i FROM generate_series(-2, 2) g(i);
CREATE VIEW nuv5 AS SELECT a, rank() OVER() FROM nuv;
CREATE VIEW nuv7 AS WITH t AS (SELECT a, b FROM nuv) SELECT * FROM t;
CREATE VIEW nuv8 AS SELECT DISTINCT ON (a) a, b FROM nuv;
CREATE VIEW nuv9 AS SELECT a, b FROM nuv GROUP BY ROLLUP (a, b);
DELETE FROM nuv5;
UPDATE nuv5 SET a = a;
INSERT INTO nuv5 (a) VALUES (10);
DELETE FROM nuv7;
INSERT INTO nuv7 VALUES (10, 'x');
DELETE FROM nuv8;
DELETE FROM nuv9;
SELECT table_name, is_updatable, is_insertable_into FROM information_schema.views
 WHERE table_name LIKE 'nuv%' ORDER BY table_name;
SELECT table_name, column_name, is_updatable FROM information_schema.columns
 WHERE table_name LIKE 'nuv_' ORDER BY table_name, ordinal_position;
SELECT * FROM nuv ORDER BY a;
DROP VIEW nuv5, nuv7, nuv8, nuv9;
DROP TABLE nuv;
