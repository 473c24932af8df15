-- Built-in functions called with named arguments and with defaulted arguments left out,
-- as pg_proc's proargnames / proargdefaults allow (make_interval, jsonb_set,
-- jsonb_insert, jsonb_path_*, to_tsvector, generate_series), the 42601 / 42883 refusals
-- (duplicate name, positional after named, unknown name, a function without argument
-- names), and pg_get_viewdef printing the call as written.
DROP VIEW IF EXISTS regress_nb_v;
SELECT make_interval(days => 3), make_interval(1, secs => 2.5), make_interval(), make_interval(1, 2, 3, 4, 5, 6, 7.5);
SELECT make_interval(weeks => -1, days => 2), make_interval(secs => 1.0000005), make_interval(secs => 1.0000015), make_interval(secs => -0.5);
SELECT make_interval(years => 2147483647, months => 100), make_interval(hours => 2147483647, mins => 2147483647);
SELECT make_interval(secs => 'infinity');
SELECT make_interval(secs => 'NaN');
SELECT make_interval(days => 3, days => 4);
SELECT make_interval(days => 3, 4);
SELECT make_interval(dayz => 3);
SELECT make_interval(1, years => 3);
SELECT jsonb_set('{"a":1}', '{b}', '2'), jsonb_set('{"a":1}', '{b}', '2', create_if_missing => false);
SELECT jsonb_insert(jsonb_in => '{"a":[1]}', path => '{a,0}', replacement => '2'), jsonb_insert('{"a":[1]}', '{a,0}', '2', insert_after => true);
SELECT jsonb_set('{"a":1}', '{b}', '2', create_missing => false);
SELECT jsonb_path_query_array('{"a":[1,2]}', '$.a[*] ? (@ > $x)', vars => '{"x":1}');
SELECT jsonb_path_exists('{"a":[1,2]}', '$.a[*] ? (@ > $x)', '{"x":1}', silent => true), jsonb_path_match(target => '{"a":1}', path => '$.a == 1');
SELECT jsonb_path_query_first(path => '$.a', target => '{"a":1}');
SELECT * FROM jsonb_path_query('{"a":[1,2,3]}', '$.a[*] ? (@ >= $m)', vars => '{"m":2}');
SELECT to_tsvector(config => 'english', document => 'cats');
SELECT generate_series(start => 1, stop => 3);
SELECT pg_get_viewdef('pg_roles'::regclass, pretty => true);
SELECT pg_get_function_arg_default('make_interval'::regproc, 7);
CREATE VIEW regress_nb_v AS SELECT make_interval(days => 3) AS a, jsonb_set('{}', '{a}', '1') AS b, make_interval(1, secs => 2) AS c, make_interval() AS d, jsonb_path_query_array('{}', '$', silent => true) AS e;
SELECT pg_get_viewdef('regress_nb_v');
SELECT * FROM regress_nb_v;
DROP VIEW regress_nb_v;
