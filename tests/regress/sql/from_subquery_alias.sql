-- A FROM subquery or VALUES without an alias: 42601 with the hint, at its parenthesis.
SELECT * FROM ((SELECT 1 AS x)), ((SELECT * FROM ((SELECT 2 AS y))));
SELECT count FROM (SELECT count(*) FROM pg_class);
SELECT * FROM (SELECT 1 AS a), (VALUES (123456)) WHERE a = column1;
SELECT * FROM (VALUES (1));
SELECT * FROM (VALUES (1)) v JOIN (SELECT 1) ON true;
SELECT * FROM (VALUES (1)) v(a), LATERAL (SELECT v.a);
SELECT * FROM (SELECT DISTINCT ON (a) a FROM (VALUES (1)) v(a));
SELECT * FROM ( WITH q AS (SELECT 1) SELECT * FROM q);
SELECT 1; SELECT * FROM  (SELECT 2);
SELECT * FROM (SELECT 1) AS fine;
