-- ORDER BY over partitioned tables served by the partitions' indexes: an ordered
-- Append for range partitions in bound order (reversed for DESC), Merge Append when
-- the partitions are not ordered by the sort key, with LIMIT.
DROP TABLE IF EXISTS poa_r CASCADE;
DROP TABLE IF EXISTS poa_l CASCADE;
DROP TABLE IF EXISTS poa_i CASCADE;
CREATE TABLE poa_r (a int, b text) PARTITION BY RANGE (a);
CREATE TABLE poa_r2 PARTITION OF poa_r FOR VALUES FROM (1000) TO (2000);
CREATE TABLE poa_r1 PARTITION OF poa_r FOR VALUES FROM (0) TO (1000);
INSERT INTO poa_r SELECT g, 'x' || g FROM generate_series(0, 1999) g;
CREATE INDEX ON poa_r (a);
CREATE INDEX ON poa_r (b);
ANALYZE poa_r;
EXPLAIN (COSTS OFF) SELECT * FROM poa_r ORDER BY a LIMIT 5;
SELECT * FROM poa_r ORDER BY a LIMIT 5;
EXPLAIN (COSTS OFF) SELECT * FROM poa_r ORDER BY a DESC LIMIT 5;
SELECT * FROM poa_r ORDER BY a DESC LIMIT 5;
EXPLAIN (COSTS OFF) SELECT * FROM poa_r ORDER BY b LIMIT 5;
SELECT * FROM poa_r ORDER BY b LIMIT 5;
EXPLAIN (COSTS OFF) SELECT * FROM poa_r ORDER BY b DESC LIMIT 4;
SELECT * FROM poa_r ORDER BY b DESC LIMIT 4;
EXPLAIN (COSTS OFF) SELECT a FROM poa_r ORDER BY a LIMIT 3;
SELECT a FROM poa_r ORDER BY a LIMIT 3;
SELECT * FROM poa_r WHERE b LIKE 'x1%' ORDER BY a LIMIT 3;
SELECT * FROM poa_r WHERE a BETWEEN 995 AND 1004 ORDER BY a DESC;
SELECT * FROM poa_r ORDER BY b OFFSET 1995;
-- a default partition breaks the bound order: Merge Append
CREATE TABLE poa_rd PARTITION OF poa_r DEFAULT;
INSERT INTO poa_r VALUES (5000, 'big'), (-5, 'small');
ANALYZE poa_r;
EXPLAIN (COSTS OFF) SELECT * FROM poa_r ORDER BY a LIMIT 5;
SELECT * FROM poa_r ORDER BY a LIMIT 5;
SELECT * FROM poa_r ORDER BY a DESC LIMIT 3;
-- list partitions: interleaved values need Merge Append, others are in order
CREATE TABLE poa_l (a int, b int) PARTITION BY LIST (a);
CREATE TABLE poa_l1 PARTITION OF poa_l FOR VALUES IN (1, 3);
CREATE TABLE poa_l2 PARTITION OF poa_l FOR VALUES IN (2);
INSERT INTO poa_l SELECT 1 + g % 3, g FROM generate_series(1, 3000) g;
CREATE INDEX ON poa_l (a);
ANALYZE poa_l;
EXPLAIN (COSTS OFF) SELECT * FROM poa_l ORDER BY a LIMIT 5;
SELECT a, count(*) FROM (SELECT * FROM poa_l ORDER BY a LIMIT 2500) s GROUP BY a ORDER BY a;
CREATE TABLE poa_i (a int, b int) PARTITION BY LIST (a);
CREATE TABLE poa_i1 PARTITION OF poa_i FOR VALUES IN (1, 2);
CREATE TABLE poa_i2 PARTITION OF poa_i FOR VALUES IN (3, 4);
INSERT INTO poa_i SELECT 1 + g % 4, g FROM generate_series(1, 4000) g;
CREATE INDEX ON poa_i (a);
ANALYZE poa_i;
EXPLAIN (COSTS OFF) SELECT * FROM poa_i ORDER BY a LIMIT 5;
EXPLAIN (COSTS OFF) SELECT * FROM poa_i ORDER BY a DESC LIMIT 5;
SELECT * FROM poa_i ORDER BY a DESC, b DESC LIMIT 5;
DROP TABLE poa_r CASCADE;
DROP TABLE poa_l CASCADE;
DROP TABLE poa_i CASCADE;
