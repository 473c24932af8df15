-- What expressions cost in EXPLAIN: SELECT-list operators, casts and SubPlans charged to
-- the node that computes them, SubPlan clauses' selectivity, a value known only at run
-- time against statistics, and a correlated EXISTS planned both as a SubPlan and as a
-- hashed IN, whichever is cheaper for the rows evaluating it.
-- compare explain text
create table pce_a(a int, b int, c text);
insert into pce_a select g, g % 10, 'x' || g from generate_series(1, 1000) g;
create table pce_b(a int primary key, d int);
insert into pce_b select g, g % 7 from generate_series(1, 500) g;
analyze pce_a;
analyze pce_b;
-- the SELECT list's expressions: on the scan, below a Sort, on the Agg
explain select a + 1, b * 2 from pce_a;
explain select a + 1 from pce_a order by b;
explain select a + 1 from pce_a order by a + 1;
explain select a + 1 from pce_a order by b limit 5;
explain select a + 1 from pce_a limit 3;
explain select upper(c) from pce_a where a < 100;
explain select a::text || c from pce_a;
explain select coalesce(a, 0), case when b > 5 then 'x' else 'y' end from pce_a;
explain select pce_a.a + pce_b.d from pce_a join pce_b on pce_a.a = pce_b.a;
explain select pce_a.a + pce_b.d from pce_a join pce_b on pce_a.a = pce_b.a order by 1;
explain select lc.a + coalesce(pce_b.d, 0) from pce_a lc left join pce_b on lc.a = pce_b.a;
explain select count(*) + 1 from pce_a;
explain select sum(a + 1), b from pce_a group by b;
explain select b, count(*) from pce_a group by b having count(*) > 5;
explain select b + 1, count(*) from pce_a group by b + 1;
explain select distinct a + b from pce_a;
explain select distinct b + 1 from pce_a order by 1;
explain select distinct on (b) a + 1, b from pce_a order by b, a;
explain select a * 2, row_number() over (order by b) from pce_a;
explain update pce_a set a = a + 1 where b = 3;
-- SubPlans: per outer row, hashed, in quals and in the SELECT list
explain select a from pce_a where a > (select max(b) from pce_a x where x.b = pce_a.b);
explain select a, (select count(*) from pce_a x where x.b = pce_a.a) from pce_a;
explain select a, (select d from pce_b where pce_b.a = pce_a.a) from pce_a;
explain select a from pce_a where a in (select b from pce_a) or b = 3;
explain select a from pce_a where a not in (select a from pce_b);
explain select a from pce_a where (select count(*) from pce_b where pce_b.d = pce_a.b) > 3;
explain select a from pce_a where b = (select max(d) from pce_b);
-- a hash clause's sides are evaluated at every probe
explain select * from pce_a where a in (select a + 1 from pce_b where d = 3);
-- a correlated EXISTS that cannot become a semi join: SubPlan or hashed IN
explain select a from pce_a where exists (select 1 from pce_b where pce_b.d = pce_a.b) or a = 1;
explain select a from pce_a where exists (select 1 from pce_a x where x.b = pce_a.a and x.a > 5) or b = 3;
explain select exists (select 1 from pce_b where pce_b.a = pce_a.a) from pce_a;
explain select a, exists (select 1 from pce_b where pce_b.d = pce_a.b and pce_b.a > 5),
  (select 1 from pce_b limit 1) from pce_a;
-- no row can pass: a 0-wide Result
explain select * from pce_a where false;
explain select a, b from pce_a where a > 1 and false;
drop table pce_a;
drop table pce_b;
-- a function call costs its procost (PL/pgSQL and SQL functions: 100 by default)
create table pce_f(a int, b text);
insert into pce_f select g, 'x' || g from generate_series(1, 1000) g;
analyze pce_f;
create function pce_plpgsql(int) returns bool language plpgsql as $$ begin return $1 > 5; end $$;
create function pce_cost7(int) returns bool language plpgsql cost 7 as $$ begin return $1 > 5; end $$;
explain select * from pce_f where pce_plpgsql(a);
explain select * from pce_f where pce_cost7(a) and a > 3;
explain select pce_plpgsql(a), upper(b), length(b) from pce_f;
drop function pce_plpgsql(int);
drop function pce_cost7(int);
drop table pce_f;
-- the two forms agree on NULLs: EXISTS is never NULL
create table pce_c(id int, c int);
create table pce_d(k int, x int);
insert into pce_c values (1, 1), (2, 2), (3, null), (4, 5), (5, 7);
insert into pce_d values (1, 10), (2, 3), (null, 9), (5, 1), (7, 20);
select id, exists (select 1 from pce_d where pce_d.k = pce_c.c) from pce_c order by id;
select id, exists (select 1 from pce_d where pce_d.k = pce_c.c and pce_d.x > 5) from pce_c order by id;
select id from pce_c where exists (select 1 from pce_d where pce_d.k = pce_c.c) or id = 3 order by id;
select id from pce_c where not exists (select 1 from pce_d where pce_c.c = pce_d.k and x < 15) or id = 1 order by id;
select id, not exists (select 1 from pce_d where pce_d.k = pce_c.c) from pce_c order by id;
explain (costs off) select id, exists (select 1 from pce_d where pce_d.k = pce_c.c) from pce_c;
explain (costs off) select id from pce_c where exists (select 1 from pce_d where pce_d.k = pce_c.c) or id = 3;
drop table pce_c;
drop table pce_d;
-- an anti join's inner-only quals go to the inner scan: its columns are not output
create table pce_t(a int, b int, c text);
create table pce_u(a int, d int);
insert into pce_t select g, g % 10, 'x' from generate_series(1, 500) g;
insert into pce_u select g % 300, g from generate_series(1, 1000) g;
analyze pce_t;
analyze pce_u;
explain select * from pce_t t where not exists (select 1 from pce_u u where u.a = t.a and u.d > 10);
explain select * from pce_t t where not exists (select 1 from pce_u u where u.a = t.a and t.b > 3);
select count(*) from pce_t t where not exists (select 1 from pce_u u where u.a = t.a and t.b > 3);
explain select * from pce_t t left join pce_u u on u.a = t.a and u.d > 10 where u.a is null;
drop table pce_t;
drop table pce_u;
-- casts: a domain's value is its base type's; a typmod adds a length coercion
create domain pce_dom as int check (value > 0);
create table pce_c2 (a pce_dom, e text);
insert into pce_c2 select g, 'e' from generate_series(1, 500) g;
explain select * from pce_c2 where a < 10;
explain select a + 1 from pce_c2;
explain select a::text from pce_c2;
explain select e::varchar(3) from pce_c2;
drop table pce_c2;
drop domain pce_dom;
-- trees of tables: an inheritance parent at its real size; UPDATE / DELETE through a
-- tree return ctid and tableoid per row, new values from the scans (partitions) or a
-- Result above the Append (inheritance)
create table pce_ip (a int not null default 5, b text);
create table pce_iq (a int, c text);
create table pce_ic (a int, d int) inherits (pce_ip, pce_iq);
create table pce_ic2 (b text, e int, a int) inherits (pce_ip);
insert into pce_ip values (1, 'p');
insert into pce_ic values (2, 'c', 'cc', 20);
insert into pce_ic2 values (3, 'c2', 30);
explain select * from pce_ip where a = 1;
explain select * from only pce_ip;
explain select * from pce_iq;
explain update pce_ip set b = 'x';
explain update pce_ip set b = b || 'y' where a > 3;
explain update pce_ip set a = a + 1;
explain delete from pce_ip where a = 1;
drop table pce_ip, pce_iq cascade;
create table pce_pt (a int, b text, c int) partition by range (a);
create table pce_pt1 partition of pce_pt for values from (0) to (100);
create table pce_pt2 partition of pce_pt for values from (100) to (200);
explain update pce_pt set b = 'x';
explain update pce_pt set b = b || 'y', c = c + 1 where a > 5;
explain delete from pce_pt where a = 1 or a = 150;
drop table pce_pt;
-- = ANY (NULL) selects nothing and scans once; a dummy FROM item is 0 wide, a dummy join not
create table pce_rx (id int primary key, a int, b text);
insert into pce_rx select g, g % 50, 'x' from generate_series(1, 2000) g;
analyze pce_rx;
explain select * from pce_rx where id = any (null::int[]);
explain select * from pce_rx where a = any (null::int[]);
explain select * from pce_rx where a <> all (null::int[]);
explain select * from pce_rx r1 join pce_rx r2 on r1.a = r2.id where 1 = 2;
explain select * from (select a from pce_rx offset 0) s where false;
explain select count(*) from pce_rx where false;
drop table pce_rx;
-- of two equally cheap indexes the newer is used (PostgreSQL lists indexes newest first)
create table pce_xe (id int, email text, name text);
insert into pce_xe select g, 'u' || g || '@x', 'n' || g from generate_series(1, 100) g;
create index pce_xe_email on pce_xe (lower(email));
create index pce_xe_mixed on pce_xe (lower(email), name);
analyze pce_xe;
explain select * from pce_xe where lower(email) = 'u5@x';
create index pce_xe_e2 on pce_xe (lower(email));
explain select * from pce_xe where lower(email) = 'u5@x';
create table pce_xt (a int, b int);
insert into pce_xt select g, g from generate_series(1, 1000) g;
create index pce_xt_a1 on pce_xt (a);
create index pce_xt_a2 on pce_xt (a);
analyze pce_xt;
explain select * from pce_xt where a = 5;
explain select * from pce_xt where a < 50;
drop table pce_xe, pce_xt;
-- array coercions cost their element coercion per (estimated) element
create table pce_ac (v varchar[], w int[]);
insert into pce_ac select array['a' || g, 'b'], array[g] from generate_series(1, 2000) g;
explain select v::text[] from pce_ac;
explain select w::bigint[] from pce_ac;
explain select w::text[] from pce_ac;
drop table pce_ac;
