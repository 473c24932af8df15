-- ALTER TABLE column changes through partition trees and inheritance trees: ADD / DROP
-- COLUMN, ALTER COLUMN TYPE and SET / DROP NOT NULL recursing, and ONLY refused
-- where PostgreSQL refuses it.
DROP TABLE IF EXISTS pac_p CASCADE;
DROP TABLE IF EXISTS pac_i CASCADE;
CREATE TABLE pac_p (a int, b int, v varchar(5), w int) PARTITION BY RANGE (a);
CREATE TABLE pac_p1 PARTITION OF pac_p FOR VALUES FROM (0) TO (10);
CREATE TABLE pac_p2 PARTITION OF pac_p FOR VALUES FROM (10) TO (20) PARTITION BY LIST (b);
CREATE TABLE pac_p2a PARTITION OF pac_p2 FOR VALUES IN (1, 2);
CREATE TABLE pac_p2n PARTITION OF pac_p2 FOR VALUES IN (NULL);
CREATE INDEX pac_p_v ON pac_p (v);
INSERT INTO pac_p VALUES (1, 1, 'x', 7), (11, 2, 'yy', 8), (12, NULL, 'z', 9);
ALTER TABLE pac_p ADD COLUMN c text DEFAULT 'd';
SELECT tableoid::regclass, * FROM pac_p ORDER BY a;
ALTER TABLE ONLY pac_p ADD COLUMN e int;
ALTER TABLE pac_p1 ADD COLUMN z int;
ALTER TABLE pac_p ALTER COLUMN b TYPE bigint;
ALTER TABLE pac_p ALTER COLUMN a TYPE bigint;
ALTER TABLE pac_p ALTER COLUMN w TYPE bigint;
ALTER TABLE pac_p ALTER COLUMN w TYPE text USING (w * 2)::text;
ALTER TABLE pac_p ALTER COLUMN v TYPE varchar(10);
ALTER TABLE pac_p ALTER COLUMN v TYPE varchar(1);
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod)
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
  WHERE c.relname LIKE 'pac_p%' AND a.attname IN ('b', 'v', 'w') ORDER BY 1, 2;
SELECT tableoid::regclass, * FROM pac_p WHERE v = 'yy';
SELECT tableoid::regclass, * FROM pac_p WHERE w LIKE '1%' ORDER BY a;
ALTER TABLE ONLY pac_p ALTER COLUMN w TYPE int;
ALTER TABLE ONLY pac_p ALTER COLUMN w TYPE varchar;
ALTER TABLE pac_p1 ALTER COLUMN w TYPE int;
ALTER TABLE pac_p2a ALTER COLUMN v TYPE text;
ALTER TABLE pac_p ALTER COLUMN b SET NOT NULL;
ALTER TABLE ONLY pac_p ALTER COLUMN b SET NOT NULL;
ALTER TABLE pac_p ALTER COLUMN a SET NOT NULL;
ALTER TABLE ONLY pac_p ALTER COLUMN a DROP NOT NULL;
ALTER TABLE pac_p1 ALTER COLUMN a DROP NOT NULL;
ALTER TABLE pac_p2 ALTER COLUMN a DROP NOT NULL;
SELECT c.relname, a.attname, a.attnotnull FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
  WHERE c.relname LIKE 'pac_p%' AND a.attname = 'a' ORDER BY 1;
ALTER TABLE pac_p ALTER COLUMN a DROP NOT NULL;
SELECT c.relname, a.attname, a.attnotnull FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
  WHERE c.relname LIKE 'pac_p%' AND a.attname = 'a' ORDER BY 1;
ALTER TABLE pac_p1 DROP COLUMN c;
ALTER TABLE ONLY pac_p DROP COLUMN c;
ALTER TABLE pac_p DROP COLUMN c;
SELECT tableoid::regclass, * FROM pac_p ORDER BY a;
-- inheritance
CREATE TABLE pac_i (a int, b int);
CREATE TABLE pac_ic (c int) INHERITS (pac_i);
CREATE TABLE pac_icc () INHERITS (pac_ic);
INSERT INTO pac_ic VALUES (1, 2, 3);
INSERT INTO pac_icc VALUES (4, NULL, 6);
ALTER TABLE pac_i ADD COLUMN d int DEFAULT 4;
SELECT * FROM pac_icc;
ALTER TABLE pac_i ALTER COLUMN b TYPE text;
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod)
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
  WHERE c.relname LIKE 'pac_i%' AND a.attname = 'b' ORDER BY 1;
SELECT b || '!' FROM pac_i ORDER BY 1;
ALTER TABLE ONLY pac_i ALTER COLUMN b TYPE int;
ALTER TABLE ONLY pac_i ALTER COLUMN b TYPE varchar;
ALTER TABLE ONLY pac_i ADD COLUMN e int;
ALTER TABLE pac_ic ALTER COLUMN b TYPE int USING b::int;
ALTER TABLE pac_i ALTER COLUMN b SET NOT NULL;
ALTER TABLE ONLY pac_i ALTER COLUMN a SET NOT NULL;
ALTER TABLE pac_i ALTER COLUMN a SET NOT NULL;
ALTER TABLE pac_ic ALTER COLUMN a DROP NOT NULL;
SELECT c.relname, a.attname, a.attnotnull FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
  WHERE c.relname LIKE 'pac_i%' AND a.attname = 'a' ORDER BY 1;
ALTER TABLE ONLY pac_i DROP COLUMN d;
SELECT * FROM pac_ic ORDER BY a;
ALTER TABLE pac_i DROP COLUMN b;
SELECT * FROM pac_ic ORDER BY a;
ALTER TABLE pac_ic DROP COLUMN a;
DROP TABLE pac_p CASCADE;
DROP TABLE pac_i CASCADE;
