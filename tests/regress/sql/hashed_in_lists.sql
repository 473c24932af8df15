-- IN lists of 9 or more constants are answered by a hash table (optimizer/hashed_saop.py):
-- the same rows as element-by-element comparison, NULL elements and NULL inputs
-- included, for = ANY and <> ALL (NOT IN), integers, text and varchar, and below the
-- threshold.
DROP TABLE IF EXISTS regress_hin;
CREATE TABLE regress_hin (i int, t text, v varchar(10), n int8);
INSERT INTO regress_hin SELECT g, 'x' || g, 'v' || (g % 13), CASE WHEN g % 5 = 0 THEN NULL ELSE g END FROM generate_series(1, 300) g;
SELECT count(*) FROM regress_hin WHERE i IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 400);
SELECT count(*) FROM regress_hin WHERE i NOT IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
SELECT count(*) FROM regress_hin WHERE i NOT IN (1, 2, 3, 4, 5, 6, 7, 8, 9, NULL);
SELECT count(*) FROM regress_hin WHERE (i IN (1, 2, 3, 4, 5, 6, 7, 8, 9, NULL)) IS NULL;
SELECT count(*) FROM regress_hin WHERE (n IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)) IS NULL;
SELECT count(*) FROM regress_hin WHERE n = ANY ('{5,10,15,20,25,30,35,40,41,42}'::int8[]);
SELECT count(*) FROM regress_hin WHERE i = ANY ('{5,10,15,20,25,30,35,40,41,42}');
SELECT count(*) FROM regress_hin WHERE t IN ('x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8', 'x9', 'y');
SELECT count(*) FROM regress_hin WHERE v IN ('v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8', 'v9');
SELECT count(*) FROM regress_hin WHERE v NOT IN ('v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8', 'v9');
SELECT i, i IN (1, 2, 3, 4, 5, 6, 7, 8, 9) AS small, i IN (1, 2, 3, 4, 5, 6, 7, 8) AS eight FROM regress_hin WHERE i < 11 ORDER BY i;
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_hin WHERE i IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
DROP TABLE regress_hin;
