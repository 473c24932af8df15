-- SELECT ... INTO where PostgreSQL refuses it: a subquery, a scalar or EXISTS sublink, a WITH
-- query (42601 'SELECT ... INTO is not allowed here', at the INTO target), a later SELECT of
-- a set operation ('INTO is only allowed on first SELECT of UNION/INTERSECT/EXCEPT'), a
-- view (0A000), COPY (0A000 'COPY (SELECT INTO) is not supported'); on a set operation's
-- first SELECT it makes the table of the whole set operation.
DROP TABLE IF EXISTS regress_into_5;
select * from (select 1 into regress_into_1) s;
select (select 1 into regress_into_2);
with w as (select 1 into regress_into_3) select * from w;
select 1 union select 2 into regress_into_4;
select 1 into regress_into_5 union select 2;
insert into nosuch select 1 into regress_into_6;
create view regress_into_v as select 1 into regress_into_7;
prepare regress_into_p as select 1 into regress_into_9;
copy (select 1 into regress_into_10) to stdout;
select exists (select 1 into regress_into_11);
select * from (select 1 union select 2 into regress_into_3b) s;
select * from (select 1 into regress_into_3b union select 2) s;
select * from regress_into_5 order by 1;
drop table regress_into_5;
DEALLOCATE regress_into_p;
