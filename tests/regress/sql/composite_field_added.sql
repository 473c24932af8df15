-- UPDATE SET col.field and (col).field over values stored before ALTER TYPE ... ADD
-- ATTRIBUTE (their new fields NULL).
DROP TABLE IF EXISTS regress_cfa_people;
DROP TYPE IF EXISTS regress_cfa_name;
create type regress_cfa_name as (first text, last text);
create table regress_cfa_people (fn regress_cfa_name, bd date);
insert into regress_cfa_people values ('(Joe,Blow)', '1984-01-10');
alter type regress_cfa_name add attribute suffix text;
select * from regress_cfa_people;
update regress_cfa_people set fn.suffix = 'Jr';
select * from regress_cfa_people;
select (fn).suffix from regress_cfa_people;
drop table regress_cfa_people; drop type regress_cfa_name;
