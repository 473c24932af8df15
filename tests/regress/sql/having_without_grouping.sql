-- HAVING without aggregates or GROUP BY: one group or none, the FROM clause not read.
DROP TABLE IF EXISTS regress_hwg;
CREATE TABLE regress_hwg (a int, b int);
INSERT INTO regress_hwg VALUES (0, 1), (1, 2), (2, 3), (0, 4);
SELECT 1 AS one FROM regress_hwg HAVING 1 < 2;
SELECT 1 AS one FROM regress_hwg HAVING 1 > 2;
SELECT 1 AS one FROM regress_hwg WHERE 1 / a = 1 HAVING 1 < 2;
EXPLAIN (COSTS OFF) SELECT 1 AS one FROM regress_hwg HAVING 1 < 2;
EXPLAIN (COSTS OFF) SELECT 1 AS one FROM regress_hwg HAVING 1 > 2;
EXPLAIN (COSTS OFF) SELECT 1 AS one FROM regress_hwg WHERE a > 0 HAVING random() < 2;
SELECT 1 AS one FROM regress_hwg WHERE a > 0 HAVING random() < 2;
SELECT 1 AS one FROM regress_hwg HAVING 1 < 2 ORDER BY 1 LIMIT 3;
EXPLAIN (COSTS OFF) SELECT 1 FROM regress_hwg HAVING (SELECT true);
SELECT 1 FROM regress_hwg HAVING (SELECT true);
SELECT 'x' FROM regress_hwg HAVING NULL;
SELECT a FROM regress_hwg HAVING true;
SELECT 1 FROM regress_hwg HAVING a > 0;
SELECT count(*) FROM regress_hwg HAVING count(*) > 1;
SELECT s.one, t.a FROM (SELECT 1 AS one FROM regress_hwg HAVING 1 < 2) s, regress_hwg t
  ORDER BY 2;
DROP TABLE regress_hwg;
