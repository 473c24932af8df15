-- Foreign keys: ON DELETE SET DEFAULT to a key being deleted still refuses; MATCH FULL
-- validation of existing rows (ADD and VALIDATE); the equality operators found in the
-- referenced index's operator family, or by implicit coercion, else 42804.
DROP TABLE IF EXISTS defc, defp, fkt, pkt, pk_i, fk_n, fk_b, fk_s, fk_t, fk_vt, fk_tv, fk_ib, fk_in, fk_fn, fk_a, fk_ab, fk_d CASCADE;
DROP DOMAIN IF EXISTS dint;
create table defp (f1 int primary key);
create table defc (f1 int default 0
                        references defp on delete set default);
insert into defp values (0), (1), (2);
insert into defc values (2);
select * from defc;
delete from defp where f1 = 2;
select * from defc;
delete from defp where f1 = 0; -- fail
alter table defc alter column f1 set default 1;
delete from defp where f1 = 0;
select * from defc;
delete from defp where f1 = 1; -- fail

drop table defc, defp;
CREATE TABLE PKT ( ptest1 int, ptest2 int, PRIMARY KEY(ptest1, ptest2) );
CREATE TABLE FKT ( ftest1 int, ftest2 int );
INSERT INTO PKT VALUES (1, 2);
INSERT INTO FKT VALUES (1, NULL);
ALTER TABLE FKT ADD FOREIGN KEY(ftest1, ftest2) REFERENCES PKT MATCH FULL;
ALTER TABLE FKT ADD FOREIGN KEY(ftest1, ftest2) REFERENCES PKT;
INSERT INTO FKT VALUES (NULL, NULL);
ALTER TABLE FKT ADD CONSTRAINT nv FOREIGN KEY(ftest1, ftest2) REFERENCES PKT MATCH FULL NOT VALID;
ALTER TABLE FKT VALIDATE CONSTRAINT nv;
DELETE FROM FKT WHERE ftest2 IS NULL AND ftest1 IS NOT NULL;
ALTER TABLE FKT VALIDATE CONSTRAINT nv;
DROP TABLE FKT, PKT;
CREATE TABLE pk_i (id int PRIMARY KEY, t text UNIQUE, b bigint UNIQUE, n numeric UNIQUE, a int[] UNIQUE, v varchar(5) UNIQUE);
CREATE TABLE fk_n (x numeric REFERENCES pk_i);
CREATE TABLE fk_b (x bigint REFERENCES pk_i);
CREATE TABLE fk_s (x smallint REFERENCES pk_i);
CREATE TABLE fk_t (x text REFERENCES pk_i);
CREATE TABLE fk_vt (x varchar REFERENCES pk_i(t));
CREATE TABLE fk_tv (x text REFERENCES pk_i(v));
CREATE TABLE fk_ib (x int REFERENCES pk_i(b));
CREATE TABLE fk_in (x int REFERENCES pk_i(n));
CREATE TABLE fk_fn (x float8 REFERENCES pk_i(n));
CREATE TABLE fk_a (x int[] REFERENCES pk_i(a));
CREATE TABLE fk_ab (x bigint[] REFERENCES pk_i(a));
CREATE DOMAIN dint AS int;
CREATE TABLE fk_d (x dint REFERENCES pk_i);
SELECT conname, conpfeqop, conppeqop, conffeqop FROM pg_constraint WHERE conrelid::regclass::text LIKE 'fk\_%' ORDER BY 1;
DROP TABLE pk_i CASCADE;
DROP TABLE IF EXISTS fk_n, fk_b, fk_s, fk_t, fk_vt, fk_tv, fk_ib, fk_in, fk_fn, fk_a, fk_ab, fk_d;
DROP DOMAIN dint;
CREATE TABLE fk_sys_pk (a int PRIMARY KEY);
CREATE TABLE fk_sys (b oid, FOREIGN KEY (tableoid) REFERENCES fk_sys_pk);
CREATE TABLE fk_sys (b oid, FOREIGN KEY (b) REFERENCES fk_sys_pk (tableoid));
CREATE TABLE fk_sys (b oid, FOREIGN KEY (b) REFERENCES fk_sys_pk (nosuch));
DROP TABLE fk_sys_pk;
-- referenced columns listed in another order than the unique index's
-- Two columns, two tables
CREATE TABLE PKTABLE (ptest1 int, ptest2 inet, PRIMARY KEY(ptest1, ptest2));
-- This should fail, because we just chose really odd types
CREATE TABLE FKTABLE (ftest1 cidr, ftest2 timestamp, FOREIGN KEY(ftest1, ftest2) REFERENCES pktable);
-- Again, so should this...
CREATE TABLE FKTABLE (ftest1 cidr, ftest2 timestamp, FOREIGN KEY(ftest1, ftest2) REFERENCES pktable(ptest1, ptest2));
-- This fails because we mixed up the column ordering
CREATE TABLE FKTABLE (ftest1 int, ftest2 inet, FOREIGN KEY(ftest2, ftest1) REFERENCES pktable);
-- As does this...
CREATE TABLE FKTABLE (ftest1 int, ftest2 inet, FOREIGN KEY(ftest2, ftest1) REFERENCES pktable(ptest1, ptest2));
-- And again..
CREATE TABLE FKTABLE (ftest1 int, ftest2 inet, FOREIGN KEY(ftest1, ftest2) REFERENCES pktable(ptest2, ptest1));
-- This works...
CREATE TABLE FKTABLE (ftest1 int, ftest2 inet, FOREIGN KEY(ftest2, ftest1) REFERENCES pktable(ptest2, ptest1));
DROP TABLE FKTABLE;
-- As does this
DROP TABLE IF EXISTS FKTABLE; DROP TABLE PKTABLE;
