-- numeric ^ / power() with infinite operands and huge integral exponents of negative
-- bases; width_bucket's NaN / infinite refusals; constants in exponent notation
select power('-1'::numeric, 'inf'), power('-2'::numeric, 'inf'), power('-2'::numeric, '-inf'), power('0.5'::numeric, '-inf'), power('0'::numeric, 'inf');
select power('-inf'::numeric, 'inf'), power('-inf'::numeric, '-inf'), power('inf'::numeric, 0), power('-inf'::numeric, 3), power('-inf'::numeric, 2), power('-inf'::numeric, -3);
select power('inf'::numeric, -2), power('inf'::numeric, 'inf'), power('nan'::numeric, 0), power(1::numeric, 'nan');
select power('-inf'::numeric, '4.5');
select power('0'::numeric, '-inf');
select (-1.0) ^ 2147483648, (-1.0) ^ 1000000000000000, (-1.0) ^ 1000000000000001;
select width_bucket(5.5, 3.0, 4.0, 888), width_bucket(2::float8, 3, 4, 5), width_bucket(3.5, 4.0, 3.0, 10);
select width_bucket('NaN', 3.0, 4.0, 888);
select width_bucket(0::float8, '-inf', 4.0::float8, 888);
select width_bucket(0::float8, 3, 'nan', 888);
select width_bucket(5, 1, 3, 2147483647);
select width_bucket(0, 1, 3, 0);
select trim_scale(1e100), 1e3, 1.5e-3, pg_typeof(1e3), 12e-2 * 1, min_scale(1e10);
select '12:00:00.9999999'::time, '12:59:59.9999999'::time;
select timestamptz(date '1994-01-01', time '11:00'), timestamptz(date 'infinity', time '11:00');
-- date_trunc(unit, timestamptz, zone) and the unit errors
select date_trunc('day', timestamptz '2001-02-16 20:38:40+00', 'Australia/Sydney'), date_trunc('day', timestamptz '2001-02-16 20:38:40+00', 'GMT'), date_trunc('day', timestamptz '2001-02-16 20:38:40+00', 'VET');
select date_trunc('month', timestamptz '2020-03-31 23:30:00-07', 'America/Denver'), date_trunc('hour', timestamptz 'infinity', 'UTC');
select date_trunc('foo', timestamptz '2020-03-31 23:30:00-07', 'UTC');
select date_trunc('day', timestamptz '2020-03-31 23:30:00-07', 'Nowhere/Land');
select date_trunc('timezone', timestamptz '2020-03-31 23:30:00-07');
select date_trunc('foo', timestamp '2020-03-31 23:30:00');
-- huge exponents on a base next to 1; long numerics (past Python's default digit limit)
select round(((1 - 1.500012345678e-1000) ^ 1.45e1003) * 1e1000);
select length((4e-500 - 1e-16383)::text), length((9e131071 + 1)::text), length(lcm(9999 * (10::numeric)^131068 + (10::numeric^131068 - 1), 2)::text);
-- float width_bucket as PostgreSQL 15 computes it (a NaN quotient is INT_MIN)
select width_bucket(10.0::float8, -1e308, 1e308, 10), width_bucket(5, 0, 10, 3), width_bucket(1e307::float8, -1e308, 1e308, 10), width_bucket(9.99::float8, 0, 10, 3);
