-- UPDATE ... SET col.field = value: one field, several fields of one column, nested
-- composite fields, NULL rows, and the errors.
DROP SCHEMA IF EXISTS regress_u1 CASCADE;
CREATE SCHEMA regress_u1;
SET search_path = regress_u1;
create type pair as (a int, b text);
create type outer_t as (p pair, n int);
create table t (id int, p pair, o outer_t, q int);
insert into t values (1, '(1,x)', '("(2,y)",3)', 5), (2, null, null, 6);
update t set p.a = q + 1;
select * from t order by id;
update t set p.a = 10, p.b = 'z' where id = 1 returning *;
update t set o.p.b = 'deep', o.n = 9 where id = 1;
select * from t order by id;
update t set p.nope = 1;
update t set q.a = 1;
update t set p.a = 'x';
update t set p = null, p.a = 1;
update t set p.a = 1, p = null;
RESET search_path;
DROP SCHEMA regress_u1 CASCADE;
