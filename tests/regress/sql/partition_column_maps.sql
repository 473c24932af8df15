-- Partitions laid out unlike their root (columns in another order, a dropped column):
-- ATTACH and PARTITION OF, tuple routing, RETURNING, rows moved by UPDATE, ON CONFLICT,
-- BEFORE ROW triggers seeing the partition's own row, DETACH; PARTITION OF with
-- column options (WITH OPTIONS, constraints, defaults).
CREATE TABLE pcm (a int, b text, c int) PARTITION BY LIST (a);
CREATE TABLE pcm1 (c int, junk int, b text, a int);
ALTER TABLE pcm1 DROP COLUMN junk;
ALTER TABLE pcm ATTACH PARTITION pcm1 FOR VALUES IN (1, 2);
CREATE TABLE pcm2 PARTITION OF pcm FOR VALUES IN (3);
CREATE TABLE pcm3 (b text, a int, c int);
ALTER TABLE pcm ATTACH PARTITION pcm3 FOR VALUES IN (4);
INSERT INTO pcm VALUES (1, 'one', 10), (3, 'three', 30), (4, 'four', 40)
RETURNING *, tableoid::regclass;
SELECT *, tableoid::regclass FROM pcm ORDER BY a;
SELECT * FROM pcm1;
SELECT * FROM pcm3;
UPDATE pcm SET a = 2 WHERE a = 1 RETURNING *;
UPDATE pcm SET a = 4 WHERE a = 2 RETURNING a, b, c, tableoid::regclass;
UPDATE pcm SET a = 1 WHERE a = 3 RETURNING *;
SELECT *, tableoid::regclass FROM pcm ORDER BY a, c;
CREATE UNIQUE INDEX ON pcm (a, c);
INSERT INTO pcm VALUES (1, 'dup', 30) ON CONFLICT (a, c) DO UPDATE SET b = excluded.b || '!'
RETURNING *;
INSERT INTO pcm VALUES (1, 'dup2', 30) ON CONFLICT (a, c) DO NOTHING;
INSERT INTO pcm VALUES (4, 'new', 41) ON CONFLICT (a, c) DO UPDATE SET b = 'no' RETURNING *;
CREATE FUNCTION pcm_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.b := NEW.b || '+';
  RAISE NOTICE '% % %', TG_OP, TG_TABLE_NAME, NEW;
  RETURN NEW;
END $$;
CREATE TRIGGER pcm_trg BEFORE INSERT OR UPDATE ON pcm FOR EACH ROW EXECUTE FUNCTION pcm_trg();
INSERT INTO pcm VALUES (4, 'x', 5), (1, 'y', 6);
UPDATE pcm SET c = c + 1 WHERE b LIKE 'x%';
UPDATE pcm SET a = 1 WHERE b LIKE 'x%' RETURNING *, tableoid::regclass;
SELECT *, tableoid::regclass FROM pcm ORDER BY a, c;
DELETE FROM pcm WHERE a = 4 RETURNING *;
ALTER TABLE pcm DETACH PARTITION pcm1;
SELECT * FROM pcm1 ORDER BY c;
DROP TABLE pcm, pcm1;
DROP FUNCTION pcm_trg();
CREATE TABLE pco (a int, b int, c text) PARTITION BY LIST (a);
CREATE TABLE pco1 PARTITION OF pco (b WITH OPTIONS NOT NULL DEFAULT 5, c DEFAULT 'x',
    CONSTRAINT pco1_b CHECK (b > 0)) FOR VALUES IN (1);
CREATE TABLE pco2 PARTITION OF pco (a PRIMARY KEY, b UNIQUE) FOR VALUES IN (2);
CREATE TABLE pco3 PARTITION OF pco (d WITH OPTIONS NOT NULL) FOR VALUES IN (3);
CREATE TABLE pco4 PARTITION OF pco (b WITH OPTIONS DEFAULT 1, b WITH OPTIONS NOT NULL)
    FOR VALUES IN (4);
INSERT INTO pco (a) VALUES (1), (2);
INSERT INTO pco1 (a) VALUES (1) RETURNING *;
INSERT INTO pco VALUES (1, -1);
SELECT attname, attnotnull, atthasdef, attislocal, attinhcount FROM pg_attribute
WHERE attrelid = 'pco1'::regclass AND attnum > 0 ORDER BY attnum;
SELECT conname, contype FROM pg_constraint
WHERE conrelid IN ('pco1'::regclass, 'pco2'::regclass) ORDER BY 1;
DROP TABLE pco;
-- ATTACH checks the rows of a table whose columns are in another order than the
-- root's (and the rows of a default partition laid out so) by column name.
CREATE TABLE pcm_r (a int, b text) PARTITION BY RANGE (a);
CREATE TABLE pcm_r1 PARTITION OF pcm_r FOR VALUES FROM (0) TO (1000);
CREATE TABLE pcm_rd (b text, a int);
INSERT INTO pcm_rd VALUES ('x', 3500);
ALTER TABLE pcm_r ATTACH PARTITION pcm_rd DEFAULT;
CREATE TABLE pcm_r2 (b text, a int);
INSERT INTO pcm_r2 VALUES ('1.234', 1024);
ALTER TABLE pcm_r ATTACH PARTITION pcm_r2 FOR VALUES FROM (1000) TO (2000);
INSERT INTO pcm_r2 VALUES ('bad', 2024);
CREATE TABLE pcm_r3 (b text, a int);
INSERT INTO pcm_r3 VALUES ('y', 3000);
ALTER TABLE pcm_r ATTACH PARTITION pcm_r3 FOR VALUES FROM (2000) TO (3000);
ALTER TABLE pcm_r ATTACH PARTITION pcm_r3 FOR VALUES FROM (2999) TO (4000);
DELETE FROM pcm_rd;
ALTER TABLE pcm_r ATTACH PARTITION pcm_r3 FOR VALUES FROM (2999) TO (4000);
SELECT tableoid::regclass, * FROM pcm_r ORDER BY a;
DROP TABLE pcm_r;
