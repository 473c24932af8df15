-- A function returning a domain over a composite type is a row source in FROM (its
-- columns are the composite's), and COMMENT ON CONSTRAINT ... ON DOMAIN names a domain's
-- constraint.
create type regress_dcf_comp as (r float8, i float8);
create domain regress_dcf_dom as regress_dcf_comp check ((value).r <= (value).i);
create function regress_dcf_make(r float8, i float8) returns regress_dcf_dom as 'select row(r, i)' language sql;
select regress_dcf_make(1, 2);
select * from regress_dcf_make(1, 2) m;
select m, m is not null, m.r from regress_dcf_make(1, 2) m;
select (regress_dcf_make(1, 2)).*;
alter domain regress_dcf_dom add constraint c1 check ((value).r > -100);
comment on constraint c1 on domain regress_dcf_dom is 'random commentary';
comment on constraint c2 on domain regress_dcf_dom is 'random commentary';
comment on constraint c1 on domain int4 is 'x';
comment on constraint c1 on domain regress_dcf_nosuch is 'x';
select conname, obj_description(oid, 'pg_constraint') from pg_constraint where contypid = 'regress_dcf_dom'::regtype order by 1;
comment on constraint c1 on domain regress_dcf_dom is null;
select conname, obj_description(oid, 'pg_constraint') from pg_constraint where contypid = 'regress_dcf_dom'::regtype order by 1;
drop function regress_dcf_make(float8, float8);
drop type regress_dcf_comp cascade;
