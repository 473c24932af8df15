-- json_to_record(set) / jsonb_to_record(set) with column definition lists, and without one
select * from jsonb_to_record('{"a":1,"b":"x","c":null,"d":[1,2],"e":{"f":1}}') as t(a int, b text, c int, d int[], e jsonb, z text);
select * from json_to_record('{"a":1.5,"b":"x y","d":[[1,2],[3,4]],"e":{"f": 1}, "g": true}') as t(a numeric, b varchar(2), d int[], e json, g bool, h date);
select * from json_to_recordset('[{"a":1},{"a":2,"b":"q"}]') as t(a int, b text);
select * from jsonb_to_recordset('[{"a":1},{"a":2,"b":"q"}]') as t(a int, b text) where a > 1;
select * from jsonb_to_record('[1]') as t(a int);
select * from jsonb_to_record('1') as t(a int);
select * from jsonb_to_recordset('{"a":1}') as t(a int);
select * from jsonb_to_recordset('[1]') as t(a int);
select * from jsonb_to_record('{"a":"x"}') as t(a int);
select * from jsonb_to_record('{"a":1}');
select s.id, r.* from (values (1, '{"x":10}'::jsonb), (2, '{"x":20}')) s(id, j), lateral jsonb_to_record(s.j) as r(x int) order by 1;
select * from jsonb_to_recordset(null) as t(a int);
select jsonb_to_record('{"a":1}');
select json_to_recordset('[{"a":1}]');
select (jsonb_to_record('{"a":1}')).a;
select * from jsonb_to_record('{"a":1}') as t(a int) where a = (select 1);
