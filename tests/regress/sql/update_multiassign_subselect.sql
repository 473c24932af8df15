-- UPDATE SET (a, b) = (SELECT x, y ...) and ON CONFLICT DO UPDATE SET (k, v) = (SELECT ...).
DROP TABLE IF EXISTS regress_ums;
DROP TABLE IF EXISTS regress_ums_k;
CREATE TABLE regress_ums (a int, b int, c text);
INSERT INTO regress_ums VALUES (1, 2, 'x'), (2, 3, 'y');
UPDATE regress_ums SET (a, b) = (SELECT 10, 20, 30);
UPDATE regress_ums SET (a, b) = (SELECT 10);
UPDATE regress_ums SET (a, b) = (SELECT b, a) RETURNING *;
UPDATE regress_ums SET (a, c) = (SELECT a + 100, c || '!' FROM regress_ums u2
                                 WHERE u2.a = regress_ums.a LIMIT 1) RETURNING *;
UPDATE regress_ums SET (a, b) = (SELECT 1, 2 WHERE false) RETURNING *;
UPDATE regress_ums SET (a, b) = (SELECT x, x FROM generate_series(1, 2) x);
UPDATE regress_ums SET (b, a) = (SELECT 5, 6), c = 'z' RETURNING *;
UPDATE regress_ums SET (a, b) = (SELECT max(a), min(b) FROM regress_ums) RETURNING *;
CREATE TABLE regress_ums_k (k int PRIMARY KEY, v text);
INSERT INTO regress_ums_k VALUES (2, 'Blue');
WITH simpletup AS (SELECT 2 k, 'Green' v)
INSERT INTO regress_ums_k VALUES (2, 'Blue') ON CONFLICT (k) DO UPDATE
  SET (k, v) = (SELECT k, v FROM simpletup WHERE simpletup.k = regress_ums_k.k) RETURNING *;
DROP TABLE regress_ums;
DROP TABLE regress_ums_k;
