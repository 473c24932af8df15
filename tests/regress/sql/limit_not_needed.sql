-- OFFSET 0, OFFSET NULL, LIMIT NULL and LIMIT ALL leave no Limit node (limit_needed);
-- an OFFSET 0 subquery still stays a subquery.
DROP TABLE IF EXISTS regress_lnn;
CREATE TABLE regress_lnn (x int);
INSERT INTO regress_lnn VALUES (1), (2), (3);
EXPLAIN (COSTS OFF) SELECT * FROM regress_lnn OFFSET 0;
EXPLAIN (COSTS OFF) SELECT * FROM regress_lnn LIMIT NULL;
EXPLAIN (COSTS OFF) SELECT * FROM regress_lnn LIMIT ALL OFFSET NULL;
EXPLAIN (COSTS OFF) SELECT * FROM regress_lnn OFFSET '0';
EXPLAIN (COSTS OFF) SELECT * FROM regress_lnn LIMIT 0;
EXPLAIN (COSTS OFF) SELECT * FROM regress_lnn OFFSET 1;
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT x, random() r FROM regress_lnn OFFSET 0) s
  WHERE x > 1;
SELECT x FROM (SELECT x, random() r FROM regress_lnn OFFSET 0) s WHERE x > 1 ORDER BY x;
SELECT * FROM regress_lnn ORDER BY x OFFSET 0;
SELECT * FROM regress_lnn ORDER BY x LIMIT NULL OFFSET 1;
DROP TABLE regress_lnn;
