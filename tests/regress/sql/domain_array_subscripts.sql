-- subscripts and slices of domains over arrays (read as the base array type), in views
drop view if exists regress_dav;
drop table if exists regress_dat;
drop domain if exists regress_dia, regress_dta;
create domain regress_dia as int[] check (value[1] > 0);
create domain regress_dta as text[];
create table regress_dat (a regress_dia, b regress_dta);
insert into regress_dat values ('{1,2,3}', '{a,b,c}'), ('{5}', null);
select a[1], a[2:3], b[2], b[1:2], pg_typeof(a[1]), pg_typeof(a[1:2]) from regress_dat order by 1;
select a[1] + 1 from regress_dat where b[1] = 'a';
create view regress_dav as select a[2] as x, b[1:1] as y from regress_dat;
select pg_get_viewdef('regress_dav');
select * from regress_dav order by 1;
drop view regress_dav;
drop table regress_dat;
drop domain regress_dia, regress_dta;
