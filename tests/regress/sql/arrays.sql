-- Arrays: constructors, subscripts and slices, op ANY / ALL (array), the array operators
-- and functions, over constants and over table columns.
DROP TABLE IF EXISTS regress_arr;
CREATE TABLE regress_arr (id int, a int[], t text[], m int[]);
INSERT INTO regress_arr VALUES (1, '{1,2,3}', '{x,y}', '{{1,2},{3,4}}'),
  (2, '{4,NULL,6}', '{z}', '{{5,6}}'), (3, NULL, '{}', NULL), (4, '{}', NULL, '{}');
SELECT ARRAY[1,2,3], ARRAY[[1,2],[3,4]], ARRAY[1,2.5], ARRAY['a','b'], ARRAY[NULL, 1];
SELECT ARRAY[]::int[], ARRAY[]::text[], ARRAY['1','2']::int8[], ARRAY[1,2]::text[];
SELECT ARRAY[];
SELECT ARRAY[1,'x'];
SELECT ARRAY[1, true];
SELECT ARRAY[[1],[2,3]];
SELECT ARRAY[ARRAY[1,2], NULL, ARRAY[3,4]];
SELECT ARRAY[NULL::int[], NULL::int[]], ARRAY[ARRAY[]::int[], ARRAY[]::int[]];
SELECT ARRAY[ARRAY[1,2], ARRAY[3,4]], ARRAY['{1,2}'::int[], '{3,4}'];
SELECT id, ARRAY[id, id * 2], ARRAY[a, a], a[1], a[2:3], a[:2], a[2:], m[2][1], m[1],
  m[1:1], m[2][1:2], a[id], a[NULL] FROM regress_arr ORDER BY id;
SELECT (ARRAY[1,2,3])[2], ('{1,2,3}'::int[])[2:3], ('{1,2,3}'::int[])[5:6],
  ('{1,2,3}'::int[])[0], ('{{1,2},{3,4}}'::int[])[1];
SELECT (1)[1];
SELECT ('{1}'::int[])['a'];
SELECT ('{1}'::int[])[1.5];
SELECT 1 = ANY(ARRAY[1,2]), 1 = ANY('{1,2}'), 1 = ANY(NULL::int[]), NULL = ANY('{1}'::int[]),
  3 = ANY('{1,NULL}'::int[]), 1 = ALL('{}'::int[]), 1 <> ALL('{2,3}'), 2 > ALL('{1,NULL}'::int[]);
SELECT 1 = ANY(1);
SELECT 1 + ANY('{1}'::int[]);
SELECT id FROM regress_arr WHERE 2 = ANY(a) OR 'z' = ANY(t) ORDER BY id;
SELECT id FROM regress_arr WHERE id = ANY(ARRAY[1, 3]) ORDER BY id;
SELECT id FROM regress_arr WHERE id <> ALL(a) ORDER BY id;
SELECT ARRAY[1,2] || 3, ARRAY[1] || ARRAY[2], 0 || ARRAY[1], ARRAY[1] || '{2}', '{0}' || ARRAY[1],
  ARRAY[1] || 2.5, ARRAY[1] || NULL, a || id FROM regress_arr ORDER BY id;
SELECT ARRAY['a'] || 'b';
SELECT '{1,2,3}'::int[] @> '{2,3}', '{1,2}'::int[] @> '{2,NULL}', '{1}'::int[] <@ '{1,2}',
  '{1,2}'::int[] && '{2,5}', '{1}'::int[] && '{5}';
SELECT '{1}'::int[] @> '{1}'::int8[];
SELECT '{1,2}'::int[] = '{1,2}', '{1,NULL}'::int[] = '{1,NULL}', '{1,NULL}'::int[] < '{1,2}',
  '{1,2}'::int[] < '{1,2,3}', '{{1}}'::int[] = '{1}'::int[], '{2}'::int[] > '{1,9}';
SELECT id FROM regress_arr ORDER BY a, id;
SELECT array_length(a, 1), array_length(m, 2), array_lower(m, 1), array_upper(a, 1),
  array_ndims(m), array_dims(m), cardinality(m) FROM regress_arr ORDER BY id;
SELECT array_append(a, 7), array_prepend(0, a), array_cat(a, a), array_position(a, 6),
  array_positions(a || a, 1), array_remove(a, NULL), array_replace(a, NULL, 0)
  FROM regress_arr ORDER BY id;
SELECT array_position('{a,b,c}'::text[], 'c', 2), trim_array('{1,2,3}'::int[], 2),
  array_fill(7, ARRAY[2,2]), array_fill('x'::text, ARRAY[3]);
SELECT array_to_string(ARRAY[1,NULL,3], ','), array_to_string(ARRAY[1,NULL,3], ',', '*'),
  string_to_array('a,b,,c', ','), string_to_array('a,b,,c', ',', ''), string_to_array('abc', NULL),
  string_to_array('', ',');
SELECT array_cat('{{1}}'::int[], '{{3,4}}');
SELECT array_append('{{1}}'::int[], 3);
SELECT * FROM unnest(ARRAY[1,2]) WITH ORDINALITY;
SELECT * FROM unnest('{{1,2},{3,4}}'::int[]) u;
SELECT * FROM generate_subscripts('{5,6,7}'::int[], 1), generate_subscripts('{5,6}'::int[], 1, true) s2;
EXPLAIN (COSTS OFF) SELECT * FROM regress_arr WHERE id = ANY(a);
EXPLAIN (COSTS OFF) SELECT * FROM regress_arr WHERE id = ANY(ARRAY[1, 2]) AND id = ANY(ARRAY[id, 3])
  AND a[1] = 2 AND a[1:2] = '{1}' AND id <> ALL(a || 5);
EXPLAIN (COSTS OFF) SELECT * FROM unnest(ARRAY[1,2,3]);
DROP TABLE regress_arr;
-- name is subscriptable from 0 as a fixed array of "char" (pg_dump: typname[0] = '_')
select typname, typname[0], typname[1], typname[63], typname[64], typname[-1] from pg_type where oid in (23, 1007) order by 1;
select count(*) from pg_type where typname[0] = '_' and typelem != 0 and oid < 1100;
select 'abc'::name[0:1];
