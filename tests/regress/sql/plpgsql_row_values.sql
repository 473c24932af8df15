-- PL/pgSQL record variables given row values: ROW(...) and a composite column.
DROP SCHEMA IF EXISTS regress_pl2 CASCADE;
CREATE SCHEMA regress_pl2;
SET search_path = regress_pl2;
create type pair as (a int, b text);
create table tp (p pair);
insert into tp values ('(4,x)');
create function h1() returns int language plpgsql as $$ declare r record; q record; begin r := row(1, 'a'); select p into q from tp; return r.f1 + (q.p).a; end $$;
select h1();
RESET search_path;
DROP SCHEMA regress_pl2 CASCADE;
