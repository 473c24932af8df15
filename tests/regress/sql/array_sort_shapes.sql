-- Sorting arrays of different shapes as array_cmp orders them: elements in storage
-- order (a NULL element above any value), then the element count, the number of
-- dimensions, their lengths and lower bounds; ascending, descending, grouped, top-N.
SELECT a FROM (VALUES ('{1,3}'::int[]), ('{{1,2},{3,4}}'), ('{1,NULL}'), ('{1,2}'), ('{1}'),
  ('{}'), ('{1,2,3}'), (NULL), ('{{1},{2}}'), ('[0:1]={1,2}')) v(a) ORDER BY a;
SELECT a FROM (VALUES ('{1,3}'::int[]), ('{{1,2},{3,4}}'), ('{1,NULL}'), ('{1,2}'), ('{1}'),
  ('{}'), ('{{1},{2}}')) v(a) ORDER BY a DESC NULLS LAST;
SELECT a, count(*) FROM (VALUES ('{b,a}'::text[]), ('{a}'), ('{a,NULL}'), ('{b,a}'),
  ('{{a},{b}}')) v(a) GROUP BY a ORDER BY a;
SELECT a FROM (VALUES ('{1,3}'::int[]), ('{{1,2},{3,4}}'), ('{1,NULL}'), ('{0}')) v(a)
  ORDER BY a LIMIT 2;
SELECT a, b FROM (VALUES ('{1,NULL}'::int[], 2), ('{1,NULL}', 1), ('{{1}}', 3)) v(a, b)
  ORDER BY a, b DESC;
