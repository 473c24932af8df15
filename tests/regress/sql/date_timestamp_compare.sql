-- date compared with timestamp / timestamptz: a date past the timestamp range is larger
-- than every finite timestamp, smaller than infinity (date_cmp_timestamp's overflow rule).
SELECT '2202020-10-05'::date > '2020-10-05'::timestamp as t, '2020-10-05'::timestamp > '2202020-10-05'::date as f,
  '2202020-10-05'::date > '2020-10-05'::timestamptz as t, '2020-10-05'::timestamptz > '2202020-10-05'::date as f;
SELECT '2202020-10-05'::date < 'infinity'::timestamp, '2202020-10-05'::date = '2202020-10-05'::date,
  'infinity'::date = 'infinity'::timestamp, '-infinity'::date < '4714-11-24 BC'::timestamptz,
  '2020-10-05'::date = '2020-10-05 00:00'::timestamp, '2020-10-05'::date < '2020-10-05 00:01'::timestamptz,
  '2020-10-05 00:00'::timestamp = '2020-10-05 00:00+00'::timestamptz;
SELECT d, d < '294276-12-31'::timestamp FROM (VALUES ('294276-12-31'::date), ('294277-01-01'), ('infinity')) v(d);
