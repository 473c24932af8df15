-- INSERT ... ON CONFLICT DO UPDATE whose SET or WHERE holds subqueries (WITH queries,
-- EXCLUDED and the target row inside them), with RETURNING and EXPLAIN.
DROP TABLE IF EXISTS regress_ocs;
CREATE TABLE regress_ocs (k int PRIMARY KEY, v text);
INSERT INTO regress_ocs VALUES (1, 'a');
WITH aa AS (SELECT 1 a, 2 b) INSERT INTO regress_ocs VALUES (1, 'insert')
  ON CONFLICT (k) DO UPDATE SET v = (SELECT b || ' update' FROM aa WHERE a = 1 LIMIT 1);
SELECT * FROM regress_ocs;
WITH aa AS (SELECT 1 a, 2 b) INSERT INTO regress_ocs VALUES (1, 'insert')
  ON CONFLICT (k) DO UPDATE SET v = ' update' WHERE regress_ocs.k = (SELECT a FROM aa);
SELECT * FROM regress_ocs;
INSERT INTO regress_ocs VALUES (1, 'x'), (2, 'y') ON CONFLICT (k) DO UPDATE
  SET v = (SELECT count(*)::text FROM regress_ocs w2 WHERE w2.k <= excluded.k) || regress_ocs.v
  RETURNING *;
INSERT INTO regress_ocs VALUES (2, 'z') ON CONFLICT (k) DO UPDATE SET v = 'w'
  WHERE EXISTS (SELECT 1 FROM regress_ocs w3 WHERE w3.v = excluded.v) RETURNING *;
INSERT INTO regress_ocs VALUES (2, 'z') ON CONFLICT (k) DO UPDATE SET v = 'w'
  WHERE NOT EXISTS (SELECT 1 FROM regress_ocs w3 WHERE w3.v = excluded.v) RETURNING *;
EXPLAIN (COSTS OFF) INSERT INTO regress_ocs VALUES (2, 'z') ON CONFLICT (k)
  DO UPDATE SET v = (SELECT 'q') WHERE regress_ocs.k IN (SELECT 2);
INSERT INTO regress_ocs VALUES (2, 'z') ON CONFLICT (k)
  DO UPDATE SET v = (SELECT 'q') WHERE regress_ocs.k IN (SELECT 2);
INSERT INTO regress_ocs VALUES (3, 'z') ON CONFLICT (k)
  DO UPDATE SET v = (SELECT v FROM regress_ocs);
INSERT INTO regress_ocs VALUES (3, 'z') ON CONFLICT (k)
  DO UPDATE SET v = (SELECT v FROM regress_ocs);
SELECT * FROM regress_ocs ORDER BY k;
DROP TABLE regress_ocs;
