-- Time zone abbreviations whose meaning changed over the years (MSK was UTC+3, +4,
-- then +3 again; the Default set names a zone for them): input, AT TIME ZONE in both
-- directions and make_timestamptz take the offset in use at that date; wall-clock
-- times in a repeated hour take the later offset, in a skipped one the earlier.
SET TimeZone TO 'UTC';
SELECT '2011-03-26 23:59:59 MSK'::timestamptz, '2011-03-27 02:00:00 MSK'::timestamptz,
       '2011-03-27 02:59:59 MSK'::timestamptz, '2011-03-27 03:00:01 MSK'::timestamptz;
SELECT '2014-10-26 00:00:00 MSK'::timestamptz, '2014-10-26 00:59:59 MSK'::timestamptz,
       '2014-10-26 01:00:00 MSK'::timestamptz, '2014-10-26 02:00:00 MSK'::timestamptz;
SELECT '2000-01-01 12:00 MSK'::timestamptz, '2000-07-01 12:00 MSK'::timestamptz,
       '1900-01-01 00:00 MSK'::timestamptz, '2030-06-01 00:00 msk'::timestamptz;
SELECT '2014-10-26 01:00:00 Europe/Moscow'::timestamptz,
       '2014-10-26 01:00:01 Europe/Moscow'::timestamptz,
       '2011-03-27 02:30:00 Europe/Moscow'::timestamptz;
SELECT '2011-03-27 02:00:00'::timestamp AT TIME ZONE 'MSK',
       '2011-03-27 03:00:01'::timestamp AT TIME ZONE 'MSK',
       '2014-10-26 00:59:59'::timestamp AT TIME ZONE 'MSK';
SELECT '2011-03-26 23:00:00 UTC'::timestamptz AT TIME ZONE 'MSK',
       '2011-03-26 23:59:59 UTC'::timestamptz AT TIME ZONE 'MSK',
       '2014-10-25 21:00:00 UTC'::timestamptz AT TIME ZONE 'MSK',
       '2014-10-25 22:00:00 UTC'::timestamptz AT TIME ZONE 'MSK';
SELECT make_timestamptz(2014, 10, 26, 0, 0, 0, 'MSK'),
       make_timestamptz(2010, 1, 1, 0, 0, 0, 'msk');
SELECT '2005-06-01 10:00 VET'::timestamptz, '2010-06-01 10:00 VET'::timestamptz,
       '2017-06-01 10:00 VET'::timestamptz;
SELECT '2010-01-01 10:00 YEKT'::timestamptz, '2012-01-01 10:00 YEKT'::timestamptz;
SELECT '2008-03-30 02:30 CET'::timestamptz, '2008-10-26 02:30 CEST'::timestamptz;
SET TimeZone TO 'Europe/Berlin';
SELECT '2008-10-26 02:30'::timestamptz, '2008-03-30 02:30'::timestamptz;
SELECT '2014-10-26 01:30 MSK'::timestamptz;
RESET TimeZone;
