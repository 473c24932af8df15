-- json(b)_populate_record(set): a composite type's columns from JSON objects
drop type if exists regress_jpop cascade;
drop type if exists regress_jpop_inner cascade;
create type regress_jpop_inner as (x int, y text);
create type regress_jpop as (a int, b text, c int[], d jsonb, e varchar(3), f regress_jpop_inner, g int[][], h timestamp, j json);
select * from json_populate_record(null::regress_jpop, '{"a":1,"c":[1,2],"d":{"x":[1, 2]},"e":"ab","f":{"x":5,"y":"q"},"g":[[1,2],[3,4]],"h":"2020-01-02 03:04:05","j":{"k" : [true]}}');
select * from jsonb_populate_record(null::regress_jpop, '{"a":1,"c":[1,2],"d":{"x":[1, 2]},"e":"ab","f":{"x":5,"y":"q"},"g":[[1,2],[3,4]],"j":[1,{"z":null}]}');
select json_populate_record(row(1,'x',null,null,null,null,null,null,null)::regress_jpop, '{"b":null,"e":"zz"}');
select (jsonb_populate_record(null::regress_jpop, '{"a":5,"f":"(7,seven)"}')).f;
select * from json_populate_record(null::regress_jpop, null);
select * from json_populate_record(row(3,'three',null,null,null,null,null,null,null)::regress_jpop, null);
select * from json_populate_recordset(null::regress_jpop, '[{"a":1,"b":"one"},{"a":2,"c":[7]},{}]');
select * from jsonb_populate_recordset(row(9,'nine',null,null,null,null,null,null,null)::regress_jpop, '[{"a":1},{"b":"z"}]');
select i, json_populate_recordset(row(i,50), '[{"f1":"42"},{"f2":"43"}]') from (values (1),(2)) v(i);
select json_populate_record(row(1,2), '{"f1": 0, "f2": 1}'), jsonb_populate_record(row(1,'a'::text), '{"f2": "b"}');
select * from json_populate_record(null::record, '{"x": 776}') as (x int, y int);
select * from jsonb_populate_recordset(null::record, '[{"x": 776}, {"y": 3}]') as (x int, y int);
-- the errors
select json_populate_record(null::record, '{"x": 0, "y": 1}');
select * from json_populate_record(null::regress_jpop, '{"e":"abcd"}');
select * from json_populate_record(null::regress_jpop, '{"c":5}');
select * from json_populate_record(null::regress_jpop, '{"c":[[1],2]}');
select * from json_populate_record(null::regress_jpop, '{"c":[1,[2]]}');
select * from json_populate_record(null::regress_jpop, '{"g":[[1],[2,3]]}');
select * from json_populate_record(null::regress_jpop, '{"f":[1]}');
select * from json_populate_record(null::regress_jpop, '[1]');
select * from jsonb_populate_record(null::regress_jpop, '1');
select * from json_populate_recordset(null::regress_jpop, '{"a":1}');
select * from jsonb_populate_recordset(null::regress_jpop, '{"a":1}');
select * from json_populate_recordset(null::regress_jpop, '[1]');
-- row_to_json / to_jsonb / json_agg of a FROM item's whole row use its column names
select row_to_json(q), to_jsonb(q), to_json(q) from (select 'NaN'::float8 as "float8field", 1 as b) q;
select array_to_json(array_agg(q)), json_agg(q), jsonb_agg(q) from (select x as b, x * 2 as c from generate_series(1,3) x) q;
select row_to_json(v), row_to_json(row(1, 2)) from (values (1, 2)) v;
select json_agg(x) from (values (array[1]), (null), (array[2])) v(x);
select json_agg(x) from (values ('{"a":1}'::json), (null)) v(x);
drop type regress_jpop;
drop type regress_jpop_inner;
