-- A typed table's rows pass where its type is wanted (a function taking the type called
-- with the table's whole row, a cast); ALTER TABLE ... INHERIT on a typed table is
-- refused; parents whose column storage differs cannot be merged.
create type regress_ttr_type as (id int, name text);
create table regress_ttr of regress_ttr_type;
insert into regress_ttr values (1, 'four');
create function regress_ttr_len(regress_ttr_type) returns int language sql as 'select length($1.name)';
select id, regress_ttr_len(regress_ttr) from regress_ttr;
select regress_ttr_len(t) from regress_ttr t;
select t::regress_ttr_type, pg_typeof(t) from regress_ttr t;
create table regress_ttr_stuff (id int);
alter table regress_ttr inherit regress_ttr_stuff;
drop table regress_ttr_stuff;
drop type regress_ttr_type cascade;
create table regress_ttr_s1 (a text, b text);
alter table regress_ttr_s1 alter column a set storage main;
create table regress_ttr_s2 (a text, c text);
alter table regress_ttr_s2 alter column a set storage external;
create table regress_ttr_s3 (a text);
create table regress_ttr_c () inherits (regress_ttr_s1, regress_ttr_s2);
create table regress_ttr_c () inherits (regress_ttr_s2, regress_ttr_s3);
create table regress_ttr_c () inherits (regress_ttr_s1, regress_ttr_s1);
drop table regress_ttr_s1, regress_ttr_s2, regress_ttr_s3;
-- a column whose storage LIKE ... INCLUDING STORAGE copies must agree with the inherited one
create table regress_ttr_s1 (a text, b text);
alter table regress_ttr_s1 alter column a set storage main;
create table regress_ttr_s2 (a text, c text);
alter table regress_ttr_s2 alter column a set storage external;
create table regress_ttr_c (like regress_ttr_s2 including storage) inherits (regress_ttr_s1);
create table regress_ttr_c (like regress_ttr_s1 including storage) inherits (regress_ttr_s1);
select attname, attstorage from pg_attribute where attrelid = 'regress_ttr_c'::regclass and attnum > 0 order by attnum;
create table regress_ttr_d (like regress_ttr_s2) inherits (regress_ttr_s1);
drop table regress_ttr_s1, regress_ttr_s2 cascade;
