-- extract / date_part of infinite dates and timestamps (NonFiniteTimestampTzPart): the
-- fields that grow with time (year, decade, century, millennium, julian, isoyear, epoch)
-- are +/-Infinity, the others NULL, and a unit the type does not take is still refused.
-- generate_series over timestamp / timestamptz by an interval, up to infinity too.
SELECT extract(epoch from timestamp 'infinity'), extract(year from date '-infinity'), date_part('day', timestamp 'infinity');
SELECT extract(julian from date 'infinity'), extract(dow from timestamp 'infinity');
SELECT extract(hour from timestamptz '-infinity'), extract(month from date 'infinity'), extract(century from timestamptz 'infinity'), date_part('isoyear', date '-infinity'), date_part('week', date 'infinity');
SELECT extract(decade from timestamp '-infinity'), extract(millennium from timestamp 'infinity'), extract(microseconds from timestamp 'infinity'), date_part('epoch', date '-infinity');
SELECT extract(hour from date 'infinity');
SELECT extract(nope from timestamp 'infinity');
SELECT date 'infinity' > date '2020-01-01', timestamp '-infinity' < timestamp '2000-01-01', date 'infinity' - 1, timestamp 'infinity' + interval '1 day', isfinite(date '-infinity'), date_trunc('day', timestamp 'infinity');
SELECT generate_series(timestamp '2020-01-01', timestamp '2021-01-01', interval '6 months');
SELECT generate_series(timestamptz '2020-01-01', 'infinity', interval '1 year') LIMIT 2;
SELECT * FROM generate_series(timestamp '2020-01-31', '2020-05-01', '1 month') g;
SELECT * FROM generate_series(timestamp '2020-01-03', '2020-01-01', '-1 day') g;
SELECT * FROM generate_series(timestamp '2020-01-03', '2020-01-01', '1 day') g;
SELECT * FROM generate_series(timestamptz '2020-01-01 00:00+00', '2020-01-01 03:00+00', '90 minutes') g;
SELECT * FROM generate_series(timestamp '2020-01-01', '2020-01-02', '0 days') g;
SELECT count(*) FROM generate_series('2020-01-01'::date, '2020-12-31'::date, '1 week');
EXPLAIN (COSTS OFF) SELECT * FROM generate_series(timestamp '2020-01-01', '2020-01-02', '1 hour') g;
