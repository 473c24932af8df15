-- compare notices
-- Inheritance column rules: RENAME COLUMN recurses (ONLY refused with children, a
-- child's column inherited from elsewhere too refused), ALTER TYPE of an inherited column
-- refused, conflicting inherited defaults (unless the child sets one), a parent named twice.
create table regress_icr_a (aa text);
create table regress_icr_b (bb text) inherits (regress_icr_a);
insert into regress_icr_a values ('abc'); insert into regress_icr_b values ('de', 'x');
alter table regress_icr_a alter column aa type integer using bit_length(aa);
select * from regress_icr_a order by 1;
alter table regress_icr_b alter column aa type bigint;
alter table regress_icr_b rename aa to aaa;
alter table only regress_icr_a rename aa to aaa;
alter table regress_icr_a rename aa to aaa;
select * from regress_icr_b;
drop table regress_icr_a cascade;
create table regress_icr_p1 (tomorrow date default now()::date + 1);
create table regress_icr_p2 (tomorrow date default now() + '1 day'::interval);
create table regress_icr_p3 (tomorrow date default now()::date - 1);
create table regress_icr_oc () inherits (regress_icr_p1, regress_icr_p3);
create table regress_icr_oc (tomorrow date default now()) inherits (regress_icr_p1, regress_icr_p3);
create table regress_icr_sc () inherits (regress_icr_p1, regress_icr_p1);
create table regress_icr_sc2 () inherits (regress_icr_p1, regress_icr_p2);
drop table regress_icr_p1, regress_icr_p2, regress_icr_p3 cascade;
create table regress_icr_x (f1 int);
create table regress_icr_y (f1 int);
create table regress_icr_xy () inherits (regress_icr_x, regress_icr_y);
alter table regress_icr_x rename f1 to f2;
alter table regress_icr_x alter column f1 type bigint;
drop table regress_icr_x, regress_icr_y cascade;
-- a diamond: the bottom table's column changes type once
create table regress_icr_da (aa text);
create table regress_icr_db (bb text) inherits (regress_icr_da);
create table regress_icr_dc (cc text) inherits (regress_icr_da);
create table regress_icr_dd (dd text) inherits (regress_icr_db, regress_icr_dc);
insert into regress_icr_dd values ('test', 'one', 'two', 'three');
alter table regress_icr_da alter column aa type integer using bit_length(aa);
select * from regress_icr_dd;
select * from regress_icr_da;
drop table regress_icr_da cascade;
