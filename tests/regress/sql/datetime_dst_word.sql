-- The DST word in date/time input: after a fixed zone (abbreviation, offset) it moves the
-- zone an hour east; alone, twice, after a daylight abbreviation or a zone with rules it is
-- refused.
select timestamptz '2001-12-27 04:05:06.789 MET DST';
select timestamptz '2001-12-27 04:05:06 CEST DST';
select timestamptz '2001-12-27 04:05:06 DST';
select timestamptz '2001-12-27 04:05:06 +01 DST';
select timestamptz '2001-12-27 04:05:06 MET DST DST';
select timestamptz '2001-12-27 04:05:06 MSK DST';
select timestamptz '2001-12-27 04:05:06 Europe/Paris DST';
select timestamp '2001-12-27 04:05:06 MET DST';
select timetz '04:05:06 MET DST';
select timestamptz '2001-12-27 04:05:06 UTC DST';
