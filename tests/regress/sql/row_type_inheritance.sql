-- A table's row as the row type of a table it inherits from (ConvertRowtypeExpr): casts
-- up one or more levels (fields picked by name), NULL rows, a function taking the
-- parent's row called with a child's (multiple inheritance: the second parent too).
create table regress_rti_base (i integer);
create table regress_rti_derived () inherits (regress_rti_base);
create table regress_rti_more (like regress_rti_derived, b int) inherits (regress_rti_derived);
insert into regress_rti_derived (i) values (0);
select regress_rti_derived::regress_rti_base from regress_rti_derived;
select NULL::regress_rti_derived::regress_rti_base;
explain (verbose on, costs off) select row(i, b)::regress_rti_more::regress_rti_derived::regress_rti_base from regress_rti_more;
explain (verbose on, costs off) select (1, 2)::regress_rti_more::regress_rti_derived::regress_rti_base;
select (1, 2)::regress_rti_more::regress_rti_derived::regress_rti_base, pg_typeof((1, 2)::regress_rti_more::regress_rti_base);
select d::regress_rti_base = row(0)::regress_rti_base from regress_rti_derived d;
drop table regress_rti_base cascade;
create table regress_rti_p1(ff1 int);
create table regress_rti_p2(f1 text);
create function regress_rti_p2text(regress_rti_p2) returns text as 'select $1.f1' language sql;
create table regress_rti_c1(f3 int) inherits(regress_rti_p1,regress_rti_p2);
insert into regress_rti_c1 values(123456789, 'hi', 42);
select regress_rti_p2text(regress_rti_c1.*) from regress_rti_c1;
select regress_rti_p2text(regress_rti_c1) from regress_rti_c1;
select (regress_rti_c1::regress_rti_p2).f1, regress_rti_c1::regress_rti_p1 from regress_rti_c1;
drop function regress_rti_p2text(regress_rti_p2);
drop table regress_rti_c1; drop table regress_rti_p2; drop table regress_rti_p1;
create table regress_rti_a (x int, y text);
create table regress_rti_b (z int, y text, x int) inherits (regress_rti_a);
insert into regress_rti_b values (1, 'one', 10);
select b::regress_rti_a, (b::regress_rti_a).y from regress_rti_b b;
select * from regress_rti_a a where a = (select b::regress_rti_a from regress_rti_b b);
select regress_rti_a::regress_rti_b from regress_rti_a;
drop table regress_rti_a cascade;
