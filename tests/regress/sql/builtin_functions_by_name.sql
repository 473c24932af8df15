-- Built-in functions called by name that PostgreSQL's catalog derives from operators,
-- casts, btree support, min / max steps and shared C functions
-- (catalog/derived_functions.py), with the operators' errors; and the small
-- differences found while probing them (pseudo-type input, jsonb path NULLs reached
-- in setPath's order, money * float8 overflow, int8 -> oid, infinite timestamps' time,
-- regclass names, polygon containment, polygon(n, circle) limits, date_part of a date
-- as a timestamp, age() of -infinity).
SELECT int4pl(1, 2), int8mi(10, 3), int2mul(4::int2, 5::int2), float8div(1, 4), numeric_add(1.5, 2.25);
SELECT int4pl(2147483647, 1);
SELECT int4div(1, 0);
SELECT float8mul(1e308, 10);
SELECT texteq('a', 'a'), textne('a', 'b'), boollt(false, true), byteacat('\x01', '\x02');
SELECT date_pl_interval('2020-02-29', '1 year'), timestamp_mi('2020-03-01', '2020-02-01');
SELECT int84mul(3::int8, 4), int48pl(1, 2::int8), float48eq(1.5::float4, 1.5::float8);
SELECT textlike('abc', 'a%'), like('abc', 'a%'), notlike('abc', 'b%'), texticlike('ABC', 'a%');
SELECT btint4cmp(1, 2), btint4cmp(2, 2), btint8cmp(3, 2), btfloat8cmp('NaN', 1), btboolcmp(true, false);
SELECT bttextcmp('a', 'c'), bttextcmp('abc', 'abc'), btnamecmp('ab', 'ab%'), byteacmp('\x01', '\x05'), btcharcmp('a', 'c');
SELECT int4larger(1, 2), int4smaller(1, 2), text_larger('a', 'b'), numeric_smaller(1.50, 1.5), date_larger('2020-01-01', '2021-01-01');
SELECT name('abc'::text), oid(5::int8), bpchar('ab'::bpchar, 8, false), textlen('héllo'), dexp(1.0), dround(-0.4);
SELECT oid(-4::int8);
SELECT bpchar('ab'::bpchar, 2147483647, false);
SELECT interval('1 day 02:03:04.5678'::interval, 2);
SELECT time('infinity'::timestamp) IS NULL AS time_null, timetz('-infinity'::timestamptz) IS NULL AS timetz_null;
SELECT '1'::money * 1e300::float8;
SELECT '-1'::money * 1e308::float8;
SELECT '1'::money / 1e-310::float8;
SELECT 'x'::trigger;
SELECT 'x'::internal;
SELECT 'x'::language_handler;
SELECT regclass('ABC'::text);
SELECT regclass(''::text);
SELECT '((0,0),(0,2),(2,2),(2,0))'::polygon @> '((0,0),(0,2),(2,2),(2,0))'::polygon AS contains_itself,
       '((0,0),(0,4),(2,2),(4,4),(4,0))'::polygon @> '((1,3),(3,3),(3,1),(1,1))'::polygon AS notch,
       '((1,1),(3,1),(2,3))'::polygon <@ '((0,0),(0,4),(4,4),(4,0))'::polygon AS inside;
SELECT polygon(2147483647, '<(1,1),1>'::circle);
SELECT polygon(67108862, '<(1,1),1>'::circle);
SELECT polygon(1, '<(1,1),0>'::circle);
SELECT jsonb_delete_path('1', '{a,NULL}');
SELECT jsonb_delete_path('[]', '{NULL}'), jsonb_delete_path('{}', '{a,NULL}');
SELECT jsonb_set('{"b":1}', '{a,NULL}', '2'), jsonb_set('{}', '{a,NULL}', '2', false);
SELECT jsonb_set('{"a":1}', '{a,NULL}', '2');
SELECT jsonb_insert('1', '{a,NULL}', '2');
SELECT date_part('bad', '2020-01-01'::date);
SELECT date_part('bad', '5874897-12-31'::date);
SELECT date_part('dow', '5874897-12-31'::date);
SELECT date_part('julian', '2020-01-01'::date), date_part('year', 'infinity'::date), date_part('hour', '2020-01-01'::date);
SELECT age('2000-01-01'::timestamptz, '-infinity'::timestamptz);
SELECT age('2000-01-01'::timestamptz, '1999-01-01');
