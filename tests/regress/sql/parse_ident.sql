-- parse_ident: qualified names split, unquoted parts folded, quoted parts kept, no
-- truncation, strict and non-strict trailing text, the 22023 errors and their details
select parse_ident('Public.MyTable'), parse_ident('"Public"."My ""Table"""'), parse_ident('  a . "b c" .  d  ');
select parse_ident('abc.def[1]', false), parse_ident('abc.def(x)', strict => false), parse_ident('x$1_2.Ümlaut');
select parse_ident(repeat('y', 80))::name[], length((parse_ident(repeat('y', 80)))[1]);
select parse_ident('abc.def[1]');
select parse_ident('');
select parse_ident('   ');
select parse_ident('.abc');
select parse_ident('abc.');
select parse_ident('abc..def');
select parse_ident('"abc');
select parse_ident('abc.""');
select parse_ident('123abc');
select parse_ident('abc.4x');
select parse_ident('a-b');
select parse_ident(null), parse_ident('a', null);
