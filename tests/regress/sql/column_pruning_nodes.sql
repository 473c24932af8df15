-- Scans below Subquery Scan, Append, Merge Append, WindowAgg, Memoize and joins decode
-- only the columns read above them (executor/column_pruning.py): every answer is whole.
CREATE TABLE cpn_a (id int, g int, v numeric, s text, n int);
CREATE TABLE cpn_b (id int, w int, label text);
INSERT INTO cpn_a SELECT i, i % 7, i * 1.5, 'a' || i, CASE WHEN i % 5 = 0 THEN NULL ELSE i END
  FROM generate_series(1, 300) i;
INSERT INTO cpn_b SELECT i, i % 3, 'b' || i FROM generate_series(1, 60) i;
ANALYZE cpn_a;
ANALYZE cpn_b;
-- subquery scans: the outer query reads some of the subquery's columns
SELECT count(*), sum(q.g) FROM (SELECT id, g, s FROM cpn_a) q WHERE q.id > 250;
SELECT q.s, q.n FROM (SELECT id, s, n, g FROM cpn_a OFFSET 0) q WHERE q.g = 3 ORDER BY q.id LIMIT 4;
SELECT q FROM (SELECT id, s FROM cpn_a WHERE id < 3 OFFSET 0) q ORDER BY q.id;
SELECT q.id, length(q.k) FROM (SELECT id, coalesce(s, 'x') || v AS k, n FROM cpn_a OFFSET 0) q
  WHERE q.id IN (5, 10) ORDER BY 1;
SELECT max(q.id) FROM (SELECT id, s, random() AS r FROM cpn_a) q;
-- UNION ALL (Append over subqueries) and nested subqueries
SELECT count(*), sum(x), max(y) FROM (SELECT id AS x, s AS y FROM cpn_a WHERE g = 1
  UNION ALL SELECT w, label FROM cpn_b UNION ALL SELECT n, s FROM cpn_a WHERE g = 2) u;
SELECT y FROM (SELECT id AS x, s AS y, n FROM cpn_a UNION ALL SELECT id, label, w FROM cpn_b) u
  WHERE x = 7 ORDER BY y;
SELECT sum(t.n) FROM (SELECT * FROM (SELECT id, n, s FROM cpn_a OFFSET 0) i WHERE i.id % 2 = 0) t;
-- window functions over subqueries and joins
SELECT count(*), sum(r), max(c) FROM (SELECT id, row_number() OVER (PARTITION BY g ORDER BY id) AS r,
  count(n) OVER (PARTITION BY g) AS c, s FROM cpn_a WHERE v > 100) w;
SELECT id, r FROM (SELECT id, s, rank() OVER (ORDER BY n DESC NULLS LAST, id) AS r FROM cpn_a) w
  WHERE r <= 3 ORDER BY r;
SELECT a.id, b.label, sum(a.v) OVER (PARTITION BY b.w ORDER BY a.id)
  FROM cpn_a a JOIN cpn_b b ON a.id = b.id WHERE a.id <= 6 ORDER BY a.id;
SELECT g, first_value(s) OVER w, last_value(n) OVER w FROM cpn_a WHERE id <= 14
  WINDOW w AS (PARTITION BY g ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
  ORDER BY g, id;
-- ordered UNION ALL, DISTINCT, and joins of subqueries
SELECT x FROM (SELECT n AS x, s FROM cpn_a WHERE id < 8 UNION ALL SELECT w, label FROM cpn_b WHERE id < 4) u
  ORDER BY x NULLS FIRST LIMIT 5;
SELECT DISTINCT q.g FROM (SELECT g, s FROM cpn_a) q ORDER BY 1;
SELECT p.id, r.label FROM (SELECT id, s, g FROM cpn_a OFFSET 0) p
  JOIN (SELECT id, label, w FROM cpn_b OFFSET 0) r ON p.id = r.id * 5 ORDER BY p.id LIMIT 4;
SELECT b.id, (SELECT max(q.s) FROM (SELECT s, g, id FROM cpn_a) q WHERE q.g = b.w AND q.id < 20)
  FROM cpn_b b WHERE b.id < 4 ORDER BY 1;
SELECT b.id, l.s FROM cpn_b b, LATERAL (SELECT s, n FROM cpn_a a WHERE a.id = b.id * 2 OFFSET 0) l
  WHERE b.id < 4 ORDER BY 1;
WITH c AS (SELECT id, g, s FROM cpn_a WHERE id < 6) SELECT sum(id), max(s) FROM c;
-- an error in a row of a subquery still surfaces
SELECT count(d) FROM (SELECT id, 10 / (g - 3) AS d, s FROM cpn_a OFFSET 0) q;
SELECT id FROM (SELECT id, 10 / (g - 3) AS d, s FROM cpn_a) q WHERE d > 0 LIMIT 1;
DROP TABLE cpn_a, cpn_b;
