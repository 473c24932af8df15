-- Assignments into parts of a domain column (SET d.f = v, d[i] = v, d[i].f = v, INSERT
-- INTO t (d.f, d.g)): the base value is assigned into and the domain checked once, on the
-- finished value; ARRAY[...]::domain-over-array builds the base array.
create type comptype14 as (r float8, i float8);
create domain dcomptype14 as comptype14;
alter domain dcomptype14 add constraint c1 check ((value).r <= (value).i);
create table dcomptable14 (d1 dcomptype14);
insert into dcomptable14 values (row(1,2)), (row(3,4));
insert into dcomptable14 (d1.r, d1.i) values(100, 99);
insert into dcomptable14 (d1.r, d1.i) values(99, 100);
update dcomptable14 set d1.r = (d1).r + 1 where (d1).i > 0;
update dcomptable14 set d1.r = (d1).r - 1, d1.i = (d1).i + 1 where (d1).i > 0;
update dcomptable14 set d1.r = (d1).r + 2, d1.i = (d1).i + 1 where (d1).i > 0;
update dcomptable14 set d1.i = (d1).i + 3, d1.r = (d1).r + 4;
select * from dcomptable14 order by 1;
create domain dcomptypea14 as comptype14[];
alter domain dcomptypea14 add constraint c1 check (value[1].r <= value[1].i);
create table dcomptablea14 (d1 dcomptypea14);
insert into dcomptablea14 values (array[row(1,2)]::dcomptypea14);
insert into dcomptablea14 values (array[row(3,4), row(5,6)]::dcomptypea14);
select array[row(2,1)]::dcomptypea14;
update dcomptablea14 set d1[2] = row(d1[2].i, d1[2].r);
update dcomptablea14 set d1[1].r = d1[1].r + 1 where d1[1].i > 0;
update dcomptablea14 set d1[1].r = d1[1].r - 1, d1[1].i = d1[1].i + 1 where d1[1].i > 0;
update dcomptablea14 set d1[1].r = d1[1].r + 5, d1[1].i = d1[1].i + 5;
select * from dcomptablea14 order by 1;
create domain int4arr14 as int4[] check (value[1] < value[3] or value[3] is null);
create table domarr14 (a int4arr14);
insert into domarr14 values ('{11,NULL,22}');
update domarr14 set a[1] = a[1] + 1, a[3] = a[3] - 1;
update domarr14 set a[1] = a[1] + 20, a[3] = a[3] + 20;
update domarr14 set a[1] = a[1] + 20, a[3] = a[3] - 20;
select * from domarr14;
drop table domarr14, dcomptablea14, dcomptable14;
drop domain int4arr14; drop domain dcomptypea14; drop domain dcomptype14; drop type comptype14;
