-- What SQLAlchemy's and asyncpg's catalog queries rely on (tests/clients/test_sqlalchemy.py
-- runs the real ones): int2vector / oidvector subscripts start at 0 for the array functions
-- too, like_escape (LIKE ... ESCAPE with a non-constant pattern), unknown parameters in a
-- select list, and a recursive WITH inside a query whose LEFT JOIN may be removed.
DROP TABLE IF EXISTS regress_crq_t, regress_crq_u;
CREATE TABLE regress_crq_t (a int, b text, c int, CONSTRAINT regress_crq_t_ab UNIQUE (a, b));
CREATE INDEX regress_crq_t_expr ON regress_crq_t (lower(b), c);
SELECT i.indkey, i.indkey::int2[] AS as_array, array_dims(i.indkey) AS dims,
       array_lower(i.indkey, 1), array_upper(i.indkey, 1), array_length(i.indkey, 1),
       cardinality(i.indkey), i.indkey[0] AS first, i.indkey[1] AS second,
       array_position(i.indkey, 2::int2), array_positions(i.indkey, 2::int2),
       i.indkey::int2[] = '{1,2}'::int2[] AS equals_from_one, i.indkey = '1 2'::int2vector AS equals,
       i.indkey[0:0] AS slice, array_dims(i.indkey[0:1]) AS slice_dims, pg_typeof(i.indkey[0:1])
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
WHERE c.relname IN ('regress_crq_t_ab', 'regress_crq_t_expr') ORDER BY c.relname;
-- SQLAlchemy's get_indexes: one row per index column, expressions through pg_get_indexdef
SELECT c.relname, idx.ord, idx.attnum,
       CASE WHEN idx.attnum = 0 THEN pg_get_indexdef(idx.indexrelid, idx.ord + 1, true)
            ELSE a.attname::text END AS element
FROM (SELECT indexrelid, indrelid, unnest(indkey) AS attnum,
             generate_subscripts(indkey, 1) AS ord FROM pg_index) idx
JOIN pg_class c ON c.oid = idx.indexrelid
LEFT JOIN pg_attribute a ON a.attrelid = idx.indrelid AND a.attnum = idx.attnum
WHERE c.relname IN ('regress_crq_t_ab', 'regress_crq_t_expr') ORDER BY 1, 2;
SELECT generate_subscripts(proargtypes, 1) AS ord, generate_subscripts(proargtypes, 1, true) AS rev
FROM pg_proc WHERE oid = 'int4pl'::regproc;
SELECT generate_subscripts('[3:5]={7,8,9}'::int[], 1) AS up,
       generate_subscripts('[3:5]={7,8,9}'::int[], 1, true) AS down;
SELECT generate_subscripts('[-1:0][2:3]={{1,2},{3,4}}'::int[], 2);
-- like_escape, and LIKE ... ESCAPE over a computed pattern
SELECT like_escape('a/_b', '/'), like_escape('a\b', '/'), like_escape('a//b/\c', '/'),
       like_escape('a\_b', ''), like_escape('a\_b', '\'), like_escape('x#%y', '#');
SELECT 'a_b' LIKE 'a/_b' ESCAPE '/', 'axb' LIKE 'a/_b' ESCAPE '/',
       'a\b' LIKE 'a\b' ESCAPE '', 'ab%' LIKE ('a' || 'b#%') ESCAPE '#',
       'A_b' ILIKE 'a/_B' ESCAPE '/';
SELECT nspname FROM pg_namespace
WHERE nspname NOT LIKE 'pg/_' || '%' ESCAPE '/' AND nspname IN ('public', 'pg_catalog');
SELECT like_escape('\x612f5f'::bytea, '\x2f'::bytea),
       '\x615f62'::bytea LIKE '\x612f5f62'::bytea ESCAPE '\x2f'::bytea;
SELECT like_escape('abc', 'xy');
SELECT 'a' LIKE 'a' ESCAPE 'xy';
-- unknown parameters in a select list are text (the result columns' types are compared)
PREPARE crq_p AS SELECT $1 AS a, $2 AS b;
EXECUTE crq_p('x', 2);
DEALLOCATE crq_p;
-- a recursive WITH inside a query with a LEFT JOIN that join removal examines
CREATE TABLE regress_crq_u (id int PRIMARY KEY);
INSERT INTO regress_crq_t VALUES (1, 'x', 1), (2, 'y', NULL);
SELECT t.a, (WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3)
             SELECT max(n) FROM r) AS m
FROM regress_crq_t t LEFT JOIN regress_crq_u u ON t.c = u.id ORDER BY 1;
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3)
SELECT r.n, t.a FROM r LEFT JOIN regress_crq_t t ON t.a = r.n LEFT JOIN regress_crq_u u ON t.c = u.id ORDER BY 1;
-- a FROM subquery whose select list holds a sublink with its own WITH is still merged
EXPLAIN (COSTS OFF)
SELECT s.a, s.m FROM (SELECT t.a, (WITH w AS MATERIALIZED (SELECT count(*) AS x FROM regress_crq_u) SELECT x FROM w) AS m
                      FROM regress_crq_t t) s, regress_crq_u u WHERE u.id = s.a AND s.a = 1;
SELECT s.a, s.m FROM (SELECT t.a, (WITH w AS MATERIALIZED (SELECT count(*) AS x FROM regress_crq_u) SELECT x FROM w) AS m
                      FROM regress_crq_t t) s LEFT JOIN regress_crq_u u ON u.id = s.a ORDER BY 1;
DROP TABLE regress_crq_t, regress_crq_u;
