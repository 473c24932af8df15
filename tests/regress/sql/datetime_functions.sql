-- justify_hours / justify_days / justify_interval, date_bin (bins before the origin too,
-- its stride errors), make_timestamp / make_timestamptz / make_time and their range errors.
set timezone = 'UTC';
select date_bin('1 hour', timestamp '2020-01-01 00:00', timestamp '2020-01-01 01:00'), date_bin('1 hour', timestamp '2020-01-01 00:30', timestamp '2020-01-01 01:00'), date_bin('15 minutes', timestamp '2020-02-11 15:44:17', timestamp '2001-01-01');
select date_bin('1 day', timestamptz '2020-02-11 15:44:17+00', timestamptz '2001-01-01 06:00+00'), date_bin('2 days 3 hours', timestamp '2020-02-11 15:44:17', timestamp '2001-01-01');
select date_bin('1 month', timestamp '2020-01-01', timestamp '2001-01-01');
select date_bin('0 seconds', timestamp '2020-01-01', timestamp '2001-01-01');
select date_bin('-1 hour', timestamp '2020-01-01', timestamp '2001-01-01');
select justify_hours(interval '27 hours'), justify_hours(interval '-27 hours'), justify_hours(interval '1 day -1 hour'), justify_hours(interval '-1 day 1 hour');
select justify_days(interval '35 days'), justify_days(interval '-35 days 1 hour'), justify_days(interval '1 mon -1 day'), justify_days(interval '-1 mon 1 day');
select justify_interval(interval '1 mon -1 hour'), justify_interval(interval '-1 mon 40 days -50 hours'), justify_interval(interval '1 year 400 days 100 hours'), justify_interval(interval '-1 day 23 hours');
select make_timestamp(2020, 1, 2, 3, 4, 5.5), make_timestamp(2020, 2, 29, 23, 59, 59.999999), make_timestamp(2020, 1, 2, 24, 0, 0);
select make_timestamp(2021, 2, 29, 0, 0, 0);
select make_timestamp(2020, 1, 2, 25, 0, 0);
select make_timestamptz(2020, 1, 2, 3, 4, 5.5, 'America/New_York'), make_timestamptz(2020, 7, 2, 3, 4, 5, 'Europe/Paris'), make_timestamptz(2020, 1, 2, 3, 4, 5);
select make_timestamptz(2020, 1, 2, 3, 4, 5, 'Nowhere/Else');
select make_time(1, 2, 3.25), make_time(23, 59, 59.5), make_time(0, 0, 0);
select make_time(1, 60, 0);
