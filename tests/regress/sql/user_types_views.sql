-- Views over domain, enum, composite and range columns: results and pg_get_viewdef
-- (plain and pretty) with domain casts and field selection.
DROP SCHEMA IF EXISTS regress_v1 CASCADE;
create schema regress_v1;
set search_path = regress_v1;
create domain posint as int check (value > 0);
create type mood as enum ('a','b');
create type pair as (a int, b text);
create table t (p posint, m mood, c pair, r int4range);
insert into t values (1, 'a', '(1,x)', '[1,3)');
create view v as select p, p + 1 as q, 5::posint as five, m, 'b'::mood as bm, (c).a, c, r * int4range(2,5) as rr, r @> 2 as has from t where m = 'a';
select * from v;
select pg_get_viewdef('v'::regclass, true);
select pg_get_viewdef('v'::regclass);
reset search_path;
drop schema regress_v1 cascade;
