-- json (not jsonb) populate / to_record: an object or array keeps the text it was
-- written as in a text or json column; json_to_record reads arrays and nested
-- composites as json_populate_record does; a nested object starts from the base
-- record's value; a zero-length dimension makes an empty array.
DROP TYPE IF EXISTS regress_jpst_outer;
DROP TYPE IF EXISTS regress_jpst;
CREATE TYPE regress_jpst AS (a text, b int, c timestamp);
CREATE TYPE regress_jpst_outer AS (ia2 int[][], js json, jsa json[], rec regress_jpst);
SELECT * FROM json_populate_record(NULL::regress_jpst, '{"a":[100,200,false],"x":43.2}') q;
SELECT * FROM json_populate_recordset(row('def',99,NULL)::regress_jpst,
  '[{"a":[100,200,300],"x":43.2},{"a":{"z" :true},"b":3}]') q;
SELECT * FROM json_populate_record(NULL::regress_jpst, '{"c":[100, 200,false]}') q;
SELECT ia2, js, jsa FROM json_populate_record(NULL::regress_jpst_outer,
  '{"ia2": [[], []], "js": { "k" : [1,  2] }, "jsa": ["aaa", null, { "k" : "v" }]}') q;
SELECT rec FROM json_populate_record(row(NULL, NULL, NULL, row('x', 3, NULL))::regress_jpst_outer,
  '{"rec": {"a": "abc", "c": "01.02.2003"}}') q;
SELECT * FROM json_to_recordset('[{"a":1,"b":{"d" : "foo"}},{"a":2,"b":[1,  2]}]')
  AS x(a int, b json);
SELECT * FROM json_to_record('{"r": {"a": "aaa", "b": 123}, "ia": [[1,2],[3,4]]}')
  AS t(r regress_jpst, ia int[][]);
SELECT * FROM json_to_record('{"ia": 123}') AS x(ia _int4);
SELECT * FROM json_to_record('{"ia": [[1], 2]}') AS x(ia _int4);
SELECT * FROM json_to_record('{"ia": [[1], [2, 3]]}') AS x(ia _int4);
DROP TYPE regress_jpst_outer;
DROP TYPE regress_jpst;
