-- Float NaNs and arrays as keys of hashed SubPlans and Memoize: one NaN key, as
-- float equality has it; array values hashed.
DROP TABLE IF EXISTS regress_hkn_f, regress_hkn_g, regress_hkn_m, regress_hkn_n;
create table regress_hkn_f(a float8, arr int[]);
insert into regress_hkn_f values (1, '{1,2}'), ('NaN', '{3}'), ('NaN', null), (null, '{1,2}');
select a, a in (select a from regress_hkn_f) from regress_hkn_f order by a;
select a, a not in (select a from regress_hkn_f where a is not null) from regress_hkn_f order by a;
select arr, arr in (select arr from regress_hkn_f where arr is not null) from regress_hkn_f order by 1;
explain (costs off) select a, a in (select a from regress_hkn_f) from regress_hkn_f;
select 'NaN'::float8 in (select 'NaN'::float8), 'NaN'::float4 in (select 'NaN'::float4);
create table regress_hkn_g(k float8);
insert into regress_hkn_g select case when i % 2 = 0 then 'NaN'::float8 else 1 end from generate_series(1, 200) i;
create index on regress_hkn_f(a);
analyze regress_hkn_f; analyze regress_hkn_g;
set enable_hashjoin = off; set enable_mergejoin = off;
select count(*) from regress_hkn_g join lateral (select * from regress_hkn_f where regress_hkn_f.a = regress_hkn_g.k) s on true;
select count(*) from regress_hkn_g, regress_hkn_f where regress_hkn_f.a = regress_hkn_g.k;
reset enable_hashjoin; reset enable_mergejoin;
select a from regress_hkn_f where a not in (select a from regress_hkn_f where a > 5) order by a;
explain (costs off) select a from regress_hkn_f where a not in (select a from regress_hkn_f where a > 5);
select arr from regress_hkn_f where arr not in (select arr from regress_hkn_f where arr <> '{1,2}') order by 1;
set enable_hashjoin = off;
explain (costs off) select count(*) from regress_hkn_g, regress_hkn_f where regress_hkn_f.a = regress_hkn_g.k;
reset enable_hashjoin;
DROP TABLE regress_hkn_f, regress_hkn_g;
-- Memoize over an index scan keyed by a float with many NaNs
create table regress_hkn_n(k float8);
insert into regress_hkn_n select case when i % 3 = 0 then 'NaN'::float8 else i % 5 end from generate_series(1, 1000) i;
create table regress_hkn_m(a float8, b int);
insert into regress_hkn_m select case when i % 50 = 0 then 'NaN'::float8 else i end, i from generate_series(1, 10000) i;
create index on regress_hkn_m(a);
analyze regress_hkn_m; analyze regress_hkn_n;
set enable_hashjoin = off; set enable_mergejoin = off;
explain (costs off) select count(*), sum(b) from regress_hkn_n, regress_hkn_m where regress_hkn_m.a = regress_hkn_n.k;
select count(*), sum(b) from regress_hkn_n, regress_hkn_m where regress_hkn_m.a = regress_hkn_n.k;
explain (costs off) select count(*), sum(b) from regress_hkn_n join lateral (select b from regress_hkn_m where regress_hkn_m.a = regress_hkn_n.k offset 0) s on true;
select count(*), sum(b) from regress_hkn_n join lateral (select b from regress_hkn_m where regress_hkn_m.a = regress_hkn_n.k offset 0) s on true;
drop table regress_hkn_m, regress_hkn_n;
