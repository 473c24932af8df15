-- CHECK constraints: created with the table or later, enforced on INSERT and UPDATE,
-- named as PostgreSQL names them, printed by pg_get_constraintdef, dropped.
DROP TABLE IF EXISTS regress_chk;
CREATE TABLE regress_chk (a int CHECK (a > 0), b text CONSTRAINT b_not_empty CHECK (b <> ''),
  c int, d int, CHECK (c < d), CHECK (c <> 13));
SELECT conname, contype, conkey, convalidated, pg_get_constraintdef(oid) FROM pg_constraint
  WHERE conrelid = 'regress_chk'::regclass ORDER BY conname;
SELECT relchecks FROM pg_class WHERE relname = 'regress_chk';
INSERT INTO regress_chk VALUES (1, 'x', 1, 2);
INSERT INTO regress_chk VALUES (0, 'x', 1, 2);
INSERT INTO regress_chk VALUES (1, '', 1, 2);
INSERT INTO regress_chk VALUES (1, 'x', 3, 2);
INSERT INTO regress_chk VALUES (1, 'x', 13, 20);
INSERT INTO regress_chk VALUES (NULL, NULL, NULL, 2);
UPDATE regress_chk SET a = -1 WHERE a = 1;
UPDATE regress_chk SET a = 5 WHERE a = 1;
SELECT * FROM regress_chk ORDER BY a;
ALTER TABLE regress_chk ADD CONSTRAINT small_a CHECK (a < 3);
ALTER TABLE regress_chk ADD CONSTRAINT small_a CHECK (a < 3) NOT VALID;
INSERT INTO regress_chk VALUES (4, 'y', 1, 2);
ALTER TABLE regress_chk ADD CHECK (a < 100);
ALTER TABLE regress_chk ADD CHECK (a < 100);
ALTER TABLE regress_chk ADD CONSTRAINT b_not_empty CHECK (b IS NOT NULL);
SELECT conname, convalidated, pg_get_constraintdef(oid) FROM pg_constraint
  WHERE conrelid = 'regress_chk'::regclass ORDER BY conname;
ALTER TABLE regress_chk DROP CONSTRAINT small_a;
INSERT INTO regress_chk VALUES (4, 'y', 1, 2);
ALTER TABLE regress_chk DROP COLUMN c;
SELECT conname FROM pg_constraint WHERE conrelid = 'regress_chk'::regclass ORDER BY conname;
SELECT relchecks FROM pg_class WHERE relname = 'regress_chk';
ALTER TABLE regress_chk ADD COLUMN e int CHECK (e > 10) DEFAULT 11;
ALTER TABLE regress_chk ADD COLUMN f int CHECK (f > 10) DEFAULT 1;
CREATE TABLE regress_chk_bad (a int CHECK (a));
CREATE TABLE regress_chk_bad (a int CHECK (count(*) > 0));
CREATE TABLE regress_chk_bad (a int CHECK (zz > 0));
DROP TABLE regress_chk;
