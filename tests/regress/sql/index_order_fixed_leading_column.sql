-- A multi-column index gives the order of a later column when WHERE fixes the columns
-- before it to constants: ORDER BY, ORDER BY ... LIMIT and min() / max() read it in
-- order (forward or backward) without a Sort.
DROP TABLE IF EXISTS regress_ioflc;
CREATE TABLE regress_ioflc (g int, v int, w text);
INSERT INTO regress_ioflc SELECT i % 100, i, 'w' || i FROM generate_series(1, 5000) i;
CREATE INDEX regress_ioflc_gv ON regress_ioflc (g, v);
ANALYZE regress_ioflc;
EXPLAIN (COSTS OFF) SELECT g, v FROM regress_ioflc WHERE g = 33 ORDER BY v;
SELECT g, v FROM regress_ioflc WHERE g = 33 ORDER BY v LIMIT 5;
EXPLAIN (COSTS OFF) SELECT g, v FROM regress_ioflc WHERE g = 33 ORDER BY g, v;
EXPLAIN (COSTS OFF) SELECT v FROM regress_ioflc WHERE g = 33 ORDER BY v DESC LIMIT 1;
SELECT v FROM regress_ioflc WHERE g = 33 ORDER BY v DESC LIMIT 3;
EXPLAIN (COSTS OFF) SELECT * FROM regress_ioflc WHERE g = 7 AND v > 2000 ORDER BY v LIMIT 3;
SELECT * FROM regress_ioflc WHERE g = 7 AND v > 2000 ORDER BY v LIMIT 3;
EXPLAIN (COSTS OFF) SELECT min(v), max(v) FROM regress_ioflc WHERE g = 7;
SELECT min(v), max(v) FROM regress_ioflc WHERE g = 7;
SELECT min(v), max(v) FROM regress_ioflc WHERE g = 1000;
DROP TABLE regress_ioflc;
