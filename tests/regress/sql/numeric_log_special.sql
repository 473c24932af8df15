-- numeric log / ln / log10 / numeric_inc: infinities and NaN (NaN before the sign checks), the
-- result scale PostgreSQL estimates for ln and log
WITH v(x) AS (VALUES('2'::numeric),('4.2'),('inf'),('nan')) SELECT x1, x2, log(x1, x2) FROM v AS v1(x1), v AS v2(x2);
select log(-1::numeric, 'nan'), log('nan', 0::numeric), log10(100::numeric), log10('inf'::numeric), log10('nan'::numeric), numeric_inc(4.2), numeric_inc('inf'), numeric_inc('nan'), numeric_inc(-1);
select log(-1::numeric, 2);
select log(0::numeric, 'inf');
select log10(0::numeric);
select log('-inf'::numeric, 'inf');
select ln(2::numeric), ln(4.2), ln(0.95), ln(1.05), ln(1e-20), ln(12345678901234567890::numeric), log(2::numeric, 1024), log(0.5, 0.25), log(1.05, 1.1), log(1e100, 1e-100);
select log(1::numeric, 5);
