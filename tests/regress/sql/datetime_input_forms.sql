-- date / timestamp input forms: packed YYMMDD and HHMMSS, year.day-of-year, Julian
-- days, bare numbers in DateStyle order, textual months around numbers, times with a
-- glued AM/PM, POSIX-style 'ABBR+N' offsets, unknown zone names
SELECT date '040315', date '2023.060', date '2024.366', date 'J2460000', date 'j0';
SELECT date '2023.366';
SELECT timestamp '20240229 235959', timestamp '240229 120000', timestamp 'Mar 3 7:05PM 2021';
SELECT timestamp '2021-03-03 11:59am', timestamp '2021-03-03 12:01AM';
SET datestyle = 'ISO, MDY';
SELECT date '03 04 05', date '2005 03 04', date 'Mar-04-05', date '04-Mar-05',
       date '04 Mar 2005', date 'March 4, 05', date '05-Mar-2004';
SELECT date '13 04 05';
SET datestyle = 'ISO, DMY';
SELECT date '03 04 05', date '2005 03 04', date 'Mar-04-05', date '04-Mar-05',
       date '04 Mar 2005', date 'March 4, 05';
SET datestyle = 'ISO, YMD';
SELECT date '03 04 05', date '2005 03 04', date '05-Mar-04', date 'Mar 04 2005',
       date '2005 Mar 04', date '04 Mar 2005';
SELECT date '04 Mar 99';
SELECT date 'March 4, 05 BC';
RESET datestyle;
SELECT date 'March 4, 05 BC', date '05 BC 03 04';
SET timezone = 'UTC';
SELECT timestamptz '2022-06-01 10:00 GMT+3', timestamptz '2022-06-01 10:00 PST+8',
       timestamptz '2022-06-01 10:00 MST+7:00', timestamptz '2022-06-01 10:00 UTC-2',
       timestamp '2022-06-01 10:00 GMT+3';
SELECT timestamptz '2022-06-01 10:00 Europe/Nowhere';
RESET timezone;
SELECT i, to_char(i * interval '1 mon', 'RM'), to_char(i * interval '1 mon', 'rm')
  FROM generate_series(-14, 14, 3) i;
