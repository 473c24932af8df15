-- `t.*` in the select list of a subquery naming an outer query's FROM item: a LATERAL
-- subquery's earlier FROM items (also through a LEFT JOIN's nullable side, and a JOIN
-- alias), a correlated scalar subquery's outer table; refused in a plain FROM subquery
-- and across a RIGHT JOIN, as PostgreSQL refuses them.
CREATE TABLE regress_ose_a (f1 int, f2 text);
CREATE TABLE regress_ose_b (q1 int8, q2 int8);
INSERT INTO regress_ose_a VALUES (1, 'one'), (2, 'two'), (3, NULL);
INSERT INTO regress_ose_b VALUES (1, 123), (2, 456), (5, 123);
SELECT * FROM regress_ose_a a, LATERAL (SELECT a.* FROM regress_ose_b LIMIT 1) s ORDER BY 1;
SELECT * FROM regress_ose_a a, LATERAL (SELECT b.q2, a.* FROM regress_ose_b b
                                        WHERE b.q1 = a.f1) s ORDER BY 1;
SELECT a.f1, (SELECT a.* LIMIT 1) FROM regress_ose_a a ORDER BY 1;
SELECT * FROM regress_ose_a a
  LEFT JOIN regress_ose_b b ON b.q2 = 123,
  LATERAL (SELECT b.q1, a.f2 FROM regress_ose_a t2 LIMIT 1) AS ss1,
  LATERAL (SELECT ss1.* FROM regress_ose_a t3 LIMIT 1) AS ss2
WHERE a.f1 = ss2.q1 ORDER BY 1, 3;
SELECT ss2.* FROM regress_ose_a a1
  LEFT JOIN regress_ose_b b
    JOIN (SELECT x.f1 AS c1, y.f1 AS c2, 42 AS c3 FROM regress_ose_a x, regress_ose_a y) ss1
    ON b.q1 = ss1.c2
  ON a1.f1 = ss1.c1,
  LATERAL (SELECT a1.*, b.*, ss1.* FROM regress_ose_a LIMIT 1) ss2
ORDER BY 1, 3, 4, 5;
SELECT * FROM (regress_ose_a a JOIN regress_ose_b b ON a.f1 = b.q1) j,
  LATERAL (SELECT j.* LIMIT 1) s ORDER BY 1;
SELECT * FROM regress_ose_a a, LATERAL (SELECT * FROM (SELECT a.*) x) s ORDER BY 1;
-- not visible: a FROM subquery without LATERAL, the left side of a RIGHT JOIN
SELECT * FROM regress_ose_a a, (SELECT a.* FROM regress_ose_b LIMIT 1) s;
SELECT * FROM regress_ose_a a RIGHT JOIN LATERAL (SELECT a.* FROM regress_ose_b LIMIT 1) s
  ON true;
SELECT * FROM regress_ose_a a, LATERAL (SELECT nosuch.* FROM regress_ose_b LIMIT 1) s;
-- a scalar subquery's select item is named after its analysed column (a star's too)
SELECT (SELECT x.* LIMIT 1) FROM (SELECT f1 FROM regress_ose_a) x ORDER BY 1;
SELECT (SELECT * FROM (SELECT f2 FROM regress_ose_a) s ORDER BY 1 LIMIT 1);
SELECT (SELECT f1 AS x FROM regress_ose_a ORDER BY 1 LIMIT 1), (SELECT 1 UNION SELECT 2 LIMIT 1),
       (SELECT (SELECT 5 AS y)), (VALUES (1)), (SELECT a FROM regress_ose_a a ORDER BY 1 LIMIT 1);
SELECT (SELECT * FROM (VALUES (1, 2)) v(a, b) LIMIT 1 OFFSET 0);
DROP TABLE regress_ose_a, regress_ose_b;
