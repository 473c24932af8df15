-- A min() / max() subquery (index first-row InitPlan) whose WHERE holds a correlated
-- InitPlan is computed again per outer row; IN over a grouped subquery with a
-- set-returning function in its output is not taken as unique.
DROP TABLE IF EXISTS regress_ncs_a;
DROP TABLE IF EXISTS regress_ncs_b;
DROP TABLE IF EXISTS regress_ncs_c;
CREATE TABLE regress_ncs_a (id int PRIMARY KEY, val int);
INSERT INTO regress_ncs_a VALUES (1, 1), (2, 2);
CREATE TABLE regress_ncs_b (id int PRIMARY KEY, aval int);
INSERT INTO regress_ncs_b VALUES (1, 1), (2, 1), (3, 2), (4, 2);
CREATE TABLE regress_ncs_c (id int PRIMARY KEY, aid int);
INSERT INTO regress_ncs_c VALUES (1, 1), (2, 2);
SELECT (SELECT min(b.id) FROM regress_ncs_b b
        WHERE b.aval = (SELECT a.val FROM regress_ncs_a a WHERE a.id = c.aid)) AS m
  FROM regress_ncs_c c ORDER BY c.id;
SELECT (SELECT max(b.id) FROM regress_ncs_b b
        WHERE b.aval = (SELECT a.val FROM regress_ncs_a a WHERE a.id = c.aid)) AS m
  FROM regress_ncs_c c ORDER BY c.id;
SELECT (SELECT sum(b.id) FROM regress_ncs_b b
        WHERE b.aval = (SELECT a.val FROM regress_ncs_a a WHERE a.id = c.aid)) AS m
  FROM regress_ncs_c c ORDER BY c.id;
SELECT * FROM regress_ncs_a o
  WHERE (id, id) IN (SELECT id, generate_series(1, 5) / 4 FROM regress_ncs_a i GROUP BY id);
SELECT * FROM regress_ncs_a o
  WHERE id IN (SELECT generate_series(1, 3) FROM regress_ncs_a i GROUP BY id) ORDER BY id;
DROP TABLE regress_ncs_a;
DROP TABLE regress_ncs_b;
DROP TABLE regress_ncs_c;
