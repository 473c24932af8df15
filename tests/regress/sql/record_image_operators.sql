-- The record image operators *=, *<>, *<, *<=, *>, *>=: rows compared by their columns'
-- stored bytes (numeric 1.0 vs 1.00, NULLs, negative integers), and their 42804 errors.
DROP TABLE IF EXISTS regress_rimg;
CREATE TABLE regress_rimg (a int, b text, c numeric);
INSERT into regress_rimg values (1, 'x', 1.0), (2, null, 1.00), (-1, 'xy', null);
SELECT r1.a, r2.a, r1 *= r2, r1 *<> r2, r1 *< r2, r1 *<= r2, r1 *> r2, r1 *>= r2, r1 = r2 from regress_rimg r1, regress_rimg r2 order by 1, 2;
SELECT row(1.0::numeric) *= row(1.00::numeric), row(1.0::numeric) = row(1.00::numeric), row(1, 'a') *= row(1, 'a'), row(1, 'a') *< row(1, 'ab');
SELECT row(1) *= row(1, 2);
SELECT row(1) *= row('a'::text);
SELECT row(-1) *< row(1), row(null::int) *> row(1), row(null::int) *= row(null::int);
SELECT a from regress_rimg r order by a;
DROP table regress_rimg;
