-- ATTACH PARTITION checks every row the new partition brings against its whole
-- partition constraint: the rows of a partitioned table's leaves, the bounds of the
-- parent's own ancestors, and the leaves of a partitioned default partition; and DROP
-- COLUMN of a partition key column of the table or of a partitioned descendant.
DROP TABLE IF EXISTS list_parted2, ld, part5_d2, pkd_parted, pkd_lp CASCADE;
CREATE TABLE list_parted2 (a int, b char) PARTITION BY LIST (a);
CREATE TABLE part_2 PARTITION OF list_parted2 FOR VALUES IN (2);
CREATE TABLE part_5 (LIKE list_parted2) PARTITION BY LIST (b);
CREATE TABLE part_5_a PARTITION OF part_5 FOR VALUES IN ('a');
INSERT INTO part_5_a (a, b) VALUES (6, 'a');
ALTER TABLE list_parted2 ATTACH PARTITION part_5 FOR VALUES IN (5);
DELETE FROM part_5_a WHERE a NOT IN (3);
ALTER TABLE list_parted2 ATTACH PARTITION part_5 FOR VALUES IN (5);
CREATE TABLE part5_def PARTITION OF part_5 DEFAULT PARTITION BY LIST(a);
CREATE TABLE part5_def_p1 PARTITION OF part5_def FOR VALUES IN (5);
INSERT INTO part5_def_p1 VALUES (5, 'y');
CREATE TABLE part5_p1 (LIKE part_5);
ALTER TABLE part_5 ATTACH PARTITION part5_p1 FOR VALUES IN ('y');
DELETE FROM part5_def_p1 WHERE b = 'y';
ALTER TABLE part_5 ATTACH PARTITION part5_p1 FOR VALUES IN ('y');
CREATE TABLE part5_q (LIKE part_5);
INSERT INTO part5_q VALUES (6, 'q');
ALTER TABLE part_5 ATTACH PARTITION part5_q FOR VALUES IN ('q');
DELETE FROM part5_q;
INSERT INTO part5_q VALUES (5, 'q');
ALTER TABLE part_5 ATTACH PARTITION part5_q FOR VALUES IN ('q');
CREATE TABLE ld (LIKE list_parted2);
INSERT INTO ld VALUES (2, 'x');
ALTER TABLE list_parted2 ATTACH PARTITION ld DEFAULT;
CREATE TABLE part5_d2 (LIKE part_5);
INSERT INTO part5_d2 VALUES (7, 'z');
ALTER TABLE part5_def ATTACH PARTITION part5_d2 DEFAULT;
SELECT tableoid::regclass, * FROM list_parted2 ORDER BY 1, 2, 3;
CREATE TABLE pkd_parted (a int, b int) PARTITION BY RANGE (a, (a + b + 1));
ALTER TABLE pkd_parted DROP COLUMN a;
ALTER TABLE pkd_parted DROP COLUMN b;
CREATE TABLE pkd_lp (a int, b text, c int) PARTITION BY LIST (a);
CREATE TABLE pkd_lp5 PARTITION OF pkd_lp FOR VALUES IN (5) PARTITION BY LIST (b);
ALTER TABLE pkd_lp DROP COLUMN b;
ALTER TABLE pkd_lp ALTER COLUMN b TYPE varchar;
ALTER TABLE pkd_lp DROP COLUMN c;
SELECT attname FROM pg_attribute WHERE attrelid = 'pkd_lp5'::regclass AND attnum > 0 ORDER BY attnum;
DROP TABLE list_parted2, ld, part5_d2, pkd_parted, pkd_lp;
