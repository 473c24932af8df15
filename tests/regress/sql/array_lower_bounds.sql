-- Arrays whose lower bounds are not 1: '[lo:hi]={...}' input and output, the malformed
-- literal details and 2202E, array_lower / array_upper / array_dims / array_length,
-- subscripts and slices in the array's own subscripts, comparison (bounds count after
-- elements and dimensions), casts, append / prepend, storage in a table.
DROP TABLE IF EXISTS regress_arr_lb;
SELECT '[0:2]={1,2,3}'::int[];
SELECT '[1:3]={1,2,3}'::int[];
SELECT '[-1:0][2:3]={{1,2},{3,4}}'::int[];
SELECT '[3]={1,2,3}'::int[];
SELECT '  [0:2] = {1,2,3}'::int[];
SELECT '[0:1]={1,2,3}'::int[];
SELECT '[2:1]={}'::int[];
SELECT '[0:2]'::int[];
SELECT '[0:2]{1,2,3}'::int[];
SELECT '[0:2={1,2,3}'::int[];
SELECT '[a:2]={1,2,3}'::int[];
SELECT '[0:2]=1'::int[];
SELECT '[0:0]={}'::int[];
SELECT '[1:0]={}'::int[];
SELECT array_lower('[0:2]={1,2,3}'::int[], 1), array_upper('[0:2]={1,2,3}'::int[], 1), array_dims('[0:2]={1,2,3}'::int[]), array_length('[0:2]={1,2,3}'::int[], 1);
SELECT array_lower('[-1:0][2:3]={{1,2},{3,4}}'::int[], 2), array_upper('[-1:0][2:3]={{1,2},{3,4}}'::int[], 2), array_dims('[-1:0][2:3]={{1,2},{3,4}}'::int[]);
SELECT array_lower('{1,2}'::int[], 1), array_upper('{{1,2}}'::int[], 2), array_lower('{}'::int[], 1), array_upper('[0:1]={1,2}'::int[], 3);
SELECT ('[0:2]={1,2,3}'::int[])[0], ('[0:2]={1,2,3}'::int[])[2], ('[0:2]={1,2,3}'::int[])[3];
SELECT ('[-1:0][2:3]={{1,2},{3,4}}'::int[])[-1][3], ('[-1:0][2:3]={{1,2},{3,4}}'::int[])[0][2];
SELECT ('[0:2]={1,2,3}'::int[])[0:1], ('[0:2]={1,2,3}'::int[])[:1], ('[0:2]={1,2,3}'::int[])[1:];
SELECT '[0:2]={1,2,3}'::int[] = '{1,2,3}'::int[], '[0:2]={1,2,3}'::int[] < '{1,2,3}'::int[], '[0:2]={1,2,3}'::int[] = '[0:2]={1,2,3}'::int[];
SELECT '[0:2]={a,b,c}'::text[], '[0:2]={1,2,3}'::int[]::text[];
SELECT array_length('[5:7]={1,2,3}'::int[], 1), cardinality('[5:7]={1,2,3}'::int[]), unnest('[5:7]={1,2,3}'::int[]);
SELECT array_append('[0:2]={1,2,3}'::int[], 4), array_prepend(0, '[0:2]={1,2,3}'::int[]), '[0:1]={1,2}'::int[] || 3;
SELECT * FROM unnest('[0:1]={7,8}'::int[]) WITH ORDINALITY;
SELECT array_to_string('[0:1]={1,2}'::int[], ','), array_position('[5:7]={a,b,c}'::text[], 'b'), array_positions('[0:2]={a,b,b}'::text[], 'b');
CREATE TABLE regress_arr_lb (a int[], t text[]);
INSERT INTO regress_arr_lb VALUES ('[0:2]={1,2,3}', '[-2:-1]={x,y}'), ('{4}', '{z}'), ('[2:3][5:5]={{1},{2}}', NULL);
SELECT a, t, array_dims(a), a[0], a[2], t[-2] FROM regress_arr_lb ORDER BY a;
SELECT a FROM regress_arr_lb WHERE a = '[0:2]={1,2,3}';
SELECT a FROM regress_arr_lb WHERE a = '{1,2,3}';
DROP TABLE regress_arr_lb;
