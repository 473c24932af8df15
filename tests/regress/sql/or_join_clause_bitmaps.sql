-- An OR of join clauses that an index answers arm by arm, once the outer row's values
-- are parameters: a Nested Loop over a parameterised Bitmap Heap Scan of a BitmapOr.
DROP TABLE IF EXISTS regress_ojb_outer;
DROP TABLE IF EXISTS regress_ojb_inner;
CREATE TABLE regress_ojb_outer (a int, b int, c int);
INSERT INTO regress_ojb_outer SELECT i, i * 7 % 1000, i * 13 % 1000 FROM generate_series(1, 200) i;
CREATE TABLE regress_ojb_inner (k int, v int);
INSERT INTO regress_ojb_inner SELECT i % 1000, i FROM generate_series(1, 4000) i;
CREATE INDEX regress_ojb_inner_k ON regress_ojb_inner (k);
ANALYZE regress_ojb_outer;
ANALYZE regress_ojb_inner;
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_ojb_outer o, regress_ojb_inner i
  WHERE i.k = o.a OR i.k = o.b OR i.k = o.c;
SELECT count(*), sum(i.v) FROM regress_ojb_outer o, regress_ojb_inner i
  WHERE i.k = o.a OR i.k = o.b OR i.k = o.c;
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_ojb_outer o
  LEFT JOIN regress_ojb_inner i ON i.k = o.a OR i.k = o.b;
SELECT count(*), count(i.v) FROM regress_ojb_outer o
  LEFT JOIN regress_ojb_inner i ON i.k = o.a OR i.k = o.b;
SELECT o.a, i.v FROM regress_ojb_outer o
  LEFT JOIN regress_ojb_inner i ON i.k = o.a + 995 OR i.k = o.b + 995
  WHERE o.a < 12 ORDER BY 1, 2;
DROP TABLE regress_ojb_outer;
DROP TABLE regress_ojb_inner;
