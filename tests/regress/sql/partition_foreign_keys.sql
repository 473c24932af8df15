-- Foreign keys referencing partitioned tables and on partitioned tables: the clones
-- pg_constraint shows, their triggers, checks and actions reported by partition.
DROP TABLE IF EXISTS pfk_ref, pfk_on, pfk_on2, pfk_on3, pfk_late CASCADE;
DROP TABLE IF EXISTS pfk_p CASCADE;
CREATE TABLE pfk_p (a int PRIMARY KEY, b text) PARTITION BY RANGE (a);
CREATE TABLE pfk_p1 PARTITION OF pfk_p FOR VALUES FROM (0) TO (10);
CREATE TABLE pfk_p2 PARTITION OF pfk_p FOR VALUES FROM (10) TO (100) PARTITION BY RANGE (a);
CREATE TABLE pfk_p2a PARTITION OF pfk_p2 FOR VALUES FROM (10) TO (50);
INSERT INTO pfk_p VALUES (1, 'one'), (11, 'eleven'), (12, 'twelve'), (2, 'two');
-- a plain table referencing the partitioned one
CREATE TABLE pfk_ref (x int REFERENCES pfk_p ON DELETE CASCADE, note text);
INSERT INTO pfk_ref VALUES (1, 'a'), (11, 'b'), (12, 'c'), (NULL, 'n');
INSERT INTO pfk_ref VALUES (5, 'bad');
INSERT INTO pfk_ref VALUES (60, 'bad');
DELETE FROM pfk_p WHERE a = 11;
SELECT * FROM pfk_ref ORDER BY x;
UPDATE pfk_p SET a = 13 WHERE a = 12;
UPDATE pfk_ref SET x = 2 WHERE x = 12;
UPDATE pfk_p SET a = 13 WHERE a = 12;
SELECT * FROM pfk_ref ORDER BY x;
-- a partition created later gets its clone
CREATE TABLE pfk_p3 PARTITION OF pfk_p FOR VALUES FROM (100) TO (200);
INSERT INTO pfk_p VALUES (150, 'late');
INSERT INTO pfk_ref VALUES (150, 'ok');
DELETE FROM pfk_p WHERE a = 150;
SELECT count(*) FROM pfk_ref WHERE x = 150;
-- a partitioned table referencing the partitioned one
CREATE TABLE pfk_on (x int REFERENCES pfk_p, y int) PARTITION BY LIST (y);
CREATE TABLE pfk_on1 PARTITION OF pfk_on FOR VALUES IN (1);
CREATE TABLE pfk_on2 (x int, y int);
INSERT INTO pfk_on2 VALUES (99, 2);
ALTER TABLE pfk_on ATTACH PARTITION pfk_on2 FOR VALUES IN (2);
DELETE FROM pfk_on2;
ALTER TABLE pfk_on ATTACH PARTITION pfk_on2 FOR VALUES IN (2);
INSERT INTO pfk_on VALUES (1, 1), (2, 2);
INSERT INTO pfk_on VALUES (7, 2);
INSERT INTO pfk_on1 VALUES (7, 1);
UPDATE pfk_on SET x = 8 WHERE y = 1;
DELETE FROM pfk_p WHERE a = 1;
DELETE FROM pfk_p WHERE a = 2;
SELECT c.conname, c.conrelid::regclass, c.confrelid::regclass, c.conindid::regclass,
       p.conname AS parent, c.conislocal, c.coninhcount, c.connoinherit, c.convalidated,
       c.confdeltype, c.confupdtype
  FROM pg_constraint c LEFT JOIN pg_constraint p ON p.oid = c.conparentid
  WHERE c.contype = 'f' AND c.conrelid::regclass::text LIKE 'pfk%' ORDER BY 1, 2, 3;
SELECT t.tgrelid::regclass, t.tgname ~ '^RI_ConstraintTrigger_a' AS action, p.proname,
       c.conname, c.conrelid::regclass, c.confrelid::regclass
  FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_constraint c ON c.oid = t.tgconstraint
  WHERE t.tgrelid::regclass::text LIKE 'pfk%' ORDER BY 1, 3, 4;
SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'pfk_on_x_fkey' AND conrelid = 'pfk_on1'::regclass;
-- row locks through a partitioned table
BEGIN;
SELECT a, b FROM pfk_p WHERE a < 20 ORDER BY a FOR UPDATE;
SELECT a FROM pfk_p WHERE b = 'two' FOR KEY SHARE;
COMMIT;
-- ALTER TABLE ADD FOREIGN KEY on a partitioned table with rows
CREATE TABLE pfk_late (x int, y int) PARTITION BY RANGE (y);
CREATE TABLE pfk_late1 PARTITION OF pfk_late FOR VALUES FROM (0) TO (10);
INSERT INTO pfk_late VALUES (3, 1);
ALTER TABLE pfk_late ADD CONSTRAINT pfk_late_fk FOREIGN KEY (x) REFERENCES pfk_p;
DELETE FROM pfk_late;
ALTER TABLE pfk_late ADD CONSTRAINT pfk_late_fk FOREIGN KEY (x) REFERENCES pfk_p;
SELECT conname, conrelid::regclass, confrelid::regclass FROM pg_constraint
  WHERE conname LIKE 'pfk_late_fk%' ORDER BY 1, 2, 3;
ALTER TABLE pfk_late DROP CONSTRAINT pfk_late_fk;
SELECT count(*) FROM pg_constraint WHERE conname LIKE 'pfk_late_fk%';
INSERT INTO pfk_late VALUES (3, 1);
DROP TABLE pfk_ref, pfk_on, pfk_late;
DROP TABLE pfk_p CASCADE;
-- Partitions numbering their columns otherwise than the parent (dropped columns, another
-- order): the clones' conkey / confkey are the partition's own column numbers, rows of
-- an attached table are checked by column name, and inserts are checked on both paths.
CREATE TABLE pfk_np (fdrop1 int, a int, fdrop2 int, b int, PRIMARY KEY (a, b));
ALTER TABLE pfk_np DROP COLUMN fdrop1, DROP COLUMN fdrop2;
CREATE TABLE pfk_pf (b int, fdrop1 int, a int) PARTITION BY RANGE (a, b);
ALTER TABLE pfk_pf DROP COLUMN fdrop1;
CREATE TABLE pfk_pf_1 (fdrop1 int, fdrop2 int, a int, fdrop3 int, b int);
ALTER TABLE pfk_pf_1 DROP COLUMN fdrop1, DROP COLUMN fdrop2, DROP COLUMN fdrop3;
ALTER TABLE pfk_pf ATTACH PARTITION pfk_pf_1 FOR VALUES FROM (0,0) TO (1000,1000);
ALTER TABLE pfk_pf ADD FOREIGN KEY (a, b) REFERENCES pfk_np;
CREATE TABLE pfk_pf_2 (b int, fdrop1 int, fdrop2 int, a int);
ALTER TABLE pfk_pf_2 DROP COLUMN fdrop1, DROP COLUMN fdrop2;
INSERT INTO pfk_pf_2 (a, b) VALUES (1500, 1501);
ALTER TABLE pfk_pf ATTACH PARTITION pfk_pf_2 FOR VALUES FROM (1000,1000) TO (2000,2000);
INSERT INTO pfk_np VALUES (1500, 1501);
ALTER TABLE pfk_pf ATTACH PARTITION pfk_pf_2 FOR VALUES FROM (1000,1000) TO (2000,2000);
CREATE TABLE pfk_pf_3 (fdrop1 int, b int, a int) PARTITION BY HASH (a);
ALTER TABLE pfk_pf_3 DROP COLUMN fdrop1;
CREATE TABLE pfk_pf_3_0 PARTITION OF pfk_pf_3 FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE pfk_pf_3_1 PARTITION OF pfk_pf_3 FOR VALUES WITH (MODULUS 2, REMAINDER 1);
ALTER TABLE pfk_pf ATTACH PARTITION pfk_pf_3 FOR VALUES FROM (2000,2000) TO (3000,3000);
SELECT conrelid::regclass, conkey, confkey FROM pg_constraint
  WHERE contype = 'f' AND conrelid::regclass::text LIKE 'pfk_pf%' ORDER BY 1;
INSERT INTO pfk_pf (a, b) VALUES (500, 501);
INSERT INTO pfk_pf_1 (a, b) VALUES (500, 501);
INSERT INTO pfk_pf_3 (a, b) VALUES (2500, 2502);
INSERT INTO pfk_np VALUES (500, 501), (2500, 2502);
INSERT INTO pfk_pf (a, b) VALUES (500, 501), (2500, 2502);
UPDATE pfk_pf SET b = b + 1 WHERE a = 2500;
DELETE FROM pfk_np WHERE a = 1500;
SELECT tableoid::regclass, a, b FROM pfk_pf ORDER BY a;
DROP TABLE pfk_pf, pfk_np;
-- ALTER COLUMN TYPE under a foreign key of a partitioned table: the FK is dropped and
-- added again once, its partitions' clones with it.
CREATE TABLE pfk_tn (a INT, PRIMARY KEY(a), CHECK (a > 0));
CREATE TABLE pfk_tp (a INT REFERENCES pfk_tn(a) PRIMARY KEY) PARTITION BY RANGE(a);
CREATE TABLE pfk_tp_1 PARTITION OF pfk_tp FOR VALUES FROM (MINVALUE) TO (MAXVALUE);
INSERT INTO pfk_tn VALUES (1);
INSERT INTO pfk_tp VALUES (1);
ALTER TABLE pfk_tn ALTER COLUMN a TYPE bigint;
DELETE FROM pfk_tn WHERE a = 1;
DROP TABLE pfk_tn, pfk_tp;
CREATE TABLE pfk_tn (a INT, PRIMARY KEY(a), CHECK (a > 0));
CREATE TABLE pfk_tp (a INT REFERENCES pfk_tn(a) PRIMARY KEY) PARTITION BY RANGE(a);
CREATE TABLE pfk_tp_1 PARTITION OF pfk_tp FOR VALUES FROM (MINVALUE) TO (MAXVALUE);
ALTER TABLE pfk_tp ALTER COLUMN a TYPE bigint;
SELECT conrelid::regclass, conname, conparentid <> 0 AS cloned, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f' and conrelid::regclass::text like 'pfk_tp%' ORDER BY 1;
SELECT attrelid::regclass, atttypid::regtype FROM pg_attribute WHERE attname = 'a' AND attrelid::regclass::text like 'pfk_tp%' ORDER BY 1;
DROP TABLE pfk_tn, pfk_tp;
-- ONLY and NOT VALID foreign keys are refused on a partitioned table (not on a partition).
create table zq_pk(a int primary key);
create table zq_p(a int) partition by range(a);
alter table only zq_p add foreign key (a) references zq_pk;
alter table zq_p add foreign key (a) references zq_pk not valid;
create table zq_p1 partition of zq_p for values from (0) to (10);
alter table only zq_p add foreign key (a) references zq_pk;
alter table only zq_p1 add foreign key (a) references zq_pk not valid;
alter table zq_p add foreign key (a) references zq_pk;
create table zq_p2 (a int references zq_pk) partition by list (a);
select conrelid::regclass, conname, convalidated from pg_constraint where contype = 'f' and conrelid::regclass::text like 'zq%' order by 1, 2;
drop table zq_p, zq_p2, zq_pk;
-- A foreign key cloned onto a partition that already has a constraint of its name gets
-- a name of its own (partition_columns_fkey).
CREATE TABLE parted_fk_naming (
    id bigint NOT NULL default 1,
    id_abc bigint,
    CONSTRAINT dummy_constr FOREIGN KEY (id_abc)
        REFERENCES parted_fk_naming (id),
    PRIMARY KEY (id)
)
PARTITION BY LIST (id);
CREATE TABLE parted_fk_naming_1 (
    id bigint NOT NULL default 1,
    id_abc bigint,
    PRIMARY KEY (id),
    CONSTRAINT dummy_constr CHECK (true)
);
ALTER TABLE parted_fk_naming ATTACH PARTITION parted_fk_naming_1 FOR VALUES IN ('1');
SELECT conname FROM pg_constraint WHERE conrelid = 'parted_fk_naming_1'::regclass AND contype = 'f';
DROP TABLE parted_fk_naming;
CREATE TABLE pfn (id int PRIMARY KEY, r int, CONSTRAINT dummy FOREIGN KEY (r) REFERENCES pfn (id)) PARTITION BY LIST (id);
CREATE TABLE pfn_1 (r int, id int NOT NULL, CONSTRAINT dummy CHECK (true));
ALTER TABLE pfn ATTACH PARTITION pfn_1 FOR VALUES IN (1);
CREATE TABLE pfn_2 PARTITION OF pfn FOR VALUES IN (2);
SELECT conrelid::regclass, conname, contype FROM pg_constraint WHERE conrelid::regclass::text LIKE 'pfn%' ORDER BY 1, 2;
DROP TABLE pfn;
