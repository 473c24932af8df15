-- BRIN bitmaps combined with B-tree ones: BitmapOr and BitmapAnd plans and costs as
-- PostgreSQL's, lossy and exact pages together (tidbitmap's intersection and union),
-- rows of exact TIDs on pages lossy on the other side rechecked. Compared with PostgreSQL 15.
CREATE TABLE brin_and (a int, v int, pad text);
INSERT INTO brin_and SELECT (g * 7919) % 10000, g, repeat('p', 50) FROM generate_series(1, 20000) g;
CREATE INDEX brin_and_a ON brin_and (a);
CREATE INDEX brin_and_v ON brin_and USING brin (v) WITH (pages_per_range = 8);
ANALYZE brin_and;
EXPLAIN SELECT * FROM brin_and WHERE a < 2000 AND v < 3000;
EXPLAIN SELECT * FROM brin_and WHERE a < 500 AND v < 10000;
EXPLAIN SELECT * FROM brin_and WHERE a = 5 OR v < 100;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT count(*) FROM brin_and WHERE a < 2000 AND v < 3000;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT count(*) FROM brin_and WHERE a = 5 OR v < 100;
DROP TABLE brin_and;
CREATE TABLE brin_and (a int, b int, v int, pad text);
INSERT INTO brin_and SELECT (g * 7919) % 10000, g % 100, g, repeat('p', 50) FROM generate_series(1, 20000) g;
CREATE INDEX brin_and_a ON brin_and (a);
CREATE INDEX brin_and_b ON brin_and (b);
CREATE INDEX brin_and_v ON brin_and USING brin (v) WITH (pages_per_range = 8);
ANALYZE brin_and;
EXPLAIN SELECT * FROM brin_and WHERE a < 3000 AND v < 5000;
EXPLAIN SELECT * FROM brin_and WHERE b = 5 AND v < 8000;
EXPLAIN SELECT * FROM brin_and WHERE b < 30 AND v < 2000;
EXPLAIN SELECT * FROM brin_and WHERE (b = 5 OR v < 200) AND a < 5000;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT count(*) FROM brin_and WHERE b = 5 AND v < 8000;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT count(*) FROM brin_and WHERE (b = 5 OR v < 200) AND a < 5000;
SELECT count(*) FROM brin_and WHERE (b = 5 OR v < 200) AND a < 5000;
DROP TABLE brin_and;
