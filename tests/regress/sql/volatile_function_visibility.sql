-- A volatile function called by a statement sees what that statement wrote before the
-- call (each of its queries moves the command counter on), while the statement's own
-- rows keep its command id (cmin); a stable one does not move it on.
create table vf (a int primary key, b text);
create function vf_count() returns int language sql volatile as 'select count(*)::int from vf';
create function vf_count_stable() returns int language sql stable as 'select count(*)::int from vf';
create function vf_count_pl() returns int language plpgsql as $$begin return (select count(*) from vf); end$$;
insert into vf values (1, vf_count()::text), (2, vf_count()::text), (3, vf_count()::text);
insert into vf select g, vf_count()::text from generate_series(4, 8) g;
insert into vf select g, vf_count_pl()::text from generate_series(9, 11) g;
insert into vf select g, vf_count_stable()::text from generate_series(12, 14) g;
insert into vf select g, vf_count()::text from generate_series(15, 16) g returning *;
with w as (insert into vf values (17, vf_count()::text), (18, vf_count()::text) returning *)
select * from w;
select a, b, cmin from vf order by a;
begin;
insert into vf values (19, vf_count()::text);
insert into vf values (20, vf_count()::text), (21, vf_count()::text);
select a, b, cmin from vf where a > 18 order by a;
commit;
-- A function that changes the row its caller is about to change: 27000, as PostgreSQL.
create table vu (a int, b int);
insert into vu values (1, 0), (2, 0);
create function vu_bump(x int) returns int language sql volatile as 'update vu set b = b + 100 where a = x returning b';
update vu set b = vu_bump(a) + 1;
delete from vu where vu_bump(a) > 0;
-- A row the statement itself reaches twice is changed once.
update vu set b = b + 1 from (values (1), (1), (2)) v(x) where vu.a = v.x;
create function vu_other() returns int language sql volatile as 'update vu set b = b + 1000 where a = 2 returning b';
update vu set b = vu_other() where a = 1;
select * from vu order by a;
drop table vf, vu;
drop function vf_count(), vf_count_stable(), vf_count_pl(), vu_bump(int), vu_other();
