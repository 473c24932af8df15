-- MERGE into a table with row-level security (rewrite/row_security.py,
-- executor/merge_nodes.py): SELECT policies hide target rows (they are NOT MATCHED),
-- UPDATE / DELETE USING quals checked on the matched row (42501 "target row violates"),
-- WITH CHECK of INSERT / UPDATE policies on the new rows, restrictive policies named,
-- as a non-owner role through SET ROLE.
RESET ROLE;
DROP TABLE IF EXISTS rlsm_t, rlsm_s, rlsm_ok CASCADE;
DROP ROLE IF EXISTS rlsm_u;
CREATE ROLE rlsm_u;
CREATE TABLE rlsm_t (id int PRIMARY KEY, owner text, v int);
CREATE TABLE rlsm_s (id int, owner text, v int);
INSERT INTO rlsm_t VALUES (1, 'rlsm_u', 10), (2, 'other', 20), (3, 'rlsm_u', 30), (4, 'rlsm_u', 40);
GRANT ALL ON rlsm_t, rlsm_s TO rlsm_u;
ALTER TABLE rlsm_t ENABLE ROW LEVEL SECURITY;
CREATE POLICY sel ON rlsm_t FOR SELECT USING (owner = current_user OR v < 25);
CREATE POLICY ins ON rlsm_t FOR INSERT WITH CHECK (owner = current_user);
CREATE POLICY upd ON rlsm_t FOR UPDATE USING (v < 35) WITH CHECK (v < 100);
CREATE POLICY del ON rlsm_t FOR DELETE USING (owner = current_user);
SET ROLE rlsm_u;
-- SELECT's policies filter the target's scan
EXPLAIN (COSTS OFF) MERGE INTO rlsm_t t USING rlsm_s s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.owner, s.v);
EXPLAIN (COSTS OFF) MERGE INTO rlsm_t t USING rlsm_s s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v;
-- a matched row passing every policy: updated; an unmatched one: inserted
INSERT INTO rlsm_s VALUES (1, 'rlsm_u', 11), (5, 'rlsm_u', 50);
MERGE INTO rlsm_t t USING rlsm_s s ON t.id = s.id
  WHEN MATCHED THEN UPDATE SET v = s.v
  WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.owner, s.v);
SELECT * FROM rlsm_t ORDER BY id;
-- UPDATE's USING fails on the matched row (v = 40): 42501
DELETE FROM rlsm_s;
INSERT INTO rlsm_s VALUES (4, 'rlsm_u', 41);
MERGE INTO rlsm_t t USING rlsm_s s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v;
-- ... but DO NOTHING or a WHEN condition that skips the row checks nothing
MERGE INTO rlsm_t t USING rlsm_s s ON t.id = s.id WHEN MATCHED AND s.v > 100 THEN UPDATE SET v = s.v WHEN MATCHED THEN DO NOTHING;
-- DELETE's USING (owner): row 2 is visible (v < 25) but not ours
DELETE FROM rlsm_s;
INSERT INTO rlsm_s VALUES (2, 'x', 0);
MERGE INTO rlsm_t t USING rlsm_s s ON t.id = s.id WHEN MATCHED THEN DELETE;
MERGE INTO rlsm_t t USING rlsm_s s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = 21;
SELECT * FROM rlsm_t ORDER BY id;
-- UPDATE's WITH CHECK on the new row
MERGE INTO rlsm_t t USING rlsm_s s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = 200;
-- the updated row must stay visible (SELECT's USING: the statement reads the target)
UPDATE rlsm_s SET v = 50;
MERGE INTO rlsm_t t USING rlsm_s s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v;
MERGE INTO rlsm_t t USING rlsm_s s ON t.id = s.id WHEN MATCHED AND t.v > 0 THEN UPDATE SET v = t.v + 1;
-- INSERT's WITH CHECK on the new row
DELETE FROM rlsm_s;
INSERT INTO rlsm_s VALUES (6, 'other', 60);
MERGE INTO rlsm_t t USING rlsm_s s ON t.id = s.id WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.owner, s.v);
-- a row the SELECT policy hides is NOT MATCHED: the insert then hits the primary key
RESET ROLE;
INSERT INTO rlsm_t VALUES (7, 'other', 70);
SET ROLE rlsm_u;
DELETE FROM rlsm_s;
INSERT INTO rlsm_s VALUES (7, 'rlsm_u', 71);
MERGE INTO rlsm_t t USING rlsm_s s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v;
SELECT * FROM rlsm_t ORDER BY id;
MERGE INTO rlsm_t t USING rlsm_s s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.owner, s.v);
-- restrictive policies are named in the error
RESET ROLE;
CREATE POLICY upd_r ON rlsm_t AS RESTRICTIVE FOR UPDATE USING (v <> 21);
CREATE POLICY ins_r ON rlsm_t AS RESTRICTIVE FOR INSERT WITH CHECK (v < 90);
SET ROLE rlsm_u;
DELETE FROM rlsm_s;
INSERT INTO rlsm_s VALUES (2, 'x', 22);
MERGE INTO rlsm_t t USING rlsm_s s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v;
DELETE FROM rlsm_s;
INSERT INTO rlsm_s VALUES (8, 'rlsm_u', 95);
MERGE INTO rlsm_t t USING rlsm_s s ON t.id = s.id WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.owner, s.v);
-- no UPDATE policy for the role: a matched row cannot be updated
RESET ROLE;
DROP POLICY upd ON rlsm_t;
DROP POLICY upd_r ON rlsm_t;
SET ROLE rlsm_u;
DELETE FROM rlsm_s;
INSERT INTO rlsm_s VALUES (1, 'rlsm_u', 12);
MERGE INTO rlsm_t t USING rlsm_s s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v;
MERGE INTO rlsm_t t USING rlsm_s s ON t.id = s.id WHEN MATCHED THEN DELETE;
SELECT * FROM rlsm_t ORDER BY id;
-- the owner and row_security = off
RESET ROLE;
MERGE INTO rlsm_t t USING rlsm_s s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = 13;
SET ROLE rlsm_u;
SET row_security = off;
MERGE INTO rlsm_t t USING rlsm_s s ON t.id = s.id WHEN MATCHED THEN DO NOTHING;
RESET row_security;
RESET ROLE;
SELECT * FROM rlsm_t ORDER BY id;
DROP TABLE rlsm_t, rlsm_s;
DROP ROLE rlsm_u;
-- a source with policies of its own, a policy with a subquery, a prepared MERGE run
-- as the role and as the owner
CREATE ROLE rlsm_u;
CREATE TABLE rlsm_t (id int PRIMARY KEY, owner text, v int);
CREATE TABLE rlsm_s (id int, owner text, v int);
CREATE TABLE rlsm_ok (v int);
INSERT INTO rlsm_ok VALUES (10), (30), (77);
INSERT INTO rlsm_t VALUES (1, 'rlsm_u', 10), (2, 'other', 20), (3, 'rlsm_u', 30);
INSERT INTO rlsm_s VALUES (1, 'rlsm_u', 77), (2, 'other', 5), (3, 'x', 1), (4, 'rlsm_u', 40);
GRANT ALL ON rlsm_t, rlsm_s, rlsm_ok TO rlsm_u;
ALTER TABLE rlsm_t ENABLE ROW LEVEL SECURITY;
ALTER TABLE rlsm_s ENABLE ROW LEVEL SECURITY;
CREATE POLICY s_sel ON rlsm_s FOR SELECT USING (owner = current_user);
CREATE POLICY p_all ON rlsm_t USING (v IN (SELECT v FROM rlsm_ok)) WITH CHECK (v IN (SELECT v FROM rlsm_ok));
SET ROLE rlsm_u;
SELECT * FROM rlsm_s ORDER BY id;
BEGIN;
MERGE INTO rlsm_t t USING rlsm_s s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.owner, 30);
SELECT * FROM rlsm_t ORDER BY id;
ROLLBACK;
BEGIN;
MERGE INTO rlsm_t t USING rlsm_s s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = 11;
ROLLBACK;
BEGIN;
MERGE INTO rlsm_t t USING rlsm_s s ON t.id = s.id WHEN MATCHED THEN DELETE WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.owner, 41);
ROLLBACK;
BEGIN;
MERGE INTO rlsm_t t USING (SELECT 1 AS k) s ON s.k = 2 WHEN NOT MATCHED THEN INSERT VALUES (7, 'z', 77);
SELECT * FROM rlsm_t ORDER BY id;
ROLLBACK;
PREPARE m(int) AS MERGE INTO rlsm_t t USING (SELECT $1 AS id) s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = 10;
EXECUTE m(2);
EXECUTE m(1);
RESET ROLE;
EXECUTE m(2);
SELECT * FROM rlsm_t ORDER BY id;
DEALLOCATE m;
DROP TABLE rlsm_t, rlsm_s, rlsm_ok;
DROP ROLE rlsm_u;
