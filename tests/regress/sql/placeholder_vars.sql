-- compare explain text
-- FROM subqueries on the nullable side of an outer join whose outputs do not go NULL
-- with their row (COALESCE, CASE, IS NULL, constants) are pulled up as PostgreSQL does:
-- those outputs become PlaceHolderVars, computed by the scan or join of the tables they
-- read (ph_eval_at, widened over outer joins inside the subquery) and NULL above the outer
-- join that NULL-extends the subquery's row (rewrite/nullable_outputs.py).
CREATE TABLE phv_a (id int PRIMARY KEY, v int);
CREATE TABLE phv_b (id int PRIMARY KEY, w int);
CREATE TABLE phv_c (id int, z int);
INSERT INTO phv_a SELECT g, g % 3 FROM generate_series(1, 8) g;
INSERT INTO phv_b SELECT g, CASE WHEN g % 2 = 0 THEN g * 10 END FROM generate_series(2, 6) g;
INSERT INTO phv_c VALUES (2, NULL), (3, 300), (5, 500), (9, 900);
-- one table: a Hash Left Join with the subquery's table hashed (inner unique)
EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM phv_a LEFT JOIN (SELECT id, coalesce(w, 0) AS cw, 1 AS one FROM phv_b) s ON s.id = phv_a.id;
SELECT * FROM phv_a LEFT JOIN (SELECT id, coalesce(w, 0) AS cw, 1 AS one FROM phv_b) s ON s.id = phv_a.id ORDER BY 1;
EXPLAIN SELECT * FROM phv_a LEFT JOIN (SELECT id, coalesce(w, 0) AS cw, 1 AS one FROM phv_b) s ON s.id = phv_a.id;
-- a CASE over the second table of an inner join: computed by that table's scan
EXPLAIN (VERBOSE, COSTS OFF) SELECT phv_a.id, s.* FROM phv_a LEFT JOIN (SELECT phv_b.id, phv_c.z, CASE WHEN phv_c.z IS NULL THEN 'x' END AS c FROM phv_b JOIN phv_c ON phv_b.id = phv_c.id) s ON s.id = phv_a.id;
SELECT phv_a.id, s.* FROM phv_a LEFT JOIN (SELECT phv_b.id, phv_c.z, CASE WHEN phv_c.z IS NULL THEN 'x' END AS c FROM phv_b JOIN phv_c ON phv_b.id = phv_c.id) s ON s.id = phv_a.id ORDER BY 1;
-- over the nullable side of an outer join inside the subquery: computed by that join
EXPLAIN (VERBOSE, COSTS OFF) SELECT phv_a.id, s.* FROM phv_a LEFT JOIN (SELECT phv_b.id, phv_c.z, CASE WHEN phv_c.z IS NULL THEN 'x' END AS c FROM phv_b LEFT JOIN phv_c ON phv_b.id = phv_c.id) s ON s.id = phv_a.id;
SELECT phv_a.id, s.* FROM phv_a LEFT JOIN (SELECT phv_b.id, phv_c.z, CASE WHEN phv_c.z IS NULL THEN 'x' END AS c FROM phv_b LEFT JOIN phv_c ON phv_b.id = phv_c.id) s ON s.id = phv_a.id ORDER BY 1;
-- used above the outer join: NULL for unmatched rows (not 0)
EXPLAIN (COSTS OFF) SELECT * FROM phv_a LEFT JOIN (SELECT id, coalesce(w, 0) AS cw FROM phv_b) s ON s.id = phv_a.id WHERE s.cw IS NULL;
SELECT * FROM phv_a LEFT JOIN (SELECT id, coalesce(w, 0) AS cw FROM phv_b) s ON s.id = phv_a.id WHERE s.cw IS NULL ORDER BY 1;
SELECT phv_a.id, s.cw, s.cw IS NULL AS gone, coalesce(s.cw, -1) FROM phv_a LEFT JOIN (SELECT id, coalesce(w, 0) AS cw FROM phv_b) s ON s.id = phv_a.id WHERE s.cw = 0 OR s.cw IS NULL ORDER BY 1;
-- in the outer join's own ON clause: the subquery's row is there, so its value
SELECT phv_a.id, s.* FROM phv_a LEFT JOIN (SELECT id, coalesce(w, 0) AS cw FROM phv_b) s ON s.id = phv_a.id AND s.cw = 0 ORDER BY 1;
-- RIGHT and FULL joins, and a constant in GROUP BY above
SELECT s.*, phv_a.v FROM (SELECT id, 'k'::text AS k FROM phv_b) s RIGHT JOIN phv_a ON s.id = phv_a.id ORDER BY phv_a.id;
SELECT * FROM phv_a FULL JOIN (SELECT id, coalesce(z, -1) AS cz, true AS t FROM phv_c) s ON s.id = phv_a.id ORDER BY phv_a.id, s.id;
SELECT s.one, count(*) FROM phv_a LEFT JOIN (SELECT id, 1 AS one FROM phv_b) s ON s.id = phv_a.id GROUP BY s.one ORDER BY 1;
EXPLAIN (VERBOSE, COSTS OFF) SELECT s.one, count(*) FROM phv_a LEFT JOIN (SELECT id, 1 AS one FROM phv_b) s ON s.id = phv_a.id GROUP BY s.one;
-- a view on the nullable side, nested subqueries, and the same output read twice
CREATE VIEW phv_v AS SELECT id, coalesce(w, -5) AS cw, w IS NULL AS wn FROM phv_b;
EXPLAIN (VERBOSE, COSTS OFF) SELECT phv_a.id, phv_v.cw, phv_v.wn FROM phv_a LEFT JOIN phv_v ON phv_v.id = phv_a.id;
SELECT phv_a.id, phv_v.cw, phv_v.wn, phv_v.cw + 1 FROM phv_a LEFT JOIN phv_v ON phv_v.id = phv_a.id ORDER BY 1;
SELECT phv_a.id, t.* FROM phv_a LEFT JOIN (SELECT s.id, s.cw, 2 AS two FROM (SELECT id, coalesce(w, 0) AS cw FROM phv_b) s) t ON t.id = phv_a.id ORDER BY 1;
SELECT phv_a.id, s.cw FROM phv_a LEFT JOIN (SELECT id, coalesce(w, 0) AS cw FROM phv_b) s ON s.id = phv_a.id ORDER BY s.cw NULLS FIRST, 1;
-- partitioned (a partition laid out differently) and inheritance trees in the subquery
CREATE TABLE phv_p (id int, w int) PARTITION BY RANGE (id);
CREATE TABLE phv_p1 PARTITION OF phv_p FOR VALUES FROM (0) TO (4);
CREATE TABLE phv_p2 (w int, id int);
ALTER TABLE phv_p ATTACH PARTITION phv_p2 FOR VALUES FROM (4) TO (10);
INSERT INTO phv_p VALUES (1, 10), (3, NULL), (5, 50), (7, NULL);
CREATE TABLE phv_i (id int, w int);
CREATE TABLE phv_ic (extra text) INHERITS (phv_i);
INSERT INTO phv_i VALUES (1, 1), (2, NULL);
INSERT INTO phv_ic VALUES (3, NULL, 'x');
EXPLAIN (VERBOSE, COSTS OFF) SELECT phv_a.id, s.* FROM phv_a LEFT JOIN (SELECT id, coalesce(w, -1) AS cw, 'k' AS k FROM phv_p) s ON s.id = phv_a.id;
SELECT phv_a.id, s.* FROM phv_a LEFT JOIN (SELECT id, coalesce(w, -1) AS cw, 'k' AS k FROM phv_p) s ON s.id = phv_a.id ORDER BY 1;
SELECT phv_a.id, sum(s.cw), count(s.k), max(s.k) FROM phv_a LEFT JOIN (SELECT id, coalesce(w, -1) AS cw, 'k' AS k FROM phv_p) s ON s.id = phv_a.id GROUP BY phv_a.id ORDER BY 1;
SELECT phv_a.id, s.* FROM phv_a LEFT JOIN (SELECT id, coalesce(w, -1) AS cw FROM phv_i) s ON s.id = phv_a.id ORDER BY 1;
SELECT * FROM phv_a LEFT JOIN (SELECT x.id, coalesce(y.w, -2) AS yw FROM phv_p x LEFT JOIN phv_i y ON x.id = y.id) s ON s.id = phv_a.id ORDER BY 1;
SELECT * FROM phv_a FULL JOIN (SELECT x.id, coalesce(y.w, -2) AS yw, 1 AS one FROM phv_p x FULL JOIN phv_i y ON x.id = y.id) s ON s.id = phv_a.id ORDER BY 1, 3;
-- read by a sublink of the outer query: the subquery stays one (answers as PostgreSQL's)
SELECT phv_a.id, (SELECT s.cw + 1) FROM phv_a LEFT JOIN (SELECT id, coalesce(w, 7) AS cw FROM phv_b) s ON s.id = phv_a.id ORDER BY 1;
DROP TABLE phv_p, phv_i, phv_ic;
DROP VIEW phv_v;
DROP TABLE phv_a, phv_b, phv_c;
