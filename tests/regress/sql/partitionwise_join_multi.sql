-- Partitionwise joins of three and four tables (optimizer/partitionwise_join.py): a join
-- relation joined partition by partition is partitioned itself, so a third table
-- partitioned alike joins each pair's child join (LEFT joins through a nullable side's
-- key, FULL joins through COALESCE of both keys, a USING column); a partition as the
-- inner side is read through its own index per outer row, its Index Cond naming the
-- outer partition; expression partition keys match join clauses on the same expression.
SET enable_partitionwise_join TO true;
CREATE TABLE pwm1 (a int, b int, c varchar) PARTITION BY RANGE (a);
CREATE TABLE pwm1_p1 PARTITION OF pwm1 FOR VALUES FROM (0) TO (250);
CREATE TABLE pwm1_p3 PARTITION OF pwm1 FOR VALUES FROM (500) TO (600);
CREATE TABLE pwm1_p2 PARTITION OF pwm1 FOR VALUES FROM (250) TO (500);
INSERT INTO pwm1 SELECT i, i % 25, to_char(i, 'FM0000') FROM generate_series(0, 599) i WHERE i % 2 = 0;
CREATE INDEX pwm1_p1_a ON pwm1_p1 (a);
CREATE INDEX pwm1_p2_a ON pwm1_p2 (a);
CREATE INDEX pwm1_p3_a ON pwm1_p3 (a);
ANALYZE pwm1;
CREATE TABLE pwm2 (a int, b int, c varchar) PARTITION BY RANGE (b);
CREATE TABLE pwm2_p1 PARTITION OF pwm2 FOR VALUES FROM (0) TO (250);
CREATE TABLE pwm2_p2 PARTITION OF pwm2 FOR VALUES FROM (250) TO (500);
CREATE TABLE pwm2_p3 PARTITION OF pwm2 FOR VALUES FROM (500) TO (600);
INSERT INTO pwm2 SELECT i % 25, i, to_char(i, 'FM0000') FROM generate_series(0, 599) i WHERE i % 3 = 0;
CREATE INDEX pwm2_p1_b ON pwm2_p1 (b);
CREATE INDEX pwm2_p2_b ON pwm2_p2 (b);
CREATE INDEX pwm2_p3_b ON pwm2_p3 (b);
ANALYZE pwm2;
-- compare explain text
EXPLAIN (COSTS OFF) SELECT count(*) FROM pwm1 t1 LEFT JOIN pwm1 t2 ON t1.a = t2.a LEFT JOIN pwm1 t3 ON t2.a = t3.a;
SELECT count(*), count(t2.a), count(t3.a) FROM pwm1 t1 LEFT JOIN pwm1 t2 ON t1.a = t2.a LEFT JOIN pwm1 t3 ON t2.a = t3.a;
-- compare explain text
EXPLAIN (COSTS OFF) SELECT t1.a, t1.c, t2.b, t2.c, t3.a, t3.c FROM pwm1 t1 JOIN pwm2 t2 ON t1.a = t2.b JOIN pwm1 t3 ON t2.b = t3.a WHERE t1.b = 0 ORDER BY 1;
SELECT t1.a, t1.c, t2.b, t2.c, t3.a, t3.c FROM pwm1 t1 JOIN pwm2 t2 ON t1.a = t2.b JOIN pwm1 t3 ON t2.b = t3.a WHERE t1.b = 0 ORDER BY 1;
-- compare explain text
EXPLAIN (COSTS OFF, VERBOSE) SELECT t1.a, t3.c FROM pwm1 t1 JOIN pwm2 t2 ON t1.a = t2.b JOIN pwm1 t3 ON t2.b = t3.a WHERE t1.b = 0;
-- compare explain text
EXPLAIN (COSTS OFF) SELECT count(*) FROM pwm1 FULL JOIN pwm2 p2(b, a, c) USING (a, b) FULL JOIN pwm2 p3(b, a, c) USING (a, b) WHERE a BETWEEN 490 AND 510;
SELECT count(*) FROM pwm1 FULL JOIN pwm2 p2(b, a, c) USING (a, b) FULL JOIN pwm2 p3(b, a, c) USING (a, b) WHERE a BETWEEN 490 AND 510;
-- compare explain text
EXPLAIN (COSTS OFF) SELECT count(*) FROM pwm1 FULL JOIN pwm2 p2(b, a, c) USING (a, b) FULL JOIN pwm2 p3(b, a, c) USING (a, b) FULL JOIN pwm1 p4 (a, b, c) USING (a, b) WHERE a BETWEEN 490 AND 510;
SELECT count(*) FROM pwm1 FULL JOIN pwm2 p2(b, a, c) USING (a, b) FULL JOIN pwm2 p3(b, a, c) USING (a, b) FULL JOIN pwm1 p4 (a, b, c) USING (a, b) WHERE a BETWEEN 490 AND 510;
-- the third table joined on a column that is not its key: only the first pair goes
-- partition by partition
-- compare explain text
EXPLAIN (COSTS OFF) SELECT count(*) FROM pwm1 t1 JOIN pwm2 t2 ON t1.a = t2.b JOIN pwm1 t3 ON t2.a = t3.b;
SELECT count(*) FROM pwm1 t1 JOIN pwm2 t2 ON t1.a = t2.b JOIN pwm1 t3 ON t2.a = t3.b;
CREATE TABLE pwm1_e (a int, b int, c int) PARTITION BY RANGE (((a + b) / 2));
CREATE TABLE pwm1_e_p1 PARTITION OF pwm1_e FOR VALUES FROM (0) TO (250);
CREATE TABLE pwm1_e_p2 PARTITION OF pwm1_e FOR VALUES FROM (250) TO (500);
CREATE TABLE pwm1_e_p3 PARTITION OF pwm1_e FOR VALUES FROM (500) TO (600);
INSERT INTO pwm1_e SELECT i, i, i % 25 FROM generate_series(0, 599, 2) i;
CREATE INDEX pwm1_e_p1_ab2 ON pwm1_e_p1 (((a + b) / 2));
CREATE INDEX pwm1_e_p2_ab2 ON pwm1_e_p2 (((a + b) / 2));
CREATE INDEX pwm1_e_p3_ab2 ON pwm1_e_p3 (((a + b) / 2));
ANALYZE pwm1_e;
CREATE TABLE pwm2_e (a int, b int, c int) PARTITION BY RANGE (((b + a) / 2));
CREATE TABLE pwm2_e_p1 PARTITION OF pwm2_e FOR VALUES FROM (0) TO (250);
CREATE TABLE pwm2_e_p2 PARTITION OF pwm2_e FOR VALUES FROM (250) TO (500);
CREATE TABLE pwm2_e_p3 PARTITION OF pwm2_e FOR VALUES FROM (500) TO (600);
INSERT INTO pwm2_e SELECT i, i, i % 25 FROM generate_series(0, 599, 3) i;
ANALYZE pwm2_e;
-- compare explain text
EXPLAIN (COSTS OFF) SELECT t1.a, t1.c, t2.b, t2.c FROM pwm1_e t1, pwm2_e t2 WHERE (t1.a + t1.b) / 2 = (t2.b + t2.a) / 2 AND t1.c = 0 ORDER BY t1.a, t2.b;
SELECT t1.a, t1.c, t2.b, t2.c FROM pwm1_e t1, pwm2_e t2 WHERE (t1.a + t1.b) / 2 = (t2.b + t2.a) / 2 AND t1.c = 0 ORDER BY t1.a, t2.b;
-- compare explain text
EXPLAIN (COSTS OFF) SELECT t1.a, t1.c, t2.b, t2.c, t3.a + t3.b, t3.c FROM (pwm1 t1 LEFT JOIN pwm2 t2 ON t1.a = t2.b) LEFT JOIN pwm1_e t3 ON (t1.a = (t3.a + t3.b) / 2) WHERE t1.b = 0 ORDER BY t1.a, t2.b, t3.a + t3.b;
SELECT t1.a, t1.c, t2.b, t2.c, t3.a + t3.b, t3.c FROM (pwm1 t1 LEFT JOIN pwm2 t2 ON t1.a = t2.b) LEFT JOIN pwm1_e t3 ON (t1.a = (t3.a + t3.b) / 2) WHERE t1.b = 0 ORDER BY t1.a, t2.b, t3.a + t3.b;
-- compare explain text
EXPLAIN (COSTS OFF) SELECT t1.a, t1.c, t2.b, t2.c, t3.a + t3.b, t3.c FROM (pwm1 t1 LEFT JOIN pwm2 t2 ON t1.a = t2.b) RIGHT JOIN pwm1_e t3 ON (t1.a = (t3.a + t3.b) / 2) WHERE t3.c = 0 ORDER BY t1.a, t2.b, t3.a + t3.b;
SELECT t1.a, t1.c, t2.b, t2.c, t3.a + t3.b, t3.c FROM (pwm1 t1 LEFT JOIN pwm2 t2 ON t1.a = t2.b) RIGHT JOIN pwm1_e t3 ON (t1.a = (t3.a + t3.b) / 2) WHERE t3.c = 0 ORDER BY t1.a, t2.b, t3.a + t3.b;
-- semi joins: each pair's RHS partition made unique and joined to the LHS partition
-- compare explain text
EXPLAIN (COSTS OFF) SELECT t1.* FROM pwm1 t1 WHERE t1.a IN (SELECT t2.b FROM pwm2 t2 WHERE t2.a = 0) AND t1.b = 0 ORDER BY t1.a;
SELECT t1.* FROM pwm1 t1 WHERE t1.a IN (SELECT t2.b FROM pwm2 t2 WHERE t2.a = 0) AND t1.b = 0 ORDER BY t1.a;
DROP TABLE pwm1, pwm2, pwm1_e, pwm2_e;
RESET enable_partitionwise_join;
