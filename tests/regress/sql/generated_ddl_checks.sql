-- Stored generated columns in DDL, the checks and results of PostgreSQL 15.18:
-- information_schema.column_column_usage, generation conflicts between several parents,
-- a partition's DEFAULT over a generated column, tableoid in an expression, foreign key
-- actions, typed tables, partition keys, ALTER COLUMN TYPE / DROP EXPRESSION on
-- generated and inherited columns, BEFORE trigger WHEN conditions.
-- compare notices
create table regress_gd1 (a int primary key, b int generated always as (a * 2) stored, c int generated always as (a + b2) stored, b2 int);
select table_name, column_name, dependent_column from information_schema.column_column_usage where table_name like 'regress_gd%' order by 1, 2, 3;
create table regress_gd_p1 (x int, b int generated always as (x * 2) stored);
create table regress_gd_p2 (x int, b int default 5);
create table regress_gd_p3 (x int, b int generated always as (x * 3) stored);
create table regress_gd_p4 (x int, b int generated always as (x * 2) stored);
create table regress_gd_c () inherits (regress_gd_p2, regress_gd_p1);
create table regress_gd_c () inherits (regress_gd_p1, regress_gd_p3);
create table regress_gd_c (b int) inherits (regress_gd_p1, regress_gd_p3);
create table regress_gd_c (b int generated always as (x + 1) stored) inherits (regress_gd_p1, regress_gd_p3);
create table regress_gd_c () inherits (regress_gd_p1, regress_gd_p4);
insert into regress_gd_c values (5);
update regress_gd_p1 set x = x * 10;
select * from regress_gd_c;
drop table regress_gd_c;
-- a column generated only in the child, computed when rows are updated through the parent
create table regress_gd_q (f1 int);
create table regress_gd_qc (f2 int generated always as (f1 + 1) stored) inherits (regress_gd_q);
insert into regress_gd_qc values (42);
update regress_gd_q set f1 = f1 * 10;
table regress_gd_qc;
drop table regress_gd_q cascade;
-- PARTITION OF's DEFAULT over a generated column becomes the partition's expression
create table regress_gd_part (f1 int, f3 int generated always as (f1 * 2) stored) partition by range (f1);
create table regress_gd_part1 partition of regress_gd_part (f3 default 42) for values from (1) to (10);
create table regress_gd_part2 partition of regress_gd_part for values from (10) to (20);
insert into regress_gd_part values (3), (13);
select tableoid::regclass, * from regress_gd_part order by f1;
update regress_gd_part set f1 = f1 + 1;
select tableoid::regclass, * from regress_gd_part order by f1;
select adrelid::regclass, pg_get_expr(adbin, adrelid) from pg_attrdef where adrelid in ('regress_gd_part1'::regclass, 'regress_gd_part2'::regclass) order by 1;
drop table regress_gd_part;
-- tableoid may be read
create table regress_gd_toid (a int primary key, b bool generated always as (tableoid = 'regress_gd_toid'::regclass) stored);
insert into regress_gd_toid values (1), (2);
alter table regress_gd_toid add column c regclass generated always as (tableoid) stored;
select * from regress_gd_toid order by a;
create table regress_gd_toid2 (a int, b int generated always as (xmin) stored);
drop table regress_gd_toid;
-- foreign keys over a generated column
create table regress_gd_ref (x int primary key);
create table regress_gd_fk (a int primary key, b int generated always as (a * 2) stored references regress_gd_ref (x) on update cascade);
create table regress_gd_fk (a int primary key, b int generated always as (a * 2) stored references regress_gd_ref (x) on update set null);
create table regress_gd_fk (a int primary key, b int generated always as (a * 2) stored references regress_gd_ref (x) on delete set null);
create table regress_gd_fk (a int primary key, b int generated always as (a * 2) stored references regress_gd_ref (x) on delete set default);
create table regress_gd_fk (a int primary key, b int generated always as (a * 2) stored references regress_gd_ref (x) on delete cascade);
drop table regress_gd_fk, regress_gd_ref;
-- typed tables
create type regress_gd_type as (f1 int, f2 int);
create table regress_gd_typed of regress_gd_type (f1 with options generated always as (f2 * 2) stored);
drop type regress_gd_type;
-- partition keys
create table regress_gd_key (f1 int, f2 int, f3 int generated always as (f2 * 2) stored) partition by range (f3);
create table regress_gd_key (f1 int, f2 int, f3 int generated always as (f2 * 2) stored) partition by range ((f3 * 3));
-- ADD COLUMN's errors carry no position
alter table regress_gd1 add column x int generated always as (b * 4) stored;
alter table regress_gd1 add column x int generated always as (z * 4) stored;
-- ALTER COLUMN TYPE of a generated column
insert into regress_gd1 (a, b2) values (3, 7), (4, 11);
alter table regress_gd1 alter column b type numeric;
select * from regress_gd1 order by a;
select attname, atttypid::regtype, attgenerated from pg_attribute where attrelid = 'regress_gd1'::regclass and attnum > 0 order by attnum;
alter table regress_gd1 alter column c type bigint using c + 1;
alter table regress_gd1 alter column c type boolean;
insert into regress_gd1 (a, b2) values (5, 1);
select * from regress_gd1 order by a;
drop table regress_gd1;
-- DROP EXPRESSION down inheritance trees
create table regress_gd30 (a int, b int generated always as (a * 2) stored);
create table regress_gd30_1 () inherits (regress_gd30);
alter table only regress_gd30 alter column b drop expression;
alter table regress_gd30_1 alter column b drop expression;
alter table regress_gd30 alter column b drop expression;
select attrelid::regclass, attname, attgenerated, atthasdef from pg_attribute where attrelid in ('regress_gd30'::regclass, 'regress_gd30_1'::regclass) and attname = 'b' order by 1;
insert into regress_gd30_1 values (1, 7);
select * from regress_gd30;
drop table regress_gd30 cascade;
-- BEFORE trigger WHEN conditions may not read NEW generated columns
create table regress_gd26 (a int, b int generated always as (a * 2) stored);
create function regress_gd_trig() returns trigger language plpgsql as $$ begin return new; end $$;
create trigger regress_gd_t1 before insert or update on regress_gd26 for each row when (new.b < 0) execute procedure regress_gd_trig();
create trigger regress_gd_t2 before insert or update on regress_gd26 for each row when (new.* is not null) execute procedure regress_gd_trig();
create trigger regress_gd_t3 before update on regress_gd26 for each row when (old.b < 0) execute procedure regress_gd_trig();
create trigger regress_gd_t4 after insert on regress_gd26 for each row when (new.b < 0) execute procedure regress_gd_trig();
drop table regress_gd26;
drop function regress_gd_trig();
drop table regress_gd_p1, regress_gd_p2, regress_gd_p3, regress_gd_p4;
