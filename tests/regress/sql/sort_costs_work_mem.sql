-- compare explain text
-- Sort costs follow the work_mem setting (cost_tuplesort): an external merge sort's page
-- costs once the rows to return outgrow it, a bounded heap sort when a LIMIT's rows are
-- under half the input or the input outgrows work_mem. Compared with PostgreSQL 15.
DROP TABLE IF EXISTS scw;
CREATE TABLE scw AS
SELECT g AS id, g % 4 AS four, g % 10 AS ten, repeat('x', 60) || g AS pad
FROM generate_series(1, 6000) g;
ANALYZE scw;
EXPLAIN SELECT * FROM scw ORDER BY ten;
SET work_mem = '64kB';
EXPLAIN SELECT * FROM scw ORDER BY ten;
EXPLAIN SELECT * FROM scw ORDER BY ten LIMIT 10;
EXPLAIN SELECT * FROM scw ORDER BY ten LIMIT 4000;
EXPLAIN SELECT * FROM scw ORDER BY ten LIMIT 2500;
SET work_mem = '128kB';
EXPLAIN SELECT * FROM scw ORDER BY four, ten;
RESET work_mem;
SELECT id, four, ten FROM scw ORDER BY ten, id LIMIT 3;
DROP TABLE scw;
