-- OR join clauses: each table's part of every arm also filters that table's scan
-- (a Filter, or a BitmapOr of its indexes), the join still checks the whole OR; not
-- into the preserved side of an outer join.
DROP TABLE IF EXISTS regress_ojc_a;
DROP TABLE IF EXISTS regress_ojc_b;
CREATE TABLE regress_ojc_a (id int, k int, g int);
INSERT INTO regress_ojc_a SELECT i, i % 500, i % 7 FROM generate_series(1, 3000) i;
CREATE INDEX regress_ojc_a_id ON regress_ojc_a (id);
CREATE INDEX regress_ojc_a_k ON regress_ojc_a (k);
CREATE TABLE regress_ojc_b (id int, h int, t int);
INSERT INTO regress_ojc_b SELECT i, i % 100, i % 10 FROM generate_series(1, 3000) i;
CREATE INDEX regress_ojc_b_id ON regress_ojc_b (id);
CREATE INDEX regress_ojc_b_h ON regress_ojc_b (h);
ANALYZE regress_ojc_a;
ANALYZE regress_ojc_b;
EXPLAIN (COSTS OFF) SELECT * FROM regress_ojc_a a JOIN regress_ojc_b b
  ON (a.id = 1 AND b.id = 2) OR (a.k = 3 AND b.h = 4);
SELECT a.id, b.id FROM regress_ojc_a a JOIN regress_ojc_b b
  ON (a.id = 1 AND b.id = 2) OR (a.k = 3 AND b.h = 4) ORDER BY 1, 2 LIMIT 8;
SELECT count(*) FROM regress_ojc_a a JOIN regress_ojc_b b
  ON (a.id = 1 AND b.id = 2) OR (a.k = 3 AND b.h = 4);
EXPLAIN (COSTS OFF) SELECT * FROM regress_ojc_a a JOIN regress_ojc_b b
  ON (a.id = 1 AND b.id = 2) OR (a.k = 3 AND b.t = 4);
EXPLAIN (COSTS OFF) SELECT * FROM regress_ojc_a a JOIN regress_ojc_b b
  ON (a.id = 1 AND b.id = 2) OR ((a.k = 3 OR a.k = 7) AND b.h = 4);
SELECT count(*) FROM regress_ojc_a a JOIN regress_ojc_b b
  ON (a.id = 1 AND b.id = 2) OR ((a.k = 3 OR a.k = 7) AND b.h = 4);
-- an arm with nothing for a table: no restriction for it
EXPLAIN (COSTS OFF) SELECT * FROM regress_ojc_a a JOIN regress_ojc_b b
  ON (a.id < 20 OR a.id = 1 AND b.id = 2) OR ((a.k = 3 OR a.k = 7) AND b.h = 4);
-- outer joins: only the nullable side is filtered
EXPLAIN (COSTS OFF) SELECT * FROM regress_ojc_a a LEFT JOIN regress_ojc_b b
  ON (a.id = 1 AND b.id = 2) OR ((a.k = 3 OR a.k = 7) AND b.h = 4);
SELECT count(*), count(b.id) FROM regress_ojc_a a LEFT JOIN regress_ojc_b b
  ON (a.id = 1 AND b.id = 2) OR ((a.k = 3 OR a.k = 7) AND b.h = 4);
-- the join's row estimate stays as without the extra restrictions
EXPLAIN SELECT * FROM regress_ojc_a a JOIN regress_ojc_b b
  ON (a.id = 1 AND b.id = 2) OR (a.k = 3 AND b.h = 4);
DROP TABLE regress_ojc_a;
DROP TABLE regress_ojc_b;
