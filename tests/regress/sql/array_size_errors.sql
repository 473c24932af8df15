-- Array assignments past PostgreSQL's maximum array size (54000) and array_fill's
-- multi-dimensional dimension arrays (2202E), instead of Python errors.
DROP TABLE IF EXISTS regress_ase;
CREATE TABLE regress_ase (pk int4 PRIMARY KEY, f1 int[]);
INSERT INTO regress_ase VALUES (10, '[-2147483648:-2147483647]={1,2}');
UPDATE regress_ase SET f1[2147483647] = 42 WHERE pk = 10;
UPDATE regress_ase SET f1[2147483646:2147483647] = array[4,2] WHERE pk = 10;
INSERT INTO regress_ase (pk, f1[0:2147483647]) VALUES (2, '{}');
INSERT INTO regress_ase (pk, f1[-2147483648:2147483647]) VALUES (2, '{}');
UPDATE regress_ase SET f1[200000000] = 42 WHERE pk = 10;
UPDATE regress_ase SET f1[-2147483646] = 5 WHERE pk = 10 RETURNING *;
SELECT array_fill(1, array[[1,2],[3,4]]);
SELECT array_fill(1, array[2,2], array[[1,1],[1,1]]);
SELECT array_fill(7, array[3,3]);
DROP TABLE regress_ase;
