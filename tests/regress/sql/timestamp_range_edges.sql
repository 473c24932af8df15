-- The start of the timestamp range: the fields are checked from November 4714 BC on, the
-- value (UTC for timestamptz) from 4714-11-24 BC; years of six digits or more after a
-- date field and the time, and packed dates of more than eight digits.
SELECT '4714-11-23 16:00:00-08 BC'::timestamptz, 'Sun Nov 23 16:00:00 4714 PST BC'::timestamptz,
  '4714-11-23 23:59:00-00:01 BC'::timestamptz, '4714-11-24 00:00:00 BC'::timestamp;
SELECT '4714-11-22 23:00:00-08 BC'::timestamptz;
SELECT '4714-11-23 16:00:00+08 BC'::timestamptz;
SELECT '4714-10-30 00:00:00+00 BC'::timestamptz;
SELECT '4714-11-23 16:00:00 BC'::timestamp;
SELECT '4714-11-23 BC'::timestamp;
SELECT '4714-11-23 BC'::date;
SELECT 'Sat Mar 12 23:58:48 100000 IST'::timestamptz, '100000312 23:58:48 IST'::timestamptz,
  'Sat Mar 12 23:58:48 10000 IST'::timestamptz, '20010312 10:00'::timestamptz,
  '010312 10:00'::timestamptz, '2001-03-12 101112'::timestamptz;
