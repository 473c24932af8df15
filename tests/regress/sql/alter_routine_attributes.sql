-- ALTER FUNCTION / PROCEDURE / ROUTINE attributes: volatility, STRICT, SECURITY DEFINER,
-- LEAKPROOF, PARALLEL, COST, ROWS with PostgreSQL's checks; a procedure takes only SECURITY.
create function raf1(int) returns int language sql as 'select $1';
create function raf2(int) returns setof int language sql as 'select $1';
create procedure rap1(text) language sql as 'select 1';
alter function raf1(int) immutable strict;
alter function raf1(int) stable security definer leakproof cost 5;
alter function raf1(int) rows 10;
alter function raf2(int) rows 10 parallel safe;
alter function raf2(int) rows 0;
alter function raf1(int) cost 0;
alter function raf1(int) strict called on null input;
alter function raf1(int) strict strict;
alter procedure rap1(text) strict;
alter procedure rap1(text) volatile;
alter procedure rap1(text) security definer;
alter function rap1(text) volatile;
alter function raf1(int) not leakproof restrict;
alter routine raf1(int) volatile;
alter function sum(int) strict;
alter function nosuch(int) strict;
select proname, provolatile, proisstrict, prosecdef, proleakproof, procost, prorows, proparallel from pg_proc where proname in ('raf1','raf2','rap1') order by 1;
select raf1(null), raf1(3);
drop function raf1, raf2; drop procedure rap1;
create procedure rap2() language sql as 'select 1';
grant execute on function rap2() to public;
alter function rap2() rename to rap3;
drop procedure rap2;
