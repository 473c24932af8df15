-- Row comparisons with subqueries: (a, b) [NOT] IN (SELECT x, y), op ANY / ALL, and
-- (a, b) op (SELECT x, y); NULLs, correlation, errors, views.
DROP VIEW IF EXISTS regress_rsq_v;
DROP TABLE IF EXISTS regress_rsq;
CREATE TABLE regress_rsq (f1 int, f2 int, f3 float8);
INSERT INTO regress_rsq VALUES (1, 1, 1), (2, 2, 2), (3, 3, 3), (6, 7, 8), (8, 9, NULL),
  (NULL, 1, 1);
SELECT f1, f2 FROM regress_rsq
  WHERE (f1, f2) NOT IN (SELECT f2, CAST(f3 AS int4) FROM regress_rsq WHERE f3 IS NOT NULL)
  ORDER BY 1, 2;
SELECT f1, f2 FROM regress_rsq
  WHERE (f1, f2) NOT IN (SELECT f2, CAST(f3 AS int4) FROM regress_rsq) ORDER BY 1, 2;
SELECT f1, f2 FROM regress_rsq WHERE (f1, f2) IN (SELECT f2, CAST(f3 AS int4) FROM regress_rsq)
  ORDER BY 1, 2;
EXPLAIN (COSTS OFF) SELECT f1, f2 FROM regress_rsq
  WHERE (f1, f2) IN (SELECT f2, CAST(f3 AS int4) FROM regress_rsq);
SELECT f1, (f1, f2) = ANY (SELECT f2, f1 FROM regress_rsq r2 WHERE r2.f1 > regress_rsq.f1)
  FROM regress_rsq ORDER BY 1;
SELECT f1, (f1, f2) < ALL (SELECT f2, f1 FROM regress_rsq r2 WHERE r2.f1 IS NOT NULL)
  FROM regress_rsq ORDER BY 1;
SELECT f1, (f1, f2) >= ANY (SELECT 3, 3) FROM regress_rsq ORDER BY 1;
SELECT f1, (f1, f2) = (SELECT f2, f1 FROM regress_rsq r2 WHERE r2.f1 = regress_rsq.f1)
  FROM regress_rsq ORDER BY 1;
SELECT f1, (f1, f2) < (SELECT 2, 5) FROM regress_rsq ORDER BY 1;
SELECT (1, 2) = (SELECT 1, 2);
SELECT (1, 2) = (SELECT 1, 2 WHERE false);
SELECT (1, 2) <> (SELECT 1, 3);
SELECT (1, 2) = (SELECT 1, 2 UNION ALL SELECT 1, 2);
SELECT (1, 2) IN (SELECT 1);
SELECT (1, 2, 3) IN (SELECT 1, 2);
SELECT (1, 2) = (SELECT 1, 2, 3);
SELECT (1, 2) ~~ ANY (SELECT 1, 2);
SELECT (1, 2) <> ALL (SELECT 3, 4);
SELECT (1, 'a') = (SELECT 1, 'a'::text);
SELECT row(row(row(1))) = ANY (SELECT row(row(1)));
CREATE VIEW regress_rsq_v AS SELECT f1 FROM regress_rsq
  WHERE (f1, f2) IN (SELECT f2, f1 FROM regress_rsq r) AND (f1, f2) = (SELECT 1, 1);
SELECT * FROM regress_rsq_v;
DROP VIEW regress_rsq_v;
DROP TABLE regress_rsq;
