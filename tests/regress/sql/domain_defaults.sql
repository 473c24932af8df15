-- Domain defaults: pg_type.typdefault keeps the default as SQL ('foo'::text), a column
-- takes its domain's default, a column's DEFAULT NULL overrides it (kept in pg_attrdef,
-- as PostgreSQL keeps a NULL coerced to the domain), and ADD COLUMN of a domain with a
-- default gives the existing rows that default, checked against the domain.
create domain regress_dd_text as text default 'foo';
create domain regress_dd_int as int4 default 3;
create domain regress_dd_date as date default '2020-01-01';
create domain regress_dd_expr as int default 3 + 4;
create domain regress_dd_checked as text check (value <> 'foo') default 'foo';
select typname, typdefault from pg_type where typname like 'regress_dd_%' order by 1;
select domain_name, domain_default from information_schema.domains where domain_name like 'regress_dd_%' order by 1;
create table regress_dd_t (a int, b regress_dd_text, c regress_dd_date, d regress_dd_int default null, e int default null);
select attname, atthasdef, pg_get_expr(adbin, adrelid) from pg_attribute left join pg_attrdef on adrelid = attrelid and adnum = attnum where attrelid = 'regress_dd_t'::regclass and attnum > 0 order by attnum;
insert into regress_dd_t (a) values (1);
alter table regress_dd_t alter column d drop default;
insert into regress_dd_t (a) values (2);
alter table regress_dd_t alter column d set default null;
insert into regress_dd_t (a) values (3);
select * from regress_dd_t order by a;
alter table regress_dd_t add column f regress_dd_checked;
alter table regress_dd_t add column f regress_dd_expr;
alter table regress_dd_t add column g regress_dd_text;
select * from regress_dd_t order by a;
drop table regress_dd_t;
drop domain regress_dd_text, regress_dd_int, regress_dd_date, regress_dd_expr, regress_dd_checked;
