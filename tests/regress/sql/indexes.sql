-- B-tree indexes from SQL: CREATE/DROP INDEX, PRIMARY KEY and UNIQUE enforced, the
-- catalog rows they leave, and the names PostgreSQL chooses.
DROP TABLE IF EXISTS regress_idx_t, regress_idx_u, regress_idx_v, regress_idx_w;
CREATE TABLE regress_idx_t (a int PRIMARY KEY, b text UNIQUE, c int);
SELECT relname, relkind, relam, relnatts, relhasindex FROM pg_class
  WHERE relname LIKE 'regress_idx%' ORDER BY oid;
SELECT conname, contype, conkey FROM pg_constraint
  WHERE conrelid = 'regress_idx_t'::regclass ORDER BY oid;
SELECT i.indnatts, i.indnkeyatts, i.indisunique, i.indisprimary, i.indimmediate,
       i.indisvalid, i.indisready, i.indislive
  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
  WHERE c.relname LIKE 'regress_idx%' ORDER BY c.oid;
SELECT c.relname, a.attname, a.attnum, a.atttypid, a.attcollation FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  WHERE c.relname LIKE 'regress_idx_t_%' ORDER BY c.oid, a.attnum;
INSERT INTO regress_idx_t VALUES (1, 'x', 1);
INSERT INTO regress_idx_t VALUES (1, 'y', 2);
INSERT INTO regress_idx_t VALUES (2, 'x', 2);
INSERT INTO regress_idx_t VALUES (NULL, 'z', 3);
INSERT INTO regress_idx_t VALUES (2, NULL, 3), (3, NULL, 4);
INSERT INTO regress_idx_t VALUES (4, 'w', 5), (4, 'v', 6);
SELECT * FROM regress_idx_t ORDER BY a;
UPDATE regress_idx_t SET a = a + 1;
UPDATE regress_idx_t SET a = 10 WHERE a = 1;
UPDATE regress_idx_t SET b = 'x' WHERE a = 2;
UPDATE regress_idx_t SET b = 'q' WHERE a = 2;
SELECT * FROM regress_idx_t ORDER BY a;
DELETE FROM regress_idx_t WHERE a = 1;
INSERT INTO regress_idx_t VALUES (1, 'x', 7);
BEGIN;
INSERT INTO regress_idx_t VALUES (50, 'fifty', 0);
INSERT INTO regress_idx_t VALUES (50, 'again', 0);
ROLLBACK;
INSERT INTO regress_idx_t VALUES (50, 'fifty', 0);
SELECT * FROM regress_idx_t ORDER BY a;
CREATE INDEX ON regress_idx_t (c);
CREATE INDEX ON regress_idx_t (c);
CREATE UNIQUE INDEX ON regress_idx_t (c);
CREATE INDEX ON regress_idx_t (c DESC NULLS LAST, b) INCLUDE (a);
CREATE INDEX regress_idx_t_c_idx ON regress_idx_t (b);
CREATE INDEX IF NOT EXISTS regress_idx_t_c_idx ON regress_idx_t (b);
CREATE INDEX ON regress_idx_t (zz);
CREATE INDEX ON regress_idx_t USING foo (c);
CREATE INDEX ON regress_idx_nope (c);
CREATE INDEX ON regress_idx_t (a, a);
CREATE INDEX ON regress_idx_t (xmin);
CREATE INDEX ON regress_idx_t (ctid);
CREATE INDEX ON regress_idx_t (c) WITH (fillfactor = 5);
CREATE INDEX ON regress_idx_t (c) WITH (fillfactor = 70);
SELECT c.relname, c.reloptions, i.indoption::int2[] = '{1,0}' AS desc_first FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid
  WHERE c.relname LIKE 'regress_idx%' ORDER BY c.oid;
SELECT c.relname, a.attname, a.attnum FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
  WHERE c.relname LIKE 'regress_idx_t_a%' ORDER BY c.oid, a.attnum;
BEGIN;
CREATE INDEX CONCURRENTLY ON regress_idx_t (c);
ROLLBACK;
DROP INDEX regress_idx_t_pkey;
DROP INDEX regress_idx_t;
DROP INDEX regress_idx_nope;
DROP INDEX IF EXISTS regress_idx_nope;
DROP INDEX regress_idx_t_c_idx, regress_idx_t_c_idx1;
DROP TABLE regress_idx_t_c_idx2;
SELECT relname FROM pg_class WHERE relname LIKE 'regress_idx%' ORDER BY oid;
CREATE TABLE regress_idx_u (a int, b int, UNIQUE (a, b), UNIQUE (b), PRIMARY KEY (b, a));
SELECT relname FROM pg_class WHERE relname LIKE 'regress_idx_u%' ORDER BY oid;
INSERT INTO regress_idx_u VALUES (1, 1), (1, 2);
INSERT INTO regress_idx_u VALUES (2, 1);
INSERT INTO regress_idx_u VALUES (NULL, 3);
CREATE TABLE regress_idx_v (a int UNIQUE NULLS NOT DISTINCT, b int UNIQUE);
INSERT INTO regress_idx_v VALUES (NULL, NULL);
INSERT INTO regress_idx_v VALUES (NULL, NULL);
INSERT INTO regress_idx_v VALUES (1, NULL);
SELECT * FROM regress_idx_v ORDER BY a;
CREATE TABLE regress_idx_w (a int, b text);
INSERT INTO regress_idx_w VALUES (1, 'a'), (1, 'b'), (2, 'c');
CREATE UNIQUE INDEX ON regress_idx_w (a);
CREATE UNIQUE INDEX ON regress_idx_w (b);
INSERT INTO regress_idx_w VALUES (3, 'c');
DELETE FROM regress_idx_w WHERE b = 'b';
CREATE UNIQUE INDEX ON regress_idx_w (a);
INSERT INTO regress_idx_w VALUES (2, 'd');
CREATE TABLE regress_idx_bad (a int, UNIQUE (zz));
CREATE TABLE regress_idx_bad (a int PRIMARY KEY, b int PRIMARY KEY);
DROP TABLE regress_idx_t, regress_idx_u, regress_idx_v, regress_idx_w;
SELECT count(*) FROM pg_class WHERE relname LIKE 'regress_idx%';
SELECT count(*) FROM pg_constraint WHERE conname LIKE 'regress_idx%';
