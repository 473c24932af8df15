-- Range partition bounds: every datum after MINVALUE must be MINVALUE, and after MAXVALUE
-- MAXVALUE (42804 at the first that is not); a routed row that a leaf partition's
-- BEFORE ROW trigger moves out of the partition violates its partition constraint;
-- a rule's multi-row VALUES may assign subscripts and fields of its target's columns.
create table regress_pbi (a int, b int, c int) partition by range (a, b, c);
create table regress_pbi0 partition of regress_pbi for values from (minvalue, 0, 0) to (1, maxvalue, maxvalue);
create table regress_pbi2 partition of regress_pbi for values from (10, 6, minvalue) to (10, maxvalue, minvalue);
create table regress_pbi4 partition of regress_pbi for values from (21, minvalue, 0) to (30, 20, minvalue);
create table regress_pbi0 partition of regress_pbi for values from (minvalue, minvalue, minvalue) to (1, maxvalue, maxvalue);
create table regress_pbi2 partition of regress_pbi for values from (10, 6, minvalue) to (10, maxvalue, maxvalue);
create table regress_pbi5 partition of regress_pbi for values from (30, null, minvalue) to (40, maxvalue, maxvalue);
select pg_get_expr(relpartbound, oid) from pg_class where relname like 'regress_pbi_' order by relname;
drop table regress_pbi;
create table regress_pbt (a int, b text) partition by list (a);
create table regress_pbt1 partition of regress_pbt for values in (1);
create table regress_pbt2 partition of regress_pbt for values in (2);
create function regress_pbt_trig() returns trigger as $$ begin new.a := 2; return new; end $$ language plpgsql;
create trigger regress_pbt_t before insert on regress_pbt1 for each row execute procedure regress_pbt_trig();
insert into regress_pbt values (1, 'hi there');
insert into regress_pbt values (2, 'two');
insert into regress_pbt1 values (1, 'direct');
select tableoid::regclass, * from regress_pbt order by a;
drop table regress_pbt;
drop function regress_pbt_trig();
create type regress_pbr_type as (if1 int, if2 text[]);
create table regress_pbr (f3 regress_pbr_type, f4 regress_pbr_type[]);
create table regress_pbr2 (f1 bigint, f2 text);
create rule regress_pbr_rule as on insert to regress_pbr2 do also
  insert into regress_pbr (f4[1].if1, f4[1].if2[2]) values (1, 'fool'), (new.f1, new.f2);
insert into regress_pbr2 values (5, 'five');
select * from regress_pbr order by 1, 2;
drop table regress_pbr2;
drop table regress_pbr;
drop type regress_pbr_type;
