-- LIKE / ~ with a fixed prefix answered by a B-tree range: `c >= prefix AND c < next`
-- (~>=~ / ~<~ for text_pattern_ops) as the Index Cond, the pattern kept as the Filter;
-- an all-prefix pattern as `c = prefix`; patterns without a prefix, negations and
-- ILIKE letters use no index. The rows found must be exactly the pattern's.
DROP TABLE IF EXISTS rxl;
CREATE TABLE rxl (id int, c text, d text, v varchar(20));
INSERT INTO rxl SELECT g, 'k' || g, 'k' || g, 'k' || g FROM generate_series(1, 5000) g;
INSERT INTO rxl VALUES (6001, 'k1_x', 'k1_x', 'k1_x'), (6002, 'k1%y', 'k1%y', 'k1%y'),
  (6003, 'é1', 'é1', 'é1'), (6004, 'éz', 'éz', 'éz'), (6005, 'ê', 'ê', 'ê'),
  (6006, e'k\x7f1', e'k\x7f1', e'k\x7f1'), (6007, 'l', 'l', 'l'), (6008, NULL, NULL, NULL),
  (6009, '12ab', '12ab', '12ab');
CREATE INDEX rxl_c ON rxl (c text_pattern_ops);
CREATE INDEX rxl_d ON rxl (d);
CREATE INDEX rxl_v ON rxl (v varchar_pattern_ops);
EXPLAIN (COSTS OFF) SELECT * FROM rxl WHERE c LIKE 'k12%';
SELECT * FROM rxl WHERE c LIKE 'k12%';
EXPLAIN (COSTS OFF) SELECT * FROM rxl WHERE d LIKE 'k12%';
SELECT * FROM rxl WHERE d LIKE 'k12%';
EXPLAIN (COSTS OFF) SELECT * FROM rxl WHERE v LIKE 'k12%';
SELECT * FROM rxl WHERE v LIKE 'k12%';
EXPLAIN (COSTS OFF) SELECT * FROM rxl WHERE c LIKE 'k123';
SELECT * FROM rxl WHERE c LIKE 'k123';
EXPLAIN (COSTS OFF) SELECT * FROM rxl WHERE d ~ '^k49';
SELECT * FROM rxl WHERE d ~ '^k49';
EXPLAIN (COSTS OFF) SELECT * FROM rxl WHERE d ~ '^k49$';
SELECT * FROM rxl WHERE d ~ '^k49$';
EXPLAIN (COSTS OFF) SELECT * FROM rxl WHERE d LIKE 'k1\_%';
SELECT * FROM rxl WHERE d LIKE 'k1\_%';
EXPLAIN (COSTS OFF) SELECT * FROM rxl WHERE d LIKE 'k1_%' AND id > 6000;
SELECT * FROM rxl WHERE d LIKE 'k1_%' AND id > 6000;
EXPLAIN (COSTS OFF) SELECT * FROM rxl WHERE d LIKE 'é%';
SELECT * FROM rxl WHERE d LIKE 'é%';
EXPLAIN (COSTS OFF) SELECT * FROM rxl WHERE c LIKE e'k\x7f%';
SELECT * FROM rxl WHERE c LIKE e'k\x7f%';
EXPLAIN (COSTS OFF) SELECT * FROM rxl WHERE d ILIKE '12%';
SELECT * FROM rxl WHERE d ILIKE '12%';
EXPLAIN (COSTS OFF) SELECT * FROM rxl WHERE d ILIKE 'k12%';
SELECT * FROM rxl WHERE d ILIKE 'k12%';
EXPLAIN (COSTS OFF) SELECT * FROM rxl WHERE d LIKE '%12';
EXPLAIN (COSTS OFF) SELECT * FROM rxl WHERE d NOT LIKE 'k12%';
SELECT count(*) FROM rxl WHERE d NOT LIKE 'k12%';
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM rxl WHERE d LIKE 'k12%' ORDER BY d;
SELECT * FROM rxl WHERE d LIKE 'k12%' ORDER BY d;
EXPLAIN (COSTS OFF) SELECT c FROM rxl WHERE c LIKE 'k4%' AND c LIKE '%9';
SELECT c FROM rxl WHERE c LIKE 'k4%' AND c LIKE '%9';
RESET enable_bitmapscan;
ANALYZE rxl;
EXPLAIN (COSTS OFF) SELECT * FROM rxl WHERE d LIKE 'k12%';
EXPLAIN (COSTS OFF) SELECT * FROM rxl WHERE c LIKE 'k4999%';
SELECT * FROM rxl WHERE c LIKE 'k4999%';
EXPLAIN (COSTS OFF) SELECT * FROM rxl WHERE d LIKE '';
SELECT * FROM rxl WHERE d LIKE '';
EXPLAIN (COSTS OFF) SELECT * FROM rxl WHERE d LIKE 'k12%' AND d LIKE 'k1%';
SELECT * FROM rxl WHERE d LIKE 'k12%' AND d LIKE 'k1%';
DROP TABLE rxl;
