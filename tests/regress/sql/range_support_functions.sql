-- range types' subtype_diff and canonical functions called by name
SELECT int4range_subdiff(5, 2), int4range_subdiff(-2147483648, 2147483647), int8range_subdiff(2, 5), int8range_subdiff(9223372036854775807, -9223372036854775808),
       numrange_subdiff(1.5, 0.25), numrange_subdiff('Infinity', 1), numrange_subdiff('NaN', 1);
SELECT numrange_subdiff(1e400, 0);
SELECT daterange_subdiff('2020-03-01', '2020-02-01'), daterange_subdiff('infinity', '2020-01-01'), daterange_subdiff('-infinity', 'infinity');
SELECT tsrange_subdiff('2020-01-01 00:00:01.5', '2020-01-01'), tsrange_subdiff('infinity', '2020-01-01'), tsrange_subdiff('4714-11-24 00:00:00 BC', '294276-12-31 23:59:59.999999');
SET timezone = 'Asia/Kolkata';
SELECT tstzrange_subdiff('2020-01-02', '2020-01-01 12:00+00'), tstzrange_subdiff('-infinity', '2020-06-01 10:00+02');
RESET timezone;
SELECT int4range_canonical('[1,2]'::int4range), int4range_canonical('empty'), int8range_canonical('(1,)'), daterange_canonical('(2020-01-01,2020-01-05]'), daterange_canonical('(,infinity]');
-- an infinite date bound keeps its inclusivity (daterange_canonical leaves it alone)
SELECT '(,infinity]'::daterange, '[-infinity,2020-01-01]'::daterange, '[infinity,infinity]'::daterange, daterange('2020-01-01', 'infinity', '[]'), '(-infinity,2020-01-01)'::daterange, '(-infinity,infinity]'::daterange;
SELECT '(-infinity,infinity)'::daterange @> 'infinity'::date, '(2020-01-01,infinity]'::daterange @> 'infinity'::date, daterange('2020-01-01', 'infinity', '[]') -|- daterange('infinity', NULL, '(]');
SELECT datemultirange('[2020-01-01,infinity]'::daterange, '(-infinity,2019-01-01]');
