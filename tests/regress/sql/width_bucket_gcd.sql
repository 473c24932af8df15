-- width_bucket(operand, thresholds array); gcd / lcm of numeric
select width_bucket(5, array[1, 3, 6]), width_bucket(0, array[1, 3, 6]), width_bucket(6, array[1, 3, 6]), width_bucket(7.5, array[1, 3.5, 6]), width_bucket('c'::text, array['a', 'b', 'd']), width_bucket(now(), array[now() - interval '1 day']);
select width_bucket(5, array[[1, 3], [5, 6]]);
select width_bucket(5, array[1, null, 6]);
select width_bucket(5, '{}'::int[]), width_bucket(null, array[1]);
select lcm(0::numeric, 5), gcd(-12::numeric, 18), gcd('NaN'::numeric, 1), gcd(1.5, 2.25), lcm(1.5, 2.25), lcm(-4::numeric, 6.0), gcd('Infinity'::numeric, 2), gcd(0::numeric, 0);
