-- Reading or changing an index or a composite type as if it were a table: 42809
-- '"x" is an index' / '"x" is a composite type' at the name's position, for SELECT,
-- INSERT, UPDATE, DELETE and COPY. Compared with PostgreSQL 15.
CREATE TABLE rkr (a int);
CREATE INDEX rkr_i ON rkr (a);
CREATE TYPE rkr_c AS (x int);
INSERT INTO rkr_i VALUES (1);
UPDATE rkr_i SET a = 1;
DELETE FROM rkr_i;
SELECT * FROM rkr_i;
SELECT * FROM rkr JOIN rkr_i ON true;
INSERT INTO rkr_c VALUES (1);
SELECT * FROM rkr_c;
COPY rkr_i FROM stdin;
\.
COPY rkr_i TO stdout;
DROP TABLE rkr;
DROP TYPE rkr_c;
