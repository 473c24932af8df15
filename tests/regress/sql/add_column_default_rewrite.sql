-- ALTER TABLE ... ADD COLUMN with a DEFAULT fills the existing rows without firing any
-- trigger: a volatile default (and an identity column) rewrites the table, computing a
-- value per row; a non-volatile one is one value for every row.
-- compare notices
create table regress_acd (a int);
insert into regress_acd select generate_series(1, 5);
create function regress_acd_trig() returns trigger language plpgsql as $$
begin raise notice '% % fired for %', tg_when, tg_op, new.a; return new; end $$;
create trigger regress_acd_before before update on regress_acd for each row execute function regress_acd_trig();
create trigger regress_acd_after after update on regress_acd for each row execute function regress_acd_trig();
create sequence regress_acd_seq;
alter table regress_acd add column b int default nextval('regress_acd_seq');
alter table regress_acd add column c int default 7;
alter table regress_acd add column d int generated always as identity;
alter table regress_acd add column e text default 'x' || (random() >= 0)::text;
select a, b, c, d, e from regress_acd order by a;
select xmin = pg_current_xact_id()::xid as rewritten from regress_acd limit 1;
update regress_acd set a = a where a = 1;
alter table regress_acd add column f int default 3 check (f > 5);
alter table regress_acd add column f int default nextval('regress_acd_seq') not null unique;
select a, f from regress_acd order by a;
drop table regress_acd;
drop function regress_acd_trig();
drop sequence regress_acd_seq;
