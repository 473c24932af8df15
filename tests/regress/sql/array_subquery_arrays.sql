-- ARRAY(SELECT array column): the arrays stacked along a new first dimension, and the
-- errors array_agg(anyarray) gives (NULL, empty, unlike dimensions).
select array(select array[i, i+1] from generate_series(1,3) i);
select array(select array[i, i+1] from generate_series(1,0) i);
select array(select '{1,2}'::int[] union all select null);
select array(select '{1,2}'::int[] union all select '{}');
select array(select '{1,2}'::int[] union all select '{1,2,3}');
select array(select '{1,2}'::int[] union all select '{{1,2}}');
select array(select array['a','b'] union all select array['c', 'd']);
select pg_typeof(array(select array[1.5]));
select array(select array[array[i]] from generate_series(1,2) i);
select i, array(select array[i, j] from generate_series(1, i) j) from generate_series(1, 3) i;
explain (costs off) select array(select array[i, i+1] from generate_series(1,3) i);
select array_agg(a) from (values ('{1,2}'::int[]), ('{}')) v(a);
select array_agg(a) from (values ('{}'::int[]), ('{1}')) v(a);
