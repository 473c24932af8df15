-- FROM / LATERAL subqueries on the nullable side of an outer join merged into the join
-- tree when each output goes NULL with the subquery's row (rewrite/nullable_outputs.py):
-- plain columns and strict expressions over its own columns (a + b, a::text, upper(s),
-- NOT flag, the outer row's column plus its own) need no PlaceHolderVar, so
-- `LEFT JOIN LATERAL (SELECT a.x + b.y AS z ...)` is a Hash / Merge join chosen by cost,
-- not a Nested Loop re-running the subquery; COALESCE, CASE, IS NULL and constants are
-- PlaceHolderVars (placeholder_vars.sql). Answers (NULLs of unmatched rows) as PostgreSQL's.
DROP TABLE IF EXISTS regress_nsp_a;
DROP TABLE IF EXISTS regress_nsp_b;
CREATE TABLE regress_nsp_a (id int, x int, s text);
CREATE TABLE regress_nsp_b (id int, y int, t text, f bool);
INSERT INTO regress_nsp_a SELECT i, i % 7, 'a' || i FROM generate_series(1, 3000) i;
INSERT INTO regress_nsp_b SELECT i * 2, i % 5, CASE WHEN i % 3 = 0 THEN NULL ELSE 'b' || i END, i % 4 = 0
  FROM generate_series(1, 2000) i;
ANALYZE regress_nsp_a;
ANALYZE regress_nsp_b;
-- strict outputs: merged, hashed
EXPLAIN (COSTS OFF) SELECT a.x, sum(z) FROM regress_nsp_a a LEFT JOIN LATERAL (SELECT a.x + b.y AS z, b.id FROM regress_nsp_b b) ss ON a.id = ss.id GROUP BY a.x ORDER BY a.x;
SELECT a.x, sum(z), count(z) FROM regress_nsp_a a LEFT JOIN LATERAL (SELECT a.x + b.y AS z, b.id FROM regress_nsp_b b) ss ON a.id = ss.id GROUP BY a.x ORDER BY a.x;
EXPLAIN (COSTS OFF) SELECT a.id, ss.* FROM regress_nsp_a a LEFT JOIN (SELECT b.id, b.y * 10 AS y10, upper(b.t) AS ut, NOT b.f AS nf, b.y::text AS yt FROM regress_nsp_b b) ss ON a.id = ss.id WHERE a.id BETWEEN 10 AND 20;
SELECT a.id, ss.* FROM regress_nsp_a a LEFT JOIN (SELECT b.id, b.y * 10 AS y10, upper(b.t) AS ut, NOT b.f AS nf, b.y::text AS yt FROM regress_nsp_b b) ss ON a.id = ss.id WHERE a.id BETWEEN 10 AND 20 ORDER BY a.id;
SELECT count(*), count(ss.y10), sum(ss.y10) FROM regress_nsp_a a LEFT JOIN (SELECT b.id, b.y * 10 AS y10 FROM regress_nsp_b b WHERE b.y > 1) ss ON a.id = ss.id;
-- a strict output used above the join: NULL for unmatched rows, so the WHERE filters them
SELECT count(*) FROM regress_nsp_a a LEFT JOIN (SELECT b.id, b.y + 1 AS y1 FROM regress_nsp_b b) ss ON a.id = ss.id WHERE ss.y1 IS NULL;
SELECT count(*) FROM regress_nsp_a a LEFT JOIN (SELECT b.id, b.y + 1 AS y1 FROM regress_nsp_b b) ss ON a.id = ss.id WHERE ss.y1 > 2;
-- outputs that need a PlaceHolderVar (a LATERAL one reading the outer row stays a subquery)
SELECT a.id, ss.* FROM regress_nsp_a a LEFT JOIN (SELECT b.id, coalesce(b.t, 'none') AS ct, b.t IS NULL AS tn, 7 AS seven FROM regress_nsp_b b) ss ON a.id = ss.id WHERE a.id BETWEEN 1 AND 8 ORDER BY a.id;
SELECT a.id, ss.* FROM regress_nsp_a a LEFT JOIN LATERAL (SELECT b.id, coalesce(a.s, b.t) AS c FROM regress_nsp_b b) ss ON a.id = ss.id WHERE a.id BETWEEN 1 AND 6 ORDER BY a.id;
SELECT a.id, ss.* FROM regress_nsp_a a RIGHT JOIN (SELECT b.id, b.y - 1 AS y1 FROM regress_nsp_b b) ss ON a.id = ss.id * 2 WHERE ss.id <= 6 ORDER BY ss.id;
-- a volatile function inside an output's scalar subquery keeps the subquery a
-- Subquery Scan (contain_volatile_functions looks into sublinks)
EXPLAIN (COSTS OFF) SELECT x, x FROM (SELECT (SELECT random()) AS x FROM regress_nsp_a WHERE id < 3) ss;
SELECT count(*) FROM (SELECT x, x AS x2 FROM (SELECT (SELECT random()) AS x FROM regress_nsp_a WHERE id < 3) ss) t WHERE x = x2;
DROP TABLE regress_nsp_a;
DROP TABLE regress_nsp_b;
