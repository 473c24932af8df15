-- to_char of numbers at the edges of its templates: a decimal point with no fraction
-- position prints nothing (and takes PR's closing bracket with it), fill mode's zero,
-- group separators after the point, no ordinal suffix with a point, scientific
-- notation rounding half away from zero, NaN and Infinity in digit positions or as
-- '#', floats' fraction digits limited by their precision, roman numerals past int4,
-- and backslashes inside quoted text (numbers and dates alike).
SELECT '[' || to_char(0, 'FM999.99') || ']', '[' || to_char(0, 'FM999.') || ']',
       '[' || to_char(0, 'FM999.09') || ']', '[' || to_char(0, '999.99') || ']',
       '[' || to_char(0, 'FM999') || ']', '[' || to_char(0, 'FM990.99') || ']';
SELECT '[' || to_char(0.0, 'FM9999.099') || ']', '[' || to_char(5, 'FM9999.') || ']',
       '[' || to_char(5.5, 'FM9999.') || ']', '[' || to_char(5, 'FM9999.9') || ']',
       '[' || to_char(5, '9999.') || ']', '[' || to_char(5, 'FM9999D') || ']',
       '[' || to_char(0.001, 'FM999.99') || ']', '[' || to_char(0.5, '999.99') || ']';
SELECT '[' || to_char(-5, 'FM9999.') || ']', '[' || to_char(-5, 'FM9999.PR') || ']',
       '[' || to_char(-5, '9999.PR') || ']', '[' || to_char(-5, 'FM9999PR') || ']',
       '[' || to_char(12345, '99.') || ']', '[' || to_char(12345, 'FM99.') || ']';
SELECT '[' || to_char(12.5, 'FM99.9TH') || ']', '[' || to_char(12, 'FM99TH') || ']',
       '[' || to_char(5, 'FM9999.TH') || ']', '[' || to_char(74881, 'FM99999.999THPR') || ']',
       '[' || to_char(4.31, 'SG99.999th') || ']';
SELECT '[' || to_char(1234.5, '9,999.9,9') || ']', '[' || to_char(1234.5, '9G999D9G9') || ']',
       '[' || to_char(-0.5, '9G999D9') || ']', '[' || to_char(1234567.891, '9G999G999D999') || ']';
SELECT to_char(1.2345e10::numeric, '9.999EEEE'), to_char(1.2345e-1::numeric, '9.999EEEE'),
       to_char(1.2355::numeric, '9.999EEEE'), to_char(9.9996::numeric, '9.999EEEE'),
       to_char(-1.00005::numeric, '9.9999EEEE'), to_char(0::numeric, '9.99EEEE');
SELECT exp, to_char(('1.2345e' || exp)::numeric, '9.999EEEE')
  FROM unnest(ARRAY[-16378, -45, -1, 0, 1, 38, 45678, 131071]) exp;
SELECT to_char(v, 'MI9999999999.99') AS n, to_char(v::float8, 'MI9999999999.99') AS f8,
       to_char(v::float4, 'MI9999999999.99') AS f4, to_char(v, 'MI99.99') AS n2,
       to_char(v::float8, 'MI99.99') AS f82, to_char(v::float4, 'MI99.99') AS f42
  FROM (VALUES ('0'::numeric), ('-4.2'), ('4.2e9'), ('1.2e-5'), ('inf'), ('-inf'), ('nan')) v(v);
SELECT '[' || to_char(5::float4, 'FM9999.99999999') || ']',
       '[' || to_char(1234567::float4, '9999999.99') || ']',
       '[' || to_char(0.000001234::float8, '0.99999999999999999999') || ']',
       '[' || to_char('12345678901'::float8, 'FM9999999999D9999900000000000000000') || ']';
SELECT to_char(3999, 'RN'), to_char(4000::int8, 'RN'), to_char(1e10::float8, 'RN');
SELECT to_char('100e9'::numeric, 'RN');
SELECT to_char(5000000000::int8, 'RN');
SELECT to_char('100'::numeric, 'f"\ool"999'), to_char('100'::numeric, 'f"\\ool"999'),
       to_char('100'::numeric, 'f"ool\"999'), to_char('100'::numeric, 'f"ool\\"999');
SELECT to_char(date '2020-01-02', '"\Y\e\a\r" YYYY'), to_char(date '2020-01-02', '"a\"b" DD');
-- NUMDesc_prepare's template errors, each where its keyword meets the ones before it
SELECT to_char(1, 'S9PL');
SELECT to_char(1, 'S9MI');
SELECT to_char(1, 'MIS9');
SELECT to_char(1, 'PL9S');
SELECT to_char(1, '9PR9');
SELECT to_char(1, '0PR0');
SELECT to_char(1, '9.9EEEE9');
SELECT to_char(1, 'FM9.9EEEE');
SELECT to_char(1, 'RN9EEEE');
SELECT to_char(1, '9EEEEEEEE');
SELECT to_number('1', 'S9PL');
-- a quoted literal among the digit positions: the sign comes just before the first digit
SELECT '[' || to_char(1.5, '9"."9.9') || ']', '[' || to_char(-1.5, '9"."9.9') || ']',
       '[' || to_char(1.5, '99"ab"9.9') || ']', '[' || to_char(-1.5, '9"x"99.9') || ']',
       '[' || to_char(0.5, '9"x".9') || ']', '[' || to_char(12.5, '9"x"9.9') || ']';
