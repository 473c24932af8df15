-- Indexes built with user-defined B-tree / hash operator classes (an int4 class ordering
-- by absolute value): built, searched, UNIQUE-checked and hashed by the class's support
-- function (access/nbtree/key_comparison.py support_function_key, access/hash).
CREATE FUNCTION opi_abs_lt(int4,int4) returns bool language plpgsql immutable as 'begin return abs($1) < abs($2); end';
CREATE FUNCTION opi_abs_le(int4,int4) returns bool language plpgsql immutable as 'begin return abs($1) <= abs($2); end';
CREATE FUNCTION opi_abs_eq(int4,int4) returns bool language plpgsql immutable as 'begin return abs($1) = abs($2); end';
CREATE FUNCTION opi_abs_ge(int4,int4) returns bool language plpgsql immutable as 'begin return abs($1) >= abs($2); end';
CREATE FUNCTION opi_abs_gt(int4,int4) returns bool language plpgsql immutable as 'begin return abs($1) > abs($2); end';
CREATE FUNCTION opi_abs_cmp(int4,int4) returns int language plpgsql immutable as 'begin return btint4cmp(abs($1),abs($2)); end';
CREATE FUNCTION opi_abs_hash(int4) returns int language plpgsql immutable as 'begin return hashint4(abs($1)); end';
create operator <<< (leftarg=int4, rightarg=int4, function=opi_abs_lt);
create operator <<<= (leftarg=int4, rightarg=int4, function=opi_abs_le);
create operator ==== (leftarg=int4, rightarg=int4, function=opi_abs_eq, hashes, merges);
create operator >>>= (leftarg=int4, rightarg=int4, function=opi_abs_ge);
create operator >>> (leftarg=int4, rightarg=int4, function=opi_abs_gt);
create operator class opi_abs_ops for type int4 using btree as operator 1 <<<, operator 2 <<<=, operator 3 ====, operator 4 >>>=, operator 5 >>>, function 1 opi_abs_cmp(int4,int4);
create operator class opi_abs_hash_ops for type int4 using hash as operator 1 ====, function 1 opi_abs_hash(int4);
create table opi_t (a int4, b int4);
insert into opi_t select g, g % 7 from generate_series(-300,300) g;
create index opi_t_abs on opi_t (a opi_abs_ops);
analyze opi_t;
set enable_seqscan = off;
set enable_bitmapscan = off;
explain (costs off) select * from opi_t where a ==== 5;
select * from opi_t where a ==== 5 order by a;
select a from opi_t where a <<< 3 order by a;
select a from opi_t where a >>>= 298 order by a;
select * from opi_t where a ==== 500;
insert into opi_t values (-500, 0);
select * from opi_t where a ==== 500;
drop index opi_t_abs;
create index opi_t_hash on opi_t using hash (a opi_abs_hash_ops);
explain (costs off) select * from opi_t where a ==== 7;
select * from opi_t where a ==== 7 order by a;
select * from opi_t where a ==== -500;
drop index opi_t_hash;
delete from opi_t where a < 0;
create unique index opi_t_abs_u on opi_t (a opi_abs_ops);
insert into opi_t values (-5, 1);
insert into opi_t values (400, 1), (-400, 1);
select count(*) from opi_t;

-- an operator added to the family after a plan was made is used by the next one
create table opi_h (a int4);
insert into opi_h select g from generate_series(1, 100) g;
create operator family opi_hf using hash;
create operator class opi_hc for type int4 using hash family opi_hf as function 1 hashint4(int4);
create index on opi_h using hash (a opi_hc);
explain (costs off) select * from opi_h where a = 5;
alter operator family opi_hf using hash add operator 1 = (int4, int4);
explain (costs off) select * from opi_h where a = 5;
select * from opi_h where a = 5;
drop table opi_h;
drop operator family opi_hf using hash;
-- a two-column index, and ORDER BY the column's default order is not the index's
create index opi_t_ab on opi_t (b, a opi_abs_ops);
set enable_sort = off;
explain (costs off) select a from opi_t where b = 3 and a >>> 290 order by b;
select a from opi_t where b = 3 and a >>> 290 order by a;
explain (costs off) select a from opi_t order by a limit 3;
select a from opi_t order by a limit 3;
reset enable_sort;
reset enable_seqscan;
reset enable_bitmapscan;
-- a hash-partitioned table keyed by the hash class: without, then with its extended
-- hash function (support function 2)
create table opi_p (a int4) partition by hash (a opi_abs_hash_ops);
create table opi_p0 partition of opi_p for values with (modulus 2, remainder 0);
CREATE FUNCTION opi_abs_hash_ext(int4, int8) returns int8 language plpgsql immutable as
  'begin return hashint4extended(abs($1), $2); end';
alter operator family opi_abs_hash_ops using hash add function 2 opi_abs_hash_ext(int4, int8);
create table opi_p0 partition of opi_p for values with (modulus 2, remainder 0);
create table opi_p1 partition of opi_p for values with (modulus 2, remainder 1);
insert into opi_p select g from generate_series(-20, 20) g;
select tableoid::regclass, count(*) from opi_p group by 1 order by 1;
select tableoid::regclass, a from opi_p where a ==== 7 order by 2;
select pg_get_partkeydef('opi_p'::regclass);
drop table opi_p;
-- ... and ORDER BY ... USING its operators reads it in order (forward, backward)
create index opi_t_abs2 on opi_t (a opi_abs_ops);
set enable_seqscan = off;
set enable_bitmapscan = off;
explain (costs off) select a from opi_t order by a using <<< limit 3;
select a from opi_t where a ==== 3 order by a using <<<;
select a from opi_t order by a using >>> limit 3;
explain (costs off) select a from opi_t where a <<< 4 order by a using >>>;
select a from opi_t where a <<< 4 order by a using >>>;
explain (costs off) select a from opi_t where a <<< 4 order by a using <<< nulls first;
drop index opi_t_abs2;
reset enable_seqscan;
reset enable_bitmapscan;
-- ORDER BY ... USING the class's operators sorts by its support function
create table opi_s (a int4, b int4);
insert into opi_s select g, -g from generate_series(-6, 6) g;
insert into opi_s values (null, 0);
explain (costs off) select a from opi_s order by a using <<<;
explain (costs off) select a from opi_s order by a using >>> nulls last, b;
explain (costs off) select a from opi_s order by a using <<< nulls first, b desc;
select a, b from opi_s order by a using <<<, b;
select a, b from opi_s order by a using >>> nulls last, b;
select a, b from opi_s order by a using <<< nulls first, b desc limit 4;
select a, b from opi_s where a <<< 3 order by a using >>>, b;
-- an outer query does not take the inner order for the type's own
select * from (select a from opi_s order by a using <<<, b offset 0) s order by a;
select a from (select a, b from opi_s order by a using <<<, b offset 0) s;
select * from opi_s t1 join opi_s t2 on t1.a = t2.b order by t1.a using >>>, t1.b limit 4;
drop table opi_s;
-- range and list partition keys with the B-tree class: bounds ordered by it, rows
-- routed by it, and the type's own operators prune nothing
create table opi_rp (a int4) partition by range (a opi_abs_ops);
create table opi_rp1 partition of opi_rp for values from (0) to (10);
create table opi_rp2 partition of opi_rp for values from (10) to (20);
create table opi_rp3 partition of opi_rp for values from (5) to (15);
insert into opi_rp select g from generate_series(-19, 19) g;
select tableoid::regclass, count(*), min(a), max(a) from opi_rp group by 1 order by 1;
insert into opi_rp values (25);
select tableoid::regclass, a from opi_rp where a = -15;
select tableoid::regclass, a from opi_rp where a ==== 12 order by 2;
explain (costs off) select * from opi_rp where a = -3;
explain (costs off) select * from opi_rp where a in (-3, 4);
explain (costs off) select * from opi_rp where a is null;
prepare opi_q(int4) as select * from opi_rp where a = $1;
set plan_cache_mode = force_generic_plan;
explain (costs off) execute opi_q(-15);
execute opi_q(-15);
deallocate opi_q;
reset plan_cache_mode;
drop table opi_rp;
create table opi_lp (a int4) partition by list (a opi_abs_ops);
create table opi_lp1 partition of opi_lp for values in (1, 2);
create table opi_lp2 partition of opi_lp for values in (-2);
create table opi_lp3 partition of opi_lp for values in (3, -3);
insert into opi_lp values (-1), (2), (-2);
select tableoid::regclass, a from opi_lp order by 2;
drop table opi_lp;
create operator class opi_abs_nocmp for type int4 using btree as operator 1 <<<;
create table opi_rp (a int4) partition by range (a opi_abs_nocmp);
create table opi_rp1 partition of opi_rp for values from (0) to (10);
drop table opi_rp;
drop operator family opi_abs_nocmp using btree;
drop table opi_t;
drop operator family opi_abs_ops using btree;
drop operator family opi_abs_hash_ops using hash;
drop operator <<< (int4, int4);
drop operator <<<= (int4, int4);
drop operator ==== (int4, int4);
drop operator >>>= (int4, int4);
drop operator >>> (int4, int4);
drop function opi_abs_lt(int4, int4), opi_abs_le(int4, int4), opi_abs_eq(int4, int4),
  opi_abs_ge(int4, int4), opi_abs_gt(int4, int4), opi_abs_cmp(int4, int4), opi_abs_hash(int4),
  opi_abs_hash_ext(int4, int8);
