-- ALTER SEQUENCE ... RENAME and ALTER TABLE ... RENAME of a sequence: the defaults that
-- call nextval on it follow; the refusals. Compared with PostgreSQL 15.
CREATE SEQUENCE sqrn1;
ALTER SEQUENCE sqrn1 RENAME TO sqrn2;
SELECT nextval('sqrn2');
ALTER TABLE sqrn2 RENAME TO sqrn3;
SELECT nextval('sqrn3');
ALTER SEQUENCE IF EXISTS nosuch RENAME TO x;
ALTER SEQUENCE nosuch RENAME TO x;
CREATE TABLE sqrn_t (a serial);
ALTER SEQUENCE sqrn_t RENAME TO x;
ALTER SEQUENCE sqrn_t_a_seq RENAME TO sqrn_t_seq2;
INSERT INTO sqrn_t DEFAULT VALUES;
SELECT pg_get_serial_sequence('sqrn_t', 'a'), * FROM sqrn_t;
ALTER SEQUENCE sqrn3 RENAME TO sqrn_t;
DROP TABLE sqrn_t;
DROP SEQUENCE sqrn3;
