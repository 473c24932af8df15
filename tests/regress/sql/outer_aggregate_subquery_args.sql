-- An aggregate of an enclosing query level whose arguments hold a subquery: the
-- enclosing level aggregates it, its subquery planned there (SubPlan 1, numbered before
-- the subquery that reads the aggregate, listed after it on the Aggregate).
-- compare explain text
CREATE TABLE regress_oasa (a int, b int);
INSERT INTO regress_oasa VALUES (-1, 10), (1, 20), (2, 30), (3, NULL);
CREATE TABLE regress_oasa_small (f1 int);
INSERT INTO regress_oasa_small VALUES (1), (2);
ANALYZE regress_oasa;
ANALYZE regress_oasa_small;
EXPLAIN (COSTS OFF)
SELECT (SELECT max((SELECT o1.b FROM regress_oasa o1 WHERE o1.a = o2.a)))
  FROM regress_oasa o2;
SELECT (SELECT max((SELECT o1.b FROM regress_oasa o1 WHERE o1.a = o2.a)))
  FROM regress_oasa o2;
SELECT (SELECT max((SELECT o1.b FROM regress_oasa o1 WHERE o1.a = o2.a))
          FILTER (WHERE (SELECT o2.a > 0)))
  FROM regress_oasa o2;
EXPLAIN (COSTS OFF)
SELECT a, (SELECT sum((SELECT count(*) FROM regress_oasa x WHERE x.a <= t.a))
           FROM regress_oasa_small LIMIT 1)
  FROM regress_oasa t GROUP BY a ORDER BY a;
SELECT a, (SELECT sum((SELECT count(*) FROM regress_oasa x WHERE x.a <= t.a))
           FROM regress_oasa_small LIMIT 1)
  FROM regress_oasa t GROUP BY a ORDER BY a;
-- planned again from the analysed query: the subquery is not re-leveled twice
PREPARE regress_oasa_q AS
  SELECT (SELECT max((SELECT o1.b FROM regress_oasa o1 WHERE o1.a = o2.a + $1)))
  FROM regress_oasa o2;
EXECUTE regress_oasa_q(1);
EXECUTE regress_oasa_q(0);
EXECUTE regress_oasa_q(1);
EXECUTE regress_oasa_q(0);
EXECUTE regress_oasa_q(1);
EXECUTE regress_oasa_q(-1);
DEALLOCATE regress_oasa_q;
DROP TABLE regress_oasa, regress_oasa_small;
