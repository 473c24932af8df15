-- pg_get_viewdef's text (plain and pretty) for more kinds of query: FROM-less, functions
-- in FROM, UNION ALL, NOT IN / BETWEEN / IS DISTINCT FROM, aggregates with DISTINCT and
-- FILTER, ANY / ALL subqueries, scalar subqueries, casts, cross joins, quoted names.
DROP TABLE IF EXISTS regress_vd CASCADE;
CREATE TABLE regress_vd (a int, "Mixed Case" text, n numeric(6,2), d date, f float8, big bigint);
CREATE VIEW regress_vd1 AS SELECT 1 AS one, 'x'::text AS x, NULL::int AS nothing, true AS yes;
CREATE VIEW regress_vd2 AS SELECT g FROM generate_series(1, 3) g;
CREATE VIEW regress_vd3 AS SELECT a FROM regress_vd UNION ALL SELECT a + 1 FROM regress_vd;
CREATE VIEW regress_vd4 AS SELECT a FROM regress_vd WHERE a NOT IN (1, 2) AND a BETWEEN 0 AND 10
  AND "Mixed Case" IS DISTINCT FROM 'q';
CREATE VIEW regress_vd5 AS SELECT count(DISTINCT a) AS da, sum(n) FILTER (WHERE a > 1) AS sn,
  avg(f), max(d), min("Mixed Case") FROM regress_vd;
CREATE VIEW regress_vd6 AS SELECT a FROM regress_vd x
  WHERE a > ALL (SELECT a FROM regress_vd WHERE a < 0) OR a = ANY (SELECT 5);
CREATE VIEW regress_vd7 AS SELECT a, (SELECT max(y.a) FROM regress_vd y WHERE y.a < x.a) AS prev
  FROM regress_vd x ORDER BY a DESC NULLS LAST;
CREATE VIEW regress_vd8 AS SELECT a::text AS t, n::int AS i, d + 1 AS tomorrow, f * 2 AS f2,
  big + a AS bb, -n AS neg, "Mixed Case" || '!' AS mc FROM regress_vd;
CREATE VIEW regress_vd9 AS SELECT x.a, y.a AS b FROM regress_vd x CROSS JOIN regress_vd y, regress_vd z
  WHERE z.a = x.a;
-- (a simple CASE x WHEN ... prints as the searched CASE pgsnake analyses it into)
CREATE VIEW regress_vd10 AS SELECT a, CASE WHEN a = 1 THEN 'one' WHEN a = 2 THEN 'two' END AS word,
  CASE WHEN a IS NULL THEN 0 END AS z FROM regress_vd;
CREATE VIEW regress_vd11 AS SELECT a % 3 AS m, a / 2 AS h, (a + 1) * 2 AS p, a - (1 - a) AS q,
  NOT (a > 1 OR a < 0) AS r FROM regress_vd;
CREATE VIEW regress_vd12 AS SELECT a FROM regress_vd WHERE "Mixed Case" ILIKE 'a%'
  AND "Mixed Case" NOT LIKE 'b%' AND a IS NOT NULL AND (a > 1) IS TRUE;
CREATE VIEW regress_vd13 AS VALUES (1, 'a'), (2, 'b');
CREATE VIEW regress_vd14 AS SELECT * FROM (VALUES (1, 'a'), (2, 'b')) x(p, q) WHERE p > 1;
CREATE VIEW regress_vd15 AS SELECT s.x FROM (SELECT a FROM regress_vd) s(x);
SELECT c.relname, pg_get_viewdef(c.oid) FROM pg_class c
  WHERE c.relkind = 'v' AND c.relname LIKE 'regress_vd%' ORDER BY c.relname;
SELECT c.relname, pg_get_viewdef(c.oid, true) FROM pg_class c
  WHERE c.relkind = 'v' AND c.relname LIKE 'regress_vd%' ORDER BY c.relname;
INSERT INTO regress_vd VALUES (1, 'a', 1.5, '2020-01-01', 2.5, 10), (2, 'b', 2, '2021-06-30', 0, 20);
SELECT * FROM regress_vd1;
SELECT * FROM regress_vd2;
SELECT * FROM regress_vd3 ORDER BY a;
SELECT * FROM regress_vd5;
SELECT * FROM regress_vd7;
SELECT * FROM regress_vd8 ORDER BY t;
SELECT * FROM regress_vd10 ORDER BY a;
SELECT * FROM regress_vd11 ORDER BY m;
SELECT * FROM regress_vd13 ORDER BY 1;
SELECT * FROM regress_vd14;
DROP TABLE regress_vd CASCADE;
DROP VIEW regress_vd1, regress_vd2, regress_vd13, regress_vd14;
