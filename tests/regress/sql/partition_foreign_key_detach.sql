-- DETACH PARTITION and foreign keys: a referenced partition cannot leave while its keys
-- are referenced, and its clones go; a referencing partition keeps the parent's
-- foreign key as its own (checked on both sides afterwards); a clone cannot be
-- dropped by itself.
DROP TABLE IF EXISTS dfk, dpk, dpk1, dpk2 CASCADE;
DROP SCHEMA IF EXISTS fkpart1 CASCADE;
create table dpk (a int primary key) partition by range (a);
create table dpk1 partition of dpk for values from (0) to (10);
create table dpk2 partition of dpk for values from (10) to (20) partition by range (a);
create table dpk21 partition of dpk2 for values from (10) to (15);
create table dfk (a int references dpk);
insert into dpk values (1), (11), (16);
insert into dfk values (1), (11);
alter table dpk detach partition dpk1;
alter table dpk detach partition dpk2;
delete from dfk where a = 11;
alter table dpk detach partition dpk2;
select conname, conrelid::regclass, confrelid::regclass, conparentid<>0, conislocal, coninhcount from pg_constraint where conrelid='dfk'::regclass order by 1;
alter table dfk drop constraint dfk_a_fkey1;
insert into dfk values (11);
delete from dpk where a = 1;
drop table dfk, dpk, dpk2;
drop table dpk1;
create schema fkpart1
  create table pkey (a int primary key)
  create table fk_part (a int) partition by list (a)
  create table fk_part_1 partition of fk_part for values in (1) partition by list (a)
  create table fk_part_1_1 partition of fk_part_1 for values in (1);
alter table fkpart1.fk_part add foreign key (a) references fkpart1.pkey;
insert into fkpart1.fk_part values (1);		-- should fail
insert into fkpart1.pkey values (1);
insert into fkpart1.fk_part values (1);
delete from fkpart1.pkey where a = 1;		-- should fail
alter table fkpart1.fk_part detach partition fkpart1.fk_part_1;
select conname, conrelid::regclass, confrelid::regclass, conparentid <> 0 as has_parent from pg_constraint where connamespace = 'fkpart1'::regnamespace and contype = 'f' order by 1, 2;
select tgrelid::regclass, tgname ~ '^RI_ConstraintTrigger' ri, tgfoid::regproc, (select conname from pg_constraint where oid = tgconstraint) from pg_trigger where tgconstraint in (select oid from pg_constraint where connamespace = 'fkpart1'::regnamespace) order by 1, 3, 4;
create table fkpart1.fk_part_1_2 partition of fkpart1.fk_part_1 for values in (2);
insert into fkpart1.fk_part_1 values (2);	-- should fail
delete from fkpart1.pkey where a = 1;
alter table fkpart1.fk_part_1_1 drop constraint fk_part_a_fkey;
drop schema fkpart1 cascade;
