-- (a, b) [NOT] IN (uncorrelated SELECT x, y): a hashed SubPlan over the rows (one `=`
-- per column), with ExecHashSubPlan's NULL rules: a row with a NULL on either side is
-- NULL when some row could still be equal, false when none could.
-- compare explain text
CREATE TABLE regress_hrs_outer (a int, b int);
CREATE TABLE regress_hrs_inner (x int, y int);
INSERT INTO regress_hrs_outer SELECT g % 7, g % 5 FROM generate_series(1, 3000) g;
INSERT INTO regress_hrs_outer VALUES (NULL, 1), (1, NULL), (NULL, NULL), (6, NULL), (NULL, 4);
INSERT INTO regress_hrs_inner SELECT g % 3, g % 4 FROM generate_series(1, 2000) g;
ANALYZE regress_hrs_outer;
ANALYZE regress_hrs_inner;
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_hrs_outer
  WHERE (a, b) NOT IN (SELECT x, y FROM regress_hrs_inner);
EXPLAIN SELECT count(*) FROM regress_hrs_outer
  WHERE (a, b) NOT IN (SELECT x, y FROM regress_hrs_inner);
SELECT count(*) FROM regress_hrs_outer WHERE (a, b) NOT IN (SELECT x, y FROM regress_hrs_inner);
SELECT a, b, count(*) FROM regress_hrs_outer
  WHERE (a, b) NOT IN (SELECT x, y FROM regress_hrs_inner) IS NULL
  GROUP BY a, b ORDER BY a, b;
-- rows of the subquery with a NULL: only partial matches make NULL
INSERT INTO regress_hrs_inner VALUES (5, NULL), (NULL, 2);
ANALYZE regress_hrs_inner;
SELECT a, b, (a, b) NOT IN (SELECT x, y FROM regress_hrs_inner) AS not_in, count(*)
  FROM regress_hrs_outer WHERE (a, b) NOT IN (SELECT x, y FROM regress_hrs_inner) IS NOT TRUE
  GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;
SELECT count(*) FROM regress_hrs_outer WHERE (a, b) NOT IN (SELECT x, y FROM regress_hrs_inner);
-- a cast on the subquery's side, text against name
SELECT count(*) FROM regress_hrs_outer
  WHERE (a::text::name, b) NOT IN (SELECT x::text, y FROM regress_hrs_inner);
-- an empty subquery: never NULL
SELECT count(*) FROM regress_hrs_outer
  WHERE (a, b) NOT IN (SELECT x, y FROM regress_hrs_inner WHERE x > 100);
DROP TABLE regress_hrs_outer, regress_hrs_inner;
