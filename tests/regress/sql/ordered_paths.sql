-- Ordered paths (optimizer/ordered_paths.py): ORDER BY a, b over input already sorted by
-- a becomes an Incremental Sort (an index on a, forward or backward; a FROM subquery's
-- ORDER BY; a Merge Join's output, where only rows are compared: PostgreSQL's merge
-- costing reads the inner side by index or unmaterialized where pgsnake differs), with
-- and without LIMIT, mixed directions, and enable_incremental_sort = off; the rows come
-- out in the same order as PostgreSQL's. Then GROUP BY and DISTINCT [ON] over the
-- same index orders.
DROP TABLE IF EXISTS regress_ord_t;
DROP TABLE IF EXISTS regress_ord_j;
CREATE TABLE regress_ord_t (a int, b int, c text);
INSERT INTO regress_ord_t SELECT i / 50, i % 97, 'x' || i FROM generate_series(1, 20000) i;
CREATE INDEX regress_ord_t_a ON regress_ord_t (a);
CREATE TABLE regress_ord_j (a int, d int);
INSERT INTO regress_ord_j SELECT i, i % 7 FROM generate_series(0, 400) i;
ANALYZE regress_ord_t;
ANALYZE regress_ord_j;
EXPLAIN (COSTS OFF) SELECT * FROM regress_ord_t ORDER BY a, b LIMIT 10;
SELECT * FROM regress_ord_t ORDER BY a, b LIMIT 10;
EXPLAIN (COSTS OFF) SELECT * FROM regress_ord_t WHERE a < 10 ORDER BY a, b;
SELECT a, b, c FROM regress_ord_t WHERE a < 3 ORDER BY a, b, c;
EXPLAIN (COSTS OFF) SELECT * FROM regress_ord_t ORDER BY a DESC, b LIMIT 5;
SELECT * FROM regress_ord_t ORDER BY a DESC, b LIMIT 5;
EXPLAIN (COSTS OFF) SELECT * FROM regress_ord_t ORDER BY a, b DESC LIMIT 5;
SELECT * FROM regress_ord_t ORDER BY a, b DESC, c LIMIT 5 OFFSET 60;
EXPLAIN (COSTS OFF) SELECT * FROM regress_ord_t ORDER BY a NULLS FIRST, b LIMIT 5;
EXPLAIN (COSTS OFF) SELECT * FROM regress_ord_t ORDER BY a DESC LIMIT 5;
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT * FROM regress_ord_t ORDER BY a) t ORDER BY a, b LIMIT 1;
SELECT * FROM (SELECT * FROM regress_ord_t ORDER BY a) t ORDER BY a, b LIMIT 3;
SELECT t.a, t.b, j.d FROM regress_ord_t t JOIN regress_ord_j j ON t.a = j.a WHERE t.a < 100 ORDER BY t.a, t.b, t.c LIMIT 10;
-- groups larger than the executor's full-sort batches of 64 rows: prefix sort mode,
-- and a LIMIT / OFFSET ending inside such a group
DROP TABLE IF EXISTS regress_ord_g;
CREATE TABLE regress_ord_g (a int, b int);
INSERT INTO regress_ord_g SELECT i / 150, (i * 37) % 101 FROM generate_series(1, 3000) i;
CREATE INDEX regress_ord_g_a ON regress_ord_g (a);
ANALYZE regress_ord_g;
EXPLAIN (COSTS OFF) SELECT * FROM regress_ord_g ORDER BY a, b LIMIT 200;
SELECT a, b FROM regress_ord_g ORDER BY a, b LIMIT 5 OFFSET 180;
SELECT a, b FROM regress_ord_g ORDER BY a DESC, b DESC LIMIT 3 OFFSET 140;
SELECT count(*), sum(x) FROM (SELECT row_number() OVER () * b AS x FROM (SELECT * FROM regress_ord_g ORDER BY a, b LIMIT 2500) s) q;
SELECT count(*), sum(x) FROM (SELECT row_number() OVER () * b AS x FROM (SELECT * FROM regress_ord_t WHERE a < 40 ORDER BY a, b DESC) s) q;
SELECT a, b FROM regress_ord_t WHERE a BETWEEN 5 AND 6 ORDER BY a DESC, b DESC LIMIT 4 OFFSET 48;
SET enable_incremental_sort = off;
EXPLAIN (COSTS OFF) SELECT * FROM regress_ord_t ORDER BY a, b LIMIT 10;
RESET enable_incremental_sort;
-- GROUP BY over index order (optimizer/grouping_paths.py): Group without aggregates,
-- GroupAggregate, backward for ORDER BY ... DESC, an Incremental Sort for a, b
EXPLAIN (COSTS OFF) SELECT a FROM regress_ord_t WHERE a < 100 GROUP BY a;
SELECT a FROM regress_ord_t WHERE a < 5 GROUP BY a;
EXPLAIN (COSTS OFF) SELECT a, count(*) FROM regress_ord_t WHERE a < 100 GROUP BY a ORDER BY a DESC;
SELECT a, count(*) FROM regress_ord_t WHERE a < 100 GROUP BY a ORDER BY a DESC LIMIT 3;
EXPLAIN (COSTS OFF) SELECT a, b, count(*) FROM regress_ord_t WHERE a < 30 GROUP BY a, b ORDER BY a, b;
SELECT a, b, count(*) FROM regress_ord_t WHERE a < 30 GROUP BY a, b ORDER BY a, b LIMIT 5;
SET enable_hashagg = off;
EXPLAIN (COSTS OFF) SELECT a FROM regress_ord_t GROUP BY a;
EXPLAIN (COSTS OFF) SELECT a, count(*) FROM regress_ord_t GROUP BY a;
EXPLAIN (COSTS OFF) SELECT a, b, count(*) FROM regress_ord_t GROUP BY a, b;
SELECT sum(n), count(*) FROM (SELECT a, b, count(*) AS n FROM regress_ord_t GROUP BY a, b) s;
EXPLAIN (COSTS OFF) SELECT DISTINCT b FROM regress_ord_t;
SELECT DISTINCT b FROM regress_ord_t ORDER BY b DESC LIMIT 3;
RESET enable_hashagg;
-- DISTINCT / DISTINCT ON over index order (optimizer/distinct_paths.py)
EXPLAIN (COSTS OFF) SELECT DISTINCT a FROM regress_ord_t WHERE a < 50;
EXPLAIN (COSTS OFF) SELECT DISTINCT a FROM regress_ord_t ORDER BY a DESC;
SELECT DISTINCT a FROM regress_ord_t WHERE a < 5 ORDER BY a DESC;
EXPLAIN (COSTS OFF) SELECT DISTINCT ON (a) a, b FROM regress_ord_t WHERE a < 30 ORDER BY a;
SELECT DISTINCT ON (a) a, c FROM regress_ord_t WHERE a < 3 ORDER BY a;
EXPLAIN (COSTS OFF) SELECT DISTINCT ON (a) * FROM regress_ord_t ORDER BY a;
EXPLAIN (COSTS OFF) SELECT DISTINCT ON (a) a, b FROM regress_ord_t WHERE a < 30 ORDER BY a, b;
SELECT DISTINCT ON (a) a, b FROM regress_ord_t WHERE a < 3 ORDER BY a, b DESC;
DROP TABLE regress_ord_t, regress_ord_j, regress_ord_g;
