-- INSERT ... VALUES into an automatically updatable view: several rows assigning array
-- elements (their VALUES columns are Vars of the VALUES list, not of the view), and
-- DEFAULT for a view column without a default of its own, which is the base table's
-- default (rewrite/updatable_views.py), in one row and in several.
create table viv_base (a serial, b int[], c text, d text default 'Table default');
create view viv_view as select c, a, b from viv_base;
insert into viv_view (b[1], b[2], c, b[5], b[4], a, b[3])
values (1, 2, default, 5, 4, default, 3), (10, 11, 'C value', 14, 13, 100, 12);
insert into viv_view (b[1], b[2], c, b[5], b[4], a, b[3])
values (1, 2, default, 5, 4, default, 3);
insert into viv_view (a, c) values (default, 'one row');
insert into viv_view (c, a) values ('x', 50), ('y', default), (default, default);
insert into viv_view default values;
select * from viv_base order by a;
alter view viv_view alter column c set default 'View default';
insert into viv_view (c, a) values (default, 60), ('z', default);
insert into viv_view (b[1], b[2], c, b[5], b[4], a, b[3])
values (1, 2, default, 5, 4, default, 3), (10, 11, 'C value', 14, 13, 200, 12);
select * from viv_base order by a;
prepare viv_p(int) as insert into viv_view (a, c) values ($1, default), (default, 'p');
execute viv_p(300);
execute viv_p(301);
select * from viv_base where a >= 300 or c = 'p' order by a;
deallocate viv_p;
insert into viv_view (a) values (400);
alter table viv_view alter column c drop default;
insert into viv_view (a) values (401);
select * from viv_base where a >= 400 order by a;
drop view viv_view;
drop table viv_base;
