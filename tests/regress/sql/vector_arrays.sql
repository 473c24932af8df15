-- int2vector[] and oidvector[]: input, output, subscripts, unnest, storage.
SELECT '{"1 2","3 4"}'::int2vector[], '{1 2}'::oidvector[], pg_typeof('{}'::int2vector[]);
SELECT array_length('{"1 2","3 4"}'::int2vector[], 1), ('{"1 2","3 4"}'::int2vector[])[2], unnest('{"1 2","3 4"}'::oidvector[]);
SELECT array_agg(indkey order by indexrelid) is not null from pg_index where indrelid = 'pg_class'::regclass;
SELECT array[indkey] = array[indkey] from pg_index where indrelid = 'pg_class'::regclass order by indexrelid limit 1;
DROP TABLE IF EXISTS regress_vec;
CREATE TABLE regress_vec (v int2vector[], o oidvector[]);
INSERT into regress_vec values ('{"1 2","3"}', '{"26 27"}');
SELECT * from regress_vec;
SELECT v[1], o[1] from regress_vec;
DROP table regress_vec;
SELECT '{"1 x"}'::int2vector[];
