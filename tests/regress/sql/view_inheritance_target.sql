-- DML through a view over an inheritance parent: the view's own ONLY (or not) decides
-- which tables change, whatever the statement says (rewrite/updatable_views.py); EXPLAIN
-- lists the tables an UPDATE ... FROM / DELETE ... USING changes under its ModifyTable
-- also when the Append is under a join (optimizer/inheritance.py).
-- compare explain text
CREATE TABLE vit_parent (a int);
CREATE TABLE vit_child (CHECK (a > 0)) INHERITS (vit_parent);
INSERT INTO vit_parent SELECT * FROM generate_series(-8, -1);
INSERT INTO vit_child SELECT * FROM generate_series(1, 8);
CREATE VIEW vit_view1 AS SELECT * FROM vit_parent;
CREATE VIEW vit_view2 AS SELECT * FROM ONLY vit_parent;
INSERT INTO vit_view1 VALUES (-100), (100);
INSERT INTO vit_view2 VALUES (-200), (200);
UPDATE vit_view1 SET a = a*10 WHERE a IN (-1, 1);
UPDATE ONLY vit_view1 SET a = a*10 WHERE a IN (-2, 2);
UPDATE vit_view2 SET a = a*10 WHERE a IN (-3, 3);
UPDATE ONLY vit_view2 SET a = a*10 WHERE a IN (-4, 4);
DELETE FROM vit_view1 WHERE a IN (-5, 5);
DELETE FROM ONLY vit_view1 WHERE a IN (-6, 6);
DELETE FROM vit_view2 WHERE a IN (-7, 7);
DELETE FROM ONLY vit_view2 WHERE a IN (-8, 8);
SELECT * FROM ONLY vit_parent ORDER BY a;
SELECT * FROM vit_child ORDER BY a;
CREATE TABLE vit_other (id int);
CREATE TABLE vit_other_child () INHERITS (vit_other);
INSERT INTO vit_other VALUES (7),(200);
INSERT INTO vit_other_child VALUES (8),(100);
EXPLAIN (costs off) UPDATE vit_view1 SET a = a + 1000 FROM vit_other WHERE a = id;
UPDATE vit_view1 SET a = a + 1000 FROM vit_other WHERE a = id;
EXPLAIN (costs off) UPDATE vit_parent SET a = a + 1 FROM vit_other WHERE a = id;
EXPLAIN (costs off) DELETE FROM vit_parent USING vit_other WHERE a = id AND a = 2;
SELECT * FROM ONLY vit_parent ORDER BY a;
SELECT * FROM vit_child ORDER BY a;
DROP TABLE vit_parent, vit_child, vit_other, vit_other_child CASCADE;
