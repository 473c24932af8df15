-- A FROM subquery with a WITH of its own whose query reads a WITH query of the
-- enclosing level: inlined ones are merged all the way up, materialized ones keep
-- their CTE Scan, and EXPLAIN shows their InitPlan where the subquery's scan was.
DROP TABLE IF EXISTS regress_cnwo;
CREATE TABLE regress_cnwo (f1 int, f2 text);
INSERT INTO regress_cnwo VALUES (1, 'a'), (-5, 'b'), (40, 'c'), (7, 'd');
EXPLAIN (VERBOSE, COSTS OFF) WITH x AS (SELECT * FROM regress_cnwo)
  SELECT * FROM (WITH y AS (SELECT * FROM x) SELECT * FROM y) ss;
WITH x AS (SELECT * FROM regress_cnwo)
  SELECT * FROM (WITH y AS (SELECT * FROM x) SELECT * FROM y) ss ORDER BY f1;
EXPLAIN (COSTS OFF) WITH x AS (SELECT * FROM regress_cnwo)
  SELECT * FROM (WITH y AS (SELECT * FROM x WHERE f1 > 0) SELECT * FROM y, regress_cnwo r
                 WHERE r.f2 = y.f2) ss;
WITH x AS (SELECT * FROM regress_cnwo)
  SELECT * FROM (WITH y AS (SELECT * FROM x WHERE f1 > 0) SELECT * FROM y, regress_cnwo r
                 WHERE r.f2 = y.f2) ss;
EXPLAIN (VERBOSE, COSTS OFF) WITH x AS MATERIALIZED (SELECT * FROM regress_cnwo)
  SELECT * FROM (WITH y AS (SELECT * FROM x) SELECT * FROM y) ss;
EXPLAIN (COSTS OFF) WITH x AS MATERIALIZED (SELECT * FROM regress_cnwo)
  SELECT * FROM (WITH y AS (SELECT * FROM x WHERE f1 > 0) SELECT * FROM y) ss;
WITH x AS MATERIALIZED (SELECT * FROM regress_cnwo)
  SELECT * FROM (WITH y AS (SELECT * FROM x WHERE f1 > 0) SELECT * FROM y) ss ORDER BY f1;
DROP TABLE regress_cnwo;
