-- compare explain text
-- x IN (...) as PostgreSQL builds it: the items without this level's Vars become one
-- = ANY (array) when there are two or more of a type with an array type, the others
-- (and a single constant) comparisons of their own ORed on (NOT IN: <> ALL, ANDed);
-- items of an array type (no array of arrays) compared one by one.
CREATE TABLE regress_ilf_a (f1 int4, arr int[]);
CREATE TABLE regress_ilf_b (q1 int8, q2 int8);
INSERT INTO regress_ilf_a VALUES (1, '{1}'), (2, '{2,3}'), (3, NULL), (NULL, '{4,5}');
INSERT INTO regress_ilf_b VALUES (1, 2), (3, 3), (7, NULL);
EXPLAIN (COSTS OFF) SELECT * FROM regress_ilf_a WHERE f1 IN (1);
EXPLAIN (COSTS OFF) SELECT * FROM regress_ilf_a WHERE f1 NOT IN (1);
EXPLAIN (COSTS OFF) SELECT * FROM regress_ilf_a a, regress_ilf_b b WHERE f1 IN (1, 2, b.q1);
EXPLAIN (COSTS OFF) SELECT * FROM regress_ilf_a a, regress_ilf_b b WHERE f1 IN (b.q1, b.q2);
EXPLAIN (COSTS OFF) SELECT * FROM regress_ilf_a a, regress_ilf_b b WHERE f1 IN (1, b.q1);
EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM regress_ilf_a WHERE f1 IN (1::int8, 2::int8);
EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM regress_ilf_a WHERE f1 IN (1.5, 2);
EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM regress_ilf_a WHERE f1 IN ('1', '2');
EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM regress_ilf_b WHERE q1 IN (1, 2::int2);
EXPLAIN (COSTS OFF) SELECT * FROM regress_ilf_a WHERE arr IN ('{4, 5}', '{1}');
EXPLAIN (COSTS OFF) SELECT * FROM regress_ilf_a WHERE arr NOT IN ('{4, 5}', '{1}');
SELECT a.f1, b.q1, a.f1 IN (1, 2, b.q1), a.f1 NOT IN (3, b.q2, 9)
  FROM regress_ilf_a a, regress_ilf_b b ORDER BY 1, 2;
SELECT f1, f1 IN (1, 2, NULL), f1 NOT IN (0, f1 + 1), f1 IN (f1) FROM regress_ilf_a ORDER BY 1;
SELECT arr, arr IN ('{4, 5}', '{1}'), arr NOT IN ('{2,3}', arr) FROM regress_ilf_a ORDER BY 1;
SELECT f1 FROM regress_ilf_a a WHERE f1 IN (1, (SELECT a.f1 + 1), 5) ORDER BY 1;
CREATE VIEW regress_ilf_v AS SELECT f1 FROM regress_ilf_a a
  WHERE f1 IN (1, 2, f1, 3) AND f1 NOT IN (f1, 7);
SELECT pg_get_viewdef('regress_ilf_v');
SELECT * FROM regress_ilf_v ORDER BY 1;
SELECT 'a'::text IN ('a'::name, 'b'::name);
SELECT 1 IN ('a', 1);
SELECT 'a' IN ('a', 'b'), NULL IN (1, 2), 1 IN (NULL, NULL), NULL::int NOT IN (1), 'x' NOT IN ('a', NULL);
SELECT 1 IN (1.5, 2), 2.0 IN (1, 2), '{1}'::int[] IN ('{1}', '{2}'), ARRAY[1] IN (ARRAY[1], ARRAY[2]);
SELECT point(1,1) IN (point(1,1), point(2,2));
DROP VIEW regress_ilf_v;
DROP TABLE regress_ilf_a, regress_ilf_b;
