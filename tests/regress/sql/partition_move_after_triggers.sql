-- An UPDATE that moves a row to another partition fires BEFORE UPDATE, then the DELETE
-- and INSERT row triggers, and no AFTER UPDATE row trigger (ExecCrossPartitionUpdate).
-- compare notices
DROP TABLE IF EXISTS mvp;
DROP FUNCTION IF EXISTS mvtrig();
create table mvp (a int, b text) partition by list (a);
create table mvp1 partition of mvp for values in (1);
create table mvp2 partition of mvp for values in (2);
create function mvtrig() returns trigger language plpgsql as $$ begin raise notice '% % % on %', tg_when, tg_level, tg_op, tg_table_name; return coalesce(new, old); end $$;
create trigger t1 before update on mvp for each row execute function mvtrig();
create trigger t2 after update on mvp for each row execute function mvtrig();
create trigger t3 before delete on mvp for each row execute function mvtrig();
create trigger t4 after delete on mvp for each row execute function mvtrig();
create trigger t5 before insert on mvp for each row execute function mvtrig();
create trigger t6 after insert on mvp for each row execute function mvtrig();
insert into mvp values (1, 'x');
update mvp set a = 2;
select tableoid::regclass, * from mvp;
drop table mvp;
drop function mvtrig();
