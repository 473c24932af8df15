-- Which UPDATEs of a referencing or referenced row fire a foreign key's check
-- (RI_FKey_fk_upd_check_required / RI_FKey_pk_upd_check_required): a row this
-- transaction inserted is checked again whatever changed, because its INSERT's check
-- skips a row that is gone when a deferred constraint fires; other rows only when
-- the key changes; NULL keys by the MATCH type.
CREATE TABLE fkuc_p (id int PRIMARY KEY, a int, b int, note text, UNIQUE (a, b));
CREATE TABLE fkuc_c (id int, pid int REFERENCES fkuc_p DEFERRABLE INITIALLY DEFERRED);
INSERT INTO fkuc_p VALUES (1, 1, 1, 'one'), (2, 2, 2, 'two');
-- inserted then deleted: nothing left to check
BEGIN;
INSERT INTO fkuc_c VALUES (1, 99);
DELETE FROM fkuc_c WHERE id = 1;
COMMIT;
-- inserted then updated without touching the key: still checked at commit
BEGIN;
INSERT INTO fkuc_c VALUES (2, 98);
UPDATE fkuc_c SET id = 3 WHERE id = 2;
COMMIT;
-- a bad key set and put back before commit
BEGIN;
INSERT INTO fkuc_c VALUES (4, 1);
UPDATE fkuc_c SET pid = 97 WHERE id = 4;
UPDATE fkuc_c SET pid = 1 WHERE id = 4;
COMMIT;
-- a row of an earlier transaction: a non-key update while the parent is being removed
BEGIN;
SET CONSTRAINTS ALL IMMEDIATE;
UPDATE fkuc_c SET id = 5 WHERE id = 4;
UPDATE fkuc_c SET pid = 96 WHERE id = 5;
ROLLBACK;
SELECT id, pid FROM fkuc_c ORDER BY id;
-- the referenced side: a non-key update of a referenced row fires nothing
UPDATE fkuc_p SET note = 'uno' WHERE id = 1;
UPDATE fkuc_p SET id = 10 WHERE id = 1;
UPDATE fkuc_p SET id = 10 WHERE id = 2;
-- MATCH FULL with a two-column key
CREATE TABLE fkuc_f (id int, a int, b int,
                     FOREIGN KEY (a, b) REFERENCES fkuc_p (a, b) MATCH FULL);
INSERT INTO fkuc_f VALUES (1, 1, 1), (2, NULL, NULL);
UPDATE fkuc_f SET b = NULL WHERE id = 1;
UPDATE fkuc_f SET id = 3 WHERE id = 2;
UPDATE fkuc_f SET a = 2 WHERE id = 3;
UPDATE fkuc_f SET a = 2, b = 2 WHERE id = 3;
SELECT id, a, b FROM fkuc_f ORDER BY id;
DROP TABLE fkuc_f, fkuc_c, fkuc_p;
