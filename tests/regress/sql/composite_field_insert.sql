-- INSERT INTO t (col.field, ...): fields of composite columns, nested fields, several
-- fields of one column, the errors (DEFAULT, duplicates, unknown fields).
DROP SCHEMA IF EXISTS regress_i1 CASCADE;
CREATE SCHEMA regress_i1;
SET search_path = regress_i1;
create type pair as (a int, b text);
create type outer_t as (p pair, n int);
create table t (id int, p pair, o outer_t);
insert into t (id, p.a, p.b) values (1, 5, 'x');
insert into t (id, p.b) values (2, 'y');
insert into t (id, p.a) values (3, default);
insert into t (id, p.a) values (4, 'zz');
insert into t (id, p, p.a) values (5, null, 1);
insert into t (id, p.a, p) values (5, 1, null);
insert into t (id, p.a, p.a) values (6, 1, 2);
insert into t (id, p.nope) values (7, 1);
insert into t (id, p.a) select 8, 9;
insert into t (id, o.p.b, o.n) values (9, 'deep', 3), (10, 'deeper', 4);
insert into t (id, p.a) values (11, 1) returning *;
select * from t order by id;
RESET search_path;
DROP SCHEMA regress_i1 CASCADE;
