-- SELECT ... FOR UPDATE of a view needs UPDATE on the tables under it, as the view's
-- owner, at every level of a view over a view (rewrite/view_expansion.py pushes the
-- locking clause into the view's query before its privileges are noted).
-- compare notices
DROP TABLE IF EXISTS vfu_tbl CASCADE;
DROP USER IF EXISTS regress_vfu_user1, regress_vfu_user2;
CREATE USER regress_vfu_user1;
CREATE USER regress_vfu_user2;
DROP TABLE vfu_tbl CASCADE;

-- nested-view permissions

CREATE TABLE vfu_tbl(a int, b text, c float);
INSERT INTO vfu_tbl VALUES (1, 'Row 1', 1.0);

SET SESSION AUTHORIZATION regress_vfu_user1;
CREATE VIEW vfu_view1 AS SELECT * FROM vfu_tbl;
SELECT * FROM vfu_view1;
SELECT * FROM vfu_view1 FOR UPDATE;
UPDATE vfu_view1 SET b = 'foo' WHERE a = 1;

SET SESSION AUTHORIZATION regress_vfu_user2;
CREATE VIEW vfu_view2 AS SELECT * FROM vfu_view1;
SELECT * FROM vfu_view2;
SELECT * FROM vfu_view2 FOR UPDATE;
UPDATE vfu_view2 SET b = 'bar' WHERE a = 1;

RESET SESSION AUTHORIZATION;
GRANT SELECT ON vfu_tbl TO regress_vfu_user1;

SET SESSION AUTHORIZATION regress_vfu_user1;
SELECT * FROM vfu_view1;
SELECT * FROM vfu_view1 FOR UPDATE;
UPDATE vfu_view1 SET b = 'foo' WHERE a = 1;

SET SESSION AUTHORIZATION regress_vfu_user2;
SELECT * FROM vfu_view2;
SELECT * FROM vfu_view2 FOR UPDATE;
UPDATE vfu_view2 SET b = 'bar' WHERE a = 1;

SET SESSION AUTHORIZATION regress_vfu_user1;
GRANT SELECT ON vfu_view1 TO regress_vfu_user2;

SET SESSION AUTHORIZATION regress_vfu_user2;
SELECT * FROM vfu_view2;
SELECT * FROM vfu_view2 FOR UPDATE;
UPDATE vfu_view2 SET b = 'bar' WHERE a = 1;

RESET SESSION AUTHORIZATION;
GRANT UPDATE ON vfu_tbl TO regress_vfu_user1;

SET SESSION AUTHORIZATION regress_vfu_user1;
SELECT * FROM vfu_view1;
SELECT * FROM vfu_view1 FOR UPDATE;
UPDATE vfu_view1 SET b = 'foo' WHERE a = 1;

SET SESSION AUTHORIZATION regress_vfu_user2;
SELECT * FROM vfu_view2;
SELECT * FROM vfu_view2 FOR UPDATE;
UPDATE vfu_view2 SET b = 'bar' WHERE a = 1;

SET SESSION AUTHORIZATION regress_vfu_user1;
GRANT UPDATE ON vfu_view1 TO regress_vfu_user2;

SET SESSION AUTHORIZATION regress_vfu_user2;
SELECT * FROM vfu_view2;
SELECT * FROM vfu_view2 FOR UPDATE;
UPDATE vfu_view2 SET b = 'bar' WHERE a = 1;

RESET SESSION AUTHORIZATION;
REVOKE UPDATE ON vfu_tbl FROM regress_vfu_user1;

SET SESSION AUTHORIZATION regress_vfu_user1;
SELECT * FROM vfu_view1;
SELECT * FROM vfu_view1 FOR UPDATE;
UPDATE vfu_view1 SET b = 'foo' WHERE a = 1;

SET SESSION AUTHORIZATION regress_vfu_user2;
SELECT * FROM vfu_view2;
SELECT * FROM vfu_view2 FOR UPDATE;
UPDATE vfu_view2 SET b = 'bar' WHERE a = 1;

RESET SESSION AUTHORIZATION;
DROP TABLE vfu_tbl CASCADE;
DROP USER regress_vfu_user1; DROP USER regress_vfu_user2;
