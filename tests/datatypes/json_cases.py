# The SELECTs whose PostgreSQL 15 answers tools/generate_json_cases.py records in
# json_oracle_cases.json (test_json_oracle.py replays them on pgsnake). Edit here, then
# regenerate against the oracle.
from psycopg.pq import DiagnosticField, ExecStatus

SETUP: tuple[str, ...] = ()


def run(conn, sql: str) -> dict:
    """One statement on the raw connection, answered in text exactly as the server's
    output functions print it: column types and rows, or the error's fields."""
    result = conn.pgconn.exec_(sql.encode())
    if result.status != ExecStatus.TUPLES_OK:
        def field(code):
            value = result.error_field(code)
            return None if value is None else value.decode()
        return {"sqlstate": field(DiagnosticField.SQLSTATE),
                "message": field(DiagnosticField.MESSAGE_PRIMARY),
                "detail": field(DiagnosticField.MESSAGE_DETAIL),
                "hint": field(DiagnosticField.MESSAGE_HINT),
                "context": field(DiagnosticField.CONTEXT)}
    rows = []
    for row in range(result.ntuples):
        values = [result.get_value(row, column) for column in range(result.nfields)]
        rows.append([None if v is None else v.decode() for v in values])
    return {"types": [result.ftype(c) for c in range(result.nfields)], "rows": rows}

_INPUTS = [
    '{"b":1,"a":[1,2]}', '{"a":1,"a":2}', '{"aa":1,"b":2,"a":3}', '[1.0e1, 0.00, -0.0, 1E+2]',
    '"x\\ty"', '"\\u00e9\\ud83d\\ude00"', '  [ ]  ', '{}', 'true', 'null', '-0', '1e400',
    '"\\/\\b\\f\\n\\r\\"\\\\"', '[[],{},[[{}]]]', '{"é":1,"e":2,"ab":3}',
    '{"a":}', '', '  ', '[1,2', '{"a" 1}', 'tru', '01', '1.', '-', '"\\u00zz"', '"abc',
    '{1:2}', '[1,]', '"\\u0000"', '"a\\qb"', '"tab\there"', '[1] x', '{\n"a":\n  nul}',
    '{"a":1,}', '1.5e', '.5', '"\\ud800"', '"\\ud800\\u0041"', '[1, 2] 3', '{"a":1 "b"}',
    '-a', '[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,x]',
    '"\\udc00"', '"\\ud800\\ud800"', '{"k": 1e}',
]


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


CASES: list[str] = []
for _text in _INPUTS:
    CASES.append(f"SELECT {_lit(_text)}::json")
    CASES.append(f"SELECT {_lit(_text)}::jsonb")

CASES += [
    # output and normalisation
    "SELECT '{\"a\": {\"c\": [true, false, null], \"b\": \"x\"}, \"\": 0}'::jsonb",
    "SELECT '[\"a\\u0001b\", \"q\\\"\"]'::jsonb",
    "SELECT '{\"{\\\"a\\\": 1}\",\"\\\"x y\\\"\",NULL}'::jsonb[], '{\"[1, 2]\"}'::json[]",
    "SELECT '{\"a\":1}'::json::jsonb, '{\"b\":1,  \"a\":2}'::jsonb::json, '[1,2]'::jsonb::text",
    "SELECT '1.50'::jsonb::numeric, '12'::jsonb::int4, '-3'::jsonb::int2, '2.5'::jsonb::int8",
    "SELECT '1.5'::jsonb::float8, '1.5'::jsonb::float4, 'true'::jsonb::bool",
    "SELECT '\"x\"'::jsonb::int", "SELECT 'null'::jsonb::numeric", "SELECT '[1]'::jsonb::bool",
    "SELECT '{}'::jsonb::float8", "SELECT 'true'::jsonb::numeric", "SELECT '1'::jsonb::bool",
    "SELECT '99999999999'::jsonb::int4",
    # -> ->> #> #>>
    "SELECT '{\"a\":{\"b\":[1,\"x\",null]}}'::jsonb -> 'a', '{\"a\":1}'::jsonb -> 'z'",
    "SELECT '[1,[2,3],\"s\"]'::jsonb -> 1, '[1,2]'::jsonb -> -1, '[1,2]'::jsonb -> 5, '[1]'::jsonb -> -3",
    "SELECT '[1,\"s\",null,true,{\"a\":1}]'::jsonb ->> 1, '[null]'::jsonb ->> 0, '[true]'::jsonb ->> 0",
    "SELECT '{\"a\":{\"b\":1}}'::jsonb ->> 'a', '\"x\"'::jsonb -> 'a', '1'::jsonb -> 0, '{\"a\":1}'::jsonb -> 0",
    "SELECT '{\"a\":{\"b\":[1,{\"c\":2}]}}'::jsonb #> '{a,b,1,c}', '{\"a\":[1,2]}'::jsonb #> '{a,-1}'",
    "SELECT '{\"a\":[1,2]}'::jsonb #> '{a,x}', '{\"a\":1}'::jsonb #> '{}', '{\"a\":1}'::jsonb #>> '{}'",
    "SELECT '{\"a\":{\"b\":\"t\"}}'::jsonb #>> '{a,b}', '{\"a\":null}'::jsonb #>> '{a}', '[1]'::jsonb #> '{0,0}'",
    "SELECT '{\"a\":[1, 2 ,{\"b\" :  \"x\"}]}'::json -> 'a', '{\"a\":1,\"a\":2}'::json -> 'a'",
    "SELECT '[1, \"x\\ty\",null]'::json ->> 1, '[1,2]'::json -> -1, '[1,2]'::json ->> 2, '[null]'::json ->> 0",
    "SELECT '{\"a\":{\"b\": [ 3 ]}}'::json #> '{a,b}', '{\"a\":{\"b\":[3]}}'::json #>> '{a,b,0}', '\"s\"'::json -> 0",
    # comparison and ordering
    "SELECT '{\"a\":1}'::jsonb = '{\"a\":1.00}', '[1,2]'::jsonb <> '[2,1]', '1'::jsonb < '\"a\"', 'true'::jsonb > '1'",
    "SELECT x FROM (VALUES ('[]'::jsonb),('1'),('\"a\"'),('null'),('true'),('{}'),('[1]'),('[0,0]'),('[2]'),"
    "('{\"a\":1}'),('{\"b\":0}'),('{\"aa\":0}'),('{\"a\":1,\"b\":2}'),('[null]'),('-1'),('false'),('\"b\"'),"
    "('\"aa\"'),('[[1]]'),('[{}]'),('[\"a\"]'),('{\"a\":[1]}'),('{\"a\":{}}')) v(x) ORDER BY x",
    "SELECT DISTINCT x FROM (VALUES ('{\"a\":1}'::jsonb),('{\"a\":1.0}'),('[1, 2]'),('[1,2]')) v(x) ORDER BY x",
    "SELECT x, count(*) FROM (VALUES ('1'::jsonb),('1.0'),('true')) v(x) GROUP BY x ORDER BY x",
    # containment and existence
    "SELECT '{\"a\":1,\"b\":[1,2,{\"c\":3}]}'::jsonb @> '{\"b\":[{\"c\":3}]}', '{\"a\":1}'::jsonb @> '{\"a\":1,\"b\":2}'",
    "SELECT '[1,2,[3]]'::jsonb @> '[3]', '[1,2,[3]]'::jsonb @> '[[3]]', '[\"a\"]'::jsonb @> '\"a\"', '\"a\"'::jsonb @> '[\"a\"]'",
    "SELECT '1'::jsonb @> '1', '{\"a\":1}'::jsonb <@ '{\"a\":1,\"b\":2}', '[1,1]'::jsonb @> '[1]', '{}'::jsonb @> '[]'",
    "SELECT '{\"a\":{\"b\":1}}'::jsonb @> '{\"a\":{}}', '{\"a\":[1]}'::jsonb @> '{\"a\":1}', '[1]'::jsonb @> '[1.0]'",
    "SELECT '{\"a\":1,\"b\":2}'::jsonb ? 'a', '[\"a\",\"b\"]'::jsonb ? 'b', '\"a\"'::jsonb ? 'a', '[1]'::jsonb ? '1'",
    "SELECT '{\"a\":1,\"b\":2}'::jsonb ?| '{x,b}'::text[], '{\"a\":1}'::jsonb ?& '{a,b}'::text[], '{\"a\":1}'::jsonb ?& '{}'",
    "SELECT '{\"a\":1}'::jsonb ?| '{}', '{\"a\":1}'::jsonb ?& '{a,NULL}'::text[]",
    # concatenation and deletion
    "SELECT '{\"a\":1,\"b\":2}'::jsonb || '{\"b\":3,\"c\":4}', '[1]'::jsonb || '[2,3]', '1'::jsonb || '2'",
    "SELECT '{\"a\":1}'::jsonb || '[2]', '[2]'::jsonb || '{\"a\":1}', '[]'::jsonb || '{}', '\"s\"'::jsonb || '{\"a\":1}'",
    "SELECT '{\"a\":1,\"b\":2}'::jsonb - 'a', '[\"a\",\"b\",\"a\"]'::jsonb - 'a', '[1,2,3]'::jsonb - 1, '[1,2,3]'::jsonb - -1",
    "SELECT '{\"a\":1,\"b\":2,\"c\":3}'::jsonb - '{a,c}'::text[], '[1,2]'::jsonb - 9, '[\"a\",1]'::jsonb - '{a}'::text[]",
    "SELECT '1'::jsonb - 'a'", "SELECT '{\"a\":1}'::jsonb - 0", "SELECT '\"x\"'::jsonb - 0",
    "SELECT '{\"a\":{\"b\":[1,2]}}'::jsonb #- '{a,b,0}', '[1,[2,3]]'::jsonb #- '{1,-1}', '{\"a\":1}'::jsonb #- '{x,y}'",
    "SELECT '[1]'::jsonb #- '{x}'", "SELECT '1'::jsonb #- '{0}'", "SELECT '{\"a\":1}'::jsonb #- '{a,NULL}'::text[]",
    # jsonb_set / jsonb_insert / jsonb_set_lax
    "SELECT jsonb_set('{\"a\":[1,2]}', '{a,0}', '9'), jsonb_set('{\"a\":1}', '{b}', '2'), jsonb_set('{\"a\":1}', '{b}', '2', false)",
    "SELECT jsonb_set('[1,2]', '{5}', '9'), jsonb_set('[1,2]', '{-5}', '9'), jsonb_set('[1,2]', '{-1}', '9')",
    "SELECT jsonb_set('{\"a\":{\"b\":1}}', '{a,c,d}', '9'), jsonb_set('{\"a\":1}', '{}', '9'), jsonb_set('{\"a\":[{\"b\":1}]}', '{a,0,b}', '\"x\"')",
    "SELECT jsonb_set('1', '{a}', '2')", "SELECT jsonb_set('[1]', '{a}', '2')",
    "SELECT jsonb_set('{\"a\":1}', '{a,NULL}'::text[], '2')",
    "SELECT jsonb_insert('[1,2]', '{1}', '\"x\"'), jsonb_insert('[1,2]', '{1}', '\"x\"', true), jsonb_insert('[1,2]', '{9}', '0')",
    "SELECT jsonb_insert('{\"a\":1}', '{b}', '2'), jsonb_insert('[1,2]', '{-9}', '0'), jsonb_insert('{\"a\":[1]}', '{a,-1}', '0', true)",
    "SELECT jsonb_insert('{\"a\":1}', '{a}', '2')",
    "SELECT jsonb_set_lax('{\"a\":1}', '{a}', NULL), jsonb_set_lax('{\"a\":1,\"b\":2}', '{a}', NULL, true, 'delete_key')",
    "SELECT jsonb_set_lax('{\"a\":1}', '{a}', NULL, true, 'return_target'), jsonb_set_lax('{\"a\":1}', '{a}', '3')",
    "SELECT jsonb_set_lax('{\"a\":1}', '{a}', NULL, true, 'raise_exception')",
    "SELECT jsonb_set_lax('{\"a\":1}', '{a}', NULL, true, 'bogus')",
    # inspection
    "SELECT jsonb_typeof('{}'), jsonb_typeof('[]'), jsonb_typeof('1'), jsonb_typeof('\"s\"'), jsonb_typeof('true'), jsonb_typeof('null')",
    "SELECT json_typeof(' {}'), json_typeof('[1]'), json_typeof('-1.5'), json_typeof('\"s\"'), json_typeof('false'), json_typeof('null')",
    "SELECT jsonb_array_length('[1,[2],3]'), json_array_length('[1, [2, 3]]'), jsonb_array_length('[]')",
    "SELECT jsonb_array_length('{}')", "SELECT jsonb_array_length('1')",
    "SELECT json_array_length('{}')", "SELECT json_array_length('\"x\"')",
    "SELECT jsonb_strip_nulls('{\"a\":1,\"b\":null,\"c\":[null,{\"d\":null}]}'), json_strip_nulls('{\"a\":1,  \"b\":null, \"c\":[null,{\"d\":null}]}')",
    "SELECT jsonb_pretty('{\"a\":[],\"b\":{},\"c\":[1,{\"d\":2}],\"e\":\"x\"}'), jsonb_pretty('[]'), jsonb_pretty('1')",
    # building JSON
    "SELECT json_build_object('a',1,'b','x','c',NULL,'d',true), json_build_object(), json_build_array(), jsonb_build_array()",
    "SELECT jsonb_build_object('b',1,'a',2.50,'b',3), jsonb_build_object(), json_build_array(1,'x',NULL,1.5,false)",
    "SELECT jsonb_build_array(1,'x',NULL,'{1,2}'::int[],'{\"a\":1}'::jsonb,'[1, 2]'::json)",
    "SELECT json_build_object(1, 2, 2.5, 'x', true, 3)",
    "SELECT json_build_object('a')", "SELECT jsonb_build_object('a', 1, NULL, 2)",
    "SELECT json_build_object(NULL, 2)", "SELECT json_build_object('{1}'::int[], 2)",
    "SELECT to_json(1), to_json(1.50), to_json('NaN'::float8), to_json('Infinity'::numeric), to_json(1.5::float4)",
    "SELECT to_json('a\"b'::text), to_json(true), to_json('{{1,2},{3,4}}'::int[]), to_json('{a,NULL}'::text[])",
    "SELECT to_json('2024-01-02'::date), to_json('2024-01-02 03:04:05.25'::timestamp), to_json('2024-01-02 03:04:05'::timestamptz)",
    "SELECT to_jsonb(1), to_jsonb(1.50), to_jsonb('NaN'::float8), to_jsonb('x'::text), to_jsonb('{1,2}'::int[]), to_jsonb('2024-01-02'::date)",
    "SELECT to_jsonb('{\"b\":1, \"a\":2}'::json), to_json('{\"b\":1, \"a\":2}'::jsonb), to_json('{\"b\":1,  \"a\":2}'::json)",
    "SELECT array_to_json('{1,2}'::int[]), array_to_json('{\"{\\\"a\\\":1}\"}'::jsonb[]), array_to_json('{{1,2},{3,4}}'::int[], true)",
    "SELECT array_to_json('{}'::int[]), array_to_json('{x,y}'::text[], false)",
    "SELECT json_object('{a,1,b,2}'), jsonb_object('{a,1,b,NULL}'), json_object('{a,b}','{1,2}'), jsonb_object('{{a,1},{b,2}}')",
    "SELECT json_object('{a,1,b}')", "SELECT jsonb_object('{{a,1,2}}')", "SELECT json_object('{a,b}', '{1}')",
    "SELECT jsonb_object('{NULL,1}')", "SELECT json_object('{}'), jsonb_object('{}')",
    "SELECT jsonb_extract_path('{\"a\":{\"b\":[5,6]}}', 'a', 'b', '1'), json_extract_path_text('{\"a\":{\"b\":[5,6]}}', 'a', 'b', '-1')",
    "SELECT jsonb_extract_path_text('{\"a\":\"x\"}', 'a'), json_extract_path('{\"a\":[1]}', 'a'), jsonb_extract_path('{\"a\":1}', 'z')",
    "SELECT jsonb_object_field('{\"a\":1}', 'a'), json_object_field_text('{\"a\":\"q\"}', 'a'), jsonb_array_element('[1,2]', 1)",
    # aggregates
    "SELECT json_agg(x), jsonb_agg(x) FROM (VALUES (1),(NULL),(2)) v(x)",
    "SELECT json_agg(x), jsonb_agg(x) FROM (VALUES ('a'),('b\"')) v(x)",
    "SELECT json_agg(x) FROM (SELECT 1 AS x WHERE false) v",
    "SELECT json_object_agg(k, v), jsonb_object_agg(k, v) FROM (VALUES ('a',1),('b',NULL),('a',3)) v(k,v)",
    "SELECT json_object_agg(k, v) FROM (VALUES (NULL,1)) v(k,v)",
    "SELECT jsonb_object_agg(k, v) FROM (VALUES (NULL,1)) v(k,v)",
    # set-returning functions in FROM
    "SELECT * FROM jsonb_each('{\"b\":1,\"a\":\"x\",\"c\":null}')",
    "SELECT * FROM jsonb_each_text('{\"b\":1,\"a\":\"x\",\"c\":null,\"d\":[1]}')",
    "SELECT * FROM json_each('{\"b\":1, \"a\": \"x\" ,\"b\":[1, 2]}')",
    "SELECT * FROM json_each_text('{\"b\":1,\"a\":\"x\\ty\",\"c\":null}')",
    "SELECT * FROM jsonb_each('[1]')", "SELECT * FROM json_each('1')",
    "SELECT * FROM jsonb_array_elements('[1,\"a\",null,[2],{\"x\":1}]') WITH ORDINALITY",
    "SELECT * FROM jsonb_array_elements_text('[1,\"a\",null,[2]]')",
    "SELECT * FROM json_array_elements('[1, \"a\" , [2,  3]]')",
    "SELECT * FROM json_array_elements_text('[1,\"a\\\"\",null]')",
    "SELECT * FROM jsonb_array_elements('{}')", "SELECT * FROM jsonb_array_elements('1')",
    "SELECT * FROM json_array_elements('{}')", "SELECT * FROM json_array_elements_text('true')",
    "SELECT * FROM jsonb_object_keys('{\"bb\":1,\"a\":2}')", "SELECT * FROM json_object_keys('{\"bb\":1,\"a\":2,\"a\":3}')",
    "SELECT * FROM jsonb_object_keys('[]')", "SELECT * FROM jsonb_object_keys('1')",
    "SELECT * FROM json_object_keys('[]')", "SELECT * FROM json_object_keys('1')",
    "SELECT value FROM jsonb_array_elements('[3,1]') ORDER BY value",
    "SELECT key, value FROM jsonb_each('{\"a\":1,\"b\":2}') WHERE value::int > 1",
]

# jsonpath: input, output and errors
_PATHS = [
    '$', 'strict $.a', 'lax $.a.b', '$.a[*] ? (@ > 1)', '$["a"][0 to 2, 5]', '$.a[last - 1]',
    '$.* ? (@.x == "s" && @.y < 2 || !(@.z != null))', '$.a.size()', '$.a.type()',
    '1 + 2 * $.x', '-$.a', '$.a ? (exists (@.b))', '$ ? (@ like_regex "^a.*" flag "i")',
    '$ ? (@ starts with "ab")', '$.a == 1', '($.a + 1) * 2', '$.**{2 to last}',
    '$.** ? (@ == 1)', '$var.x', '1.50', '"str\\n"', '$.a.double().ceiling()',
    '$ ? ((@ > 1) is unknown)', '$."a b"', '$.a[1,2].b', '$ + 1 - 2', '$ - (1 - 2)', 'true',
    '1e3', '.5', '- - $', '$.a ? (@ == $x || @ <> 2)', '$.a.b ? (@.c < -1).d', '$.**{1}',
    '$.**{last}', 'exists($.a)', '$.a[$.b]', '$."\\u0041"', '$ ? (@ like_regex "a" flag "sqi")',
    '!exists($.a)', '$ ? (@ > 1) ? (@ < 5)', '$ ? (!(@ > 1) && exists(@.x))', '$[last]',
    '-(1+2)', '$.a[1 to last]', '$.a.keyvalue()', '$.a.datetime()',
    '$.a ?', '$.a.(', '$ ? (@ == true) && $ == 1', '@', 'last', '', '   ', '1.a', '$.a + ',
    '$ ? (@)', 'exists($ > 1)', '($ > 1) == true', '(@ > 1).type()', '$ ? (last > 1)',
    'strict', '$.a ? (@.b == 1 || @.c)', '$ ? (@ like_regex "a" flag "z")', '$."a',
]
for _path in _PATHS:
    CASES.append(f"SELECT {_lit(_path)}::jsonpath")

_DOC = '{"a": [1, 2, 3, {"b": "x"}], "c": {"d": null, "e": 2.5}, "s": "abc", "t": true}'
_QUERIES = [
    ('$.a[*]', None), ('$.a[*] ? (@ > 1)', None), ('$.a[1 to 2]', None), ('$.a[last]', None),
    ('$.a[-1]', None), ('$.a[10]', None), ('strict $.a[10]', None), ('$.c.*', None),
    ('$.zz', None), ('strict $.zz', None), ('$.a.b', None), ('strict $.a.b', None),
    ('$.a.size()', None), ('$.s.size()', None), ('strict $.s.size()', None),
    ('$.*.type()', None), ('$.c.e.ceiling()', None), ('$.c.e.floor()', None),
    ('$.a[0].abs()', None), ('$.s.double()', None), ('$.c.e.double()', None),
    ('$.a[0] + $.c.e', None), ('$.a[0] - 5', None), ('$.a[*] * 2', None), ('$.a[2] / 0', None),
    ('$.a[2] % 2', None), ('-$.a[0 to 1]', None), ('$.s + 1', None), ('1 + $.a', None),
    ('$.** ? (@ == "x")', None), ('$.**{1}', None), ('$.**{2 to last}.b', None),
    ('$.a[*] ? (@ >= $min && @ < $max)', '{"min": 2, "max": 3}'), ('$x', '{"x": [1]}'),
    ('$y', '{"x": 1}'), ('$.a', '[1]'), ('$.s ? (@ like_regex "^A" flag "i")', None),
    ('$.s ? (@ starts with "ab")', None), ('$.a[*] ? (@.b == "x")', None),
    ('$.a ? (exists (@[*] ? (@ == 3)))', None), ('$.c ? (@.d == null)', None),
    ('$.c ? (@.d != 1)', None), ('$.c ? (@.e > "a")', None),
    ('$.c ? ((@.e > "a") is unknown)', None), ('$.a[*] ? (!(@ > 1))', None),
    ('$ ? (@.t == true).s', None), ('$.a[1.7]', None), ('$.a["x"]', None), ('$.t.double()', None),
    ('$.s.floor()', None), ('$.a[$.a[0]]', None), ('$.a[*].type()', None),
    ('$.a.keyvalue()', None), ('$.c.keyvalue()', None), ('$.a[3].keyvalue()', None),
    ('$.keyvalue().value.keyvalue()', None), ('-$.s', None), ('strict $.a.keyvalue()', None),
]
for _path, _vars in _QUERIES:
    _args = f"{_lit(_DOC)}, {_lit(_path)}" + (f", {_lit(_vars)}" if _vars else "")
    CASES.append(f"SELECT * FROM jsonb_path_query({_args})")
    CASES.append(f"SELECT jsonb_path_query_array({_args}), jsonb_path_exists({_args})")

CASES += [
    f"SELECT jsonb_path_query_first({_lit(_DOC)}, '$.a[*] ? (@ > 1)'), jsonb_path_query_first('[]', '$[*]')",
    f"SELECT jsonb_path_match({_lit(_DOC)}, '$.t'), jsonb_path_match({_lit(_DOC)}, '$.a[0] == 1'), jsonb_path_match({_lit(_DOC)}, 'exists($.zz)')",
    f"SELECT jsonb_path_match({_lit(_DOC)}, '$.c.d')",
    f"SELECT jsonb_path_match({_lit(_DOC)}, '$.a')",
    f"SELECT jsonb_path_match({_lit(_DOC)}, '$.a', '{{}}', true)",
    f"SELECT {_lit(_DOC)}::jsonb @? '$.a[*] ? (@ == 2)', {_lit(_DOC)}::jsonb @? '$.zz', {_lit(_DOC)}::jsonb @? 'strict $.zz'",
    f"SELECT {_lit(_DOC)}::jsonb @@ '$.a[0] == 1', {_lit(_DOC)}::jsonb @@ '$.a', {_lit(_DOC)}::jsonb @@ '$.s + 1 == 2'",
    f"SELECT jsonb_path_exists({_lit(_DOC)}, 'strict $.zz', '{{}}', true), jsonb_path_query_array({_lit(_DOC)}, '$.s + 1', '{{}}', true)",
    "SELECT jsonb_path_query_array('[1,2,3]', '$[*] ? (@ > $x)', '{\"x\": 1}')",
    "SELECT jsonb_path_query_array('{\"a\": {\"b\": [1, {\"c\": 2}]}}', 'lax $.a.b.c'), jsonb_path_query_array('[[1,2],[3]]', '$[*][*]')",
    "SELECT jsonb_path_query_array('[1, \"a\", null, true, {}, []]', '$[*] ? (@ == @)'), jsonb_path_query_array('[1, 1.0, \"1\"]', '$[*] ? (@ == 1)')",
    "SELECT '$.a'::jsonpath, '{$.a,strict $.b}'::jsonpath[]",
]

# jsonpath .datetime() without a template
for _text in ['2024-01-02', '2024-01-02 03:04:05', '2024-01-02T03:04:05', '2024-01-02 03:04:05.5+02',
              '2024-01-02 03:04:05+02:30', '12:34:56', '12:34:56.25', '12:34:56+01', '2024-1-2',
              '2024-01-02 3:4:5', '2024-02-30', ' 2024-01-02 ', '2024-01-02 03:04:05.123456789',
              '12:34:56-05:30', 'x', '2024-01-02 25:00:00']:
    CASES.append(f"SELECT jsonb_path_query_first({_lit(_lit(_text)[1:-1].join(chr(34) * 2))}, '$.datetime()'), "
                 f"jsonb_path_query_first({_lit(_lit(_text)[1:-1].join(chr(34) * 2))}, '$.datetime().type()')")
CASES += [
    "SELECT jsonb_path_query_first('1', '$.datetime()')",
    "SELECT jsonb_path_query_first('[\"2024-01-02\", \"2024-01-03\"]', '$[*] ? (@.datetime() > \"2024-01-02\".datetime())')",
    "SELECT jsonb_path_query_first('[\"2024-01-02\", \"2024-01-03 00:00:00\"]', '$[*] ? (@.datetime() < \"2024-01-03\".datetime())')",
    "SELECT jsonb_path_query_first('[\"2024-01-02\", \"2024-01-03 00:00:00+00\"]', '$[*] ? (@.datetime() < \"2024-01-03\".datetime())')",
    "SELECT jsonb_path_query_first_tz('[\"2024-01-02\", \"2024-01-03 00:00:00+00\"]', '$[*] ? (@.datetime() < \"2024-01-03\".datetime())')",
    "SELECT jsonb_path_query_first('[\"12:00:00\", \"2024-01-03\"]', '$[*] ? (@.datetime() < \"2024-01-03\".datetime())')",
    "SELECT jsonb_path_query_first('\"12:00:00+01\"', '$ ? (@.datetime() < \"13:00:00\".datetime())')",
    "SELECT jsonb_path_query_first_tz('\"12:00:00+01\"', '$ ? (@.datetime() < \"13:00:00+00\".datetime())')",
    "SELECT jsonb_path_query_first('\"2024-01-02 10:00:00+02\"', '$ ? (@.datetime() == \"2024-01-02 08:00:00+00\".datetime())')",
    "SELECT jsonb_path_query_first('\"2024-01-02\"', '$.datetime() + 1')",
    "SELECT jsonb_path_query_array('[\"2024-01-02\"]', '$[*].datetime()'), jsonb_path_query_first('[\"10:00:00\"]', '$[*].datetime()'), "
    "jsonb_path_exists('[\"2024-01-02\"]', '$[*].datetime()'), jsonb_path_match('[\"2024-01-02\"]', '$[0].datetime() == \"2024-01-02\".datetime()')",
    "SELECT jsonb_path_query_first('\"2024-01-02\"', 'strict $.datetime().size()'), jsonb_path_query_first('\"2024-01-02\"', '$.datetime() like_regex \"2\"')",
]
