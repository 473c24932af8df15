-- GiST Index Only Scans: classes whose leaf keys return the value (btree_gist's exact
-- classes, point_ops, also for lossy conditions such as point <@ circle, rechecked on
-- the fetched values) and KNN; a column of a class that cannot (inet) forces an Index
-- Scan; enable_indexonlyscan; Heap Fetches after an update.
DROP EXTENSION IF EXISTS btree_gist;
CREATE EXTENSION btree_gist;
CREATE TABLE gio (id int, t text, p point, ts timestamp, n inet);
INSERT INTO gio SELECT g, 'v' || lpad(g::text, 5, '0'), point(g % 97, g % 89), timestamp '2020-01-01' + g * interval '1 hour', ('10.0.' || (g % 200) || '.1')::inet FROM generate_series(1, 3000) g;
CREATE INDEX gio_id ON gio USING gist (id);
CREATE INDEX gio_t ON gio USING gist (t);
CREATE INDEX gio_p ON gio USING gist (p);
CREATE INDEX gio_n ON gio USING gist (n);
CREATE INDEX gio_ts ON gio USING gist (ts, n);
VACUUM ANALYZE gio;
EXPLAIN (COSTS OFF) SELECT id FROM gio WHERE id BETWEEN 100 AND 105;
SELECT id FROM gio WHERE id BETWEEN 100 AND 105 ORDER BY 1;
EXPLAIN (COSTS OFF) SELECT t FROM gio WHERE t > 'v02995';
SELECT t FROM gio WHERE t > 'v02995' ORDER BY 1;
EXPLAIN (COSTS OFF) SELECT p FROM gio WHERE p <@ box '((10,10),(11,11))';
SELECT p FROM gio WHERE p <@ box '((10,10),(11,11))' ORDER BY p[0], p[1];
EXPLAIN (COSTS OFF) SELECT p FROM gio WHERE p <@ circle '((10,10),1)';
SELECT p FROM gio WHERE p <@ circle '((10,10),1)' ORDER BY p[0], p[1];
-- two indexes answer n = ... at the same cost: the newer one's path is kept
EXPLAIN (COSTS OFF) SELECT n FROM gio WHERE n = '10.0.7.1';
EXPLAIN (COSTS OFF) SELECT ts FROM gio WHERE ts < '2020-01-01 05:00';
SELECT ts FROM gio WHERE ts < '2020-01-01 05:00' ORDER BY 1;
EXPLAIN (COSTS OFF) SELECT ts, n FROM gio WHERE ts < '2020-01-01 05:00';
SELECT ts, n FROM gio WHERE ts < '2020-01-01 05:00' ORDER BY 1;
SET enable_indexonlyscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM gio WHERE id BETWEEN 100 AND 105;
RESET enable_indexonlyscan;
EXPLAIN (COSTS OFF) SELECT p FROM gio ORDER BY p <-> point '(50.5, 40.25)' LIMIT 3;
SELECT p FROM gio ORDER BY p <-> point '(50.5, 40.25)' LIMIT 3;
UPDATE gio SET t = t WHERE id = 101;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT id FROM gio WHERE id BETWEEN 100 AND 105;
DROP TABLE gio;
DROP EXTENSION btree_gist;
