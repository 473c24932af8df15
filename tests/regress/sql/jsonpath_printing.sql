-- jsonpath printing: signs folded into numbers, parentheses around a number or an operator before an accessor
select '$--+1'::jsonpath, '$.a/+-1'::jsonpath, '(1).type()'::jsonpath, '1.2.type()'::jsonpath, '1 + ($.a.b + 2).c.d'::jsonpath, '1 + ($.a.b > 2).c.d'::jsonpath;
select '((($ + 1)).a + ((2)).b ? ((((@ > 1)) || (exists(@.c)))))'::jsonpath, '$ ? (@.a < +1)'::jsonpath, '$ ? (@.a < +.1e-1)'::jsonpath, '1.2.e'::jsonpath, '(1.2).e'::jsonpath, '(-1).type()'::jsonpath, '-(1).a'::jsonpath, '"a".type()'::jsonpath, '-$.a'::jsonpath, '- -1'::jsonpath;
select jsonb_path_query('[1,2]', '$[0] ? (@ == -(-1))'), jsonb_path_query('{"a": 3}', '-$.a'), jsonb_path_query('3', '(@ + 1).type()');
-- escapes in strings and in unquoted keys: \xNN, \uNNNN, \u{N...}
select '"\x50\u0067\u{53}\u{051}\u{00004C}"'::jsonpath, '$.foo\x50\u0067\u{53}\u{051}\u{00004C}\t\"bar'::jsonpath, '$.a\u0041b'::jsonpath;
select jsonb_path_query('{"aAb": 1}', '$.a\u0041b'), jsonb_path_query('{"ab": 1}', '$."\u{61}b"');
