-- Array literals with text after a quoted element or a sub-array: 22P02 "Unexpected
-- array element.", next to the other malformed forms.
SELECT '{"a"b}'::text[];
SELECT '{"a" "b"}'::text[];
SELECT '{{1}x}'::text[];
SELECT '{{1}"x"}'::text[];
SELECT '{"a""}'::text[];
SELECT '{{1} {2}}'::text[];
SELECT '{"a"{}}'::text[];
SELECT '{"a",}'::text[];
SELECT '{{1},}'::int[];
SELECT '{1 2}'::text[], '{ "a" , "b" }'::text[], '{{1} , {2}}'::int[];
