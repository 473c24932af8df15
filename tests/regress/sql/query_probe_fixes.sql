-- small differences the PostgreSQL regression files showed (session 10): each block says what
-- DISTINCT / ORDER BY on a function that does not exist: 42883 first
select nosuchagg(distinct 1, 2);
select nosuchagg(1 order by 1);
select abs(distinct 1);
select lower('a' order by 1);
select count(distinct 1, 2);

-- subscripts of point, lseg, box and line (fixed-length arrays): read, assign, errors
create table pt (f1 point, l lseg, b box, n line);
insert into pt values (null, '(1,2),(3,4)', '(1,2),(3,4)', '{1,2,3}'), ('(10,10)', null, null, null);
update pt set f1[0] = 10 where f1 is null returning *;
insert into pt(f1[0]) values(0) returning *;
update pt set f1[0] = null where f1::text = '(10,10)' returning *;
update pt set f1[0] = -10, f1[1] = -10 where f1::text = '(10,10)' returning *;
update pt set f1[3] = 10 where f1::text = '(-10,-10)' returning *;
update pt set l[0] = '(7,7)', b[1] = '(0,0)', n[2] = 9 where l is not null returning *;
select f1[0], f1[1], f1[-1], l[0], b[1], l[0][1], n[2], pg_typeof(f1[0]), pg_typeof(b[0]) from pt order by 1;
select f1[1.5] from pt order by 1 limit 1;
select f1['1'] from pt order by 1 limit 1;
select f1[0:1] from pt;
select f1[:] from pt;
select f1[null] from pt limit 1;
drop table pt;

-- subscripts of a domain over an array: read, INSERT (col[i]), UPDATE SET col[i], its check
create domain dpi as int[] check (value[1] > 0);
create table dt (f1 int, f2 dpi);
insert into dt (f2[1], f2[2]) values (1, 2);
insert into dt (f2[1], f2[2]) values (0, 2);
insert into dt (f2[1], f2[2]) values (3, 4), (0, 6);
insert into dt (f2[1], f2[2]) select 0, 8;
insert into dt (f2[1], f2[2]) values (1, default);
update dt set f2[2] = 9 returning *;
update dt set f2[1] = -1;
select f2[1], f2[2:2], pg_typeof(f2[1]), pg_typeof(f2[1:1]) from dt;
select (f2)[1] from dt;
drop table dt;
drop domain dpi;

-- UPDATE SET (a, b) = ROW(v.*); xid8 -> xid (the explicit cast and xid(xid8))
create table ut (a int, b int, c text);
insert into ut values (1, 2, 'x');
update ut set (a, b) = row(v.*) from (values (21, 100)) as v(i, j) returning *;
update ut set (c, a, b) = row('y', v.*) from (values (5, 6)) as v(i, j) returning *;
update ut set (a, b) = row(v.*) from (values (1, 2, 3)) as v(i, j, k);
select pg_current_xact_id()::xid = xid(pg_current_xact_id()) as same, pg_typeof(pg_current_xact_id()::xid), '4294967297'::xid8::xid;
select 1::xid8::xid;
drop table ut;

-- fields of a ROW(...) a FROM subquery or WITH query selects: (r).f1, (r).*
select (r).f1, (r).f2 from (select row(1, 2.0) as r) ss;
select (r).f1 from (select row(1, 2.0) as r) ss where (r).f2 > 1;
with c as (select row(1, 'a'::text) as r) select (r).f2, (r).* from c;
select (r).f3 from (select row(1, 2.0) as r) ss;
select (r).* from (select row(1, 2.0) as r) ss;
select (s.r).f1 from (select r from (select row(7, 8) as r) i) s;
create table rt1 (a int, b text);
insert into rt1 values (1, 'x');
select (w).a, (w).b from (select rt1 as w from rt1) ss;
select (f).* from (select (select rt1 from rt1 limit 1) as f) ss;
drop table rt1;

-- RETURNING WITH (OLD / NEW AS ...) is not PostgreSQL 15's: 42601 at WITH
create table rw (a int, b text);
insert into rw default values returning with (new as n) *;
update rw set a = 1 returning with (old as o, new as n) o.a, n.a;
delete from rw returning with (old as o) *;
drop table rw;

-- DISTINCT with ORDER BY: keys matched against the arguments as written (before coercion)
create table va (f1 varchar(10), n int);
insert into va values ('a', 1), ('b', 2), ('a', 3);
select string_agg(distinct f1, ',' order by f1) from va;
select string_agg(distinct f1, ',' order by f1::text) from va;
select string_agg(distinct f1::text, ',' order by f1::text) from va;
select array_agg(distinct n order by n desc) from va;
select array_agg(distinct n::int8 order by n) from va;
select string_agg(distinct 'x', ',' order by 'x') from va;
select sum(distinct n order by n + 1) from va;
drop table va;

-- SQL functions returning a composite from one column of that type (SELECT row(...)::t)
create table i8t (q1 int8, q2 int8);
create function mk8(bigint, bigint) returns i8t as $$select row($1,$2)::i8t$$ language sql;
select * from mk8(1,2);
select (mk8(3,4)).q2;
create function mk8s(bigint) returns setof i8t as $$select row(g, g * 10)::i8t from generate_series(1, $1) g$$ language sql;
select * from mk8s(3);
create function mk8n() returns i8t as $$select null::i8t$$ language sql;
select * from mk8n();
select mk8n() is null;
drop function mk8, mk8s, mk8n;
drop table i8t;

-- a WITH query reading the enclosing row (VALUES (outer column)) inside a scalar subquery: computed per row
create table i4 (f1 int);
insert into i4 values (1), (2), (3);
select ( with cte(foo) as ( values(f1) ) select (select foo from cte) ) from i4;
select ( with cte(foo) as ( values(f1) ) values((select foo from cte)) ) from i4;
select ( with cte(foo) as ( select f1 ) select foo from cte ) from i4;
drop table i4;

-- max / min over arrays (array_larger / array_smaller)
create table arragg (f1 int[], f2 text[]);
insert into arragg values ('{1,2,3,4}', '{a,b}'), ('{1,2,3}', '{c}'), (null, null), ('{4,2,6}', '{a,b,c}'), ('{}', '{}'), ('{1,null}', '{null}');
select max(f1), min(f1), max(f2), min(f2) from arragg;
select max(f1) from arragg where f1 is null;
select min(f1), pg_typeof(min(f1)) from arragg group by (f1 is null) order by 1;
drop table arragg;

-- PostgreSQL 17 / 18 syntax (MERGE WHEN NOT MATCHED BY ..., RETURNING WITH) refused where 15's grammar stops
create table mt (tid int, balance int);
create table ms (sid int, delta int);
merge into mt t using ms s on t.tid = s.sid when not matched by source then insert default values;
merge into mt t using ms s on t.tid = s.sid when not matched by target then update set balance = 0;
merge into mt t using ms s on t.tid = s.sid when not matched by source then delete;
insert into mt values (1, 2) returning with (nonsuch as something) *;
select 'not matched by' as x;
drop table mt, ms;

-- EXECUTE's arguments must convert to the parameter types as assignments (42804 with hint)
prepare qq(float8, int) as select $1, $2;
execute qq(false, 1);
execute qq(1.5, 2.7);
execute qq(1, '2');
execute qq(1::int8, 2::numeric);
execute qq(now()::date, 1);
prepare qd(date, text[]) as select $1, $2;
execute qd('2020-01-01', array['a']);
execute qd(current_date, array[1, 2]);
deallocate qq;
deallocate qd;

-- INSERT with more target columns than values: the error points at the first column left over
create table itc (col1 int, col2 int, col3 int);
insert into itc (col1, col2, col3) values (default, default);
insert into itc (col1, col2, col3) values (1, 2);
insert into itc (col1, col2, col3) values (1, 2), (3, 4);
insert into itc (col1, col2, col3) select 1, 2;
insert into itc (col1, col2) values (1, 2, 3);
insert into itc values (1, 2, 3, 4);
drop table itc;

-- a nested row constructor with a NULL field into a composite of composites
create type cplx as (r float8, i float8);
create type quad as (c1 cplx, c2 cplx);
create table qt (f1 int, q quad);
insert into qt values (1, ((3.3,4.4),(5.5,6.6)));
insert into qt values (2, ((null,4.4),(5.5,6.6)));
select * from qt;
select (q).c1.i from qt;
update qt set q.c1 = (7, 8);
update qt set q.c1.r = 12;
select * from qt;
drop table qt;
drop type quad;
drop type cplx;

-- MERGE ... RETURNING inside WITH / COPY: a syntax error at RETURNING first, as 15's grammar
create table mt2 (tid int, balance int);
create table ms2 (sid int, delta int);
with m as (merge into mt2 t using ms2 s on t.tid = s.sid when matched then delete returning *) select * from m;
copy (merge into mt2 t using ms2 s on t.tid = s.sid when matched then delete returning *) to stdout;
with m as (merge into mt2 t using ms2 s on t.tid = s.sid when matched then delete) select 1;
copy (merge into mt2 t using ms2 s on t.tid = s.sid when matched then delete) to stdout;
drop table mt2, ms2;
