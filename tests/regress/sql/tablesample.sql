-- compare explain text
-- TABLESAMPLE SYSTEM / BERNOULLI: the rows a REPEATABLE seed chooses (PostgreSQL's hash
-- of block / line pointer and seed), EXPLAIN's Sample Scan (costs, Sampling line in
-- every format), the errors of analysis and of the scan, re-scans under LATERAL,
-- inheritance and partitions, views printed back. Compared with PostgreSQL 15.
DROP TABLE IF EXISTS ts_t, ts_big, ts_parted, ts_parent, ts_child, ts_i, ts_e, ts_k CASCADE;
CREATE TABLE ts_t (id int, name text) WITH (fillfactor = 10);
INSERT INTO ts_t SELECT i, repeat(i::text, 200) FROM generate_series(0, 19) s(i);
CREATE TABLE ts_big AS SELECT g AS a, g % 7 AS b FROM generate_series(1, 3000) g;
-- rows chosen by a seed, before and after some are deleted
SELECT id FROM ts_t TABLESAMPLE SYSTEM (50) REPEATABLE (0);
SELECT id FROM ts_t AS t TABLESAMPLE BERNOULLI (50) REPEATABLE (0);
SELECT id FROM ts_t TABLESAMPLE SYSTEM (100.0/11) REPEATABLE (0);
SELECT id FROM ts_t TABLESAMPLE BERNOULLI (5.5) REPEATABLE (-1.25);
SELECT count(*), sum(a) FROM ts_big TABLESAMPLE SYSTEM (20) REPEATABLE (42);
SELECT count(*), sum(a) FROM ts_big TABLESAMPLE BERNOULLI (3) REPEATABLE (7);
SELECT a FROM ts_big TABLESAMPLE BERNOULLI (0.5) REPEATABLE ('123.5');
SELECT count(*) FROM ts_big TABLESAMPLE SYSTEM (100);
SELECT count(*) FROM ts_big TABLESAMPLE BERNOULLI (0);
SELECT count(*) FROM ts_big TABLESAMPLE SYSTEM (1e-10) REPEATABLE (1);
DELETE FROM ts_big WHERE a % 3 = 0;
SELECT count(*), sum(a) FROM ts_big TABLESAMPLE BERNOULLI (3) REPEATABLE (7);
SELECT ctid, a FROM ts_big TABLESAMPLE SYSTEM (10) REPEATABLE (5) WHERE b = 2 ORDER BY a LIMIT 5;
-- a parameter, a prepared statement
PREPARE ts_p(real, float8) AS
  SELECT count(*) FROM ts_big TABLESAMPLE BERNOULLI ($1) REPEATABLE ($2);
EXECUTE ts_p(10, 1);
EXECUTE ts_p(10, NULL);
DEALLOCATE ts_p;
-- EXPLAIN
EXPLAIN SELECT id FROM ts_t TABLESAMPLE SYSTEM (50) REPEATABLE (2);
EXPLAIN SELECT id FROM ts_t TABLESAMPLE BERNOULLI (50);
EXPLAIN VERBOSE SELECT id FROM ts_t TABLESAMPLE SYSTEM (50) REPEATABLE (2) WHERE id > 3;
EXPLAIN (COSTS OFF, FORMAT JSON) SELECT id FROM ts_t TABLESAMPLE BERNOULLI (50);
EXPLAIN (COSTS OFF, FORMAT YAML) SELECT id FROM ts_t TABLESAMPLE BERNOULLI (50) REPEATABLE (random());
VACUUM ANALYZE ts_big;
EXPLAIN SELECT * FROM ts_big TABLESAMPLE SYSTEM (10);
EXPLAIN SELECT * FROM ts_big TABLESAMPLE BERNOULLI (10) WHERE b = 3;
EXPLAIN SELECT * FROM ts_big TABLESAMPLE SYSTEM (a_percent()) ;
EXPLAIN SELECT * FROM ts_big TABLESAMPLE SYSTEM (200);
-- re-scans: the percentage from the outer row
SELECT * FROM (VALUES (0), (50), (100)) v(pct),
  LATERAL (SELECT count(*) FROM ts_big TABLESAMPLE BERNOULLI (pct) REPEATABLE (3)) ss;
SELECT * FROM (VALUES (0), (100)) v(pct),
  LATERAL (SELECT count(*) FROM ts_big TABLESAMPLE SYSTEM (pct)) ss;
EXPLAIN (COSTS OFF) SELECT pct, count(a) FROM (VALUES (0), (100)) v(pct),
  LATERAL (SELECT * FROM ts_big TABLESAMPLE BERNOULLI (pct)) ss GROUP BY pct;
-- inheritance and partitions
CREATE TABLE ts_parent (a int);
CREATE TABLE ts_child (b int) INHERITS (ts_parent);
INSERT INTO ts_parent SELECT g FROM generate_series(1, 300) g;
INSERT INTO ts_child SELECT g, g FROM generate_series(1, 300) g;
SELECT count(*) FROM ts_parent TABLESAMPLE BERNOULLI (30) REPEATABLE (9);
SELECT count(*) FROM ONLY ts_parent TABLESAMPLE BERNOULLI (30) REPEATABLE (9);
EXPLAIN (COSTS OFF) SELECT * FROM ts_parent TABLESAMPLE SYSTEM (30);
CREATE TABLE ts_parted (a int) PARTITION BY LIST (a);
CREATE TABLE ts_parted_1 PARTITION OF ts_parted FOR VALUES IN (1);
CREATE TABLE ts_parted_2 PARTITION OF ts_parted FOR VALUES IN (2);
INSERT INTO ts_parted SELECT 1 + g % 2 FROM generate_series(1, 500) g;
SELECT a, count(*) FROM ts_parted TABLESAMPLE BERNOULLI (40) REPEATABLE (4) GROUP BY a ORDER BY a;
EXPLAIN (COSTS OFF) SELECT * FROM ts_parted TABLESAMPLE BERNOULLI (100);
-- a materialized view, a scrollable cursor
CREATE MATERIALIZED VIEW ts_mv AS SELECT * FROM ts_t;
SELECT id FROM ts_mv TABLESAMPLE SYSTEM (50) REPEATABLE (0);
BEGIN;
DECLARE ts_cur SCROLL CURSOR FOR SELECT id FROM ts_t TABLESAMPLE SYSTEM (50) REPEATABLE (0);
FETCH 3 FROM ts_cur;
FETCH BACKWARD 2 FROM ts_cur;
FETCH FIRST FROM ts_cur;
COMMIT;
-- views print TABLESAMPLE back
CREATE VIEW ts_v1 AS SELECT id FROM ts_t TABLESAMPLE SYSTEM (10*2) REPEATABLE (2);
CREATE VIEW ts_v2 AS SELECT t.id FROM ts_t t TABLESAMPLE BERNOULLI ('5') REPEATABLE (1.5);
CREATE VIEW ts_v3 AS SELECT id FROM ONLY ts_t TABLESAMPLE pg_catalog.bernoulli (99);
SELECT pg_get_viewdef('ts_v1'), pg_get_viewdef('ts_v2', true), pg_get_viewdef('ts_v3');
SELECT * FROM ts_v1;
EXPLAIN (COSTS OFF) SELECT * FROM ts_v2;
INSERT INTO ts_v1 VALUES (1);
SELECT pg_relation_is_updatable('ts_v1'::regclass, false);
-- errors
SELECT id FROM ts_t TABLESAMPLE foobar (1);
SELECT id FROM ts_t TABLESAMPLE system_rows (1);
SELECT id FROM ts_t TABLESAMPLE abs (1);
SELECT id FROM ts_t TABLESAMPLE nosuchschema.system (1);
SELECT id FROM ts_t TABLESAMPLE SYSTEM (50, 1);
SELECT id FROM ts_t TABLESAMPLE BERNOULLI ('x');
SELECT id FROM ts_t TABLESAMPLE BERNOULLI (now());
SELECT id FROM ts_t TABLESAMPLE BERNOULLI (1) REPEATABLE (now());
SELECT id FROM ts_t t TABLESAMPLE BERNOULLI (t.id);
SELECT id FROM ts_big b, ts_t TABLESAMPLE BERNOULLI (b.a);
SELECT id FROM ts_t TABLESAMPLE BERNOULLI (sum(1));
SELECT id FROM ts_t TABLESAMPLE BERNOULLI (row_number() OVER ());
SELECT count(*) FROM ts_big TABLESAMPLE SYSTEM (generate_series(1, 2));
SELECT count(*) FROM ts_big TABLESAMPLE SYSTEM (abs(generate_series(1, 2)));
SELECT count(*) FROM ts_big TABLESAMPLE SYSTEM ((SELECT 0.1::real)) REPEATABLE ((SELECT 1));
-- the same placement rules for a function in FROM
SELECT * FROM generate_series(1, generate_series(1, 2));
SELECT * FROM generate_series(1, sum(1));
SELECT * FROM generate_series(1, row_number() OVER ());
SELECT * FROM ROWS FROM (generate_series(1, 2), generate_series(1, generate_series(1, 2)));
SELECT * FROM abs(generate_series(1, 2));
SELECT * FROM ROWS FROM (abs(generate_series(1, 2)), generate_series(1, 2));
SELECT * FROM generate_series(1, 2) g, abs(g) a;
SELECT * FROM ROWS FROM (generate_series(1, 2), upper('x')) r;
SELECT * FROM generate_series(1, 2)::bigint;
SELECT id FROM ts_t TABLESAMPLE SYSTEM (NULL);
SELECT id FROM ts_t TABLESAMPLE SYSTEM (50) REPEATABLE (NULL);
SELECT id FROM ts_t TABLESAMPLE BERNOULLI (-1);
SELECT id FROM ts_t TABLESAMPLE BERNOULLI (200);
SELECT id FROM ts_t TABLESAMPLE SYSTEM ('NaN');
SELECT id FROM ts_v1 TABLESAMPLE BERNOULLI (1);
WITH q AS (SELECT * FROM ts_t) SELECT * FROM q TABLESAMPLE BERNOULLI (5.5);
SELECT count(*) FROM ts_t TABLESAMPLE bernoulli (('1'::text < '0'::text)::int);
-- an indexed table: its Sample Scan is the only path (ORDER BY, joins, parallel joins,
-- UPDATE ... FROM); the estimates scale by the sampled tuples
create table ts_i (a int primary key, b int);
insert into ts_i select g, g % 10 from generate_series(1, 5000) g;
analyze ts_i;
explain select * from ts_i tablesample system (10) where a = 5;
explain select * from ts_i tablesample bernoulli (10) where a < 1000;
explain select * from ts_i tablesample bernoulli (10) where b = 3;
explain select * from ts_i tablesample bernoulli (10) repeatable (1) where a < 100 order by a;
select * from ts_i tablesample bernoulli (10) repeatable (1) where a < 100 order by a;
explain select * from ts_i x tablesample bernoulli (10) join ts_i y on x.a = y.a;
explain select * from ts_i x join ts_i y tablesample system (1) on x.a = y.a;
explain select * from ts_i x join ts_i y tablesample system (1) on x.b = y.a;
set parallel_setup_cost = 0; set parallel_tuple_cost = 0; set min_parallel_table_scan_size = 0;
explain select count(*) from ts_i tablesample bernoulli (50);
explain select count(*) from ts_i x tablesample bernoulli (50) join ts_i y using (a);
select count(*) from ts_i x tablesample bernoulli (50) repeatable (3) join ts_i y using (a);
reset parallel_setup_cost; reset parallel_tuple_cost; reset min_parallel_table_scan_size;
create table ts_e (a int);
explain select * from ts_e tablesample system (50);
explain select * from ts_e tablesample bernoulli (50);
prepare ts_q(real) as select count(*) from ts_i tablesample bernoulli ($1);
set plan_cache_mode = force_generic_plan;
explain execute ts_q(5);
reset plan_cache_mode;
deallocate ts_q;
begin;
select a from ts_i tablesample system (1) repeatable (8) order by a limit 3 for update;
update ts_i set b = -1 from ts_i s tablesample bernoulli (1) repeatable (2) where s.a = ts_i.a and s.a < 500 returning ts_i.a;
delete from ts_i using ts_i s tablesample system (2) repeatable (2) where s.a = ts_i.a and s.a < 800 returning ts_i.a;
declare c cursor for select * from ts_i tablesample system (3) repeatable (4);
fetch 2 from c;
update ts_i set b = 99 where current of c returning *;
rollback;
explain (analyze, costs off, timing off, summary off) select * from ts_i tablesample system (3) repeatable (4);
with w as (select * from ts_i tablesample bernoulli (1) repeatable (0)) select count(*) from w;
select count(*) from (select * from ts_i tablesample system (5) repeatable (1) where b = 3) s;
select (select count(*) from ts_i tablesample system (x) repeatable (1)) from (values (1::real), (5)) v(x);
explain (costs off) select (select count(*) from ts_i tablesample system (x) repeatable (1)) from (values (1::real), (5)) v(x);
-- min / max, a GiST ordering, grouping, semi and outer joins over a sampled table
create table ts_k (a int primary key, b int, p point);
insert into ts_k select g, g % 10, point(g, g) from generate_series(1, 5000) g;
create index on ts_k using gist (p);
analyze ts_k;
explain select min(a), max(a) from ts_k tablesample system (50);
select min(a), max(a) from ts_k tablesample system (50) repeatable (1);
explain select * from ts_k tablesample bernoulli (5) order by p <-> point(1,1) limit 3;
select a from ts_k tablesample bernoulli (5) repeatable (1) order by p <-> point(1,1) limit 3;
explain select distinct b from ts_k tablesample system (10);
explain select * from ts_k x left join ts_k y tablesample system (10) on x.a = y.a where x.a < 10;
explain select * from ts_k x where exists (select 1 from ts_k y tablesample system (10) where y.a = x.b);
explain select b, count(*) from ts_k tablesample bernoulli (20) group by b;
explain select * from ts_k tablesample system (10) where a in (select a from ts_k tablesample bernoulli (1));
explain select count(*) from ts_k tablesample system (50) where a between 10 and 100;
explain select count(*) from ts_k tablesample system (50) repeatable (1) union all select count(*) from ts_k tablesample bernoulli (50);
drop table ts_k;
-- SQL functions (their parameter in the percentage), a materialized view, a WITH query
create function ts_f(p real) returns bigint language sql as 'select count(*) from ts_big tablesample bernoulli (p) repeatable (1)';
select ts_f(10), ts_f(50);
create function ts_g(p real) returns setof ts_big language sql stable as 'select * from ts_big tablesample system (p) repeatable (2)';
select count(*) from ts_g(10);
explain (costs off) select count(*) from ts_g(10);
create materialized view ts_m as select a from ts_big tablesample system (5) repeatable (3);
refresh materialized view ts_m;
select count(*), sum(a) from ts_m;
with x as materialized (select * from ts_big tablesample bernoulli (1) repeatable (5)) select count(*) from x a, x b where a.a = b.a;
drop materialized view ts_m;
drop function ts_f(real), ts_g(real);
DROP VIEW ts_v1, ts_v2, ts_v3;
DROP MATERIALIZED VIEW ts_mv;
DROP TABLE ts_t, ts_big, ts_parted, ts_parent, ts_i, ts_e CASCADE;
