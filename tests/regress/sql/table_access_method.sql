-- ALTER TABLE ... SET ACCESS METHOD (heap, the table's own: no rewrite; other names
-- refused) and ALTER TABLE / INDEX ... SET TABLESPACE (pg_default; the refusals).
-- Compared with PostgreSQL 15.
CREATE TABLE tam_t (a int);
INSERT INTO tam_t VALUES (1), (2);
CREATE INDEX tam_a ON tam_t (a);
CREATE TABLE tam_f AS SELECT relfilenode FROM pg_class WHERE relname = 'tam_t';
ALTER TABLE tam_t SET ACCESS METHOD heap;
SELECT c.relfilenode <> f.relfilenode AS rewritten FROM pg_class c, tam_f f WHERE c.relname = 'tam_t';
SELECT amname FROM pg_class c JOIN pg_am a ON a.oid = c.relam WHERE c.relname = 'tam_t';
ALTER TABLE tam_t SET ACCESS METHOD nosuch;
ALTER TABLE tam_t SET ACCESS METHOD btree;
ALTER TABLE tam_t SET ACCESS METHOD heap, SET ACCESS METHOD heap;
ALTER TABLE tam_t SET TABLESPACE pg_default;
ALTER TABLE tam_t SET TABLESPACE nosuch;
ALTER TABLE tam_t SET TABLESPACE pg_global;
ALTER INDEX tam_a SET TABLESPACE pg_default;
SELECT * FROM tam_t WHERE a = 2;
CREATE TABLE tam_p (a int) PARTITION BY LIST (a);
ALTER TABLE tam_p SET ACCESS METHOD heap;
ALTER TABLE tam_p SET TABLESPACE pg_default;
DROP TABLE tam_t, tam_f, tam_p;
