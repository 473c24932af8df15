-- CHECK constraints added / dropped by ALTER TABLE on partitioned and inheritance
-- parents: copies on the children with conislocal / coninhcount, merging, ONLY and NO
-- INHERIT, the refusals, ATTACH PARTITION's required constraints.
CREATE TABLE ci (a int, b text, c int CHECK (c <> 7)) PARTITION BY LIST (a);
CREATE TABLE ci1 PARTITION OF ci FOR VALUES IN (1);
INSERT INTO ci VALUES (1, 'x', 7);
ALTER TABLE ci ADD CONSTRAINT ci_positive CHECK (c > 0);
ALTER TABLE ONLY ci ADD CONSTRAINT ci_only CHECK (c > 1);
ALTER TABLE ci ADD CONSTRAINT ci_noinh CHECK (c > 1) NO INHERIT;
CREATE TABLE ci2 PARTITION OF ci FOR VALUES IN (2);
INSERT INTO ci VALUES (1, 'x', -1);
INSERT INTO ci VALUES (2, 'x', -1);
INSERT INTO ci VALUES (2, 'x', 5);
ALTER TABLE ci ADD CONSTRAINT ci_small CHECK (c < 5);
SELECT conrelid::regclass::text, conname, conislocal, coninhcount, connoinherit
FROM pg_constraint WHERE conrelid IN ('ci'::regclass, 'ci1'::regclass, 'ci2'::regclass)
ORDER BY 1, 2;
CREATE TABLE ci3 (a int, b text, c int);
ALTER TABLE ci ATTACH PARTITION ci3 FOR VALUES IN (3);
CREATE TABLE ci4 (a int, b text, c int, CONSTRAINT ci_c_check CHECK (c > 0));
ALTER TABLE ci ATTACH PARTITION ci4 FOR VALUES IN (4);
CREATE TABLE ci5 (a int, b text, c int, CONSTRAINT ci_c_check CHECK (c <> 7),
                  CONSTRAINT ci_positive CHECK (c > 0));
ALTER TABLE ci ATTACH PARTITION ci5 FOR VALUES IN (5);
SELECT conname, conislocal, coninhcount FROM pg_constraint
WHERE conrelid = 'ci5'::regclass ORDER BY 1;
ALTER TABLE ci1 DROP CONSTRAINT ci_positive;
ALTER TABLE ONLY ci DROP CONSTRAINT ci_positive;
ALTER TABLE ci DROP CONSTRAINT ci_positive;
SELECT conrelid::regclass::text, conname, conislocal, coninhcount FROM pg_constraint
WHERE conname = 'ci_positive' ORDER BY 1;
-- inheritance
CREATE TABLE ih (a int);
CREATE TABLE ih_child (b int) INHERITS (ih);
CREATE TABLE ih_grand () INHERITS (ih_child);
ALTER TABLE ih ADD CONSTRAINT ih_chk CHECK (a > 0) NO INHERIT;
ALTER TABLE ih ADD CONSTRAINT ih_chk2 CHECK (a > 0);
ALTER TABLE ih_child ADD CONSTRAINT ih_chk3 CHECK (a < 100);
ALTER TABLE ih ADD CONSTRAINT ih_chk3 CHECK (a < 100);
ALTER TABLE ih ADD CONSTRAINT ih_chk4 CHECK (a < 50);
ALTER TABLE ih_child ADD CONSTRAINT ih_chk5 CHECK (a < 10);
ALTER TABLE ih ADD CONSTRAINT ih_chk5 CHECK (a < 20);
INSERT INTO ih_grand VALUES (-1, 1);
ALTER TABLE ih_child DROP CONSTRAINT ih_chk2;
SELECT conrelid::regclass::text, conname, conislocal, coninhcount FROM pg_constraint
WHERE conrelid IN ('ih'::regclass, 'ih_child'::regclass, 'ih_grand'::regclass)
ORDER BY 1, 2;
ALTER TABLE ONLY ih DROP CONSTRAINT ih_chk2;
ALTER TABLE ih DROP CONSTRAINT ih_chk3;
SELECT conrelid::regclass::text, conname, conislocal, coninhcount FROM pg_constraint
WHERE conrelid IN ('ih'::regclass, 'ih_child'::regclass, 'ih_grand'::regclass)
ORDER BY 1, 2;
DROP TABLE ci, ci3, ci4, ih CASCADE;
