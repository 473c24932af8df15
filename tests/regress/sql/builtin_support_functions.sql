-- in_range (datatypes/in_range.py): the window-frame support function of every type
-- with one, edge values (overflow, NaN, infinities, month arithmetic, time without
-- wraparound), its 22013; bit_count(bytea); has_server_privilege /
-- has_foreign_data_wrapper_privilege / has_parameter_privilege (catalog/privilege_functions.py).
SELECT v, b, o, in_range(v, b, o, s, l) FROM (VALUES (5::int8, 3::int8, 2::int8), (9223372036854775807, 9223372036854775800, 100), (-9223372036854775808, -9223372036854775800, 100)) t(v, b, o), (VALUES (true), (false)) s(s), (VALUES (true), (false)) l(l) ORDER BY 1, 2, 3, s, l;
SELECT in_range(5::int4, 3::int4, 2::int8, false, true), in_range(2147483647::int4, 2147483600, 100::int2, false, false), in_range(1::int2, 1::int2, 0::int2, true, true), in_range('-32768'::int2, 32767::int2, 2147483647::int4, true, true), in_range(1::int2, 1::int2, 5::int8, true, false), in_range(1::int4, 1::int4, 5::int4, true, false);
SELECT in_range(1, 1, -1, true, true);
SELECT in_range(1::int2, 1::int2, -1::int8, true, true);
SELECT v, b, o, s, l, in_range(v, b, o, s, l) FROM (VALUES ('NaN'::float8, 'NaN'::float8, 1::float8), ('NaN', 1, 1), (1, 'NaN', 1), ('Infinity', 'Infinity', 'Infinity'), ('-Infinity', '-Infinity', 'Infinity'), (1, 'Infinity', 'Infinity'), (1.5, 1, 0.5), (1e308, 1e308, 1e308), ('-Infinity', 0, 'Infinity')) t(v, b, o), (VALUES (true), (false)) s(s), (VALUES (true), (false)) l(l) ORDER BY 1, 2, 3, 4, 5;
SELECT in_range(1::float4, 2::float4, 1::float8, true, true), in_range('NaN'::float4, 2::float4, 1::float8, true, true);
SELECT in_range(1::float8, 1, 'NaN', true, true);
SELECT in_range(1::float8, 1, -0.5, true, true);
SELECT v, b, o, s, l, in_range(v, b, o, s, l) FROM (VALUES ('NaN'::numeric, 'NaN'::numeric, 1::numeric), ('NaN', 1, 1), (1, 'NaN', 1), ('Infinity', 'Infinity', 'Infinity'), ('-Infinity', '-Infinity', 'Infinity'), (1, 'Infinity', 'Infinity'), (1, '-Infinity', 'Infinity'), ('Infinity', 1, 'Infinity'), ('-Infinity', 1, 'Infinity'), (1, 5, 'Infinity'), ('Infinity', 1, 1), ('-Infinity', 1, 1), ('Infinity', 'Infinity', 1), ('-Infinity', '-Infinity', 1), (1, 'Infinity', 1), (1, '-Infinity', 1), (1.5, 1, 0.5), (1.25, 1, 0.2)) t(v, b, o), (VALUES (true), (false)) s(s), (VALUES (true), (false)) l(l) ORDER BY 1, 2, 3, 4, 5;
SELECT in_range(1::numeric, 1, 'NaN', true, true);
SELECT in_range(1::numeric, 1, '-Infinity', true, true);
SELECT in_range(1::numeric, 1, -0.1, true, true);
SELECT v, b, o, s, l, in_range(v, b, o, s, l) FROM (VALUES ('2020-01-31'::date, '2020-02-29'::date, '1 month'::interval), ('2020-03-01', '2020-02-01', '1 mon 1 day'), ('infinity', '2020-01-01', '1 day'), ('2020-01-01', '-infinity', '1 year')) t(v, b, o), (VALUES (true), (false)) s(s), (VALUES (true), (false)) l(l) ORDER BY 1, 2, 3, 4, 5;
SELECT v, b, o, s, l, in_range(v, b, o, s, l) FROM (VALUES ('2020-01-31 10:00'::timestamp, '2020-02-29 10:00'::timestamp, '1 month'::interval), ('2020-03-01 00:00:01', '2020-02-01', '1 mon 1 day'), ('infinity', '2020-01-01', '1 day')) t(v, b, o), (VALUES (true), (false)) s(s), (VALUES (true), (false)) l(l) ORDER BY 1, 2, 3, 4, 5;
SET timezone = 'America/New_York';
SELECT v, b, o, s, l, in_range(v, b, o, s, l) FROM (VALUES ('2020-03-08 12:00'::timestamptz, '2020-03-07 12:00'::timestamptz, '1 day'::interval), ('2020-03-08 11:00', '2020-03-07 12:00', '24 hours')) t(v, b, o), (VALUES (true), (false)) s(s), (VALUES (true), (false)) l(l) ORDER BY 1, 2, 3, 4, 5;
RESET timezone;
SELECT v, b, o, s, l, in_range(v, b, o, s, l) FROM (VALUES ('1 day'::interval, '2 days'::interval, '1 day'::interval), ('1 mon', '29 days', '1 day'), ('-1 year', '1 year', '2 years 1 day')) t(v, b, o), (VALUES (true), (false)) s(s), (VALUES (true), (false)) l(l) ORDER BY 1, 2, 3, 4, 5;
SELECT v, b, o, s, l, in_range(v, b, o, s, l) FROM (VALUES ('23:00'::time, '01:00'::time, '2 hours'::interval), ('00:30', '23:30', '1 hour'), ('10:00', '10:00', '1 day 1 mon')) t(v, b, o), (VALUES (true), (false)) s(s), (VALUES (true), (false)) l(l) ORDER BY 1, 2, 3, 4, 5;
SELECT v, b, o, s, l, in_range(v, b, o, s, l) FROM (VALUES ('23:00+02'::timetz, '01:00+02'::timetz, '2 hours'::interval), ('10:00+03', '09:00+02', '1 hour'), ('10:00+02', '09:00+02', '1 hour')) t(v, b, o), (VALUES (true), (false)) s(s), (VALUES (true), (false)) l(l) ORDER BY 1, 2, 3, 4, 5;
SELECT in_range('10:00'::time, '10:00'::time, '-1 hour', true, true);
SELECT in_range('10:00+01'::timetz, '10:00+01'::timetz, '-1 hour', true, true);
SELECT in_range('2020-01-01'::date, '2020-01-01'::date, '-1 mon 40 days', true, true);
SELECT in_range('2020-01-01'::date, '2020-01-01'::date, '1 mon -40 days', true, true);
SELECT in_range('1 day'::interval, '1 day'::interval, '-1 hour', true, true);
SELECT in_range('294276-12-31'::timestamp, '294276-12-31'::timestamp, '10 years', false, true);
SELECT in_range(NULL::int4, 1, 1, true, true), in_range(1::numeric, NULL, 1, true, true);
CREATE ROLE regress_priv_fn;
SELECT has_parameter_privilege('work_mem', 'set'), has_parameter_privilege('no.such', 'alter system'), has_parameter_privilege('WORK_MEM', 'SET WITH GRANT OPTION');
SELECT has_parameter_privilege('regress_priv_fn', 'work_mem', 'set'), has_parameter_privilege('regress_priv_fn'::name, 'nosuch', 'set, alter system'), has_parameter_privilege(0::oid, 'work_mem', 'set');
SELECT has_parameter_privilege((SELECT oid FROM pg_roles WHERE rolname = 'regress_priv_fn'), 'work_mem', 'ALTER SYSTEM');
SELECT has_parameter_privilege('work_mem', 'usage');
SELECT has_parameter_privilege('regress_no_such_role', 'work_mem', 'set');
SELECT has_server_privilege('regress_no_server', 'usage');
SELECT has_server_privilege('regress_priv_fn', 'regress_no_server', 'usage');
SELECT has_server_privilege(1::oid, 'usage'), has_server_privilege('regress_priv_fn', 1::oid, 'usage'),
       has_foreign_data_wrapper_privilege(1::oid, 'usage'), has_foreign_data_wrapper_privilege(0::oid, 1::oid, 'usage');
SELECT has_foreign_data_wrapper_privilege('regress_no_fdw', 'usage');
SELECT has_foreign_data_wrapper_privilege(1::oid, 'select');
SELECT has_server_privilege(1::oid, 'usage with grant option, create');
SELECT bit_count('\x'::bytea), bit_count('\xff00ff'::bytea), bit_count('\x0123456789abcdef'::bytea), bit_count(decode(repeat('ff', 1000), 'hex'));
DROP ROLE regress_priv_fn;
-- jsonb_set_lax: a NULL target, path or create_if_missing gives NULL before the treatment is checked
SELECT jsonb_set_lax(NULL, '{a}', '1', true, NULL) IS NULL, jsonb_set_lax('{}', NULL, '1', true, NULL) IS NULL, jsonb_set_lax('{}', '{a}', '1', NULL, NULL) IS NULL, jsonb_set_lax('{}', '{a}', NULL, NULL, 'x') IS NULL;
SELECT jsonb_set_lax('{}', '{a}', '1', true, NULL);
-- a VARIADIC built-in called with an array but without VARIADIC: no such function (42883)
SELECT int4multirange(NULL::int4range[]);
SELECT pg_catalog.datemultirange(ARRAY['[2020-01-01,2020-01-02)'::daterange]);
SELECT int4multirange(VARIADIC ARRAY['[1,2)'::int4range, '[5,6)']), int4multirange('[1,2)', '[5,6)');
SELECT concat_ws(',', ARRAY[1, 2]), num_nulls(ARRAY[1, NULL]), json_build_array(ARRAY[1, 2]);
SELECT format('%s', ARRAY[1, 2]), concat(ARRAY[1, 2], 'x');
SELECT json_extract_path('{"a": {"b": 1}}', 'a', 'b'), json_extract_path('{"a": {"b": 1}}', VARIADIC ARRAY['a', 'b']);
