-- Partitionwise join (enable_partitionwise_join, optimizer/partitionwise_join.py): two
-- tables partitioned alike joined on their partition keys become an Append of one join
-- per pair of partitions; partitions plan-time pruning removed from one side of an inner
-- join are left out, a pruned nullable-side partner keeps the join of the Appends, and
-- tables whose partition bounds differ (a default partition holding other rows) are never
-- joined partition by partition.
SET enable_partitionwise_join TO true;
CREATE TABLE pwj1 (a int, b int, c varchar) PARTITION BY RANGE (a);
CREATE TABLE pwj1_p1 PARTITION OF pwj1 FOR VALUES FROM (0) TO (250);
CREATE TABLE pwj1_p3 PARTITION OF pwj1 FOR VALUES FROM (500) TO (600);
CREATE TABLE pwj1_p2 PARTITION OF pwj1 FOR VALUES FROM (250) TO (500);
INSERT INTO pwj1 SELECT i, i % 25, to_char(i, 'FM0000') FROM generate_series(0, 599) i WHERE i % 2 = 0;
ANALYZE pwj1;
CREATE TABLE pwj2 (a int, b int, c varchar) PARTITION BY RANGE (b);
CREATE TABLE pwj2_p1 PARTITION OF pwj2 FOR VALUES FROM (0) TO (250);
CREATE TABLE pwj2_p2 PARTITION OF pwj2 FOR VALUES FROM (250) TO (500);
CREATE TABLE pwj2_p3 PARTITION OF pwj2 FOR VALUES FROM (500) TO (600);
INSERT INTO pwj2 SELECT i % 25, i, to_char(i, 'FM0000') FROM generate_series(0, 599) i WHERE i % 3 = 0;
ANALYZE pwj2;
-- inner join
EXPLAIN (COSTS OFF) SELECT t1.a, t1.c, t2.b, t2.c FROM pwj1 t1, pwj2 t2 WHERE t1.a = t2.b AND t1.b = 0 ORDER BY t1.a;
SELECT t1.a, t1.c, t2.b, t2.c FROM pwj1 t1, pwj2 t2 WHERE t1.a = t2.b AND t1.b = 0 ORDER BY t1.a, t2.b;
-- left, right and full joins
EXPLAIN (COSTS OFF) SELECT count(*) FROM pwj1 t1 LEFT JOIN pwj1 t2 ON t1.a = t2.a;
SELECT count(*), count(t2.a) FROM pwj1 t1 LEFT JOIN pwj1 t2 ON t1.a = t2.a;
EXPLAIN (COSTS OFF) SELECT t1.a, t1.c, t2.b, t2.c FROM pwj1 t1 RIGHT JOIN pwj2 t2 ON t1.a = t2.b WHERE t2.a = 0;
SELECT t1.a, t1.c, t2.b, t2.c FROM pwj1 t1 RIGHT JOIN pwj2 t2 ON t1.a = t2.b WHERE t2.a = 0 ORDER BY t2.b, t1.a;
EXPLAIN (COSTS OFF) SELECT t1.a, t2.b FROM pwj1 t1 FULL JOIN pwj2 t2 ON t1.a = t2.b WHERE coalesce(t1.b, 0) + coalesce(t2.a, 0) = 0;
SELECT t1.a, t2.b FROM pwj1 t1 FULL JOIN pwj2 t2 ON t1.a = t2.b WHERE coalesce(t1.b, 0) + coalesce(t2.a, 0) = 0 ORDER BY t1.a, t2.b;
SELECT t1.a, t2.b FROM (SELECT * FROM pwj1 WHERE b = 0) t1 FULL JOIN (SELECT * FROM pwj2 WHERE a = 0) t2 ON t1.a = t2.b ORDER BY t1.a, t2.b;
-- semi and anti joins
EXPLAIN (COSTS OFF) SELECT t1.* FROM pwj1 t1 WHERE t1.a IN (SELECT t2.b FROM pwj2 t2 WHERE t2.a = 0) AND t1.b = 0;
SELECT t1.* FROM pwj1 t1 WHERE t1.a IN (SELECT t2.b FROM pwj2 t2 WHERE t2.a = 0) AND t1.b = 0 ORDER BY t1.a;
EXPLAIN (COSTS OFF) SELECT t1.* FROM pwj1 t1 WHERE NOT EXISTS (SELECT 1 FROM pwj2 t2 WHERE t1.a = t2.b) AND t1.b = 0;
SELECT t1.* FROM pwj1 t1 WHERE NOT EXISTS (SELECT 1 FROM pwj2 t2 WHERE t1.a = t2.b) AND t1.b = 0 ORDER BY t1.a;
-- pruned partitions: an inner join joins the pairs left, a LEFT join with a pruned
-- nullable partner does not go partitionwise
EXPLAIN (COSTS OFF) SELECT t1.a, t2.b FROM pwj1 t1, pwj2 t2 WHERE t1.a = t2.b AND t1.a < 450 AND t2.b > 250 AND t1.b = 0;
SELECT t1.a, t2.b FROM pwj1 t1, pwj2 t2 WHERE t1.a = t2.b AND t1.a < 450 AND t2.b > 250 AND t1.b = 0 ORDER BY t1.a;
EXPLAIN (COSTS OFF) SELECT t1.a, t2.b FROM (SELECT * FROM pwj1 WHERE a < 450) t1 LEFT JOIN (SELECT * FROM pwj2 WHERE b > 250) t2 ON t1.a = t2.b WHERE t1.b = 0;
SELECT t1.a, t2.b FROM (SELECT * FROM pwj1 WHERE a < 450) t1 LEFT JOIN (SELECT * FROM pwj2 WHERE b > 250) t2 ON t1.a = t2.b WHERE t1.b = 0 ORDER BY t1.a;
-- not on the partition keys, or with a whole-row reference: the join of the Appends
EXPLAIN (COSTS OFF) SELECT t1.a, t2.a FROM pwj1 t1 JOIN pwj2 t2 ON t1.a = t2.a WHERE t1.b = 0;
EXPLAIN (COSTS OFF) SELECT t1, t2 FROM pwj1 t1 LEFT JOIN pwj2 t2 ON t1.a = t2.b WHERE t1.b = 0;
SELECT t1, t2 FROM pwj1 t1 LEFT JOIN pwj2 t2 ON t1.a = t2.b WHERE t1.b = 0 ORDER BY t1.a;
-- other bounds: a default partition of one table holds rows the other keeps elsewhere
CREATE TABLE pwj3 (a int, b int) PARTITION BY RANGE (a);
CREATE TABLE pwj3_p1 PARTITION OF pwj3 FOR VALUES FROM (0) TO (250);
CREATE TABLE pwj3_def PARTITION OF pwj3 DEFAULT;
INSERT INTO pwj3 SELECT i, i % 10 FROM generate_series(0, 599, 5) i;
CREATE TABLE pwj4 (a int, b int) PARTITION BY RANGE (a);
CREATE TABLE pwj4_p1 PARTITION OF pwj4 FOR VALUES FROM (0) TO (250);
CREATE TABLE pwj4_p2 PARTITION OF pwj4 FOR VALUES FROM (250) TO (500);
CREATE TABLE pwj4_def PARTITION OF pwj4 DEFAULT;
INSERT INTO pwj4 SELECT i, i % 10 FROM generate_series(0, 599, 3) i;
ANALYZE pwj3, pwj4;
EXPLAIN (COSTS OFF) SELECT count(*) FROM pwj3 JOIN pwj4 ON pwj3.a = pwj4.a;
SELECT count(*) FROM pwj3 JOIN pwj4 ON pwj3.a = pwj4.a;
-- list and hash partitioning
CREATE TABLE pwj5 (a int, k text) PARTITION BY LIST (k);
CREATE TABLE pwj5_x PARTITION OF pwj5 FOR VALUES IN ('x', 'y');
CREATE TABLE pwj5_z PARTITION OF pwj5 FOR VALUES IN ('z', NULL);
CREATE TABLE pwj6 (b int, k text) PARTITION BY LIST (k);
CREATE TABLE pwj6_z PARTITION OF pwj6 FOR VALUES IN ('z', NULL);
CREATE TABLE pwj6_x PARTITION OF pwj6 FOR VALUES IN ('x', 'y');
INSERT INTO pwj5 SELECT i, (ARRAY['x', 'y', 'z', NULL])[1 + i % 4] FROM generate_series(1, 40) i;
INSERT INTO pwj6 SELECT i, (ARRAY['x', 'y', 'z', NULL])[1 + i % 4] FROM generate_series(1, 20) i;
ANALYZE pwj5, pwj6;
EXPLAIN (COSTS OFF) SELECT pwj5.k, count(*) FROM pwj5 JOIN pwj6 ON pwj5.k = pwj6.k GROUP BY pwj5.k;
SELECT pwj5.k, count(*) FROM pwj5 JOIN pwj6 ON pwj5.k = pwj6.k GROUP BY pwj5.k ORDER BY 1;
SELECT pwj5.k, count(*), count(pwj6.b) FROM pwj5 FULL JOIN pwj6 ON pwj5.k = pwj6.k AND pwj5.a = pwj6.b GROUP BY pwj5.k ORDER BY 1;
CREATE TABLE pwj7 (a int, b int) PARTITION BY HASH (a);
CREATE TABLE pwj7_0 PARTITION OF pwj7 FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE pwj7_1 PARTITION OF pwj7 FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE TABLE pwj8 (a int, b int) PARTITION BY HASH (a);
CREATE TABLE pwj8_1 PARTITION OF pwj8 FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE TABLE pwj8_0 PARTITION OF pwj8 FOR VALUES WITH (MODULUS 2, REMAINDER 0);
INSERT INTO pwj7 SELECT i, i FROM generate_series(1, 100) i;
INSERT INTO pwj8 SELECT i, i FROM generate_series(1, 100, 2) i;
ANALYZE pwj7, pwj8;
EXPLAIN (COSTS OFF) SELECT count(*) FROM pwj7 LEFT JOIN pwj8 ON pwj7.a = pwj8.a;
SELECT count(*), count(pwj8.b), sum(pwj8.b) FROM pwj7 LEFT JOIN pwj8 ON pwj7.a = pwj8.a;
-- off: the join of the Appends
SET enable_partitionwise_join TO false;
EXPLAIN (COSTS OFF) SELECT count(*) FROM pwj1 t1 LEFT JOIN pwj1 t2 ON t1.a = t2.a;
RESET enable_partitionwise_join;
DROP TABLE pwj1, pwj2, pwj3, pwj4, pwj5, pwj6, pwj7, pwj8;
