-- compare notices
-- CHECK constraints meeting one of the same name on an inheritance child (MergeWithExistingConstraint):
-- CREATE TABLE's own over an inherited one, ALTER TABLE on child and parent in either order,
-- NO INHERIT and NOT VALID conflicts (42P17); a parent's NO INHERIT check is not copied;
-- a PRIMARY KEY makes inherited columns NOT NULL; two parents' same constraint.
create table regress_icm_ac (a int constraint check_a check (a <> 0));
create table regress_icm_bc (a int constraint check_a check (a <> 0), b int constraint check_b check (b <> 0)) inherits (regress_icm_ac);
select pc.relname, pgc.conname, pgc.contype, pgc.conislocal, pgc.coninhcount, pgc.connoinherit, pgc.convalidated, pg_get_expr(pgc.conbin, pc.oid) as consrc from pg_class as pc inner join pg_constraint as pgc on (pgc.conrelid = pc.oid) where pc.relname in ('regress_icm_ac', 'regress_icm_bc') order by 1,2;
create table regress_icm_cc (a int constraint check_a check (a <> 1)) inherits (regress_icm_ac);
create table regress_icm_cc (a int constraint check_a check (a <> 0) no inherit) inherits (regress_icm_ac);
drop table regress_icm_bc; drop table regress_icm_ac;
create table regress_icm_p1(f1 int);
create table regress_icm_p1_c1() inherits(regress_icm_p1);
alter table regress_icm_p1 add constraint inh_check_constraint1 check (f1 > 0);
alter table regress_icm_p1_c1 add constraint inh_check_constraint1 check (f1 > 0);
alter table regress_icm_p1_c1 add constraint inh_check_constraint2 check (f1 < 10);
alter table regress_icm_p1 add constraint inh_check_constraint2 check (f1 < 10);
alter table regress_icm_p1_c1 add constraint inh_check_constraint3 check (f1 < 10) no inherit;
alter table regress_icm_p1 add constraint inh_check_constraint3 check (f1 < 10);
alter table regress_icm_p1 add constraint inh_check_constraint4 check (f1 < 10);
alter table regress_icm_p1_c1 add constraint inh_check_constraint4 check (f1 < 10) no inherit;
alter table regress_icm_p1_c1 add constraint inh_check_constraint4 check (f1 < 11);
select conrelid::regclass::text, conname, conislocal, coninhcount, connoinherit from pg_constraint where conname like 'inh\_check\_constraint%' order by 1, 2;
drop table regress_icm_p1 cascade;
create table regress_icm_inv(f1 int);
create table regress_icm_inv_child() inherits(regress_icm_inv);
alter table regress_icm_inv_child add constraint inh_check_constraint check(f1 > 0) not valid;
alter table regress_icm_inv add constraint inh_check_constraint check(f1 > 0); -- fail
alter table regress_icm_inv_child drop constraint inh_check_constraint;
insert into regress_icm_inv values(0);
alter table regress_icm_inv_child add constraint inh_check_constraint check(f1 > 0);
alter table regress_icm_inv add constraint inh_check_constraint check(f1 > 0) not valid;
insert into regress_icm_inv values(0); -- fail
insert into regress_icm_inv_child values(0); -- fail
select conrelid::regclass::text as relname, conname, convalidated, conislocal, coninhcount, connoinherit from pg_constraint where conname like 'inh\_check\_constraint%' order by 1, 2;
drop table regress_icm_inv cascade;
create table regress_icm_some (f1 int, f2 int, f3 int, check (f1 < 10) no inherit);
create table regress_icm_some_child () inherits(regress_icm_some);
insert into regress_icm_some_child select i, i+1, 0 from generate_series(1,10) i;
select conrelid::regclass::text, conname from pg_constraint where conrelid in ('regress_icm_some'::regclass, 'regress_icm_some_child'::regclass);
drop table regress_icm_some cascade;
create table regress_icm_a (aa text);
CREATE TABLE regress_icm_z (b TEXT, PRIMARY KEY(aa, b)) inherits (regress_icm_a);
INSERT INTO regress_icm_z VALUES (NULL, 'text');
select attname, attnotnull, attislocal, attinhcount from pg_attribute where attrelid = 'regress_icm_z'::regclass and attnum > 0;
drop table regress_icm_a cascade;
create table regress_icm_m1 (a int constraint pos check (a > 0));
create table regress_icm_m2 (a int constraint pos check (a > 0), b int constraint b_neg check (b < 0));
create table regress_icm_m3 (b int constraint b_neg check (b < 1));
create table regress_icm_mc () inherits (regress_icm_m1, regress_icm_m2);
select conname, conislocal, coninhcount from pg_constraint where conrelid = 'regress_icm_mc'::regclass order by 1;
create table regress_icm_mc2 () inherits (regress_icm_m2, regress_icm_m3);
drop table regress_icm_m1, regress_icm_m2, regress_icm_m3 cascade;
