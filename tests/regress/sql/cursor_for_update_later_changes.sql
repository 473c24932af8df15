-- A FOR UPDATE / FOR SHARE cursor locks each row as it is fetched, acting as the command
-- it was declared in: a row this transaction updated or deleted after the DECLARE is
-- skipped (PostgreSQL's TM_SelfModified), never an internal error.
CREATE TABLE regress_cfu (a int);
INSERT INTO regress_cfu SELECT generate_series(1, 6);
BEGIN;
DECLARE regress_cfu_c CURSOR FOR SELECT * FROM regress_cfu ORDER BY a FOR UPDATE;
FETCH 2 FROM regress_cfu_c;
UPDATE regress_cfu SET a = a + 100 WHERE a = 4;
DELETE FROM regress_cfu WHERE a = 5;
FETCH ALL FROM regress_cfu_c;
COMMIT;
BEGIN;
INSERT INTO regress_cfu VALUES (7);
DECLARE regress_cfu_s CURSOR FOR SELECT * FROM regress_cfu WHERE a > 5 ORDER BY a FOR SHARE;
UPDATE regress_cfu SET a = 8 WHERE a = 7;
FETCH ALL FROM regress_cfu_s;
SELECT * FROM regress_cfu WHERE a > 5 ORDER BY a FOR UPDATE;
COMMIT;
SELECT * FROM regress_cfu ORDER BY a;
DROP TABLE regress_cfu;
