-- PostgreSQL 15's scanner: numbers and parameters followed by identifier characters are
-- 42601 "trailing junk" (0x10, 0o17, 0b101 and 1_000 are numbers only from 16 on)
select 0x10;
select 1_000;
select 0o17;
select 0b101;
select 1_000.5;
select 1.5_0;
select 1e1_0;
prepare regress_pz as select $1a;
select 0x;
select 1__2;
select 100_;
select 123abc;
select 1.5e3, 1., .5, 1e-3, '1_0', 1 as x1_, 10::int4 as "int4_x";
select 1from pg_class limit 1;
select 'é', 1_0;
