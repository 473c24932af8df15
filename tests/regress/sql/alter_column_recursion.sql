-- ALTER TABLE SET STATISTICS / SET STORAGE go down to inheritance children and
-- partitions (not with ONLY); SET COMPRESSION does not.
create table regress_rp (a int, b text);
create table regress_rc (c int) inherits (regress_rp);
create table regress_rg (d int) inherits (regress_rc);
alter table regress_rp alter column a set statistics 300;
alter table regress_rp alter column b set storage main;
alter table only regress_rp alter column a set statistics 200;
alter table regress_rp alter column b set compression pglz;
select attrelid::regclass, attname, attstattarget, attstorage, attcompression from pg_attribute where attrelid in ('regress_rp'::regclass, 'regress_rc'::regclass, 'regress_rg'::regclass) and attnum > 0 order by 1, attnum;
create table regress_pp (a int, b text) partition by range (a);
create table regress_pp1 partition of regress_pp for values from (0) to (10);
alter table regress_pp alter column b set storage external;
alter table regress_pp alter column a set statistics 50;
select attrelid::regclass, attname, attstattarget, attstorage from pg_attribute where attrelid in ('regress_pp'::regclass, 'regress_pp1'::regclass) and attnum > 0 order by 1, attnum;
drop table regress_rp cascade;
drop table regress_pp;
