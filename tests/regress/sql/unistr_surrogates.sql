-- unistr: escapes, UTF-16 surrogate pairs and their 42601 errors, code points out of range (22023)
SELECT unistr('\0064at\+0000610'), unistr('d\u0061t\U000000610'), unistr('a\\b'), unistr('\d83d\de00'), unistr('\+01F600'), unistr('\ud83d\ude00x');
SELECT unistr('wrong: \db99');
SELECT unistr('wrong: \db99\0061');
SELECT unistr('wrong: \+00db99\+000061');
SELECT unistr('wrong: \+2FFFFF');
SELECT unistr('wrong: \udb99\u0061');
SELECT unistr('wrong: \U0000db99\U00000061');
SELECT unistr('wrong: \U002FFFFF');
SELECT unistr('wrong: \dc00');
SELECT unistr('wrong: \d800\\');
SELECT unistr('wrong: \0000');
SELECT unistr('wrong: \xyz');
-- the scanner's Unicode escape errors: 22025 inside E'' strings, 42601 in U&'' strings
select E'wrong: \u061';
select 1, e'ab\U0061';
select E'a\'b \u12';
select U&'wrong: \061';
select E'\ud83d';
