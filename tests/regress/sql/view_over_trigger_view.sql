-- An automatically updatable view over a view with INSTEAD OF triggers: the command
-- rewritten onto the view below is done by its triggers (rewrite/updatable_views.py),
-- with the upper view's WITH CHECK OPTION checked on the rows they return; EXPLAIN names
-- the source subquery before the trigger target (rewrite/instead_of_views.py).
-- compare explain text
CREATE TABLE vtv (a int PRIMARY KEY, b text DEFAULT 'Unspecified');
INSERT INTO vtv SELECT i, 'Row ' || i FROM generate_series(-2, 2) g(i);
CREATE VIEW vtv1 AS SELECT * FROM vtv WHERE a > 0 OFFSET 0;
CREATE VIEW vtv2 AS SELECT * FROM vtv1 WHERE a < 10;
CREATE VIEW vtv3 AS SELECT a AS x, b AS y FROM vtv1 WHERE a < 10 WITH CHECK OPTION;
CREATE FUNCTION vtv1_trig() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO vtv VALUES (NEW.a, NEW.b);
    RETURN NEW;
  ELSIF TG_OP = 'UPDATE' THEN
    UPDATE vtv SET a = NEW.a, b = NEW.b WHERE a = OLD.a;
    RETURN NEW;
  ELSE
    DELETE FROM vtv WHERE a = OLD.a;
    RETURN OLD;
  END IF;
END $$;
CREATE TRIGGER vtv1_ins INSTEAD OF INSERT ON vtv1 FOR EACH ROW EXECUTE FUNCTION vtv1_trig();
-- only INSERT has a trigger yet
UPDATE vtv2 SET b = 'x' WHERE a = 1;
CREATE TRIGGER vtv1_upd INSTEAD OF UPDATE ON vtv1 FOR EACH ROW EXECUTE FUNCTION vtv1_trig();
CREATE TRIGGER vtv1_del INSTEAD OF DELETE ON vtv1 FOR EACH ROW EXECUTE FUNCTION vtv1_trig();
INSERT INTO vtv2 VALUES (3, 'Row 3') RETURNING *;
INSERT INTO vtv2 (a) VALUES (4) RETURNING *;
UPDATE vtv2 SET b = 'Row three' WHERE a = 3 RETURNING *;
SELECT * FROM vtv2 ORDER BY a;
DELETE FROM vtv2 WHERE a = 3 RETURNING *;
SELECT * FROM vtv2 ORDER BY a;
EXPLAIN (costs off) UPDATE vtv2 SET a = 3 WHERE a = 2;
EXPLAIN (costs off) DELETE FROM vtv2 WHERE a = 2;
EXPLAIN (costs off) UPDATE vtv1 SET a = 3 WHERE a = 2;
EXPLAIN (costs off) UPDATE vtv1 v SET a = 3 WHERE a = 2;
INSERT INTO vtv3 VALUES (30, 'Row 30');
INSERT INTO vtv3 VALUES (5, 'Row 5') RETURNING *;
UPDATE vtv3 SET x = 50 WHERE x = 5;
UPDATE vtv3 SET y = 'five' WHERE x = 5 RETURNING *;
DELETE FROM vtv3 WHERE x = 5;
SELECT * FROM vtv ORDER BY a;
DROP TABLE vtv CASCADE;
DROP FUNCTION vtv1_trig();
