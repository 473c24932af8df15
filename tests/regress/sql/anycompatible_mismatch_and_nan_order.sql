-- Arguments of the anycompatible family with no common type make the function not a
-- candidate (42883, not 42804); NaN sorts above every other float / numeric in array
-- comparisons and width_bucket's thresholds.
SELECT width_bucket('5'::text, ARRAY[3, 4]::integer[]);
SELECT array_append(ARRAY[1], 'x'::text);
SELECT array_cat(ARRAY[1], ARRAY[2.5]), array_append(ARRAY[1], 2.5);
SELECT op, width_bucket(op, ARRAY[1, 3, 9, 'NaN', 'NaN']::float8[]) AS wb
  FROM (VALUES (-5.2::float8), (4::float8), (77::float8), ('NaN'::float8)) v(op);
SELECT width_bucket(5::numeric, ARRAY[1, 'NaN']::numeric[]),
       width_bucket('NaN'::numeric, ARRAY[1, 'NaN']::numeric[]);
SELECT ARRAY['NaN'::float8, 1] > ARRAY[1::float8, 2], ARRAY['NaN'::float8] = ARRAY['NaN'::float8],
       ARRAY[1::numeric] < ARRAY['NaN'::numeric], ARRAY['NaN'::numeric] = ARRAY['NaN'::numeric];
