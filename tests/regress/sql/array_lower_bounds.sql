-- Arrays whose lower bounds are not 1 through the array functions and operators
-- (array_cat / || / ARRAY[] keep or check bounds, array_remove / array_replace /
-- array_fill, DISTINCT telling '[0:1]={1,2}' from '{1,2}'), and xid[].
SELECT array_append('[0:2]={1,2,3}'::int[], 4), array_prepend(0, '[0:2]={1,2,3}'::int[]), array_cat('[0:2]={1,2,3}'::int[], '[5:6]={9,9}'::int[]);
SELECT array_cat('{}'::int[], '[5:6]={9,9}'::int[]), array_cat('[5:6]={9,9}'::int[], '{}'::int[]), array_cat('[0:1]={1,2}'::int[], '[3:4][2:3]={{5,6},{7,8}}'::int[]), array_cat('[3:4][2:3]={{5,6},{7,8}}'::int[], '[0:1]={1,2}'::int[]);
SELECT array_remove('[0:2]={1,2,3}'::int[], 2), array_remove('[0:1]={2,2}'::int[], 2), array_replace('[0:2]={1,2,3}'::int[], 2, 5), array_replace('[0:1][2:3]={{1,2},{3,2}}'::int[], 2, 0);
SELECT array_position('[0:2]={1,2,3}'::int[], 2), array_positions('[0:2]={1,2,2}'::int[], 2), array_position('[-5:-3]={1,2,3}'::int[], 3, -4);
SELECT array_dims('[-2:0]={1,2,3}'::int[]), array_length('[-2:0]={1,2,3}'::int[], 1), cardinality('[-2:0]={1,2,3}'::int[]), array_ndims('[-2:0]={1,2,3}'::int[]), array_lower('[-2:0]={1,2,3}'::int[], 1), array_upper('[-2:0]={1,2,3}'::int[], 1);
SELECT ('[0:2]={1,2,3}'::int[])[0], ('[0:2]={1,2,3}'::int[])[1:2], ('[0:2]={1,2,3}'::int[])[:1], ('[0:2]={1,2,3}'::int[])[1:];
SELECT unnest('[0:2]={1,2,3}'::int[]), generate_subscripts('[0:2]={1,2,3}'::int[], 1), generate_subscripts('[0:2]={1,2,3}'::int[], 1, true);
SELECT array_to_string('[0:2]={1,2,3}'::int[], ','), array_to_json('[0:2]={1,2,3}'::int[]), to_jsonb('[0:2]={1,2,3}'::int[]), to_json('[0:1][0:1]={{1,2},{3,4}}'::int[]);
SELECT '[0:2]={1,2,3}'::int[] = '{1,2,3}'::int[], '[0:2]={1,2,3}'::int[] < '{1,2,3}'::int[], '[0:2]={1,2,3}'::int[] > '{1,2,3}'::int[], '[0:1][1:2]={{1,2},{3,4}}'::int[] @> '{1}', '[0:2]={1,2,3}'::int[] && '{3}';
SELECT array_fill(7, array[2], array[0]), array_fill(7, array[2,2], array[-1,3]), array_fill('x'::text, array[1], array[5]);
SELECT array_fill(7, array[2], array[0, 1]);
SELECT trim_array('[0:3]={1,2,3,4}'::int[], 2);
SELECT '[0:2]={1,2,3}'::int[] || 4, 0 || '[0:2]={1,2,3}'::int[], '[0:2]={1,2,3}'::int[] || '[7:7]={9}'::int[];
SELECT array_agg(x) from unnest('[0:2]={1,2,3}'::int[]) x;
SELECT ('[0:1][0:1]={{1,2},{3,4}}'::int[])[0][1], array_dims(('[0:1][0:1]={{1,2},{3,4}}'::int[])[0:0][0:1]), ('[0:1][0:1]={{1,2},{3,4}}'::int[])[1:1];
SELECT array_dims(array['[0:1]={1,2}'::int[], '[0:1]={3,4}'::int[]]), array['[0:1]={1,2}'::int[], '[0:1]={3,4}'::int[]];
SELECT string_agg(x::text, ',' order by x) from unnest('[3:4]={7,8}'::int[]) x;
SELECT max(a), min(a) from (values ('[0:1]={1,2}'::int[]), ('{1,3}'::int[])) v(a);
SELECT a from (values ('[0:1]={1,2}'::int[]), ('{1,2}'::int[]), ('[2:3]={1,2}'::int[])) v(a) order by a;
SELECT distinct a from (values ('[0:1]={1,2}'::int[]), ('{1,2}'::int[])) v(a);
SELECT '[0:2]={1,2,3}'::int[]::text[], '[0:2]={1,2,3}'::int[]::bigint[], array_length(('[0:2]={a,b,c}'::text[])::varchar[], 1), ('[0:2]={a,b,c}'::text[])::varchar[];
SELECT width_bucket(5, '[0:2]={1,4,7}'::int[]);
SELECT array_to_string('[0:2]={1,NULL,3}'::int[], ',', '*'), array_position('[0:2]={1,NULL,3}'::int[], NULL);
SELECT '{1,2}'::xid[], '{3}'::xid[] = '{3}'::xid[], array['1'::xid, '2'::xid], pg_typeof('{1}'::xid[]);
SELECT (array['1'::xid, '5'::xid])[2], array_length('{1,2,3}'::xid[], 1), unnest('{7,8}'::xid[]);
SELECT array_agg(x::text::xid) from generate_series(1, 3) x;
SELECT '{1,2}'::xid[] @> '{1}'::xid[];
SELECT '5'::xid = any('{1,5}'::xid[]);
