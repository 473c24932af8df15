-- ARRAY[...] in stored expressions prints as PostgreSQL keeps it: a view's text, a
-- column default and a CHECK constraint show ARRAY[1, 2] (the analysed tree, not the
-- planner's folded '{1,2}'::integer[]), an array literal in x = ANY ('{1,2}') stays a
-- literal, ARRAY[]::integer[] keeps its type, nested constructors stay nested; EXPLAIN
-- still shows the folded constant.
DROP VIEW IF EXISTS regress_va_v;
DROP TABLE IF EXISTS regress_va, regress_va_d;
CREATE TABLE regress_va (a int, b int);
INSERT INTO regress_va VALUES (1, 2), (3, 4);
CREATE VIEW regress_va_v AS
  SELECT ARRAY[1, 2] AS k, ARRAY[a, b] AS x, ARRAY[a, 1] AS y, a = ANY ('{1,2}') AS z,
         a = ANY (ARRAY[a, b]) AS w, a = ANY (ARRAY[1, 2]) AS u, a IN (1, 3) AS i,
         ARRAY[]::int[] AS e, ARRAY[ARRAY[a], ARRAY[b]] AS m, ARRAY[[1, 2], [3, 4]] AS c,
         ARRAY[1.5, 2] AS n
  FROM regress_va;
SELECT pg_get_viewdef('regress_va_v');
SELECT pg_get_viewdef('regress_va_v', true);
SELECT * FROM regress_va_v ORDER BY x;
CREATE TABLE regress_va_d (a int[] DEFAULT ARRAY[1, 2], b int CHECK (b = ANY (ARRAY[1, 2])),
                           c int[] DEFAULT '{3}');
SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'regress_va_d'::regclass
  ORDER BY adnum;
SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'regress_va_d'::regclass;
INSERT INTO regress_va_d (b) VALUES (2);
SELECT * FROM regress_va_d;
-- compare explain text
EXPLAIN (COSTS OFF) SELECT ARRAY[1, 2], a = ANY (ARRAY[1, 2]) FROM regress_va
  WHERE a = ANY (ARRAY[1, 3]) AND b = ANY ('{2,4}');
-- compare explain text
EXPLAIN (COSTS OFF, VERBOSE) SELECT * FROM regress_va_v;
DROP VIEW regress_va_v;
DROP TABLE regress_va, regress_va_d;
