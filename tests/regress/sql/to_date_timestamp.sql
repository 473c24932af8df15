-- to_date and to_timestamp: reading dates and times by datetime templates (numeric fields
-- of fixed or free width, names, 12-hour clock, DDD, J, ISO weeks, fractions, TZH / TZM,
-- FX) and their errors (22007 invalid values and 12-hour hours, 22008 dates that do not
-- exist, TZ only for to_char).
set timezone = 'UTC';
select to_date('2020-03-04','YYYY-MM-DD'), to_date('20200304','YYYYMMDD'), to_date('2020-3-4','YYYY-MM-DD');
select to_date('4 Mar 2020','DD Mon YYYY'), to_date('March 4, 2020','Month DD, YYYY'), to_date('2020/03/04','YYYY-MM-DD');
select to_date('2020-13-04','YYYY-MM-DD');
select to_date('2020-02-30','YYYY-MM-DD');
select to_date('x020-03-04','YYYY-MM-DD');
select to_date('2020-xx-04','YYYY-MM-DD');
select to_date('  2020-03-04','YYYY-MM-DD'), to_date('20-03-04','YY-MM-DD'), to_date('70-03-04','YY-MM-DD');
select to_date('2020 064','YYYY DDD'), to_date('2459000','J'), to_date('2020-03-04 extra','YYYY-MM-DD'), to_date('2020-03','YYYY-MM-DD');
select to_date('MAR 4 2020','MON DD YYYY'), to_date('2020-03-04','YYYY-MM-DD HH24'), to_date('2020-W10-3','IYYY-"W"IW-ID');
select to_date('Foo 4 2020','Mon DD YYYY');
select to_timestamp('2020-03-04 05:06:07','YYYY-MM-DD HH24:MI:SS'), to_timestamp('2020-03-04 05:06:07.123','YYYY-MM-DD HH24:MI:SS.MS');
select to_timestamp('2020-03-04 05:06:07 PM','YYYY-MM-DD HH:MI:SS AM'), to_timestamp('2020-03-04 12:06:07 am','YYYY-MM-DD HH12:MI:SS am');
select to_timestamp('2020-03-04 13:06','YYYY-MM-DD HH12:MI');
select to_timestamp('2020-03-04 05:06:07.123456','YYYY-MM-DD HH24:MI:SS.US'), to_timestamp('2020-03-04 05:06:07.12','YYYY-MM-DD HH24:MI:SS.FF2');
select to_timestamp('2020-03-04 05:06 +05:30','YYYY-MM-DD HH24:MI TZH:TZM'), to_timestamp('2020-03-04 05:06 -03','YYYY-MM-DD HH24:MI TZH');
select to_timestamp('2020-03-04 05:06 UTC','YYYY-MM-DD HH24:MI TZ');
select to_timestamp('Wednesday, March 4th 2020','Day, Month DDth YYYY');
select to_timestamp('2020-03-04T05:06:07','YYYY-MM-DD"T"HH24:MI:SS');
set timezone = 'America/New_York';
select to_timestamp('2020-07-04 12:00','YYYY-MM-DD HH24:MI');
reset timezone;
select to_date('2020-03-04', 'FXYYYY-MM-DD'), to_date('2020--03-04', 'YYYY--MM-DD');
select to_date('5-3-2020', 'DD-MM-YYYY'), to_date('05032020', 'DDMMYYYY'), to_date('3/5/20', 'MM/DD/YY');
