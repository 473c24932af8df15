-- interval input in every form: units and abbreviations, fractions carried down, 'ago'
-- anywhere, '@', unit words without a number, bare numbers before and after a time
select interval '@ 1 day ago', interval '1 day ago 2 hours', interval '1 mon ago ago';
select interval '1 days hour', interval '1d2h', interval '1 y2', interval '1, 2 hours';
select interval '1.5 months', interval '0.5 weeks', interval '1.1 years', interval '1.5 decades';
select interval '1 millisecondsxx', interval '2 mils', interval '3 c', interval '2 decs', interval '7 usecs';
select interval '1 2:03:04.5', interval '3 4:05', interval '1:2:3.', interval '.5', interval '1.';
select interval '-1 +2:03:04', interval '+1-2', interval '-1-2 -3', interval '1-2 3 4:05:06';
select interval '1 day 1.5 hours', interval '1.5 seconds 3 days', interval '10:20:30.123456789';
-- ISO 8601: designators, fractions, negative fields, the alternative forms
select interval 'P1Y2M3DT4H5M6.7S', interval 'P-1Y-2M', interval 'PT1H', interval 'P1W', interval 'P1.5W';
select interval 'P0001-02-03T04:05:06', interval 'P00021015T103020', interval 'P0002-10', interval 'P0002';
select interval 'P1.Y0M3DT4H5M6S', interval 'P.1Y0M3DT4H5M6S', interval 'P10.5e4Y', interval 'P-.5D';
select interval 'PT10:20', interval 'P1-2T3', interval 'P1-2-3', interval 'P1e2D', interval 'PT1e1H';
select interval 'PT2562047788:00:54.775807', interval 'PT-2562047788.0152155022222';
-- refusals: 22007 syntax, 22015 a field out of range, 22008 out of range only combined
select interval '1 day 1 day';
select interval '1 second 2 seconds';
select interval '1:20:05 5 microseconds';
select interval '123 11';
select interval '1 ago';
select interval 'hours';
select interval 'infinity';
select interval 'p1y';
select interval 'P1Y ';
select interval '1day2hours';
select interval '1 qtr';
select interval '1 timezone';
select interval '1:2:3:4';
select interval '00:60';
select interval 'P2147483648';
select interval 'PT2562047789';
select interval 'P1-2147483647-2147483647';
select interval '2147483647 weeks';
select interval '0.1 millennium 2147483647 months';
select interval '9223372036854775807 microseconds 0.1 days';
select interval '2562047788.1:0:54.775807';
select interval '-2147483648 days ago';
select interval '-2147483648 years';
select interval 'P2147483647D1W';
select interval '1 day -2147483648 days';
-- field qualifiers: the unit of a bare number, fields dropped, seconds rounded
select interval '1' year, interval '1' month, interval '1' day, interval '1' hour, interval '1' minute, interval '1' second;
select interval '1 2' day to hour, interval '1 2' hour to minute;
select interval '1 2' day to minute;
select interval '1 2.345' day to second(2);
select interval '1 2:03.4567' day to second(2), interval '1 2:03.45678' hour to second(2);
select interval '12:34' minute to second, interval '3 4:05:06.789' day to minute, interval '3 4:05:06' year to month;
select interval '2562047788:00:54.775807' second(2), interval '-2562047788:00:54.775807' second(3);
select interval '1.23456789 seconds'::interval(2), '1 second'::interval(0);
-- IntervalStyle output of the same values
create temporary table regress_interval_styles (i interval);
insert into regress_interval_styles values ('1 year 2 months 3 days 04:05:06.7'), ('-1 year -2 months'), ('-3 days 4 hours'), ('0'), ('-00:00:01.5'), ('1 mon -1 day'), ('P1Y-2M3DT-4H');
set intervalstyle = postgres_verbose;
select i from regress_interval_styles;
set intervalstyle = sql_standard;
select i from regress_interval_styles;
select interval '-1 2:03:04', interval '-1 +2:03:04', interval '-1-2 3 4:05:06', interval '- 1 day', interval '-1 day 2 hours';
set intervalstyle = iso_8601;
select i from regress_interval_styles;
reset intervalstyle;
drop table regress_interval_styles;
-- justify_*: carries in PostgreSQL's order and their overflow
select justify_interval('1 month -30 days 1440 hrs'), justify_interval('-1 month 30 days -1440 hrs'), justify_interval('1 mon -1 day 25 hours');
select justify_interval('1 month 2147483647 days 48 hrs'), justify_interval('-1 month 2147483647 days 48 hrs');
select justify_interval('2147483647 months -30 days 1440 hrs');
select justify_hours('2147483647 days 24 hrs');
select justify_days('2147483647 months 30 days');
select justify_hours('-1 day 30 hours'), justify_days('-1 mon 40 days'), justify_days('1 mon -40 days');
-- extract / date_trunc units on intervals
select extract(quarter from interval '-5 months'), extract('microsecon' from interval '1.5 s'), extract(mils from interval '3000 years'), extract(epoch from interval '1 mon');
select extract(week from interval '2 days');
select extract(timezone from interval '2 days');
select extract(fortnight from interval '2 days');
select date_trunc('quarter', interval '1 year 5 months 3 days 4:05:06.789'), date_trunc('ms', interval '-1 year -5 months 3 days 4:05:06.789'), date_trunc('millennium', interval '2500 years'), date_trunc('decade', interval '-25 years'), date_trunc('hour', interval '-3 days -04:05:06');
select date_trunc('week', interval '1 day');
select date_trunc('foo', interval '1 day');
-- interval_hash: equal spans hash alike; make_interval with huge seconds
select interval_hash('30 days'::interval) = interval_hash('1 month'::interval), interval_hash('1 day'), interval_hash_extended('1 day', 7);
select make_interval(secs := 1e308), make_interval(secs := -1e18), make_interval(years := -1, months := -2147483648);
select pg_typeof(-2147483648), pg_typeof(-2147483649), pg_typeof(2147483648);
