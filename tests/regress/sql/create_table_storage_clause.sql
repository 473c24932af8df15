-- A column's STORAGE clause in CREATE TABLE is PostgreSQL 16's syntax: PostgreSQL 15
-- stops at the word STORAGE (42601).
create table regress_ctsc (a text, c text storage plain);
create table regress_ctsc (a text, b int   STORAGE extended, c text);
create table regress_ctsc (a text, c text);
alter table regress_ctsc alter column c set storage plain;
select attname, attstorage from pg_attribute where attrelid = 'regress_ctsc'::regclass and attnum > 0 order by attnum;
drop table regress_ctsc;
