-- A data-modifying WITH query on a table with rules for its command: conditional DO
-- INSTEAD, DO INSTEAD NOTHING, DO ALSO and multi-statement or utility DO INSTEAD rules are
-- refused as PostgreSQL refuses them; without rules (or with rules for other commands)
-- the WITH query runs.
create table riw_y (a int);
insert into riw_y values (1), (2);
create rule riw_rule as on insert to riw_y where a = 0 do instead delete from riw_y;
with t as (insert into riw_y values (0)) values (false);
create or replace rule riw_rule as on insert to riw_y do instead nothing;
with t as (insert into riw_y values (0)) values (false);
create or replace rule riw_rule as on insert to riw_y do instead notify riw_foo;
with t as (insert into riw_y values (0)) values (false);
create or replace rule riw_rule as on insert to riw_y do also notify riw_foo;
with t as (insert into riw_y values (0)) values (false);
create or replace rule riw_rule as on insert to riw_y
  do instead (notify riw_foo; notify riw_bar);
with t as (insert into riw_y values (0)) select 1;
with t as (insert into riw_y values (0) returning *) insert into riw_y select * from t;
create table riw_log (a int);
create or replace rule riw_rule as on insert to riw_y do instead insert into riw_log values (new.a + 100);
with t as (insert into riw_y values (0) returning *) select * from t;
-- rules for another command leave the WITH query alone
with t as (delete from riw_y where a = 2 returning *) select * from t;
with t as (update riw_y set a = a + 10 returning *) select * from t;
drop rule riw_rule on riw_y;
with t as (insert into riw_y values (0) returning *) select * from t;
select * from riw_y order by a;
drop table riw_y;
drop table riw_log;
