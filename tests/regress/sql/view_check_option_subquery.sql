-- WITH CHECK OPTION whose view condition has a subquery (was 0A000): the subquery is
-- planned with the statement and run against each new row; EXPLAIN shows its SubPlan
-- under the ModifyTable (commands/explain.py).
-- compare explain text
CREATE TABLE vcs_base (a int);
CREATE TABLE vcs_ref (a int PRIMARY KEY);
INSERT INTO vcs_ref SELECT * FROM generate_series(1,10);
CREATE VIEW vcs_view AS
  SELECT * FROM vcs_base b
  WHERE EXISTS(SELECT 1 FROM vcs_ref r WHERE r.a = b.a)
  WITH CHECK OPTION;
CREATE VIEW vcs_view2 AS SELECT * FROM vcs_view WHERE a < 9 WITH LOCAL CHECK OPTION;
INSERT INTO vcs_view VALUES (5);
INSERT INTO vcs_view VALUES (15);
UPDATE vcs_view SET a = a + 5;
UPDATE vcs_view SET a = a + 5;
INSERT INTO vcs_view2 VALUES (3);
INSERT INTO vcs_view2 VALUES (12);
INSERT INTO vcs_view2 VALUES (9);
UPDATE vcs_view2 SET a = a + 3 RETURNING *;
SELECT * FROM vcs_base ORDER BY a;
EXPLAIN (costs off) INSERT INTO vcs_view VALUES (5);
EXPLAIN (costs off) INSERT INTO vcs_view2 VALUES (5);
DROP TABLE vcs_base, vcs_ref CASCADE;
