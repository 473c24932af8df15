-- Regular expressions (PostgreSQL's ARE flavour), SIMILAR TO and the pattern-matching
-- functions: results, column names and types, and the errors of invalid patterns,
-- flags and parameters. Set-returning functions are called in FROM and in the select list.
SELECT 'abc' ~ 'b', 'abc' ~ '^b', 'abc' !~ 'b', 'ABC' ~* 'b', 'ABC' !~* 'b', 'abc' ~ 'B';
SELECT 'abc'::name ~ '^a', 'abc'::name ~* 'C$', 'abc'::name !~ 'x', 'abc'::name !~* 'A';
SELECT 'abc'::char(5) ~ 'c  $', 'abc'::char(5) ~ 'c$', 'abc'::char(5) ~* 'C {2}', 'ab'::char(3) !~* 'B';
SELECT 'abc'::varchar ~ 'bc', 'abc'::varchar(5) !~ 'bc', NULL::text ~ 'a', 'a' ~ NULL;
-- bracket expressions, classes, escapes
SELECT 'a1' ~ '^[[:alpha:]][[:digit:]]$', 'A_' ~ '^[[:upper:]][[:punct:]]$', ' ' ~ '[[:space:]]', E'\t' ~ '[[:blank:]]', 'x' ~ '[[:word:]]', '_' ~ '[[:alnum:]]';
SELECT 'f' ~ '^[[:xdigit:]]$', 'g' ~ '^[[:xdigit:]]$', 'a' ~ '[[:lower:]]', 'a' ~* '[[:upper:]]', '~' ~ '[[:graph:]]', ' ' ~ '[[:print:]]', E'\x01' ~ '[[:cntrl:]]';
SELECT 'a]' ~ '[]a]{2}', 'b' ~ '[^]a]', ']' ~ '[^]a]', '-' ~ '[a-]', '-' ~ '[-a]', 'b' ~ '[a-c]', 'd' ~ '[a-c]', '\' ~ '[\\]';
SELECT '1' ~ '^\d$', 'a' ~ '^\D$', ' ' ~ '^\s$', 'a' ~ '^\S$', '_' ~ '^\w$', '-' ~ '^\W$', '1' ~ '[\d]', 'a' ~ '[\D]', '1' ~ '[^\d]';
SELECT E'a\tb' ~ 'a\tb', E'a\nb' ~ 'a\nb', 'a.b' ~ 'a\.b', 'axb' ~ 'a\.b', 'a' ~ '\x61', 'a' ~ '\u0061', 'a' ~ '\U00000061', 'a' ~ '\141', E'\x1b' ~ '\e', '\' ~ '\B';
SELECT 'foo bar' ~ '\mbar', 'foobar' ~ '\mbar', 'foo bar' ~ 'foo\M', 'foobar' ~ 'foo\M', 'foo bar' ~ '\yfoo\y', 'foobar' ~ 'o\Yb', 'abc' ~ '\Aabc\Z', E'abc\n' ~ 'abc\Z';
-- quantifiers, bounds, groups, back references, lookaround
SELECT 'aaa' ~ '^a{3}$', 'aa' ~ '^a{3}$', 'aaaa' ~ '^a{2,3}$', 'aaaa' ~ '^a{2,}$', 'a{' ~ 'a{', 'a{x' ~ 'a{x', 'x{,3}' ~ 'x{,3}', 'a}' ~ 'a}';
SELECT 'abab' ~ '^(ab)\1$', 'abac' ~ '^(ab)\1$', 'ABab' ~* '^(ab)\1$', 'aXbX' ~ '(?:a|b)X(?:a|b)X', 'foobar' ~ 'foo(?=bar)', 'foobaz' ~ 'foo(?!bar)', 'xbar' ~ '(?<=x)bar', 'ybar' ~ '(?<!x)bar';
-- directors, embedded options, expanded syntax
SELECT 'a.' ~ '***=a.', 'ab' ~ '***=a.', 'A' ~ '***:(?i)a', 'A' ~ '(?i)a', 'A' ~* '(?c)a', 'ab' ~ '(?x) a  b  # comment', 'a b' ~ '(?x)a\ b', 'ab' ~ '(?#comment)ab', 'a.b' ~ '(?q)a.b', 'axb' ~ '(?q)a.b';
SELECT E'a\nb' ~ 'a.b', E'a\nb' ~ '(?n)a.b', E'a\nb' ~ '(?s)a.b', E'a\nb' ~ '(?n)^b', E'a\nb' ~ '(?w)^b', E'a\nb' ~ '(?p)^b', E'a\nb' ~ '(?p)a[^x]b', E'a\nb' ~ '(?w)a[^x]b', E'a\nb' ~ '(?n)a\Db';
-- invalid patterns
SELECT 'a(' ~ 'a(';
SELECT 'a' ~ 'a)';
SELECT 'a' ~ 'a[';
SELECT 'a' ~ '[[:alpha:]';
SELECT 'a' ~ 'a{2';
SELECT 'a' ~ 'a{3,2}';
SELECT 'a' ~ 'a{256}';
SELECT 'a' ~ 'a{1,2,3}';
SELECT 'a' ~ '*a';
SELECT 'a' ~ 'a**';
SELECT 'a' ~ 'a|*';
SELECT 'a' ~ '(*)';
SELECT 'a' ~ '^*';
SELECT 'a' ~ 'a*??';
SELECT 'a' ~ 'a{2}{3}';
SELECT 'a' ~ '\q';
SELECT 'a' ~ 'a\';
SELECT 'a' ~ '\x';
SELECT 'a' ~ '[[:foo:]]';
SELECT 'a' ~ '[z-a]';
SELECT 'a' ~ '[[:alpha:]-z]';
SELECT 'a' ~ '[[.ab.]]';
SELECT 'a' ~ '\2';
SELECT 'a' ~ '\1(a)';
SELECT 'a' ~ '(?z)a';
SELECT 'a' ~ '(?';
SELECT 'a' ~* '(a';
SELECT 'a' ~ '[z-a';
SELECT 'a' ~ '[.-,b]';
SELECT 'a' ~ '[[:foo:]';
SELECT 'a' ~ '[[:alpha:]-';
SELECT 'a' ~ '(a)[\1]';
SELECT 'a' ~ '[ \';
SELECT 'a' ~ '\m{2';
SELECT 'a' ~ '\m{2,x';
SELECT regexp_like('a', '[\12]'), regexp_like(E'\n', '[\12]'), regexp_like('*a', '^*a', 'b');
-- the flag e gives a basic RE in PostgreSQL 15 (its embedded form (?e) an extended one)
SELECT regexp_like('aa', '^a+$', 'e'), regexp_like('a+', '^a+$', 'e'), regexp_like('ab', '^\(a\)b$', 'e'), 'aa' ~ '(?e)^a+$', 'ad' ~ '(?e)a\d';
-- regexp_match / regexp_matches
SELECT regexp_match('foobarbequebaz', 'bar.*que'), regexp_match('foobarbequebaz', '(bar)(beque)'), regexp_match('abc', 'x'), regexp_match('abc', '(x)?b');
SELECT regexp_match('ab', 'a|ab'), regexp_match('aab', '(a*)(ab)?'), regexp_match('XY1234Z', 'Y*([0-9]{1,3})'), regexp_match('XY1234Z', 'Y*?([0-9]{1,3})'), regexp_match('abc', '(?:)');
SELECT regexp_match('ABC', 'b', 'i'), regexp_match(E'a\nb', '^b', 'n'), regexp_match(E'a\nb', 'a$', 'w'), regexp_match(E'a\nb', 'a$', 'p'), regexp_match('a b', 'a b', 'x'), regexp_match('a.b', 'a.b', 'q');
SELECT pg_typeof(regexp_match('a', 'a')), regexp_match('abc', '(a)(x)?(c)?');
SELECT regexp_match('a', 'a', 'g');
SELECT regexp_match('a', 'a', 'z');
SELECT * FROM regexp_matches('foobarbequebazilbarfbonk', '(b[^b]+)(b[^b]+)', 'g');
SELECT * FROM regexp_matches('abc', 'b');
SELECT * FROM regexp_matches('abcabc', '(a)(x)?', 'g');
SELECT * FROM regexp_matches('aaa', 'a*', 'g');
SELECT * FROM regexp_matches('abxd', 'x*', 'g');
SELECT * FROM regexp_matches('ABab', 'a', 'gi');
SELECT count(*) FROM regexp_matches('abc', 'x', 'g');
SELECT m FROM regexp_matches('a1b22c333', '\d+', 'g') AS m;
SELECT regexp_match('abcabc', '(?:(a)|b)+'), regexp_match('a1b2', '(?:([a-z])(\d))+'), regexp_match('abab', '((a)|b){2,3}?'), regexp_match('xab', 'x(?:(a)|b){0,2}'), regexp_match('abcabc', '((a)|b|c)*');
-- set-returning functions in the select list (ProjectSet)
SELECT regexp_matches('abcabc', '(b)(c)', 'g');
SELECT regexp_matches('a', 'a') IS NULL;
SELECT regexp_matches('foo1bar22', '\d+', 'g') AS m, regexp_split_to_table('x,y', ',') AS s;
SELECT (regexp_matches('ab', '(a)(b)'))[2];
-- regexp_replace
SELECT regexp_replace('Thomas', '.[mN]a.', 'M'), regexp_replace('foobarbaz', 'b..', 'X', 'g'), regexp_replace('foobarbaz', 'b(..)', 'X\1Y', 'g'), regexp_replace('abc', 'B', 'x', 'i');
SELECT regexp_replace('abc', '(b)', '[\1\2\&\\\0\x]'), regexp_replace('abc', 'b', '\'), regexp_replace('abc', '(b)', '\\1');
SELECT regexp_replace('abxd', 'x*', '-', 'g'), regexp_replace('', 'x*', '-', 'g'), regexp_replace('aaa', 'a', 'b', 'g');
SELECT regexp_replace('A PostgreSQL function', 'a|e|i|o|u', 'X', 1, 0, 'i'), regexp_replace('A PostgreSQL function', 'a|e|i|o|u', 'X', 1, 3, 'i'), regexp_replace('abcabc', 'b', 'X', 2), regexp_replace('abcabc', 'b', 'X', 1, 2), regexp_replace('abcabc', 'b', 'X', 1, 0), regexp_replace('abcabc', 'b', 'X', 1, 1, 'g'), regexp_replace('abc', 'b', 'X', 10);
SELECT regexp_replace('abc'::char(5), 'c', 'x'), regexp_replace('abc', 'b', 'x', 4, 5, 'g');
SELECT regexp_replace('abc', 'b', 'x', '1');
SELECT regexp_replace('abc', 'b', 'x', 0);
SELECT regexp_replace('abc', 'b', 'x', 1, -1);
SELECT regexp_replace('abc', 'b', 'x', 'gz');
SELECT regexp_replace('abc', '(', 'x');
-- regexp_split_to_array / regexp_split_to_table
SELECT regexp_split_to_array('hello world', '\s+'), regexp_split_to_array('hello world', '\s*'), regexp_split_to_array('abc', ''), regexp_split_to_array('', 'a'), regexp_split_to_array('a,b,', ','), regexp_split_to_array(',a', ',');
SELECT regexp_split_to_array('aXbxc', 'x', 'i'), pg_typeof(regexp_split_to_array('a', 'b'));
SELECT * FROM regexp_split_to_table('the quick brown fox', '\s+');
SELECT * FROM regexp_split_to_table('abc', '');
SELECT * FROM regexp_split_to_table('aXbxc', 'x', 'i') AS t(piece);
SELECT regexp_split_to_array('a', 'b', 'g');
SELECT * FROM regexp_split_to_table('a', 'b', 'g');
-- regexp_count, regexp_instr, regexp_like, regexp_substr
SELECT regexp_count('ABCABCAXYaxy', 'A.'), regexp_count('ABCABCAXYaxy', 'A.', 1, 'i'), regexp_count('abab', '^a', 3), regexp_count('abab', 'a', 3), regexp_count('abc', 'b', 10), regexp_count('aaa', 'a*');
SELECT regexp_count('a', 'a', 0);
SELECT regexp_count('a', 'a', 1, 'g');
SELECT regexp_instr('number of your street, town zip, FR', '[^,]+', 1, 2), regexp_instr('ABCDEFGHI', '(c..)(...)', 1, 1, 0, 'i', 2), regexp_instr('abcabc', 'b', 1, 2), regexp_instr('abcabc', '(b)(x)?', 1, 1, 0, '', 2);
SELECT regexp_instr('abcabc', '(b)', 1, 1, 1, '', 1), regexp_instr('abcabc', '(b)', 1, 1, 1, '', 5), regexp_instr('abcabc', 'b', 4), regexp_instr('abcabc', 'x'), regexp_instr('abc', 'c', 1, 1, 1);
SELECT regexp_instr('abc', 'b', 1, 1, 0, '', 1), regexp_instr('abc', 'b', 1, 1, 0, '', 2), regexp_substr('abc', 'b', 1, 1, '', 1), regexp_substr('abc', 'b', 1, 1, '', 2), regexp_instr('abc', 'c', 1, 1, 1, '', 1);
SELECT regexp_instr('a', 'a', 0);
SELECT regexp_instr('a', 'a', 1, 0);
SELECT regexp_instr('a', 'a', 1, 1, 2);
SELECT regexp_instr('a', 'a', 1, 1, 0, 'g');
SELECT regexp_instr('a', 'a', 1, 1, 0, '', -1);
SELECT regexp_like('Hello World', 'world'), regexp_like('Hello World', 'world', 'i'), regexp_like('abc', '^b');
SELECT regexp_like('a', 'a', 'g');
SELECT regexp_substr('number of your street, town zip, FR', '[^,]+', 1, 2), regexp_substr('ABCDEFGHI', '(c..)(...)', 1, 1, 'i', 2), regexp_substr('abcabc', '(b)(c)', 2, 2, '', 2), regexp_substr('abc', 'b', 10), regexp_substr('abc', '(b)(x)?', 1, 1, '', 2), regexp_substr('abc', 'b', 1, 1, '', 3);
SELECT regexp_substr('a', 'a', 1, 0);
SELECT regexp_substr('a', 'a', 1, 1, 'g');
-- substring(... from pattern), SIMILAR TO, similar_to_escape
SELECT substring('Thomas' from '...$'), substring('Thomas' from 'o.(a)'), substring('Thomas' from 'x'), substring('Thomas' from '(x)?m'), substring('foobar', 'o+');
SELECT 'abc' SIMILAR TO 'abc', 'abc' SIMILAR TO 'a', 'abc' SIMILAR TO '%(b|d)%', 'abc' SIMILAR TO '(b|c)%', 'abc' NOT SIMILAR TO 'a_c', 'a%c' SIMILAR TO 'a#%c' ESCAPE '#', 'abc' SIMILAR TO 'a#%c' ESCAPE '#';
SELECT 'ab' SIMILAR TO 'a[bc]', 'a.c' SIMILAR TO 'a.c', 'abc' SIMILAR TO 'a.c', 'aaa' SIMILAR TO 'a{2,3}', 'a+b' SIMILAR TO 'a+b', 'ab' SIMILAR TO 'a|b', 'x' SIMILAR TO 'x' ESCAPE '';
SELECT substring('foobar' similar '%#"o_b#"%' escape '#'), substring('foobar' similar '#"o_b#"%' escape '#'), substring('abcd' similar 'a#"b_#"d' escape '#'), substring('foobar' similar 'f%' escape '#');
SELECT substring('abc' similar 'a#"b#"c' escape NULL), 'abc' SIMILAR TO 'abc' ESCAPE NULL;
SELECT similar_to_escape('a%b_c'), similar_to_escape('a#"b#"c', '#'), similar_to_escape('a.b*c+d?(e|f)[g-h]{2}^$\x'), similar_to_escape('a\%b'), similar_to_escape('a%', ''), similar_to_escape('a\');
SELECT similar_to_escape('[]a]b'), similar_to_escape('[^]a]b'), similar_to_escape('[a\]b'), similar_to_escape('[a#]b', '#'), similar_to_escape('[%_]%'), similar_escape('a%', NULL), similar_escape(NULL, '#');
SELECT similar_to_escape('a', 'ab');
SELECT similar_to_escape('a#"b#"c#"d', '#');
SELECT 'abc' SIMILAR TO 'a(';
-- corner cases: longest-match choice, alternation, non-ASCII in the C locale, ERE/BRE/quoted syntax, directors
SELECT 'É' ~* 'é', 'é' ~ '\w', 'é' ~ '[[:alpha:]]', 'é' ~ '[a-z]', 'é' ~ '.', 'é' ~ '[^a]', 'ü' ~ '[à-ý]';
SELECT regexp_match('abcd', '(a|ab)(c|bcd)(d*)'), regexp_match('xyz', 'x(y|yz)?'), regexp_match('abab', '(ab)*'), regexp_match('aaa', '(a+?)(a*)'), regexp_match('aaa', '(a*?)(a*)');
SELECT regexp_match('foo123bar', '\d+?'), regexp_match('foo123bar', '[a-z]+?\d+'), regexp_match('foo123bar', '([a-z]+?)(\d+)'), regexp_match('foo123bar', '(.*?)(\d+)(.*)');
SELECT regexp_match('abcdefghijk', '(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\10'), regexp_match('abcdefghijj', '(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\10');
SELECT regexp_match('aXb', 'a[\n]b'), regexp_match(E'a\nb', 'a[\n]b'), regexp_match('a\b', 'a[\\]b'), regexp_match('a-b', 'a[\-]b'), regexp_match('a]b', 'a[\]]b');
SELECT regexp_match('abc', 'b', 'e'), regexp_match('a\db', 'a\db', 'e'), regexp_match('abc', '(b)', 'b'), regexp_match('a(b)c', '(b)', 'b'), regexp_match('abbc', 'ab*c', 'b'), regexp_match('a+c', 'a+c', 'b'), regexp_match('aa', '\(a\)\1', 'b');
SELECT regexp_match('xabcx', '(?<=a)b+'), regexp_match('abc', '(?=b)'), regexp_match('abc', '(?!a)'), regexp_match('abc', '(?=(b))');
SELECT regexp_split_to_array('abc', 'a'), regexp_split_to_array('abc', 'c'), regexp_split_to_array('aaa', 'a'), regexp_split_to_array('abc', 'x*'), regexp_split_to_array('a b  c', ' *'), regexp_split_to_array('abc', '(?=b)');
SELECT regexp_replace('aaa', 'a*?', 'X', 'g'), regexp_replace('abc', '', 'X', 'g'), regexp_replace('abc', '$', 'X', 'g'), regexp_replace('abc', '^', 'X', 'g'), regexp_replace(E'a\nb', '^', 'X', 'gn'), regexp_replace('hello', '(l+)', '<\1>', 'g');
SELECT regexp_count('aaaa', 'aa'), regexp_count('abcabc', ''), regexp_instr('abc', ''), regexp_instr('abc', '', 1, 4), regexp_instr('abc', '', 1, 5);
SELECT 'a' ~ '\0', 'abc' ~ 'a\c', 'aBc' ~ '(?i)a[b]c', 'ABC' ~ '(?i)a[[:lower:]]c', 'a' ~ '[[=a=]]', 'a' ~ '[[.a.]]', '-' ~ '[[.-.]]';
SELECT regexp_match('the cat', '\m(\w+)\M'), regexp_match('ab  cd', '\y\w+\y$'), regexp_match(' x', '\Y'), regexp_replace('one two three', '\m', '_', 'g'), regexp_replace('one two', '\M', '_', 'g'), regexp_replace('one two', '\y', '|', 'g');
SELECT regexp_match('aaaa', 'a{2}?'), regexp_match('aaaa', 'a{2,3}?'), regexp_match('aaaa', '(a{2,3}?)(a*)'), regexp_match('abab', '(ab){1,1}?'), regexp_match('abcabc', '(?:abc){2}');
SELECT 'ab' ~ '(?x)a#c
b', 'a' ~ '(?x)[ ]', ' ' ~ '(?x)[ ]', 'a{2}' ~ '(?x)a {2}';
SELECT * FROM regexp_matches('abc', 'b', 'z');
SELECT * FROM regexp_matches('abc', '(', 'g');
SELECT regexp_split_to_array('abc', 'b', 'q'), regexp_split_to_array('a.b', '.', 'q'), regexp_count('a.b.c', '.', 1, 'q');
SELECT regexp_match('aBc', '(?i)b', 'c'), regexp_match('aBc', 'b', 'ic'), regexp_match('aBc', 'b', 'ci');
SELECT regexp_match('a{1}', 'a{1}', 'b'), regexp_match('a', 'a\{1\}', 'b'), regexp_match('ab|cd', 'ab|cd', 'b'), regexp_match('*a', '*a', 'b'), regexp_match('a?', 'a?', 'b');
SELECT regexp_match('a', '(?i)A', 'q');
SELECT regexp_match('abc', '***:b'), regexp_match('a***b', 'a***b', 'q');
SELECT regexp_match('abc', '***=b', 'e');
SELECT 'abc' ~ '(?e)b';
SELECT 'abc' ~ '(?b)b';
SELECT regexp_match('abc', 'b{0}'), regexp_match('abc', '(b){0}c'), regexp_match('abbbc', 'b{1,255}'), regexp_match('abc', 'x?'), regexp_match('', 'x*');
SELECT regexp_replace('abc', 'b', E'\\\\'), regexp_replace('a.b', '.', '-', 'gq'), regexp_replace('Hello', '[aeiou]', '', 'g'), regexp_replace('x', 'x', '\9');
SELECT substring('abc' from '(?:b)'), substring('abc' from 'b|(c)'), substring('abc' from '(b)|(c)'), substring(NULL from 'a'), substring('abc' from NULL);
SELECT 'a' ~ repeat('(', 10) || 'a' || repeat(')', 10), regexp_match('aaa', repeat('(a)?', 3));
SELECT 'aaa' ~ 'a{1,2}{2}';
SELECT 'aaa' ~ '(a{1,2}){2}';
SELECT 'a' ~ '[a', 'x';
SELECT 'a' ~ 'a{,2}', 'a{,2}' ~ 'a{,2}';
SELECT 'ab' ~ 'a\b', E'a\bb' ~ 'a\bb', E'a\x07' ~ 'a\a', E'a\x0b' ~ 'a\v', E'a\x01' ~ 'a\cA';
SELECT 'a' ~ '\u006', 'a' ~ '\xg';
SELECT 'a' ~ '\u006';
SELECT 'abc' ~ '[a-c]{3}', 'abc' ~ '^[^[:digit:]]+$', 'ab1' ~ '^[^[:digit:]]+$', 'a^' ~ 'a^', 'a$b' ~ 'a$b', '$' ~ '[$]', '^' ~ '[\^]';
-- other argument types, the SQL99 substring form, results used in expressions
SELECT substring('abcd' from 'b.c' for '#'), substring('abcd' from '#"b_#"%' for '#'), substring('abcdef' from 2 for 3), substring('abcdef', 2, 3);
SELECT substring('abcd'::varchar from 'b.'), regexp_replace('abc'::varchar, 'b', 'x'), regexp_match('abc'::name, 'b'), regexp_count('abcb'::char(6), 'b');
SELECT 'abc'::name SIMILAR TO 'a%', 'abc'::char(5) SIMILAR TO 'abc', 'abc'::char(5) SIMILAR TO 'abc%', 'abc'::varchar SIMILAR TO '_b_';
SELECT 1 ~ '1';
SELECT 'a' ~ 1;
SELECT 'abc' ~ 'b'::varchar, 'abc'::varchar ~* 'B'::varchar, 'x' !~ 'y'::name;
SELECT NOT 'abc' SIMILAR TO 'b', 'abc' SIMILAR TO 'b' IS NULL, NULL SIMILAR TO 'a', 'a' SIMILAR TO NULL;
SELECT 'abc' ~ 'b' = true, ('abc' ~ 'b')::text;
SELECT regexp_replace('aaa', 'a', 'b', 'g') AS r, regexp_split_to_array('a,b', ',') AS arr;
SELECT (regexp_match('foo123', '(\d+)'))[1], (regexp_split_to_array('a,b,c', ','))[2];
SELECT array_length(regexp_split_to_array('a,b,c', ','), 1), regexp_match('a', 'b') IS NULL;
-- jsonpath like_regex is an ARE too
SELECT * FROM jsonb_path_query('["a\nb", "ab", "A\nB"]', '$[*] ? (@ like_regex "a.b")');
SELECT * FROM jsonb_path_query('["a\nb", "ab", "A\nB"]', '$[*] ? (@ like_regex "a.b" flag "si")');
SELECT * FROM jsonb_path_query('["a\nb", "xa"]', '$[*] ? (@ like_regex "^b|a$" flag "m")');
SELECT * FROM jsonb_path_query('["a.b", "ab"]', '$[*] ? (@ like_regex "a.b" flag "q")');
SELECT '$ ? (@ like_regex "a(")'::jsonpath;
SELECT '$ ? (@ like_regex "a" flag "x")'::jsonpath;
-- in a table
DROP TABLE IF EXISTS regress_regex;
CREATE TABLE regress_regex (id int, t text, v varchar(20), n name);
INSERT INTO regress_regex VALUES (1, 'apple pie', 'Apple', 'apple'), (2, 'banana split', 'BANANA', 'banana'), (3, 'cherry tart', 'cherry', 'cherry'), (4, NULL, NULL, NULL);
SELECT id FROM regress_regex WHERE t ~ '^[ab]' ORDER BY id;
SELECT id FROM regress_regex WHERE v ~* '^a|^b' ORDER BY id;
SELECT id FROM regress_regex WHERE n !~ 'an' ORDER BY id;
SELECT id FROM regress_regex WHERE t SIMILAR TO '%(pie|tart)' ORDER BY id;
SELECT id, regexp_replace(t, '(\w+) (\w+)', '\2 \1'), regexp_count(t, '[aeiou]'), substring(t from '\w+$') FROM regress_regex ORDER BY id;
SELECT s FROM regexp_split_to_table((SELECT t FROM regress_regex WHERE id = 2), ' ') AS s;
SELECT m FROM regexp_matches((SELECT t FROM regress_regex WHERE id = 1), '([aeiou])', 'g') AS m;
DROP TABLE regress_regex;
