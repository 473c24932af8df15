-- TRUNCATE ... CASCADE empties the tables whose foreign keys reference the truncated
-- ones (round after round, partitions included, a NOTICE each); ALTER SCHEMA ...
-- RENAME TO keeps views over the schema's tables working.
CREATE TABLE tcr_parent (id int PRIMARY KEY);
CREATE TABLE tcr_child (id int PRIMARY KEY, parent int REFERENCES tcr_parent);
CREATE TABLE tcr_grandchild (id int, child int REFERENCES tcr_child) PARTITION BY RANGE (id);
CREATE TABLE tcr_grandchild_low PARTITION OF tcr_grandchild FOR VALUES FROM (0) TO (100);
CREATE TABLE tcr_other (parent int REFERENCES tcr_parent);
INSERT INTO tcr_parent VALUES (1), (2);
INSERT INTO tcr_child VALUES (10, 1), (20, 2);
INSERT INTO tcr_grandchild VALUES (5, 10);
INSERT INTO tcr_other VALUES (1);
TRUNCATE tcr_parent;
TRUNCATE tcr_child RESTRICT;
TRUNCATE tcr_child CASCADE;
SELECT (SELECT count(*) FROM tcr_parent) AS parents, (SELECT count(*) FROM tcr_child) AS children,
       (SELECT count(*) FROM tcr_grandchild) AS grandchildren, (SELECT count(*) FROM tcr_other) AS others;
TRUNCATE tcr_parent CASCADE;
SELECT (SELECT count(*) FROM tcr_parent) AS parents, (SELECT count(*) FROM tcr_other) AS others;
DROP TABLE tcr_grandchild, tcr_other, tcr_child, tcr_parent;
CREATE SCHEMA tcr_old;
CREATE TABLE tcr_old.item (x int);
INSERT INTO tcr_old.item VALUES (7);
CREATE VIEW tcr_items AS SELECT x FROM tcr_old.item;
CREATE SCHEMA tcr_taken;
ALTER SCHEMA tcr_old RENAME TO tcr_taken;
ALTER SCHEMA tcr_old RENAME TO pg_tcr;
ALTER SCHEMA tcr_absent RENAME TO tcr_new;
ALTER SCHEMA tcr_old RENAME TO tcr_new;
SELECT * FROM tcr_new.item;
SELECT * FROM tcr_items;
SELECT pg_get_viewdef('tcr_items');
SELECT nspname FROM pg_namespace WHERE nspname LIKE 'tcr%' ORDER BY 1;
DROP VIEW tcr_items;
DROP SCHEMA tcr_new CASCADE;
DROP SCHEMA tcr_taken;
