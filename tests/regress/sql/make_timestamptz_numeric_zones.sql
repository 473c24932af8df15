-- make_timestamptz's numeric time zones: +hh, +hh:mm[:ss], +hhmm east of UTC, 15 hours
-- at most, a sign required; names and abbreviations as before.
SET TimeZone TO 'UTC';
SELECT make_timestamptz(1973, 07, 15, 08, 15, 55.33, '2');
SELECT make_timestamptz(2014, 12, 10, 10, 10, 10, '+16');
SELECT make_timestamptz(2014, 12, 10, 10, 10, 10, '-16');
SELECT make_timestamptz(2014, 12, 10, 10, 10, 10, '+15'), make_timestamptz(2014, 12, 10, 10, 10, 10, '-2:30'), make_timestamptz(2014, 12, 10, 10, 10, 10, '+0530');
SELECT make_timestamptz(1973, 07, 15, 08, 15, 55.33, '+2'), make_timestamptz(1973, 07, 15, 08, 15, 55.33, 'Europe/Moscow'), make_timestamptz(1973, 07, 15, 08, 15, 55.33, 'EST');
RESET TimeZone;
SET TimeZone TO 'UTC';
SELECT make_timestamptz(2014, 12, 10, 10, 10, 10, '+10:60');
SELECT make_timestamptz(2014, 12, 10, 10, 10, 10, '-023000'), make_timestamptz(2014, 12, 10, 10, 10, 10, '+1:2:3');
RESET TimeZone;
