-- A view over a view: each level's new target is checked as the owner of the view above
-- it (the inner view as the outer view's owner, the table as the inner view's):
-- rewrite/updatable_views.py, rewriteTargetView's checkAsUser.
CREATE ROLE regress_nvp_user1;
CREATE ROLE regress_nvp_user2;
CREATE TABLE nvp_base (a int, b text, c float);
INSERT INTO nvp_base VALUES (1, 'Row 1', 1.0);
GRANT ALL ON SCHEMA public TO regress_nvp_user1, regress_nvp_user2;
SET SESSION AUTHORIZATION regress_nvp_user1;
CREATE VIEW nvp_view1 AS SELECT * FROM nvp_base;
UPDATE nvp_view1 SET b = 'foo' WHERE a = 1;
SET SESSION AUTHORIZATION regress_nvp_user2;
CREATE VIEW nvp_view2 AS SELECT * FROM nvp_view1;
UPDATE nvp_view2 SET b = 'bar' WHERE a = 1;
DELETE FROM nvp_view2;
INSERT INTO nvp_view2 VALUES (2, 'x', 2);
RESET SESSION AUTHORIZATION;
GRANT SELECT, UPDATE ON nvp_base TO regress_nvp_user1;
SET SESSION AUTHORIZATION regress_nvp_user2;
UPDATE nvp_view2 SET b = 'bar' WHERE a = 1;
SET SESSION AUTHORIZATION regress_nvp_user1;
GRANT SELECT, UPDATE ON nvp_view1 TO regress_nvp_user2;
SET SESSION AUTHORIZATION regress_nvp_user2;
UPDATE nvp_view2 SET b = 'bar' WHERE a = 1;
SELECT * FROM nvp_view2;
DELETE FROM nvp_view2;
RESET SESSION AUTHORIZATION;
DROP VIEW nvp_view2, nvp_view1;
DROP TABLE nvp_base;
REVOKE ALL ON SCHEMA public FROM regress_nvp_user1, regress_nvp_user2;
DROP ROLE regress_nvp_user1;
DROP ROLE regress_nvp_user2;
