-- Error SQLSTATEs and messages, and the session staying usable after each.
DROP TABLE IF EXISTS regress_errs;
CREATE TABLE regress_errs (id int4 NOT NULL, note text);
-- 42601 syntax error
SELEC 1;
SELECT 1 FROM;
-- 42P01 undefined table
SELECT * FROM regress_no_such_table;
-- 42703 undefined column
SELECT no_such_column FROM regress_errs;
-- 23502 not-null violation
INSERT INTO regress_errs (note) VALUES ('x');
-- 22P02 invalid input syntax
SELECT 'abc'::int4;
INSERT INTO regress_errs VALUES ('twelve', 'x');
-- 22012 division by zero
SELECT 1 / 0;
SELECT 1;
-- 25P02 in a failed transaction block, then ROLLBACK
BEGIN;
INSERT INTO regress_errs VALUES (1, 'kept?');
SELECT 1 / 0;
SELECT 1;
INSERT INTO regress_errs VALUES (2, 'ignored');
ROLLBACK;
SELECT count(*) FROM regress_errs;
-- a committed block
BEGIN;
INSERT INTO regress_errs VALUES (3, 'kept');
COMMIT;
SELECT * FROM regress_errs;
-- COMMIT of a failed block reports ROLLBACK
BEGIN;
SELECT * FROM regress_no_such_table;
COMMIT;
SELECT count(*) FROM regress_errs;
-- A parameter symbol in a simple-protocol query has no value: 42P02 with its position.
SELECT $1::int4 + 1;
SELECT 1 WHERE 1 = $2;
-- Out-of-range conversions and column-alias lists longer than the table.
SELECT 1e400::float8;
SELECT 1e-400::float8;
SELECT * FROM (SELECT 1) s(a, b);
SELECT * FROM regress_errs x(a, b, c, d, e, f, g, h, i);
DROP TABLE regress_errs;
