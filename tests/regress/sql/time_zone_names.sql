-- time / timetz input with a zone name: a zone with more than one offset needs a date (the
-- offset at that date and time), a fixed one does not; POSIX strings and offsets alike.
SELECT '15:36:39 America/New_York'::time;
SELECT '15:36:39 America/New_York'::timetz;
SELECT '15:36:39 EST5EDT4,M3.2.0/2,M11.1.0/2'::timetz;
SELECT '15:36:39 Asia/Tokyo'::timetz;
SELECT '15:36:39 Etc/GMT+5'::timetz, '15:36:39 UTC'::timetz, '15:36:39 FOO3'::timetz, '15:36:39 Etc/GMT-3'::time;
SELECT '2001-01-01 15:36:39 America/New_York'::time, '2001-07-01 15:36:39 America/New_York'::timetz,
  '2001-01-01 15:36:39 America/New_York'::timetz;
SELECT '2020-03-08 02:30:00 America/New_York'::timetz, '2020-11-01 01:30:00 America/New_York'::timetz;
SELECT '15:36:39 PST'::timetz, '15:36:39 -07'::timetz;
-- a word that starts with a date/time keyword is not a zone name
SELECT '15:36:39 m2'::timetz;
SELECT '2001-01-01 15:36:39 h5'::timestamptz;
