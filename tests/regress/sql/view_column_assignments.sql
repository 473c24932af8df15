-- Two columns of an updatable view over one base column: assigning both is 42601
-- (rewrite/updatable_views.py), also when one comes from a view column default.
create table vca (a int primary key, b text);
create view vca_v as select a, b, a as aa from vca;
insert into vca_v values (3, 'Row 3', 3);
insert into vca_v (a, b) values (3, 'Row 3');
update vca_v set a = 3, aa = -3 where a = 3;
update vca_v set aa = -3 where a = 3;
select * from vca_v;
alter view vca_v alter column aa set default 7;
insert into vca_v (a, b) values (4, 'Row 4');
insert into vca_v (b) values ('Row 5');
select * from vca order by a;
drop view vca_v;
drop table vca;
-- A view or sequence is no parent of a table nor of a partition; a table that is not
-- partitioned has no partitions (MergeAttributes' check first).
create view vca_v1 as select 1 a;
create table vca_c1 () inherits (vca_v1);
create table vca_c2 partition of vca_v1 for values in (1);
create table vca_pt (a int);
create table vca_c3 partition of vca_pt for values in (1);
create sequence vca_sq;
create table vca_c5 () inherits (vca_sq);
drop view vca_v1;
drop table vca_pt;
drop sequence vca_sq;
