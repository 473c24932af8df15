-- Rows inserted or updated straight in a partition (not routed through the root) must belong
-- there at every level up to the root: 23514 'violates partition constraint' naming the
-- table written to; a partitioned partition checks the row before routing it on.
create table pdi (a text, b int) partition by list (lower(a));
create table pdi_ab partition of pdi for values in ('a', 'b') partition by range (b);
create table pdi_ab1 partition of pdi_ab for values from (1) to (10);
create table pdi_ab2 partition of pdi_ab for values from (10) to (20);
create table pdi_def partition of pdi default;
insert into pdi_ab1 values ('a', 5);
insert into pdi_ab1 values ('a', 11);
insert into pdi_ab1 values ('c', 5);
insert into pdi_ab1 values (null, 5);
insert into pdi_def values ('A', 1);
insert into pdi_def values ('z', 1);
insert into pdi_def values (null, 1);
insert into pdi_ab values ('b', 15);
insert into pdi_ab values ('c', 15);
-- a partition whose columns are in another order than its parent's
create table pdi_ab3 (b int, a text);
alter table pdi_ab attach partition pdi_ab3 for values from (20) to (30);
insert into pdi_ab3 values (25, 'a');
insert into pdi_ab3 values (35, 'a');
insert into pdi_ab3 select 26, 'b' union all select 40, 'b';
select tableoid::regclass, * from pdi order by 1, 2, 3;
create table pdi_h (a int) partition by hash (a);
create table pdi_h0 partition of pdi_h for values with (modulus 2, remainder 0);
create table pdi_h1 partition of pdi_h for values with (modulus 2, remainder 1);
insert into pdi_h0 values (1), (2), (3), (4);
insert into pdi_h0 values (3);
select tableoid::regclass, * from pdi_h order by 1, 2;
drop table pdi, pdi_h;
-- an UPDATE of a partition itself: the new row must still belong there
create table pdi_u (a text, b int) partition by list (a);
create table pdi_u_a partition of pdi_u for values in ('a');
create table pdi_u_def partition of pdi_u default;
insert into pdi_u values ('a', 1), ('d', 2);
update pdi_u_def set a = 'a' where a = 'd';
update pdi_u_def set a = 'x' where a = 'd';
update pdi_u_a set b = b + 1;
update pdi_u_a set a = 'b';
update pdi_u set a = 'a' where a = 'x';
select tableoid::regclass, * from pdi_u order by 1, 2, 3;
drop table pdi_u;
