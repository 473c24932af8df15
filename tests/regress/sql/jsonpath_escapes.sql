-- jsonpath string and key escapes: surrogate pairs and their misuse (22P02 with DETAIL),
-- malformed \u / \x escapes (42601 naming the text read), \u0000, code points past U+10FFFF.
SELECT '"\u"'::jsonpath;
SELECT '"\u00"'::jsonpath;
SELECT '"\u000g"'::jsonpath;
select '"\ud83d\ud83d"'::jsonpath;
SELECT '$."\u00"'::jsonpath;
SELECT '"\u{}"'::jsonpath;
SELECT '"\u{1234567}"'::jsonpath;
SELECT '"\u{110000}"'::jsonpath;
SELECT '"\u{d83d}\u{de04}"'::jsonpath;
SELECT '"\x4"'::jsonpath;
SELECT '"\xg"'::jsonpath;
SELECT '"\x41"'::jsonpath;
SELECT '"\u0000"'::jsonpath;
select '"\ude04\ud83d"'::jsonpath;
select '"\ud83dX"'::jsonpath;
select '"\ud83d\n"'::jsonpath;
select '"\ude04X"'::jsonpath;
select '$."\ude04\ud83d"'::jsonpath;
select '"\ud83d\ude04\ud83d\udc36"'::jsonpath;
select '"\ud83d"'::jsonpath;
select '$."\ud83d\ude04\ud83d\udc36"'::jsonpath;
select '"a\u{41}\x42"'::jsonpath;
