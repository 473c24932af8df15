-- pg_get_viewdef / pg_get_indexdef / pg_get_expr printing of constructs with their own SQL
-- syntax (plain and pretty): simple CASE, EXTRACT / POSITION / SUBSTRING / TRIM, SQL
-- value functions, IS [NOT] DISTINCT FROM, NULLIF / COALESCE / GREATEST / LEAST, window
-- functions (inline, named, copied, frames), ORDER BY / GROUP BY expressions, index
-- expressions with subscripts and COLLATE.
DROP TABLE IF EXISTS regress_dps CASCADE;
DROP VIEW IF EXISTS regress_dps4;
CREATE TABLE regress_dps (a int, b text, d date, ts timestamp, arr int[], n numeric);
CREATE VIEW regress_dps1 AS SELECT CASE a WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END AS w,
  CASE a + 1 WHEN 3 THEN 1 END AS z, CASE b WHEN 'x' THEN a END AS y,
  CASE a WHEN n THEN 'same' END AS m, CASE WHEN a > 0 THEN 'pos' END AS s FROM regress_dps;
CREATE VIEW regress_dps2 AS SELECT EXTRACT(year FROM d) AS y, date_part('month', d) AS m,
  extract(epoch from ts) AS e, extract(day from ts + interval '1 day') AS e2 FROM regress_dps;
CREATE VIEW regress_dps3 AS SELECT position('x' in b) AS p, position(b in 'abc') AS p2,
  substring(b from 2 for 3) AS s1, substring(b from 2) AS s2, substring(b, 1, 2) AS s3,
  substring(b from 'a.') AS s4, trim(b) AS t1, trim(leading 'x' from b) AS t2,
  trim(trailing from b) AS t3, btrim(b) AS t4, trim(both 'x' from b || 'y') AS t5 FROM regress_dps;
CREATE VIEW regress_dps4 AS SELECT CURRENT_DATE AS cd, CURRENT_TIMESTAMP AS ct, LOCALTIMESTAMP AS lt,
  CURRENT_USER AS cu, SESSION_USER AS su, CURRENT_ROLE AS cr, USER AS u, CURRENT_CATALOG AS cc,
  CURRENT_SCHEMA AS cs;
CREATE VIEW regress_dps5 AS SELECT a IS DISTINCT FROM 1 AS x, a IS NOT DISTINCT FROM 2 AS y,
  NULLIF(a, 3) AS z, COALESCE(a, 4, 5) AS c, GREATEST(a, 1) AS g, LEAST(a, 2) AS l,
  a IS NOT DISTINCT FROM 2 AND b IS DISTINCT FROM 'q' AS both FROM regress_dps;
CREATE VIEW regress_dps6 AS SELECT a, row_number() OVER (PARTITION BY b ORDER BY a) AS rn,
  sum(a) OVER w AS s, rank() OVER (ORDER BY a DESC) AS r, count(*) OVER () AS c,
  avg(a) OVER (ORDER BY a ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS av, lag(a) OVER w AS lg
  FROM regress_dps WINDOW w AS (PARTITION BY b ORDER BY d);
CREATE VIEW regress_dps7 AS SELECT
  sum(a) OVER (ORDER BY a RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS s,
  first_value(a) OVER (PARTITION BY b ROWS UNBOUNDED PRECEDING) AS f,
  count(a) FILTER (WHERE a > 1) OVER (ORDER BY a GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING
    EXCLUDE CURRENT ROW) AS c,
  sum(a) OVER (ORDER BY a NULLS FIRST ROWS BETWEEN CURRENT ROW AND 2 FOLLOWING EXCLUDE TIES) AS t
  FROM regress_dps;
CREATE VIEW regress_dps8 AS SELECT a, sum(a) OVER w2 AS s, max(a) OVER (w1) AS m,
  min(a) OVER (w3 ROWS 1 PRECEDING) AS mn
  FROM regress_dps WINDOW w1 AS (PARTITION BY b), w2 AS (w1 ORDER BY a), w3 AS (ORDER BY d DESC);
CREATE VIEW regress_dps9 AS SELECT lower(b) AS l, count(*) AS c, rank() OVER (ORDER BY count(*)) AS r
  FROM regress_dps GROUP BY lower(b), a + 1 ORDER BY lower(b), a + 1;
CREATE VIEW regress_dps10 AS SELECT a, sum(n) OVER (ORDER BY a + 1, lower(b) DESC) AS s
  FROM regress_dps WINDOW unused AS (ORDER BY b);
CREATE VIEW regress_dps11 AS SELECT * FROM (SELECT a, rank() OVER (PARTITION BY a % 2 ORDER BY n) AS r
  FROM regress_dps) s WHERE r = 1 ORDER BY rank() OVER (ORDER BY a);
CREATE VIEW regress_dps12 AS SELECT CASE a WHEN 1.5 THEN 'x' WHEN 2 THEN 'y' END AS k,
  CASE lower(b) WHEN 'a' THEN 1 ELSE 2 END AS l, CASE (SELECT 1) WHEN a THEN 0 END AS m FROM regress_dps;
CREATE VIEW regress_dps13 AS SELECT a FROM regress_dps WHERE a IS NOT DISTINCT FROM 3
  OR (a + 1) IS DISTINCT FROM 2 AND NOT (b IS NOT DISTINCT FROM 'x');
SELECT c.relname, pg_get_viewdef(c.oid) FROM pg_class c
  WHERE c.relkind = 'v' AND c.relname LIKE 'regress_dps%' ORDER BY c.relname;
SELECT c.relname, pg_get_viewdef(c.oid, true) FROM pg_class c
  WHERE c.relkind = 'v' AND c.relname LIKE 'regress_dps%' ORDER BY c.relname;
INSERT INTO regress_dps VALUES (1, 'x', '2020-02-03', '2020-02-03 04:05:06', '{1,2}', 1),
  (2, 'ab', '2021-06-30', '2021-06-30 00:00:00', '{3}', 2), (3, 'abc', NULL, NULL, NULL, NULL);
SELECT * FROM regress_dps1 ORDER BY w;
SELECT * FROM regress_dps3 ORDER BY p2;
SELECT * FROM regress_dps6 ORDER BY a;
SELECT * FROM regress_dps8 ORDER BY a;
SELECT u = cu, su FROM regress_dps4;
-- index expressions: subscripts, SQL-syntax functions, COLLATE on a column or expression
CREATE INDEX regress_dps_i1 ON regress_dps ((arr[1]));
CREATE INDEX regress_dps_i2 ON regress_dps ((b COLLATE "C"));
CREATE INDEX regress_dps_i3 ON regress_dps (b COLLATE "C" DESC, a);
CREATE INDEX regress_dps_i4 ON regress_dps ((EXTRACT(year FROM d)));
CREATE INDEX regress_dps_i5 ON regress_dps ((arr[a:2]), (lower(b) COLLATE "POSIX"));
CREATE INDEX regress_dps_i6 ON regress_dps ((b || 'x') COLLATE "C", (CASE a WHEN 1 THEN b END));
CREATE INDEX regress_dps_i7 ON regress_dps (b COLLATE "default");
CREATE INDEX regress_dps_bad ON regress_dps (a COLLATE "C");
CREATE INDEX regress_dps_bad ON regress_dps (b COLLATE "no_such_collation");
SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index
  WHERE indrelid = 'regress_dps'::regclass ORDER BY 1;
SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid, 1, true),
  pg_get_indexdef(indexrelid, 1, false), pg_get_indexdef(indexrelid, 2, true) FROM pg_index
  WHERE indrelid = 'regress_dps'::regclass ORDER BY 1;
SELECT indexrelid::regclass::text, indcollation::text FROM pg_index
  WHERE indrelid = 'regress_dps'::regclass ORDER BY 1;
-- an index with its own collation does not serve a comparison in the column's collation
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT b FROM regress_dps WHERE b = 'x';
EXPLAIN (COSTS OFF) SELECT a FROM regress_dps WHERE EXTRACT(year FROM d) = 2020;
RESET enable_seqscan;
SELECT b FROM regress_dps WHERE b = 'x';
-- stored expressions: defaults and CHECK constraints
ALTER TABLE regress_dps ADD COLUMN e int DEFAULT EXTRACT(year FROM CURRENT_DATE),
  ADD COLUMN f text DEFAULT trim(leading '0' from '007'),
  ADD CONSTRAINT regress_dps_ck CHECK (CASE a WHEN 1 THEN true ELSE b IS NOT NULL END),
  ADD CONSTRAINT regress_dps_ck2 CHECK (a IS NOT DISTINCT FROM 1 OR position('z' in b) = 0);
SELECT a.attname, pg_get_expr(adbin, adrelid), pg_get_expr(adbin, adrelid, true)
  FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
  WHERE adrelid = 'regress_dps'::regclass ORDER BY 1;
SELECT conname, pg_get_constraintdef(oid), pg_get_expr(conbin, conrelid, true) FROM pg_constraint
  WHERE conrelid = 'regress_dps'::regclass ORDER BY 1;
DROP TABLE regress_dps CASCADE;
DROP VIEW regress_dps4;
