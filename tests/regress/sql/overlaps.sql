-- (a, b) OVERLAPS (c, d) for timestamp, timestamptz, time, timetz, dates, interval ends
SELECT (timestamp '2000-11-27', timestamp '2000-11-28') OVERLAPS (timestamp '2000-11-27 12:00', timestamp '2000-11-30') AS "True";
SELECT (timestamp '2000-11-26', timestamp '2000-11-27') OVERLAPS (timestamp '2000-11-27 12:00', timestamp '2000-11-30') AS "False";
SELECT (timestamp '2000-11-27', timestamp '2000-11-28') OVERLAPS (timestamp '2000-11-27 12:00', interval '1 day') AS "True";
SELECT (timestamp '2000-11-27', interval '12 hours') OVERLAPS (timestamp '2000-11-27 12:00', timestamp '2000-11-30') AS "False";
SELECT (timestamp '2000-11-27', interval '12 hours') OVERLAPS (timestamp '2000-11-27', interval '12 hours') AS "True";
SELECT (timestamp '2000-11-27', interval '12 hours') OVERLAPS (timestamp '2000-11-27 12:00', interval '12 hours') AS "False";
SELECT (timestamp '2000-11-27', interval '12 hours') OVERLAPS (timestamp '2000-11-27 12:00', null::interval);
SELECT (timestamp '2000-11-27', null::timestamp) OVERLAPS (timestamp '2000-11-26', timestamp '2000-11-28');
SELECT (null::timestamp, null::timestamp) OVERLAPS (timestamp '2000-11-26', timestamp '2000-11-28');
SELECT (time '00:00', time '01:00') OVERLAPS (time '00:30', time '01:30') AS "True";
SELECT (time '00:00', interval '1 hour') OVERLAPS (time '00:30', interval '1 hour') AS "True";
SELECT (time '00:00', interval '1 hour') OVERLAPS (time '01:30', interval '1 hour') AS "False";
SELECT (time '00:00', interval '1 hour') OVERLAPS (time '01:30', interval '1 day') AS "False";
SELECT (timestamptz '2000-11-27 00:00+00', timestamptz '2000-11-28') OVERLAPS (timestamptz '2000-11-27 12:00', interval '1 day');
SELECT ('10:00+02'::timetz, '11:00+02'::timetz) OVERLAPS ('08:30+00'::timetz, '09:30+00'::timetz);
SELECT (now(), now()) OVERLAPS (now(), null);
