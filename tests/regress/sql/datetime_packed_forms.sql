-- times written without colons (HHMM, HHMMSS[.fff]) and after a 'T', offsets attached to
-- them, Julian days with fractions and offsets, today / tomorrow / yesterday with a time
select time '040506.07', time '040506', time '0405', time 'T0405', time 'T040506', time 'T040506.07', time 'T04:05', time 'T04:05:06', time 'T04:05:06.07', time '040506.789+08';
select timetz '0405+08', timetz '040506+08', timetz '040506.07+08', timetz 'T0405+08', timetz 'T040506+08', timetz 'T040506.07+08', timetz 'T040506.789 +08', timetz 'T040506.789-08', timetz 'T04:05+08', timetz 'T04:05:06+08';
select timestamptz '20011227 040506+08', timestamptz '20011227 040506-08', timestamptz '20011227 040506.789+08', timestamptz '20011227T040506+08', timestamptz '20011227T040506.789-08';
select timestamptz 'J2452271+08', timestamptz 'J2452271-08', timestamptz 'J2452271T040506+08', timestamptz 'J2452271T040506.789-08', timestamptz 'J2452271.5+08';
select timestamp '10:30 today' = timestamp 'today' + interval '10:30', timestamp '12:34:56 yesterday' = timestamp 'yesterday' + interval '12:34:56', timestamp '16:00:00 tomorrow' = timestamp 'tomorrow' + interval '16 hours';
select time '2001-12-27 T040506.789 America/Los_Angeles', timetz '2001-12-27 T040506.789 America/Los_Angeles';
select date '20011227', date '011227', timestamp '2001-12-27 040506', timestamp '011227 040506';
select time '0405+25';
select time '046006';
select time '04:05+16';
select timetz '04:05:06-15:59', timestamptz '2001-01-01 04:05+15';
select timestamptz '2001-01-01 04:05:06+16:00';
-- a date with an offset attached; 'now' is the transaction's start
select timestamptz '2001-01-01+11', timestamptz '2001-01-01+05:30', timestamp '2001-01-01+11';
select timestamptz '2001-01-01-05';
begin;
create temp table regress_now (d timestamptz);
insert into regress_now values ('now');
select pg_sleep(0.01);
insert into regress_now values ('now');
select count(distinct d), count(*) from regress_now where d = timestamptz 'now';
commit;
drop table regress_now;
-- make_timestamptz's zone: names, offsets and abbreviations
select make_timestamptz(2008, 12, 10, 10, 10, 10, 'EDT'), make_timestamptz(2008, 12, 10, 10, 10, 10, 'Europe/Paris'), make_timestamptz(2008, 12, 10, 10, 10, 10, '+2');
select make_timestamptz(2008, 12, 10, 10, 10, 10, 'Nowhere');
-- date_bin: strides and differences beyond int64 microseconds are 22008
select date_bin('15 minutes'::interval, timestamp '294276-12-30', timestamp '4000-12-20 BC');
select date_bin('200000000 days'::interval, '2024-02-01'::timestamp, '2024-01-01'::timestamp);
select date_bin('15 minutes'::interval, timestamptz '294276-12-30', timestamptz '4000-12-20 BC');
select date_bin('5 months'::interval, timestamp with time zone '2020-02-01 01:01:01+00', timestamp with time zone '2001-01-01+00');
select date_bin('1 hour'::interval, timestamp '2020-02-01 01:31:01', timestamp '2001-01-01');
