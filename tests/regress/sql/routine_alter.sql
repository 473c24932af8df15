-- ALTER FUNCTION / ROUTINE / AGGREGATE ... RENAME TO / SET SCHEMA: conflicts in the target
-- schema, a missing schema or routine, the kind checks, temporary schemas refused
-- (commands/routine_alter.py).

create schema r8; create schema r8b;
create function r8.f(int) returns int language sql as 'select 1';
create function r8.g(int) returns int language sql as 'select 2';
create function r8b.f(int) returns int language sql as 'select 3';
alter function r8.g(int) rename to f;
alter function r8.g(int) set schema r8;
alter function r8.f(int) set schema r8b;
alter function r8.g(int) set schema nosuch;
alter function r8.nosuch(int) rename to x;
alter aggregate r8.g(int) rename to x;
alter function r8.g(int) set schema pg_temp;
alter routine r8.g rename to h;
select proname, pronamespace::regnamespace from pg_proc where pronamespace in ('r8'::regnamespace, 'r8b'::regnamespace) order by 1,2;
drop schema r8, r8b cascade;
