-- With standard_conforming_strings off, a U&'...' string constant is refused where it
-- starts (before its escapes are read); U&"..." identifiers are still allowed.
SET standard_conforming_strings = off;
SELECT U&'d\0061t\+000061' AS U&"d\0061t\+000061";
SELECT 1, U&'wrong: \061';
SELECT U&'x' UESCAPE '!';
SELECT 'u&' || 'x' AS "U&x";
SELECT 1 AS U&"d\0061t";
RESET standard_conforming_strings;
SELECT U&'d\0061t\+000061' AS t;
