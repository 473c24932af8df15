-- compare explain text
-- GiST indexes of point_ops are built bottom-up from the points sorted in Z-order (the
-- sorted build): fully packed pages, so fewer of them than inserting point by point, and
-- gistcostestimate's tree height and page costs follow. box_ops and range_ops keys are
-- the values themselves (no compress function), so Index Only Scans can return them.
-- Compared with PostgreSQL 15.
DROP TABLE IF EXISTS gsb_tbl, gsb_boxes, gsb_points, gsb_ranges;
CREATE TABLE gsb_tbl (p point);
INSERT INTO gsb_tbl SELECT point(0.05*i, 0.05*i) FROM generate_series(0, 10000) AS i;
VACUUM ANALYZE gsb_tbl;
CREATE INDEX gsb_point_index ON gsb_tbl USING gist (p);
SELECT pg_relation_size('gsb_point_index') / 8192 AS pages;
CREATE TABLE gsb_boxes AS
SELECT box(point(0.05*i, 0.05*i), point(0.05*i, 0.05*i)) AS b, point(0.05*i, 0.05*i) AS p
FROM generate_series(0, 1500) AS i;
VACUUM ANALYZE gsb_boxes;
CREATE INDEX gsb_box_index ON gsb_boxes USING gist (b);
-- buffering = on builds by inserting, sort support or not
CREATE INDEX gsb_point_buffered ON gsb_boxes USING gist (p) WITH (buffering = on);
CREATE INDEX gsb_point_sorted ON gsb_boxes USING gist (p) WITH (buffering = off);
SELECT c.relname, pg_relation_size(c.oid) / 8192 AS pages
FROM pg_class c WHERE c.relname LIKE 'gsb\_%' AND c.relkind = 'i' ORDER BY 1;
DROP INDEX gsb_point_buffered, gsb_point_sorted;
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN SELECT p FROM gsb_tbl WHERE p <@ box(point(0,0), point(0.5, 0.5));
SELECT count(*) FROM gsb_tbl WHERE p <@ box(point(0,0), point(0.5, 0.5));
EXPLAIN SELECT b FROM gsb_boxes WHERE b <@ box(point(5,5), point(6,6));
SELECT b FROM gsb_boxes WHERE b <@ box(point(5,5), point(5.2,5.2)) ORDER BY 1;
EXPLAIN SELECT p FROM gsb_tbl WHERE p <@ box(point(0,0), point(0.5, 0.5))
ORDER BY p <-> point(0.201, 0.201);
-- the value on the left: matched through the commutator, shown commuted
EXPLAIN SELECT p FROM gsb_tbl WHERE p <@ box(point(0,0), point(0.5, 0.5))
ORDER BY point(0.101, 0.101) <-> p;
SELECT p FROM gsb_tbl WHERE p <@ box(point(0,0), point(0.5, 0.5))
ORDER BY point(0.101, 0.101) <-> p;
EXPLAIN SELECT b FROM gsb_boxes ORDER BY point(5.2, 5.91) <-> b LIMIT 3;
SELECT b FROM gsb_boxes ORDER BY point(5.2, 5.91) <-> b LIMIT 3;
SELECT p FROM gsb_tbl WHERE p <@ box(point(0,0), point(0.5, 0.5))
ORDER BY p <-> point(0.201, 0.201);
-- the value on the left: matched through the commutator, shown commuted
EXPLAIN SELECT p FROM gsb_tbl WHERE p <@ box(point(0,0), point(0.5, 0.5))
ORDER BY point(0.101, 0.101) <-> p;
SELECT p FROM gsb_tbl WHERE p <@ box(point(0,0), point(0.5, 0.5))
ORDER BY point(0.101, 0.101) <-> p;
EXPLAIN SELECT b FROM gsb_boxes ORDER BY point(5.2, 5.91) <-> b LIMIT 3;
SELECT b FROM gsb_boxes ORDER BY point(5.2, 5.91) <-> b LIMIT 3;
RESET enable_seqscan;
RESET enable_bitmapscan;
-- points with NULLs, negative and mixed coordinates: the sorted build keeps them all
CREATE TABLE gsb_points AS
SELECT CASE WHEN i % 97 = 0 THEN NULL ELSE point(i % 101 - 50, (i * 7) % 89 - 44.5) END AS p
FROM generate_series(1, 3000) AS i;
CREATE INDEX gsb_points_index ON gsb_points USING gist (p);
SET enable_seqscan = off;
SELECT count(*) FROM gsb_points WHERE p <@ box(point(-10,-10), point(10,10));
SELECT p FROM gsb_points ORDER BY p <-> point(3.3, -2.2) LIMIT 5;
RESET enable_seqscan;
CREATE TABLE gsb_ranges AS SELECT int4range(i, i + 10) AS r FROM generate_series(1, 2000) AS i;
CREATE INDEX gsb_ranges_index ON gsb_ranges USING gist (r);
VACUUM ANALYZE gsb_ranges;
SET enable_seqscan = off;
SET enable_bitmapscan = off;
SELECT r FROM gsb_ranges WHERE r && int4range(100, 103) ORDER BY 1;
RESET enable_seqscan;
RESET enable_bitmapscan;
DROP TABLE gsb_tbl, gsb_boxes, gsb_points, gsb_ranges;
