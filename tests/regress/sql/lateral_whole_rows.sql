-- Whole-row references to LATERAL items (subqueries, functions, VALUES) and to tables
-- on the nullable side of outer joins: NULL when NULL-extended (IS NULL, row_to_json,
-- to_jsonb, count, ::text), the fields' names kept by (l).* and the JSON functions.
DROP TABLE IF EXISTS regress_lwr_a, regress_lwr_b;
CREATE TABLE regress_lwr_a (id int, v text);
CREATE TABLE regress_lwr_b (id int, w int);
INSERT INTO regress_lwr_a VALUES (1, 'a'), (2, 'b'), (3, NULL);
INSERT INTO regress_lwr_b VALUES (1, 10), (1, 11), (3, 30);
SELECT a.id, l, l IS NULL, l IS NOT NULL, row_to_json(l), to_jsonb(l)
  FROM regress_lwr_a a LEFT JOIN LATERAL
       (SELECT b.w, a.v FROM regress_lwr_b b WHERE b.id = a.id) l ON true ORDER BY 1, 2;
SELECT a.id, count(l), count(l.*), count(*), json_agg(l)
  FROM regress_lwr_a a LEFT JOIN LATERAL
       (SELECT b.w FROM regress_lwr_b b WHERE b.id = a.id) l ON true GROUP BY a.id ORDER BY 1;
SELECT a.id, l FROM regress_lwr_a a LEFT JOIN LATERAL (SELECT a.v AS x) l ON a.id > 1 ORDER BY 1;
SELECT a.id, l, l IS NULL FROM regress_lwr_a a LEFT JOIN LATERAL
       (SELECT max(w) m FROM regress_lwr_b b WHERE b.id = a.id) l ON true ORDER BY 1;
SELECT a.id, l, l IS NULL FROM regress_lwr_a a LEFT JOIN LATERAL
       (SELECT max(w) m FROM regress_lwr_b b WHERE b.id = a.id) l ON l.m > 10 ORDER BY 1;
SELECT a.id, l::text, coalesce(l::text, 'none') FROM regress_lwr_a a LEFT JOIN LATERAL
       (SELECT b.w, b.id FROM regress_lwr_b b WHERE b.id = a.id LIMIT 1) l ON true ORDER BY 1;
SELECT a.id, (l).* FROM regress_lwr_a a LEFT JOIN LATERAL
       (SELECT b.w FROM regress_lwr_b b WHERE b.id = a.id LIMIT 1) l ON true ORDER BY 1;
SELECT a.id, (l).* FROM regress_lwr_a a, LATERAL (SELECT a.v AS x, a.id * 2 AS y) l ORDER BY 1;
SELECT (l).* FROM (SELECT 1 AS x, 2 AS y) l;
-- functions and VALUES in LATERAL
SELECT a.id, f FROM regress_lwr_a a LEFT JOIN LATERAL generate_series(1, a.id - 1) f ON true
 ORDER BY 1, 2;
SELECT a.id, f, f IS NULL, row_to_json(f) FROM regress_lwr_a a LEFT JOIN LATERAL
       unnest(ARRAY[a.id, a.id * 2]) WITH ORDINALITY f(x, n) ON a.id = 2 ORDER BY 1, 2;
SELECT a.id, f IS NULL, f, to_jsonb(f) FROM regress_lwr_a a LEFT JOIN LATERAL
       (VALUES (a.id, a.v)) f(x, y) ON a.id <> 2 ORDER BY 1;
SELECT a.id, count(f) FROM regress_lwr_a a LEFT JOIN LATERAL
       generate_series(1, a.id - 1) f ON true GROUP BY a.id ORDER BY 1;
-- tables NULL-extended by LEFT / FULL joins
SELECT a, b, a IS NULL, b IS NULL, row_to_json(b), to_jsonb(b), to_json(b)
  FROM regress_lwr_a a FULL JOIN regress_lwr_b b ON a.id = b.id ORDER BY a.id, b.w;
SELECT a.id, b, to_jsonb(b) FROM regress_lwr_a a LEFT JOIN regress_lwr_b b
    ON a.id = b.id AND b.w > 10 ORDER BY 1;
SELECT count(b), count(b.*), array_agg(b ORDER BY b.w), jsonb_agg(b ORDER BY b.w)
  FROM regress_lwr_a a LEFT JOIN regress_lwr_b b ON a.id = b.id;
SELECT to_jsonb(b), to_jsonb(b.*), jsonb_build_object('row', b) FROM regress_lwr_b b ORDER BY b.w;
DROP TABLE regress_lwr_a, regress_lwr_b;
