-- An UPDATE that moves a row to another partition deletes it from the old one with that
-- partition's DELETE row triggers: a BEFORE DELETE trigger returning NULL keeps the row
-- where it is (UPDATE 0), AFTER DELETE row triggers fire.
-- compare notices
create table regress_pmd (a int, b int, c int) partition by list (b);
create table regress_pmd1 partition of regress_pmd for values in (1);
create table regress_pmd2 partition of regress_pmd for values in (2);
insert into regress_pmd values (1, 1, 10), (2, 2, 20);
create function regress_pmd_skip() returns trigger language plpgsql as $$
begin raise notice '% % on %: OLD %', tg_when, tg_op, tg_table_name, old; return null; end $$;
create function regress_pmd_note() returns trigger language plpgsql as $$
begin raise notice '% % on %: OLD % NEW %', tg_when, tg_op, tg_table_name, old, new; return coalesce(new, old); end $$;
create trigger regress_pmd_skip before delete on regress_pmd2 for each row execute function regress_pmd_skip();
update regress_pmd set b = 1 where c = 20;
select tableoid::regclass, * from regress_pmd order by a;
drop trigger regress_pmd_skip on regress_pmd2;
create trigger regress_pmd_bd before delete on regress_pmd2 for each row execute function regress_pmd_note();
create trigger regress_pmd_ad after delete on regress_pmd2 for each row execute function regress_pmd_note();
create trigger regress_pmd_bi before insert on regress_pmd1 for each row execute function regress_pmd_note();
create trigger regress_pmd_ai after insert on regress_pmd1 for each row execute function regress_pmd_note();
create trigger regress_pmd_bu before update on regress_pmd2 for each row execute function regress_pmd_note();
update regress_pmd set b = 1 where c = 20;
select tableoid::regclass, * from regress_pmd order by a;
merge into regress_pmd t using (values (1)) s(x) on t.a = s.x when matched then update set b = 2;
select tableoid::regclass, * from regress_pmd order by a;
drop table regress_pmd;
drop function regress_pmd_skip();
drop function regress_pmd_note();
