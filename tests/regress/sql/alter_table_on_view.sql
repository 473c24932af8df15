-- ALTER TABLE on a view: table-only actions refused as ATSimplePermissions refuses them
-- (42809 naming the action, DETAIL for views); SET (...) still applies.
create view zzv as select 1 as test;
alter table zzv alter column test drop not null;
alter table zzv alter column test set not null;
alter table zzv drop test;
alter table zzv add column b int;
alter table zzv add constraint c check (test > 0);
alter table zzv alter column test type bigint;
alter table zzv set (security_barrier = true);
select reloptions from pg_class where relname = 'zzv';
drop view zzv;
