-- encode / decode (hex, base64, escape), translate, to_hex, SHA-2, unistr, normalize and IS
-- NORMALIZED, string_to_table, convert_to / convert_from, pg_client_encoding, and their errors.
select encode('abc\000\377\\'::bytea, 'hex'), encode('abc\000\377\\'::bytea, 'base64'), encode('abc\000\377\\'::bytea, 'escape');
select encode(convert_to(repeat('xyz', 40), 'UTF8'), 'base64');
select decode('616263', 'hex'), decode('YWJj', 'base64'), decode('a\\b\001c', 'escape'), decode('61 62', 'hex');
select decode('6g', 'hex');
select decode('616', 'hex');
select decode('YW!j', 'base64');
select decode('YWJ', 'base64');
select decode('a\9', 'escape');
select encode('a', 'rot13');
select decode('a', 'rot13');
select translate('12345', '143', 'ax'), translate('abcabc', 'aa', 'xy'), translate('abc', '', 'x');
select to_hex(255), to_hex(-1), to_hex(-1::bigint), to_hex(9223372036854775807);
select encode(sha224('abc'), 'hex'), encode(sha256('abc'), 'hex'), encode(sha384(''), 'hex'), encode(sha512('abc'), 'hex');
select unistr('d\0061t\+000061'), unistr('\u00e9\U0001F600\\');
select unistr('\xyz');
select normalize(U&'\0061\0301'), normalize(U&'\0061\0301', NFD) = U&'\0061\0301', U&'\0061\0301' is nfc normalized, U&'\00e1' is nfkd normalized;
select normalize('a', 'XYZ');
select string_to_table('a,b,,c', ','), 1;
select * from string_to_table('a b c', ' ') with ordinality;
select string_to_table('abc', null);
select string_to_table('abc', '');
select string_to_table('a,NULL,b', ',', 'NULL');
select convert_to('héllo', 'LATIN1'), convert_from('\x68e96c6c6f', 'LATIN1'), convert_from(convert_to('héllo', 'UTF8'), 'UTF8');
select convert_to('a', 'NOPE');
select convert_from('\xff', 'UTF8');
select convert_to('€', 'LATIN1');
select pg_client_encoding();
