-- Aggregates written in a subquery whose arguments use only an enclosing query's
-- columns belong to that query: it is aggregated (one group without GROUP BY), and the
-- subquery sees the value as a parameter; the enclosing clause decides where they are
-- allowed.
DROP TABLE IF EXISTS regress_ola;
CREATE TABLE regress_ola (a int, b int);
INSERT INTO regress_ola VALUES (1, 1), (2, 2), (3, 2), (4, 2);
SELECT (SELECT max(regress_ola.a)) FROM regress_ola;
SELECT (SELECT max(regress_ola.a) FROM (VALUES (1)) v(x)) FROM regress_ola;
SELECT (SELECT max(regress_ola.a) FROM (VALUES (1), (2)) v(x)) FROM regress_ola;
SELECT (SELECT max(regress_ola.a) + x FROM (VALUES (1), (2)) v(x) ORDER BY 1 LIMIT 1)
  FROM regress_ola;
SELECT b, (SELECT sum(regress_ola.a) + count(*) FROM (VALUES (1), (2)) v(x))
  FROM regress_ola GROUP BY b ORDER BY b;
SELECT a, (SELECT max(regress_ola.a) FROM (VALUES (1), (2)) v(x)) FROM regress_ola;
SELECT b FROM regress_ola GROUP BY b HAVING (SELECT max(regress_ola.a)) > 2 ORDER BY 1;
SELECT b, (SELECT array_agg(regress_ola.a ORDER BY regress_ola.a DESC))
  FROM regress_ola GROUP BY b ORDER BY 1;
SELECT (SELECT max(regress_ola.a) WHERE regress_ola.b > 0) FROM regress_ola;
SELECT (SELECT count(*) FILTER (WHERE regress_ola.a > 1)) FROM regress_ola;
SELECT a, (SELECT sum(a) FROM regress_ola i WHERE i.a < max(regress_ola.a))
  FROM regress_ola GROUP BY a ORDER BY 1;
SELECT (SELECT (SELECT max(regress_ola.a + v.x)) FROM (VALUES (1), (2)) v(x)
        ORDER BY 1 LIMIT 1) FROM regress_ola;
SELECT sum((SELECT max(x.a) FROM regress_ola x WHERE x.a < regress_ola.a)) FROM regress_ola;
EXPLAIN (COSTS OFF) SELECT (SELECT max(regress_ola.a)) FROM regress_ola;
-- where the enclosing query cannot aggregate
SELECT * FROM regress_ola WHERE (SELECT max(regress_ola.a)) > 1;
SELECT count(*) FROM regress_ola WHERE EXISTS (SELECT 1 HAVING max(regress_ola.a) > 0);
UPDATE regress_ola SET a = (SELECT max(regress_ola.b));
SELECT (SELECT max(regress_ola.a) OVER ()) FROM regress_ola;
PREPARE regress_ola_p(int) AS SELECT (SELECT max(regress_ola.a) + $1) FROM regress_ola;
EXECUTE regress_ola_p(10);
DEALLOCATE regress_ola_p;
INSERT INTO regress_ola SELECT (SELECT max(regress_ola.a)) FROM regress_ola;
SELECT count(*), max(a) FROM regress_ola;
select (select max(unique1) filter (where sum(ten) > 0) from (values (1)) v(x)) from (values (1, 2)) t(unique1, ten);
select (select max(unique1) filter (where bool_or(ten > 0)) from (values (1)) v(x)) from (values (1, 2)) t(unique1, ten);
select (select max(unique1) filter (where x > 0) from (values (1)) v(x)) from (values (1, 2)) t(unique1, ten);
select (select max(x) filter (where sum(ten) > 0) from (values (1)) v(x)) from (values (1, 2)) t(unique1, ten);
-- aggregates of an enclosing level inside this level's, and the nested refusals
select (select max(x + sum(t.a)) from (values (1), (2)) u(x)) from (values (1), (2)) t(a);
select (select max(sum(t.a))) from (values (1), (2)) t(a);
select (select array_agg(x order by sum(t.a)) from (values (1), (2)) u(x)) from (values (1), (2)) t(a);
select (select count(*) filter (where x > sum(t.a)) from (values (1), (2)) u(x)) from (values (1), (2)) t(a);
select (select sum(t.a) from (values (1)) u(x) group by x) from (values (1), (2)) t(a);
select (select x from (values (1)) u(x) order by sum(t.a) limit 1) from (values (1), (2)) t(a);
select (select percentile_cont(0.5) within group (order by t.a)) from (values (1), (2)) t(a);
select max(sum(a)) from (values (1)) t(a);
select max(1 + abs(sum(a))) from (values (1)) t(a);
select count(*) filter (where sum(a) > 0) from (values (1)) t(a);
-- subqueries inside an enclosing level's aggregate: planned by that level
SELECT (SELECT max((SELECT i.b FROM regress_ola i WHERE i.a = regress_ola.a))) FROM regress_ola;
SELECT (SELECT max((SELECT i.b FROM regress_ola i WHERE i.a = regress_ola.a))
          FILTER (WHERE regress_ola.a < 3)) FROM regress_ola;
SELECT a, (SELECT sum((SELECT count(*) FROM regress_ola i WHERE i.a < regress_ola.a + x))
           FROM (VALUES (1), (2)) v(x)) FROM regress_ola ORDER BY a;
SELECT (SELECT max((SELECT i.b FROM regress_ola i WHERE i.a = regress_ola.a)) + count(*)
        FROM (VALUES (1), (2)) v(x)) FROM regress_ola;
DROP TABLE regress_ola;
