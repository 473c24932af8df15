-- Parameterised Appends (optimizer/param_append.py): a Nested Loop whose inner side is a
-- partitioned table or an inheritance tree with an index on the join column in every
-- child scans each child through its index per outer row (Append -> Index Scan ...
-- Index Cond: (a = o.x)), for inner, LEFT and semi joins.
CREATE TABLE pa_t (a int, b int) PARTITION BY RANGE (a);
CREATE TABLE pa_t1 PARTITION OF pa_t FOR VALUES FROM (0) TO (5000);
CREATE TABLE pa_t2 PARTITION OF pa_t FOR VALUES FROM (5000) TO (10000);
INSERT INTO pa_t SELECT g, g % 7 FROM generate_series(0, 9999) g;
CREATE INDEX ON pa_t (a);
CREATE TABLE pa_o (x int);
INSERT INTO pa_o VALUES (5), (3000), (7500), (12000);
ANALYZE pa_t, pa_o;
EXPLAIN (COSTS OFF) SELECT * FROM pa_o JOIN pa_t ON pa_t.a = pa_o.x;
SELECT * FROM pa_o JOIN pa_t ON pa_t.a = pa_o.x ORDER BY 1;
EXPLAIN (COSTS OFF) SELECT * FROM pa_o LEFT JOIN pa_t ON pa_t.a = pa_o.x;
SELECT * FROM pa_o LEFT JOIN pa_t ON pa_t.a = pa_o.x ORDER BY 1;
EXPLAIN (COSTS OFF) SELECT * FROM pa_o WHERE EXISTS (SELECT 1 FROM pa_t WHERE pa_t.a = pa_o.x AND pa_t.b > 2);
SELECT * FROM pa_o WHERE EXISTS (SELECT 1 FROM pa_t WHERE pa_t.a = pa_o.x AND pa_t.b > 2) ORDER BY 1;
-- an empty partition: its index answers through a Bitmap Heap Scan
CREATE TABLE pa_t3 PARTITION OF pa_t FOR VALUES FROM (10000) TO (20000);
EXPLAIN (COSTS OFF) SELECT * FROM pa_o JOIN pa_t ON pa_t.a = pa_o.x;
SELECT * FROM pa_o JOIN pa_t ON pa_t.a = pa_o.x ORDER BY 1;
-- an inheritance tree
CREATE TABLE pa_i (a int, b int);
CREATE TABLE pa_ic () INHERITS (pa_i);
INSERT INTO pa_i SELECT g, g FROM generate_series(1, 5000) g;
INSERT INTO pa_ic SELECT g, -g FROM generate_series(1, 5000) g;
CREATE INDEX ON pa_i (a);
CREATE INDEX ON pa_ic (a);
ANALYZE pa_i, pa_ic;
EXPLAIN (COSTS OFF) SELECT * FROM pa_o JOIN pa_i ON pa_i.a = pa_o.x;
SELECT * FROM pa_o JOIN pa_i ON pa_i.a = pa_o.x ORDER BY 1, 3;
-- a child without an index: its Seq Scan filters by the join clause per outer row
CREATE TABLE pa_ic2 () INHERITS (pa_i);
INSERT INTO pa_ic2 SELECT g, 10 * g FROM generate_series(1, 50) g;
ANALYZE pa_ic2;
EXPLAIN (COSTS OFF) SELECT * FROM pa_o JOIN pa_i ON pa_i.a = pa_o.x;
SELECT * FROM pa_o JOIN pa_i ON pa_i.a = pa_o.x ORDER BY 1, 3;
DROP TABLE pa_t, pa_o, pa_i, pa_ic, pa_ic2;
