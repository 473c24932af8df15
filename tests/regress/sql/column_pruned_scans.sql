-- Scans decode only the columns up to the last one their plan reads
-- (executor/column_pruning.py): answers must not change when the columns a query reads
-- are early, late, NULL, dropped, added later, TOASTed, or read only by a sort, a
-- DISTINCT, a join, a subquery, an aggregate's FILTER or a whole-row reference.
DROP TABLE IF EXISTS regress_cps_wide, regress_cps_dim;
CREATE TABLE regress_cps_wide (a int, b int, c text, d float8, e text, f int);
INSERT INTO regress_cps_wide
  SELECT g, g % 5, CASE WHEN g % 4 = 0 THEN NULL ELSE 'c' || g END, g / 3.0,
         repeat('long text ', CASE WHEN g % 10 = 0 THEN 500 ELSE 1 END), g % 3
  FROM generate_series(1, 60) g;
CREATE TABLE regress_cps_dim (k int, label text);
INSERT INTO regress_cps_dim SELECT g, 'label ' || g FROM generate_series(0, 4) g;
CREATE INDEX regress_cps_wide_a ON regress_cps_wide (a);
SELECT count(*), sum(b) FROM regress_cps_wide WHERE a > 10;
SELECT a FROM regress_cps_wide WHERE f = 2 AND a < 20 ORDER BY a;
SELECT a, b FROM regress_cps_wide ORDER BY f DESC, a LIMIT 4;
SELECT DISTINCT b FROM regress_cps_wide ORDER BY b;
SELECT b, count(c), count(*) FILTER (WHERE f = 1), max(length(e))
  FROM regress_cps_wide GROUP BY b ORDER BY b;
SELECT w.a, d.label FROM regress_cps_wide w JOIN regress_cps_dim d ON w.b = d.k
  WHERE w.a < 8 ORDER BY w.a;
SELECT a, (SELECT label FROM regress_cps_dim WHERE k = w.f) FROM regress_cps_wide w
  WHERE a BETWEEN 3 AND 6 ORDER BY a;
SELECT w FROM regress_cps_wide w WHERE a = 7;
SELECT * FROM regress_cps_wide WHERE a = 8;
SELECT a, length(e) FROM regress_cps_wide WHERE a IN (10, 20, 30) ORDER BY a;
SELECT a, c IS NULL FROM regress_cps_wide WHERE a = 4;
SELECT count(*) FROM regress_cps_wide a1 JOIN regress_cps_wide a2 ON a1.a = a2.f;
ALTER TABLE regress_cps_wide DROP COLUMN b;
ALTER TABLE regress_cps_wide ADD COLUMN g int DEFAULT 7;
INSERT INTO regress_cps_wide (a, c, g) VALUES (61, 'new', 8);
SELECT a, g FROM regress_cps_wide WHERE a IN (1, 61) ORDER BY a;
SELECT a, c FROM regress_cps_wide WHERE a > 58 ORDER BY a;
SELECT sum(f), count(g) FROM regress_cps_wide;
SELECT a FROM regress_cps_wide WHERE a = 5 FOR UPDATE;
UPDATE regress_cps_wide SET f = f + 1 WHERE a = 2 RETURNING a, c, f, g;
DELETE FROM regress_cps_wide WHERE a = 3 RETURNING a, d;
DROP TABLE regress_cps_wide, regress_cps_dim;
