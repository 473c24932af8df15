-- = / <> of composite values of unlike shapes: 42804 (column count, column types).
create type regress_rne_t1 as (a int, b int);
create type regress_rne_t3 as (a int, b text);
create type regress_rne_t5 as (a int);
select row(1, 2)::regress_rne_t1 <> row(1, 'abc')::regress_rne_t3;
select row(1, 2)::regress_rne_t1 <> row(1)::regress_rne_t5;
select row(1, 2)::regress_rne_t1 = row(1, 2)::regress_rne_t1, row(1, 2)::regress_rne_t1 <> row(1, 3)::regress_rne_t1;
select row(1,'a'::varchar) = row(1,'a'::text), row(1, 2) = row(1, 2.0);
select x from (values (row(1,2)::regress_rne_t1)) v(x) union select row(1,3)::regress_rne_t1;
select row(1, null)::regress_rne_t1 = row(1, null)::regress_rne_t1;
select array[row(1,2)::regress_rne_t1] = array[row(1,2)::regress_rne_t1];
drop type regress_rne_t1; drop type regress_rne_t3; drop type regress_rne_t5;
