-- DROP COLUMN of inherited columns: a child's column that is also local, or inherited
-- from another parent, survives its parent's DROP (one parent fewer); ALTER TABLE ONLY
-- parent DROP COLUMN leaves each child's column defined locally.

create table p1 (f1 int, f2 int);
create table c1 (f1 int not null) inherits(p1);

alter table c1 drop column f1;
alter table p1 drop column f1;
select * from c1;
alter table c1 drop column f1;
select * from c1;

drop table p1 cascade;

create table p1 (f1 int, f2 int);
create table c1 () inherits(p1);

alter table c1 drop column f1;
alter table p1 drop column f1;
select * from c1;

drop table p1 cascade;

create table p1 (f1 int, f2 int);
create table c1 () inherits(p1);

alter table c1 drop column f1;
alter table only p1 drop column f1;
alter table c1 drop column f1;

drop table p1 cascade;

create table p1 (f1 int, f2 int);
create table c1 (f1 int not null) inherits(p1);

alter table c1 drop column f1;
alter table only p1 drop column f1;
alter table c1 drop column f1;

drop table p1 cascade;

create table p1(id int, name text);
create table p2(id2 int, name text, height int);
create table c1(age int) inherits(p1,p2);
create table gc1() inherits (c1);

select relname, attname, attinhcount, attislocal
from pg_class join pg_attribute on (pg_class.oid = pg_attribute.attrelid)
where relname in ('p1','p2','c1','gc1') and attnum > 0 and not attisdropped
order by relname, attnum;
alter table only p1 drop column name;
alter table p2 drop column name;
alter table gc1 drop column name;
alter table c1 drop column name;
alter table gc1 drop column name;
alter table p2 drop column height;
create table dropColumnExists ();
alter table dropColumnExists drop column non_existing;
alter table dropColumnExists drop column if exists non_existing;
select relname, attname, attinhcount, attislocal
from pg_class join pg_attribute on (pg_class.oid = pg_attribute.attrelid)
where relname in ('p1','p2','c1','gc1') and attnum > 0 and not attisdropped
order by relname, attnum;
drop table p1, p2 cascade;
drop table dropColumnExists;
