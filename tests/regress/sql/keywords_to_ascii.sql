-- pg_get_keywords() (every keyword, its category and bare-label rule) and to_ascii
select * from pg_get_keywords();
select catcode, barelabel, catdesc, baredesc, count(*) from pg_get_keywords() group by 1, 2, 3, 4 order by 1, 2;
select word from pg_get_keywords() where word in ('select', 'xmltable', 'year', 'zone', 'between') order by word;
select to_ascii('abc');
select to_ascii('abc', 'LATIN1'), to_ascii('abc', 8), to_ascii('abc', 'latin2');
select to_ascii('abc', 'UTF8');
select to_ascii('abc', 'foo');
select to_ascii('abc', 999);
select to_ascii('abc', -1);
select to_ascii('abc', 41);
select to_ascii('éa', 'LATIN1');
select to_ascii('éaßüÿ€™ž', 'WIN1250'), to_ascii('éaßüÿ€™ž', 'LATIN2'), to_ascii('éaßüÿ€™ž', 'LATIN9'), to_ascii('éaßüÿ€™ž😀', 'latin1');
select to_ascii(chr(i), e) from generate_series(160, 1200, 7) i, (values ('LATIN1'), ('LATIN2'), ('LATIN9'), ('WIN1250')) v(e) order by i, e;
select to_ascii(null, 'LATIN1'), to_ascii('a', null::int);
