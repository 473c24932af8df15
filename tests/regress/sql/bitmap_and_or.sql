-- BitmapOr and BitmapAnd: OR clauses answered by one Bitmap Index Scan per arm, clauses
-- on two indexes ANDed where PostgreSQL's costing does it, and their results.
DROP TABLE IF EXISTS rxb;
CREATE TABLE rxb (id int, a int, b int, c int, t text);
INSERT INTO rxb SELECT g, g % 1000, g % 997, g % 10, 'x' || g FROM generate_series(1, 8000) g;
CREATE INDEX rxb_a ON rxb (a);
CREATE INDEX rxb_b ON rxb (b);
CREATE INDEX rxb_c ON rxb (c);
ANALYZE rxb;
EXPLAIN (COSTS OFF) SELECT * FROM rxb WHERE a = 5 OR b = 7;
SELECT count(*), sum(id) FROM rxb WHERE a = 5 OR b = 7;
EXPLAIN (COSTS OFF) SELECT * FROM rxb WHERE a = 5 OR a = 7 OR b = 3;
SELECT count(*), sum(id) FROM rxb WHERE a = 5 OR a = 7 OR b = 3;
EXPLAIN (COSTS OFF) SELECT * FROM rxb WHERE (a = 5 OR b = 7) AND c = 3;
SELECT count(*), sum(id) FROM rxb WHERE (a = 5 OR b = 7) AND c = 3;
EXPLAIN (COSTS OFF) SELECT * FROM rxb WHERE a < 50 AND b < 50;
SELECT count(*), sum(id) FROM rxb WHERE a < 50 AND b < 50;
EXPLAIN (COSTS OFF) SELECT * FROM rxb WHERE a = 5 AND b = 5;
SELECT id FROM rxb WHERE a = 5 AND b = 5 ORDER BY id;
EXPLAIN (COSTS OFF) SELECT * FROM rxb WHERE (a = 1 AND b = 2) OR c = 11;
SELECT count(*) FROM rxb WHERE (a = 1 AND b = 2) OR c = 11;
EXPLAIN (COSTS OFF) SELECT * FROM rxb WHERE a = 5 OR t = 'x';
EXPLAIN (COSTS OFF) SELECT * FROM rxb WHERE a = 5 OR b > 990 OR c = 12;
SELECT count(*) FROM rxb WHERE a = 5 OR b > 990 OR c = 12;
EXPLAIN (COSTS OFF) SELECT id FROM rxb WHERE (a = 5 OR b = 7) AND id > 4000;
SELECT id FROM rxb WHERE (a = 5 OR b = 7) AND id > 4000 ORDER BY id;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM rxb WHERE a = 5 OR b = 7;
RESET enable_bitmapscan;
-- rows changed and deleted since: the bitmaps find only live versions
UPDATE rxb SET b = 7 WHERE id IN (1, 2, 3);
DELETE FROM rxb WHERE a = 5 AND id < 2000;
SELECT count(*), sum(id) FROM rxb WHERE a = 5 OR b = 7;
DROP TABLE rxb;
