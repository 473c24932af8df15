-- ON DELETE SET NULL / SET DEFAULT (columns): only the listed key columns are set; the
-- list is checked, stored (confdelsetcols), shown, and cloned to partitions.
DROP TABLE IF EXISTS fktable, pktable, fkp_fk, fkp_pk CASCADE;
CREATE TABLE PKTABLE (tid int, id int, PRIMARY KEY (tid, id));
CREATE TABLE FKTABLE (tid int, id int, foo int, FOREIGN KEY (tid, id) REFERENCES PKTABLE ON DELETE SET NULL (bar));
CREATE TABLE FKTABLE (tid int, id int, foo int, FOREIGN KEY (tid, id) REFERENCES PKTABLE ON DELETE SET NULL (foo));
CREATE TABLE FKTABLE (tid int, id int, foo int, FOREIGN KEY (tid, foo) REFERENCES PKTABLE ON UPDATE SET NULL (foo));
CREATE TABLE FKTABLE (
  tid int, id int,
  fk_id_del_set_null int,
  fk_id_del_set_default int DEFAULT 0,
  FOREIGN KEY (tid, fk_id_del_set_null) REFERENCES PKTABLE ON DELETE SET NULL (fk_id_del_set_null),
  FOREIGN KEY (tid, fk_id_del_set_default) REFERENCES PKTABLE ON DELETE SET DEFAULT (fk_id_del_set_default)
);
SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'fktable'::regclass::oid ORDER BY oid;
INSERT INTO PKTABLE VALUES (1, 0), (1, 1), (1, 2);
INSERT INTO FKTABLE VALUES (1, 1, 1, NULL), (1, 2, NULL, 2);
DELETE FROM PKTABLE WHERE id = 1 OR id = 2;
SELECT * FROM FKTABLE ORDER BY id;
DROP TABLE FKTABLE, PKTABLE;
CREATE TABLE fkp_pk (a int, b int, PRIMARY KEY (a, b));
CREATE TABLE fkp_fk (a int DEFAULT 2501, b int DEFAULT 142857) PARTITION BY RANGE (a);
CREATE TABLE fkp_fk1 PARTITION OF fkp_fk FOR VALUES FROM (0) TO (1000);
CREATE TABLE fkp_fk2 PARTITION OF fkp_fk FOR VALUES FROM (1000) TO (3000);
ALTER TABLE fkp_fk ADD FOREIGN KEY (a, b) REFERENCES fkp_pk ON DELETE SET NULL (a);
INSERT INTO fkp_pk VALUES (500, 100000), (2501, 100000);
INSERT INTO fkp_fk VALUES (500, 100000);
BEGIN;
DELETE FROM fkp_pk WHERE a = 500;
SELECT * FROM fkp_fk;
ROLLBACK;
ALTER TABLE fkp_fk DROP CONSTRAINT fkp_fk_a_b_fkey;
ALTER TABLE fkp_fk ADD FOREIGN KEY (a, b) REFERENCES fkp_pk ON DELETE SET DEFAULT (a);
SELECT conname, conrelid::regclass, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid::regclass::text LIKE 'fkp_fk%' ORDER BY 1, 2;
DELETE FROM fkp_pk WHERE a = 500;
SELECT tableoid::regclass, * FROM fkp_fk ORDER BY a;
DROP TABLE fkp_fk, fkp_pk;
