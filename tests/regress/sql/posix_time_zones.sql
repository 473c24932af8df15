-- POSIX time zone strings (std offset [dst [offset] [,start[/time],end[/time]]]) in
-- SET TIME ZONE, AT TIME ZONE and timestamp input: rules, their defaults, names, errors.
SET DateStyle = 'Postgres, MDY';
SET TIME ZONE 'EST5EDT4,M3.2.0/2,M11.1.0/2';
SHOW TIME ZONE;
SELECT t::timestamptz FROM unnest(ARRAY['1900-07-01 12:00+00', '2006-03-20 12:00+00',
  '2020-01-01 12:00+00', '2020-07-01 12:00+00', '2500-01-01 12:00+00']) t;
-- a skipped hour takes the offset before the change; a repeated one the offset after it
SELECT t::timestamptz FROM unnest(ARRAY['2020-03-08 01:59:59', '2020-03-08 02:00:00',
  '2020-03-08 02:30:00', '2020-03-08 03:00:00', '2020-11-01 00:59:59',
  '2020-11-01 01:00:00', '2020-11-01 01:30:00', '2020-11-01 02:00:00']) t;
SELECT t::timestamptz FROM unnest(ARRAY['2020-11-01 05:59:59+00',
  '2020-11-01 06:00:00+00']) t;
-- no rules: the default ones; the DST offset defaults to one hour ahead; names upper-cased
SET TIME ZONE 'foo3bar';
SHOW TIME ZONE;
SELECT '2020-07-01 12:00+00'::timestamptz, '2020-01-01 12:00+00'::timestamptz;
SET TIME ZONE 'FOO-3';
SELECT '2020-07-01 12:00+00'::timestamptz;
SET TIME ZONE 'FO-3';
SELECT '2020-07-01 12:00+00'::timestamptz;
SET TIME ZONE '+03:30';
SELECT '2020-07-01 12:00+00'::timestamptz;
SET TIME ZONE '<+0330>-3:30';
SELECT '2020-07-01 12:00+00'::timestamptz;
SET TIME ZONE 'FOO-3BAR-5';
SELECT '2020-07-01 12:00+00'::timestamptz, '2020-01-01 12:00+00'::timestamptz;
-- Julian-day rules, southern-hemisphere order, DST that covers a whole year
SET TIME ZONE '<+03>-3<+04>,J60/1,300/-1:30';
SELECT t::timestamptz FROM unnest(ARRAY['1900-07-01 12:00+00', '2020-01-01 12:00+00',
  '2020-07-01 12:00+00', '2021-02-28 21:59+00', '2021-02-28 22:00+00']) t;
SET TIME ZONE 'FOO-3BAR,M10.1.0,M4.1.0/3';
SELECT t::timestamptz FROM unnest(ARRAY['2020-01-01 12:00+00', '2020-07-01 12:00+00']) t;
SET TIME ZONE 'FOO-3BAR,0,365/25';
SELECT '2020-07-01 12:00+00'::timestamptz, '2020-12-31 23:00+00'::timestamptz,
  '2021-07-01 12:00+00'::timestamptz;
SET TIME ZONE 'FOO-3BAR,0/-25,365/167';
SELECT '2020-07-01 12:00+00'::timestamptz, '2020-12-31 23:00+00'::timestamptz;
-- refused strings
SET TIME ZONE 'FOO-3BAR,M3.2.0,M13.1.0';
SET TIME ZONE 'FOO-3BAR,M3.2.0';
SET TIME ZONE 'FOO-3BAR,J0,J5';
SET TIME ZONE 'FOO-3:60';
SET TIME ZONE 'FOO-3:00:';
SET TIME ZONE 'FOO3BAR;M3.2.0,M11.1.0';
SET TIME ZONE 'FOO-3:00:01';
SET TIME ZONE 'UTC';
-- AT TIME ZONE and zone names in input
SELECT '2020-07-01 12:00+00'::timestamptz AT TIME ZONE 'EST5EDT4,M3.2.0/2,M11.1.0/2',
  '2020-07-01 12:00'::timestamp AT TIME ZONE 'FOO-3BAR',
  '2020-07-01 12:00+00'::timestamptz AT TIME ZONE 'FOO-3:00:01',
  '2020-07-01 12:00+00'::timestamptz AT TIME ZONE 'FOO 3';
SELECT '2020-07-01 12:00+00'::timestamptz AT TIME ZONE 'FOO-3:60';
SELECT '2020-07-01 12:00 FOO3BAR'::timestamptz, '2020-07-01 12:00 FOO3'::timestamptz,
  '2020-07-01 foo3 12:00'::timestamptz, '2020-07-01 12:00 utc3'::timestamptz,
  '2020-07-01 12:00 foo3'::timestamp;
SELECT '2020-07-01 12:00 FOO3BAR3X3'::timestamptz;
SELECT '12:00 foo3 2020-07-01'::timestamptz;
SET TIME ZONE 'utc+3';
SHOW TIME ZONE;
SET TIME ZONE 'est5edt';
SHOW TIME ZONE;
SELECT to_char('2020-07-01 12:00+00'::timestamptz AT TIME ZONE 'FOO-3BAR', 'HH24:MI');
SET TIME ZONE 'FOO-3BAR';
SELECT to_char('2020-07-01 12:00+00'::timestamptz, 'HH24:MI TZ OF');
RESET TIME ZONE;
RESET DateStyle;
