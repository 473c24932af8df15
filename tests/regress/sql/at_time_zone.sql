-- timestamp / timestamptz AT TIME ZONE (and the timezone() functions behind it): zone
-- names, abbreviations, POSIX offsets (a bare number is hours west), interval offsets,
-- infinities, daylight-saving gaps and repeats, and the errors.
SET TimeZone = 'UTC';
SELECT timestamptz '2024-01-03 12:00+00' AT TIME ZONE 'America/New_York',
       timestamptz '2024-07-03 12:00+00' AT TIME ZONE 'America/New_York',
       timestamptz '2024-01-03 12:00+00' AT TIME ZONE 'EST',
       timestamptz '2024-01-03 12:00+00' AT TIME ZONE '5',
       timestamptz '2024-01-03 12:00+00' AT TIME ZONE 'UTC+3',
       timestamptz '2024-01-03 12:00+00' AT TIME ZONE '+03:30',
       timestamptz '2024-01-03 12:00+00' AT TIME ZONE 'utc';
SELECT timestamp '2024-07-03 12:00' AT TIME ZONE 'Europe/Berlin',
       timestamp '2024-03-31 02:30' AT TIME ZONE 'Europe/Berlin',
       timestamp '2024-10-27 02:30' AT TIME ZONE 'Europe/Berlin',
       timestamp '2024-01-03 12:00' AT TIME ZONE 'PST';
SELECT timestamptz '2024-01-03 12:00+00' AT TIME ZONE interval '1:30',
       timestamp '2024-01-03 12:00' AT TIME ZONE interval '-02:00',
       timezone('Asia/Tokyo', timestamptz '2024-01-03 20:00+00'),
       timezone(interval '3 hours', timestamp '2024-01-03 12:00');
SELECT timestamptz 'infinity' AT TIME ZONE 'UTC', timestamp '-infinity' AT TIME ZONE 'UTC';
SELECT pg_typeof(timestamptz '2024-01-03' AT TIME ZONE 'UTC'),
       pg_typeof(timestamp '2024-01-03' AT TIME ZONE 'UTC');
-- what Django sends for a __date lookup on a timestamptz column
CREATE TABLE atz (id int, published timestamptz);
INSERT INTO atz VALUES (1, '2024-01-02 23:30+00'), (2, '2024-01-03 00:30+00');
SELECT id FROM atz WHERE (published AT TIME ZONE 'UTC')::date = '2024-01-03' ORDER BY id;
SELECT id FROM atz WHERE (published AT TIME ZONE 'Europe/Berlin')::date = '2024-01-03' ORDER BY id;
SELECT id, EXTRACT(hour FROM published AT TIME ZONE 'Asia/Kolkata') FROM atz ORDER BY id;
DROP TABLE atz;
SELECT timestamptz '2024-01-03' AT TIME ZONE 'Nowhere/Special';
SELECT timestamp '2024-01-03' AT TIME ZONE 'nowhere';
SELECT timestamptz '2024-01-03' AT TIME ZONE interval '1 day';
SELECT timestamp '2024-01-03' AT TIME ZONE interval '1 month';
RESET TimeZone;
