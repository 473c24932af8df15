-- Type resolution corners: text || anything, bool's cast to text, array casts element by
-- element, output column names of nested casts, and INSERT ... SELECT giving its
-- unresolved literals the target columns' types.
SELECT 'abc' || 1, 1 || 'abc', 'v' || 2.5 || true, 'x' || now()::date, 'a'::char(3) || 1;
SELECT pg_typeof('x' || 1), 'a' || 'b'::varchar;
SELECT true::text, false::varchar, true::char(5), true::text::bool;
SELECT 'int4'::regtype::oid, 1::text, (1)::int8::text, CASE WHEN true THEN 1 END::text;
SELECT now()::date::text IS NOT NULL, (SELECT 1 AS z)::text, coalesce(1, 2)::text;
SELECT '{1,2}'::int2[]::int4[], '{{1,2},{3,NULL}}'::int4[]::int8[];
SELECT '{1.5,2.5}'::numeric[]::int4[], '{1,2}'::int4[]::text[], '{t}'::bool[]::int4[];
SELECT '{a,b}'::text[]::varchar(1)[];
SELECT '{ab,b}'::text[]::varchar(1)[];
SELECT '{1,x}'::text[]::int4[];
SELECT '{1}'::int4[] = '{1}'::int8[];
DROP TABLE IF EXISTS regress_coerce;
CREATE TABLE regress_coerce (a int, b text, c date, d bool, e int8[]);
INSERT INTO regress_coerce SELECT NULL, NULL, NULL, NULL, NULL;
INSERT INTO regress_coerce (a) SELECT NULL;
INSERT INTO regress_coerce SELECT '5', 'x', '2020-01-02', 'yes', '{1,2}'::int4[];
INSERT INTO regress_coerce SELECT 'zz';
INSERT INTO regress_coerce SELECT NULL UNION ALL SELECT NULL;
INSERT INTO regress_coerce SELECT * FROM (SELECT NULL) s;
INSERT INTO regress_coerce (a) SELECT NULL ORDER BY 1;
INSERT INTO regress_coerce (c) SELECT DISTINCT '2020-02-02';
INSERT INTO regress_coerce (e) SELECT '{3}'::int2[];
SELECT * FROM regress_coerce ORDER BY a, b, c, e;
DROP TABLE regress_coerce;
SELECT format('%s|%5s|%-5s|%*s|%-*s|', 'a', 'b', 'x', 3, 'c', 4, 'd'), format('%-5L|%5I|', 'a', 'b');
SELECT format('%*2$s|', 'a', 5);
SELECT format('%s', true), format('%s', '2020-01-01'::date), format('%L', true), format('%2$s %s', 'a', 'b', 'c');
SELECT format('%*s', NULL, 'x'), format('%*s', -3, 'x') || '|', format('%1$s %s', 'a', 'b');
SELECT format('%s %s', NULL, 1), format('%L %L', NULL, 'O''Reilly'), format('%I', 'select'),
  format('%I', 'a b'), format('[%3$s %1$s]', 1, 2, 3), format('%s', ARRAY[1,2]),
  format('%s', 1.50::numeric), format('x'), format(NULL), format('%s', 'x'::char(3)) || '|';
SELECT format('%I', NULL);
SELECT format('%s %s', 1);
SELECT format('%z', 1);
SELECT format('%', 1);
SELECT format('%0$s', 1);
SELECT quote_ident('Foo'), quote_ident('user'), quote_ident('abc'), quote_ident('left'),
  quote_ident('name'), quote_literal('a\b'), quote_literal(42), quote_nullable(NULL),
  quote_nullable(1.5), quote_literal(NULL::text), quote_nullable('x');
