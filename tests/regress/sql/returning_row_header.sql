-- RETURNING reads the header of the row version the command wrote: xmin is our
-- (sub)transaction, cmin / cmax the command id, xmax 0 (DELETE: our xid). ORMs use
-- RETURNING xmin as a row version (SQLAlchemy's version_id_col).
create table rrh_a (a int primary key, b text);
begin;
insert into rrh_a values (1, 'a') returning a, xmin = pg_current_xact_id()::xid as xmin_ok, xmax, cmin, cmax;
insert into rrh_a select g, 'x' from generate_series(2,3) g returning a, xmin = pg_current_xact_id()::xid as xmin_ok, xmax = 0 as xmax0, cmin;
update rrh_a set b = 'u' where a = 1 returning a, xmin = pg_current_xact_id()::xid as xmin_ok, xmax = 0 as xmax0, cmin, ctid;
savepoint s1;
update rrh_a set b = 'v' where a = 2 returning a, xmin = pg_current_xact_id()::xid as xmin_top, xmin::text::bigint > 0 as xmin_sub, cmin;
insert into rrh_a values (1, 'c') on conflict (a) do update set b = 'w' returning a, xmin = pg_current_xact_id()::xid as xmin_top;
insert into rrh_a values (10, 'c') on conflict (a) do nothing returning a, xmin = pg_current_xact_id()::xid as xmin_top;
commit;
select a, b from rrh_a order by a;
drop table rrh_a;
create table rrh_b (a int, b text);
insert into rrh_b values (1, 'a'), (2, 'b');
begin;
delete from rrh_b where a = 1 returning a, xmin::text::bigint > 0 as has_xmin, xmax = pg_current_xact_id()::xid as xmax_ours;
update rrh_b set b = 'z' from (values (2)) v(x) where a = v.x returning a, xmin = pg_current_xact_id()::xid as xmin_ok, xmax;
commit;
drop table rrh_b;
