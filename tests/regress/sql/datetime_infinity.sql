-- extract / date_part of infinite dates and timestamps (NonFiniteTimestampTzPart): the
-- fields that grow with time (year, decade, century, millennium, julian, isoyear, epoch)
-- are +/-Infinity, the others NULL, and a unit the type does not take is still refused.
SELECT extract(epoch from timestamp 'infinity'), extract(year from date '-infinity'), date_part('day', timestamp 'infinity');
SELECT extract(julian from date 'infinity'), extract(dow from timestamp 'infinity');
SELECT extract(hour from timestamptz '-infinity'), extract(month from date 'infinity'), extract(century from timestamptz 'infinity'), date_part('isoyear', date '-infinity'), date_part('week', date 'infinity');
SELECT extract(decade from timestamp '-infinity'), extract(millennium from timestamp 'infinity'), extract(microseconds from timestamp 'infinity'), date_part('epoch', date '-infinity');
SELECT extract(hour from date 'infinity');
SELECT extract(nope from timestamp 'infinity');
SELECT date 'infinity' > date '2020-01-01', timestamp '-infinity' < timestamp '2000-01-01', date 'infinity' - 1, timestamp 'infinity' + interval '1 day', isfinite(date '-infinity'), date_trunc('day', timestamp 'infinity');
