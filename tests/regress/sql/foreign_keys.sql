-- FOREIGN KEY constraints: definitions, checks on the referencing side, every action on
-- the referenced side, DROP and TRUNCATE of a referenced table.
DROP TABLE IF EXISTS regress_fk_c, regress_fk_g, regress_fk_p, regress_fk_c2, regress_fk_p2;
CREATE TABLE regress_fk_p (id int PRIMARY KEY, k int UNIQUE, note text);
CREATE TABLE regress_fk_c (cid int, pid int REFERENCES regress_fk_p, k int,
  FOREIGN KEY (k) REFERENCES regress_fk_p (k) ON DELETE CASCADE ON UPDATE SET NULL);
SELECT conname, contype, conkey, confkey, confupdtype, confdeltype, confmatchtype,
  conindid::regclass, conpfeqop, pg_get_constraintdef(oid)
  FROM pg_constraint WHERE conrelid = 'regress_fk_c'::regclass ORDER BY conname;
INSERT INTO regress_fk_c VALUES (1, 5, NULL);
INSERT INTO regress_fk_p VALUES (1, 10, 'one'), (2, 20, 'two');
INSERT INTO regress_fk_c VALUES (1, 1, 10), (2, 2, 20), (3, NULL, NULL);
UPDATE regress_fk_c SET pid = 9 WHERE cid = 1;
DELETE FROM regress_fk_p WHERE id = 1;
UPDATE regress_fk_p SET note = 'uno' WHERE id = 1;
UPDATE regress_fk_p SET k = 11 WHERE id = 1;
SELECT * FROM regress_fk_c ORDER BY cid;
UPDATE regress_fk_c SET pid = NULL WHERE cid = 2;
DELETE FROM regress_fk_p WHERE id = 2;
SELECT * FROM regress_fk_c ORDER BY cid;
UPDATE regress_fk_p SET id = 3 WHERE id = 1;
DROP TABLE regress_fk_p;
TRUNCATE regress_fk_p;
CREATE TABLE regress_fk_g (a int, b text REFERENCES regress_fk_p);
CREATE TABLE regress_fk_g (a int REFERENCES regress_fk_p (note));
CREATE TABLE regress_fk_g (a int REFERENCES regress_fk_p (nope));
CREATE TABLE regress_fk_g (id int PRIMARY KEY, parent int REFERENCES regress_fk_g ON DELETE CASCADE);
INSERT INTO regress_fk_g VALUES (1, NULL), (2, 1), (3, 2);
INSERT INTO regress_fk_g VALUES (5, 4), (4, NULL);
DELETE FROM regress_fk_g WHERE id = 1;
SELECT count(*) FROM regress_fk_g;
ALTER TABLE regress_fk_c ADD CONSTRAINT regress_fk_c_cid FOREIGN KEY (cid) REFERENCES regress_fk_p;
DELETE FROM regress_fk_c WHERE cid = 2;
INSERT INTO regress_fk_p VALUES (3, 30, 'three');
ALTER TABLE regress_fk_c ADD CONSTRAINT regress_fk_c_cid FOREIGN KEY (cid) REFERENCES regress_fk_p ON DELETE SET NULL;
SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'regress_fk_c_cid';
DELETE FROM regress_fk_p WHERE id = 3;
SELECT * FROM regress_fk_c ORDER BY cid;
ALTER TABLE regress_fk_c DROP CONSTRAINT regress_fk_c_pid_fkey;
INSERT INTO regress_fk_c VALUES (NULL, 42, NULL);
DROP TABLE regress_fk_p CASCADE;
SELECT conname FROM pg_constraint WHERE conrelid = 'regress_fk_c'::regclass;
DROP TABLE regress_fk_c, regress_fk_g;
-- ON CONFLICT DO UPDATE changing a referenced key fires the referencing side's action.
CREATE TABLE regress_fk_p2 (id int PRIMARY KEY, code int UNIQUE);
CREATE TABLE regress_fk_c2 (code int REFERENCES regress_fk_p2 (code) ON UPDATE CASCADE);
INSERT INTO regress_fk_p2 VALUES (1, 100);
INSERT INTO regress_fk_c2 VALUES (100);
INSERT INTO regress_fk_p2 VALUES (1, 0) ON CONFLICT (id) DO UPDATE SET code = 200;
SELECT * FROM regress_fk_c2;
INSERT INTO regress_fk_c2 VALUES (300) ON CONFLICT DO NOTHING;
DROP TABLE regress_fk_c2, regress_fk_p2;
