-- compare explain text
-- A SubPlan re-run per outer row without parameters from it (ALL, a non-hashable ANY)
-- reads its rows through a Materialize on top (not when its top node keeps its output,
-- not with enable_material off), and its cost counts a comparison per row read;
-- anonymous records are never hashed.
CREATE TABLE regress_spm_a (f1 int4);
CREATE TABLE regress_spm_b (q1 int8, q2 int8);
INSERT INTO regress_spm_a VALUES (0), (1), (123), (-5), (NULL);
INSERT INTO regress_spm_b VALUES (1, 2), (123, 456), (5, -5);
EXPLAIN SELECT * FROM regress_spm_a WHERE f1 <> ALL (SELECT q1 FROM regress_spm_b);
EXPLAIN SELECT * FROM regress_spm_a WHERE NOT (f1 > ANY (SELECT q1 FROM regress_spm_b));
EXPLAIN SELECT * FROM regress_spm_a WHERE f1 < ALL (SELECT q1 FROM regress_spm_b ORDER BY 1);
EXPLAIN SELECT * FROM regress_spm_a WHERE f1::int8 NOT IN (SELECT q1 FROM regress_spm_b);
EXPLAIN SELECT * FROM regress_spm_a a
  WHERE f1 <> ALL (SELECT q1 FROM regress_spm_b WHERE q2 > a.f1);
SELECT * FROM regress_spm_a WHERE f1 <> ALL (SELECT q1 FROM regress_spm_b) ORDER BY 1;
SELECT * FROM regress_spm_a WHERE NOT (f1 > ANY (SELECT q1 FROM regress_spm_b)) ORDER BY 1;
SELECT f1, f1 < ALL (SELECT q2 FROM regress_spm_b WHERE q2 > (SELECT min(f1) FROM regress_spm_a))
  FROM regress_spm_a ORDER BY 1;
SET enable_material = off;
EXPLAIN SELECT * FROM regress_spm_a WHERE f1 <> ALL (SELECT q1 FROM regress_spm_b);
RESET enable_material;
EXPLAIN (VERBOSE, COSTS OFF) SELECT 1 = ALL (SELECT (SELECT 1));
SELECT 1 = ALL (SELECT (SELECT 1));
EXPLAIN (COSTS OFF) SELECT row(row(row(1))) = ANY (SELECT row(row(1)));
SELECT row(row(row(1))) = ANY (SELECT row(row(1)));
SELECT row(1, 'a') IN (SELECT row(q1::int, 'a') FROM regress_spm_b);
-- hashed IN across text / name, and with a cast of the subquery's column
EXPLAIN (VERBOSE, COSTS OFF) SELECT 'foo'::text IN (SELECT 'bar'::name UNION ALL SELECT 'bar'::name);
SELECT 'foo'::text IN (SELECT 'bar'::name UNION ALL SELECT 'bar'::name),
       'bar'::text IN (SELECT 'bar'::name UNION ALL SELECT NULL::name),
       'x'::text IN (SELECT 'bar'::name UNION ALL SELECT NULL::name);
EXPLAIN (COSTS OFF) SELECT * FROM regress_spm_a WHERE NOT (f1::int8 IN (SELECT q1 FROM regress_spm_b));
SELECT * FROM regress_spm_a WHERE NOT (f1::int8 IN (SELECT q1 FROM regress_spm_b)) ORDER BY 1;
EXPLAIN (COSTS OFF) SELECT * FROM regress_spm_b WHERE NOT (q1::text IN (SELECT f1::text FROM regress_spm_a));
SELECT * FROM regress_spm_b WHERE NOT (q1::text IN (SELECT f1::text FROM regress_spm_a)) ORDER BY 1;
SELECT * FROM regress_spm_b WHERE NOT (q2::varchar(2) IN (SELECT f1::text::varchar(3) FROM regress_spm_a))
  ORDER BY 1;
DROP TABLE regress_spm_a, regress_spm_b;
