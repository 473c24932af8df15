-- the cstring pseudo-type as SQL sees it, and the types' input, output and typmod
-- functions called by name (int4in, int4out, numerictypmodin, varchartypmodout, ...)
select 'x'::cstring::text, 'y'::text::cstring, pg_typeof('x'::cstring);
select 'x'::varchar::cstring, 'yz'::cstring::varchar(1);
select '{a,b}'::cstring[], ('{a,b}'::cstring[])[2], pg_typeof(array['a'::cstring]);
select 'x'::cstring || 'a';
select '5'::cstring::int;
select 'x'::cstring = 'x';
create table cstring_column (c cstring);
select format_type('cstring'::regtype, null), format_type('cstring[]'::regtype, null);
-- input functions, with and without a typmod
select int4in('5'), textin('abc'), date_in('2020-01-02'), bool_in('t'), float8in('1.5e3');
select numeric_in('1.234', 0, 393222), varcharin('abc', 0, 7), bpcharin('ab', 0, 7) || '|';
select varcharin('abcdef', 0, 7);
select numeric_in('123.4', 0, 196610);
select int4in('x');
select int2in('99999');
select int4in(null), textout(null) is null;
-- output functions
select int4out(5), textout('x'), numeric_out(1.50), date_out('2020-01-02'), boolout(true), pg_typeof(int4out(7));
select int4in(int4out(7)), textin(textout('round trip'));
select int4out(5)::int;
select int4out(5) || 'a';
select array_out(array[1,2]), array_out('{a,"b c"}'::text[]), cstring_in('a'), cstring_out('b');
select interval_out('1 day 2 hours'), timestamp_out('2001-02-03 04:05:06'), uuid_out('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'), jsonb_out('{"b":1,"a":2}');
-- typmod input functions
select numerictypmodin('{10,2}'), numerictypmodin('{10}'), varchartypmodin('{10}'), bpchartypmodin('{3}'),
       timestamptypmodin('{3}'), timestamptztypmodin('{0}'), timetypmodin('{2}'), timetztypmodin('{1}'),
       intervaltypmodin('{32767}'), intervaltypmodin('{6,3}'), intervaltypmodin('{4}'), bittypmodin('{5}'), varbittypmodin('{9}');
select numerictypmodin('{10,x}');
select numerictypmodin('{1,2,3}');
select numerictypmodin('{}');
select varchartypmodin('{0}');
select varchartypmodin('{NULL}');
select varchartypmodin('{{1}}');
select numerictypmodin(null);
-- typmod output functions
select '[' || numerictypmodout(-1) || ']', '[' || numerictypmodout(655366) || ']', '[' || numerictypmodout(3) || ']',
       '[' || varchartypmodout(-1) || ']', '[' || varchartypmodout(14) || ']', '[' || bpchartypmodout(4) || ']',
       '[' || bittypmodout(5) || ']', '[' || varbittypmodout(-1) || ']';
select '[' || timestamptypmodout(3) || ']', '[' || timestamptypmodout(-1) || ']', '[' || timestamptztypmodout(3) || ']',
       '[' || timetypmodout(2) || ']', '[' || timetztypmodout(-1) || ']';
select '[' || intervaltypmodout(-1) || ']', '[' || intervaltypmodout(intervaltypmodin('{6,3}')) || ']',
       '[' || intervaltypmodout(intervaltypmodin('{32767,2}')) || ']', '[' || intervaltypmodout(intervaltypmodin('{4}')) || ']';
select intervaltypmodout(3);
create table cstring_typmods (a varchar(5), b numeric(7,2), c timestamptz(1), d interval minute to second(2), e bit(3), f text);
select a.attname, numerictypmodout(a.atttypmod) as num, varchartypmodout(a.atttypmod) as var,
       timestamptztypmodout(a.atttypmod) as tstz, intervaltypmodout(a.atttypmod) as iv
from pg_attribute a where a.attrelid = 'cstring_typmods'::regclass and a.attname in ('b', 'f') order by a.attnum;
select a.attname, varchartypmodout(a.atttypmod) as var, timestamptztypmodout(a.atttypmod) as tstz, bittypmodout(a.atttypmod) as bit
from pg_attribute a where a.attrelid = 'cstring_typmods'::regclass and a.attnum > 0 order by a.attnum;
drop table cstring_typmods;
