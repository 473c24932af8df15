-- Table inheritance: INHERITS (merged columns, attislocal / attinhcount, inherited
-- CHECK constraints), SELECT through the parent and ONLY, UPDATE / DELETE reaching the
-- children (with columns of their own, in another order), [NO] INHERIT, DROP.
DROP TABLE IF EXISTS regress_inh_p, regress_inh_q CASCADE;
CREATE TABLE regress_inh_p (a int NOT NULL DEFAULT 5, b text CHECK (b <> ''));
CREATE TABLE regress_inh_q (a int, c text);
CREATE TABLE regress_inh_c (a int, d int) INHERITS (regress_inh_p, regress_inh_q);
CREATE TABLE regress_inh_bad (a text) INHERITS (regress_inh_p);
CREATE TABLE regress_inh_c2 (b text, e int, a int) INHERITS (regress_inh_p);
SELECT attrelid::regclass, attname, attnum, attnotnull, attislocal, attinhcount
  FROM pg_attribute WHERE attrelid IN ('regress_inh_c'::regclass, 'regress_inh_c2'::regclass)
  AND attnum > 0 ORDER BY attrelid::regclass::text, attnum;
SELECT conrelid::regclass, conname, conislocal, coninhcount, pg_get_constraintdef(oid)
  FROM pg_constraint WHERE conrelid IN ('regress_inh_c'::regclass, 'regress_inh_c2'::regclass)
  ORDER BY conrelid::regclass::text, conname;
SELECT inhrelid::regclass, inhparent::regclass, inhseqno FROM pg_inherits
  WHERE inhrelid IN ('regress_inh_c'::regclass, 'regress_inh_c2'::regclass)
  ORDER BY inhrelid::regclass::text, inhseqno;
SELECT relname, relhassubclass FROM pg_class WHERE relname LIKE 'regress\_inh\__'
  ORDER BY relname;
INSERT INTO regress_inh_p VALUES (1, 'p');
INSERT INTO regress_inh_c VALUES (2, 'c', 'cc', 20);
INSERT INTO regress_inh_c2 (a, b, e) VALUES (3, 'c2', 30);
INSERT INTO regress_inh_c VALUES (4, '', 'x', 1);
INSERT INTO regress_inh_c (b) VALUES ('dflt') RETURNING *;
SELECT tableoid::regclass, * FROM regress_inh_p ORDER BY a;
SELECT tableoid::regclass, * FROM ONLY regress_inh_p ORDER BY a;
SELECT tableoid::regclass, * FROM regress_inh_q ORDER BY a;
SELECT * FROM regress_inh_c2;
SELECT p.a, q.c FROM regress_inh_p p JOIN regress_inh_q q USING (a) ORDER BY 1;
SELECT count(*), max(a) FROM regress_inh_p;
EXPLAIN (COSTS OFF) SELECT * FROM regress_inh_p WHERE a = 1;
EXPLAIN (COSTS OFF) SELECT * FROM ONLY regress_inh_p;
EXPLAIN (COSTS OFF) SELECT * FROM regress_inh_q;
UPDATE regress_inh_p SET b = b || '!' WHERE a >= 2 RETURNING tableoid::regclass, *;
SELECT * FROM regress_inh_c ORDER BY a;
SELECT * FROM regress_inh_c2;
UPDATE regress_inh_p SET b = '' WHERE a = 3;
UPDATE ONLY regress_inh_p SET b = 'only' RETURNING *;
EXPLAIN (COSTS OFF) UPDATE regress_inh_p SET b = 'x';
EXPLAIN (COSTS OFF) DELETE FROM regress_inh_p WHERE a = 1;
DELETE FROM regress_inh_p WHERE a = 3 RETURNING tableoid::regclass, *;
SELECT tableoid::regclass, * FROM regress_inh_p ORDER BY a;
-- NO INHERIT / INHERIT
ALTER TABLE regress_inh_c NO INHERIT regress_inh_p;
ALTER TABLE regress_inh_c NO INHERIT regress_inh_p;
SELECT tableoid::regclass, * FROM regress_inh_p ORDER BY a;
SELECT attname, attislocal, attinhcount FROM pg_attribute
  WHERE attrelid = 'regress_inh_c'::regclass AND attnum > 0 ORDER BY attnum;
ALTER TABLE regress_inh_c INHERIT regress_inh_p;
ALTER TABLE regress_inh_c INHERIT regress_inh_p;
ALTER TABLE regress_inh_p INHERIT regress_inh_c;
SELECT tableoid::regclass, * FROM regress_inh_p ORDER BY a;
CREATE TABLE regress_inh_lone (a int);
ALTER TABLE regress_inh_lone INHERIT regress_inh_p;
DROP TABLE regress_inh_lone;
DROP TABLE regress_inh_p;
DROP TABLE regress_inh_p CASCADE;
SELECT relname FROM pg_class WHERE relname LIKE 'regress\_inh%' ORDER BY 1;
SELECT tableoid::regclass, * FROM regress_inh_q ORDER BY a;
DROP TABLE regress_inh_q;
-- ALTER TABLE ADD / DROP COLUMN reach the children
DROP TABLE IF EXISTS regress_inh_pp CASCADE;
CREATE TABLE regress_inh_pp (a int, b text);
CREATE TABLE regress_inh_pc (z int) INHERITS (regress_inh_pp);
ALTER TABLE regress_inh_pp ADD COLUMN c int;
ALTER TABLE regress_inh_pc ADD COLUMN y int;
ALTER TABLE regress_inh_pc DROP COLUMN b;
ALTER TABLE regress_inh_pc RENAME COLUMN b TO bb;
ALTER TABLE regress_inh_pp DROP COLUMN b;
SELECT * FROM regress_inh_pc;
INSERT INTO regress_inh_pp VALUES (1, 2);
INSERT INTO regress_inh_pc VALUES (3, 4, 5, 6);
SELECT tableoid::regclass, * FROM regress_inh_pp ORDER BY a;
ALTER TABLE regress_inh_pp RENAME COLUMN c TO cc;
SELECT * FROM regress_inh_pc;
TRUNCATE regress_inh_pp;
SELECT count(*) FROM regress_inh_pc;
DROP TABLE regress_inh_pp CASCADE;
