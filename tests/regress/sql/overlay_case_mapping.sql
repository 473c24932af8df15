-- overlay() on text and bytea; upper / lower / initcap map one character to one (towupper / towlower)
select overlay('abcdef' placing 'XY' from 2 for 3), overlay('abcdef' placing 'XY' from 2), overlay('abcdef' placing 'XY' from 10), overlay('abcdef' placing 'X' from 3 for -1), overlay('abcdef' placing '' from 1 for 2);
select overlay('\x010203'::bytea placing '\xff' from 2), overlay('\x010203'::bytea placing '\xffee' from 2 for 1), overlay(B'1111' placing B'00' from 2);
select overlay('abc' placing 'x' from 0);
select overlay('abc' placing 'x' from 2147483647 for 1);
select overlay('héllo' placing 'ü' from 2 for 1);
select upper('straße'), lower('İSTANBUL'), initcap('ßtraße ǆungla'), upper('ǆ'), lower('ΣΑΣ'), upper('ﬁ');
