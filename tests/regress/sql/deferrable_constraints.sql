-- DEFERRABLE PRIMARY KEY / UNIQUE / EXCLUDE constraints: the recheck trigger's pg_trigger
-- and pg_depend rows, indimmediate, checks at the end of the statement (INITIALLY
-- IMMEDIATE) or at commit (INITIALLY DEFERRED), SET CONSTRAINTS, the refusals (ON
-- CONFLICT arbiters, foreign keys referencing them, misplaced clauses), partitions, a
-- disabled trigger, and the planner's unique proofs ignoring them. Compared with PostgreSQL 15.
CREATE TABLE dfr_t (a int PRIMARY KEY DEFERRABLE, b int UNIQUE DEFERRABLE INITIALLY DEFERRED, r int4range, EXCLUDE USING gist (r WITH &&) DEFERRABLE);
SELECT tgname LIKE (CASE WHEN tgconstrindid = 'dfr_t_pkey'::regclass THEN 'PK' ELSE 'Unique' END) || '_ConstraintTrigger_%' AS named, tgtype, tgfoid::regproc, tgenabled, tgisinternal, tgdeferrable, tginitdeferred, tgconstrindid::regclass, tgconstrrelid, tgattr, tgargs, tgnargs FROM pg_trigger WHERE tgrelid = 'dfr_t'::regclass ORDER BY tgconstrindid::regclass::text;
SELECT conname, contype, condeferrable, condeferred, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'dfr_t'::regclass ORDER BY conname;
SELECT refclassid::regclass, deptype, count(*) FROM pg_depend WHERE classid = 'pg_trigger'::regclass AND objid IN (SELECT oid FROM pg_trigger WHERE tgrelid = 'dfr_t'::regclass) GROUP BY 1, 2;
SELECT indexrelid::regclass, indimmediate FROM pg_index WHERE indrelid = 'dfr_t'::regclass ORDER BY 1;
INSERT INTO dfr_t VALUES (1, 1, '[1,2)'), (2, 2, '[2,3)'), (3, 3, '[3,4)');
-- transient duplicates inside one statement pass; a lasting one fails at its end
UPDATE dfr_t SET a = a + 1;
UPDATE dfr_t SET a = 3 WHERE a = 4;
UPDATE dfr_t SET r = int4range(lower(r) + 1, upper(r) + 1);
UPDATE dfr_t SET r = '[1,5)' WHERE a = 2;
-- INITIALLY DEFERRED: checked at commit
BEGIN;
UPDATE dfr_t SET b = b + 1 WHERE a = 2;
SELECT a, b FROM dfr_t ORDER BY a;
COMMIT;
BEGIN;
UPDATE dfr_t SET b = 2 WHERE a = 2;
UPDATE dfr_t SET b = 1 WHERE a = 3;
COMMIT;
SELECT a, b FROM dfr_t ORDER BY a;
-- a duplicate that is gone again by commit is no error
BEGIN;
INSERT INTO dfr_t VALUES (10, 3, '[20,21)');
DELETE FROM dfr_t WHERE a = 10;
COMMIT;
-- SET CONSTRAINTS
BEGIN;
SET CONSTRAINTS dfr_t_b_key IMMEDIATE;
UPDATE dfr_t SET b = 3 WHERE a = 2;
ROLLBACK;
BEGIN;
UPDATE dfr_t SET b = 3 WHERE a = 2;
SET CONSTRAINTS ALL IMMEDIATE;
ROLLBACK;
BEGIN;
SET CONSTRAINTS dfr_t_pkey, dfr_t_r_excl DEFERRED;
UPDATE dfr_t SET a = 3 WHERE a = 2;
UPDATE dfr_t SET r = '[0,10)' WHERE a = 3;
SELECT count(*) FROM dfr_t;
UPDATE dfr_t SET a = 2 WHERE a = 3 AND b = 1;
COMMIT;
BEGIN;
SET CONSTRAINTS dfr_t_r_excl DEFERRED;
UPDATE dfr_t SET r = '[0,10)' WHERE a = 3;
COMMIT;
SELECT * FROM dfr_t ORDER BY a;
-- refusals
INSERT INTO dfr_t VALUES (1, 10, '[10,11)') ON CONFLICT DO NOTHING;
INSERT INTO dfr_t VALUES (1, 10, '[10,11)') ON CONFLICT (a) DO NOTHING;
INSERT INTO dfr_t VALUES (1, 10, '[10,11)') ON CONFLICT (a) DO UPDATE SET b = 0;
CREATE TABLE dfr_fk (x int REFERENCES dfr_t);
CREATE TABLE dfr_fk (x int REFERENCES dfr_t (a));
CREATE TABLE dfr_w (a int CHECK (a > 0) DEFERRABLE);
CREATE TABLE dfr_w (a int NOT NULL INITIALLY DEFERRED);
CREATE TABLE dfr_w (a int UNIQUE NOT DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE dfr_w (a int UNIQUE DEFERRABLE DEFERRABLE);
-- a disabled trigger checks nothing
ALTER TABLE dfr_t DISABLE TRIGGER ALL;
UPDATE dfr_t SET b = 7;
ALTER TABLE dfr_t ENABLE TRIGGER ALL;
SELECT a, b FROM dfr_t ORDER BY a;
-- dropping the constraint drops its trigger
ALTER TABLE dfr_t DROP CONSTRAINT dfr_t_b_key;
SELECT count(*) FROM pg_trigger WHERE tgrelid = 'dfr_t'::regclass;
DROP TABLE dfr_t;
-- ALTER TABLE ADD: existing rows checked at once; the column forms
CREATE TABLE dfr_v (a int, b int, c int);
INSERT INTO dfr_v VALUES (1, 1, 1), (2, 2, 2), (3, 3, 2);
ALTER TABLE dfr_v ADD CONSTRAINT dfr_v_pk PRIMARY KEY (a) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE dfr_v ADD UNIQUE (b) DEFERRABLE;
ALTER TABLE dfr_v ADD CONSTRAINT dfr_v_c EXCLUDE (c WITH =) DEFERRABLE INITIALLY IMMEDIATE;
DELETE FROM dfr_v WHERE a = 3;
ALTER TABLE dfr_v ADD CONSTRAINT dfr_v_c EXCLUDE (c WITH =) DEFERRABLE INITIALLY IMMEDIATE;
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'dfr_v'::regclass ORDER BY conname;
UPDATE dfr_v SET c = 3 - c;
UPDATE dfr_v SET c = 1;
-- no join removal or GROUP BY dependency on a deferrable key
SET enable_mergejoin = off;
SET enable_hashjoin = off;
EXPLAIN (COSTS OFF) SELECT v1.a FROM dfr_v v1 LEFT JOIN dfr_v v2 ON v1.a = v2.a;
RESET enable_mergejoin;
RESET enable_hashjoin;
SELECT a, b FROM dfr_v GROUP BY a;
DROP TABLE dfr_v;
-- partitions get the deferrable constraint and its trigger
CREATE TABLE dfr_p (a int, b int, UNIQUE (a) DEFERRABLE) PARTITION BY RANGE (a);
CREATE TABLE dfr_p1 PARTITION OF dfr_p FOR VALUES FROM (0) TO (10);
SELECT tgrelid::regclass, tgconstrindid::regclass, tgdeferrable, tginitdeferred FROM pg_trigger WHERE tgrelid IN ('dfr_p'::regclass, 'dfr_p1'::regclass) ORDER BY 1, 2;
INSERT INTO dfr_p VALUES (1, 1), (2, 2);
UPDATE dfr_p SET a = 3 - a;
UPDATE dfr_p SET a = 1;
DROP TABLE dfr_p;
