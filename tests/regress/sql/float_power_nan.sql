-- float8 ^ / power(): NaN and infinity as POSIX pow() has them, PostgreSQL's errors
select power(float8 '-1', float8 'NaN'), power(float8 'NaN', float8 '0'), power(float8 '1', float8 'NaN'), power(float8 'NaN', float8 '1');
select power(float8 '-1', float8 'inf'), power(float8 '-1', float8 '-inf'), power(float8 '-0.1', float8 'inf'), power(float8 '-1.1', float8 'inf');
select power(float8 '-0.1', float8 '-inf'), power(float8 '-1.1', float8 '-inf'), power(float8 '0.5', float8 'inf');
select power(float8 'inf', float8 '0'), power(float8 'inf', float8 '-2'), power(float8 '-inf', float8 '3'), power(float8 '-inf', float8 '2');
select power(float8 '-inf', float8 '-3'), power(float8 '-inf', float8 '-2'), power(float8 '-inf', float8 'inf'), power(float8 '-inf', float8 '-inf');
select float8 '2' ^ float8 '10', float8 '-8' ^ float8 '3';
select power(float8 '0.5', float8 '2000');
select power(float8 '10', float8 '400');
select power(float8 '0', float8 '-1');
select power(float8 '-8', float8 '0.5');
-- NaN divided by zero is NaN; any other number is 22012
select float8 'nan' / float8 '0', float4 'nan' / float4 '0', float8 'nan' / 0;
select float8 '1' / float8 '0';
select float4 '-1' / float4 '0';
-- prefix |/ (square root) and ||/ (cube root)
select |/ float8 '16', ||/ float8 '27', ||/ float8 '-8', |/ 2, ||/ 1000;
select |/ float8 '-1';
