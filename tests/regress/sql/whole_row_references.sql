-- Whole-row references t and t.* inside expressions, ROW(t.*).
DROP SCHEMA IF EXISTS regress_c6 CASCADE;
CREATE SCHEMA regress_c6;
SET search_path = regress_c6;
create table tt (a int, b text);
insert into tt values (1, 'x');
select (t.*) from tt t;
select (t.*).b from tt t;
select row(t.*) from tt t;
select t.*::text from tt t;
select (t.*)::text from tt t;
select count(t.*) from tt t;
select array_agg(t) from tt t;
select * from tt t where t = row(1, 'x')::tt;
select t is null, t is not null from tt t;
RESET search_path;
DROP SCHEMA regress_c6 CASCADE;
