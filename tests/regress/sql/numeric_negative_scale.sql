-- numeric(p, s) with a negative scale or a scale above the precision (PostgreSQL 15):
-- rounding, overflow details, format_type, information_schema's reading, the limits
drop table if exists regress_ntm;
create table regress_ntm (millions numeric(3, -6), thousands numeric(3, -3), units numeric(3, 0), thousandths numeric(3, 3), millionths numeric(3, 6));
insert into regress_ntm values (123456, 123, 0.123, 0.000123, 0.000000123), (987654321, 987654, 987.654, 0.987654, 0.000987654), ('NaN','NaN','NaN','NaN','NaN');
select scale(millions), * from regress_ntm order by millions;
insert into regress_ntm (millions) values ('inf');
insert into regress_ntm (millions) values (999500000);
insert into regress_ntm (units) values (999.5);
insert into regress_ntm (millionths) values (0.0009995);
select 1234.5::numeric(2,-3), 0.001234::numeric(2, 4), 12.5::numeric(1,-1);
select 0.01::numeric(2,4);
select 1::numeric(3, -1001);
select 1::numeric(3, 1001);
select format_type('numeric'::regtype, atttypmod) from pg_attribute where attrelid = 'regress_ntm'::regclass and attnum > 0 order by attnum;
select information_schema._pg_numeric_scale(1700, atttypmod), information_schema._pg_numeric_precision(1700, atttypmod) from pg_attribute where attrelid = 'regress_ntm'::regclass and attnum > 0 order by attnum;
drop table regress_ntm;
