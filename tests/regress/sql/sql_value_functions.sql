-- current_time / localtime / current_timestamp / localtimestamp with and without a
-- precision: the transaction's start (equal to now()), in the session's time zone;
-- current_schema following search_path
drop schema if exists regress_svf_schema;
drop view if exists regress_svf_v;
SELECT now()::timetz::text = current_time::text, now()::timetz(4)::text = current_time(4)::text;
SELECT now()::time::text = localtime::text, now()::time(3)::text = localtime(3)::text;
SELECT now()::timestamp(2)::text = localtimestamp(2)::text, now()::timestamptz(0) = current_timestamp(0), current_timestamp = now();
SELECT pg_typeof(current_time), pg_typeof(current_time(2)), pg_typeof(localtime(1)), pg_typeof(current_timestamp(3));
begin;
select current_timestamp = now(), current_timestamp = statement_timestamp() as same_as_statement_start;
select pg_sleep(0.01);
select current_timestamp = now(), localtimestamp = now()::timestamp;
commit;
set timezone = 'Asia/Tokyo';
select localtime::text = now()::time::text, current_time::text = now()::timetz::text, localtimestamp = now()::timestamp, current_date = now()::date;
reset timezone;
create view regress_svf_v as select current_time as a, current_time(2) as b, localtime(3) as c, current_timestamp(1) as d, localtimestamp(0) as e;
select pg_get_viewdef('regress_svf_v');
drop view regress_svf_v;
create schema regress_svf_schema;
set search_path = regress_svf_schema, public;
select current_schema, current_schema();
set search_path = regress_svf_nosuch;
select current_schema is null, current_schema() is null;
reset search_path;
select current_schema;
drop schema regress_svf_schema;
