-- date / time input: month names run together with numbers ('97FEB10'), and PostgreSQL
-- 15's reading of epoch / infinity among other fields (the last special word wins)
select '10FEB97'::date, 'FEB10 97'::date, '1997FEB10'::date, '10feb1997 10:00'::timestamp;
set datestyle to ymd;
select '97FEB10 5:32:01PM UTC'::timestamptz, '97FEB10'::date, '97feb10 04:05'::timestamp;
set datestyle to dmy;
select '10FEB97'::date, '10feb1997 10:00'::timestamp;
reset datestyle;
select '1997-feb-10'::date, 'j2451187'::date;
select 'feb10'::date;
select '1997FOO10'::date;
SELECT date '1995-08-06 epoch', date '1995-08-06 infinity', date '1995-08-06 -infinity', date 'today infinity';
SELECT timestamp '1995-08-06 epoch', timestamp 'epoch 01:01:01', timestamp 'infinity 01:01:01', timestamp '-infinity 01:01:01', timestamp 'now epoch';
SELECT timestamptz '1995-08-06 epoch', timestamptz 'epoch 01:01:01', timestamptz '-infinity 01:01:01';
select date 'epoch garbage';
select timestamp 'epoch 99:99:99';
select timestamp 'epoch now' = timestamp 'now';
