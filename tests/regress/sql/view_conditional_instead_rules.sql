-- A view whose only INSTEAD rules have conditions is not updated automatically: 55000
-- (commands/rule_actions.py), unless an INSTEAD OF trigger does the rest; an
-- unconditional INSTEAD rule replaces the statement.
-- compare notices
create table rcb (a int primary key, b text);
insert into rcb values (1, 'one'), (2, 'two');
create view rcv as select * from rcb;
create rule rcv_ins as on insert to rcv where new.a > 0 do instead insert into rcb values (new.a, new.b);
create rule rcv_upd as on update to rcv where old.a > 0 do instead update rcb set b = new.b where a = old.a;
create rule rcv_del as on delete to rcv where old.a > 0 do instead delete from rcb where a = old.a;
insert into rcv values (3, 'x');
insert into rcv values (-1, 'x');
update rcv set b = 'y' where a = 2;
delete from rcv where a = 2;
create view rcv2 as select a, count(*) from rcb group by a;
create rule rcv2_ins as on insert to rcv2 where new.a > 0 do instead insert into rcb values (new.a, 'q');
insert into rcv2 values (1, 1);
create function rcv_trig() returns trigger language plpgsql as $$ begin raise notice 'trigger %', tg_op; return null; end $$;
create trigger rcv_t instead of insert on rcv for each row execute function rcv_trig();
insert into rcv values (4, 'z');
insert into rcv values (-4, 'z');
create rule rcv_upd2 as on update to rcv do instead nothing;
update rcv set b = 'y' where a = 2;
select * from rcb order by a;
drop view rcv, rcv2;
drop table rcb;
drop function rcv_trig();
