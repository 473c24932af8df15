-- The common type of expressions that are not all of one domain is found with the
-- domains as their base types (COALESCE, CASE, UNION, VALUES, ARRAY[]); the same
-- domain throughout stays that domain. (And a row comparison operator of no btree
-- family.)
CREATE DOMAIN dct_int AS int4;
SELECT pg_typeof(coalesce(4::dct_int, 7)), pg_typeof(coalesce(4::dct_int, 7::dct_int)),
       pg_typeof(coalesce(4::dct_int, NULL)), pg_typeof(coalesce(NULL, 4::dct_int));
SELECT pg_typeof(CASE WHEN true THEN 4::dct_int ELSE 5 END),
       pg_typeof(greatest(1::dct_int, 2::dct_int)), pg_typeof(nullif(1::dct_int, 2));
SELECT pg_typeof(x) FROM (SELECT 1::dct_int UNION SELECT 2) s(x);
SELECT pg_typeof(x) FROM (SELECT 1::dct_int UNION ALL SELECT 2::dct_int) s(x);
SELECT pg_typeof(x) FROM (VALUES (1::dct_int), (2::dct_int)) s(x);
SELECT pg_typeof(x) FROM (VALUES (1::dct_int), (NULL)) s(x);
SELECT pg_typeof(ARRAY[1::dct_int, 2]), pg_typeof(ARRAY[1::dct_int, 2::dct_int]);
DROP DOMAIN dct_int;
-- a row comparison with an operator of no btree family is 0A000
SELECT ROW('ABC', 'DEF') ~~ ROW('DEF', 'ABC');
SELECT ROW(1, 2) = ROW(1, 2), ROW(1, 2) < ROW(1, 3);
