-- ALTER TYPE's attribute commands name a relation, as PostgreSQL runs them through ALTER
-- TABLE: a missing name, an enum or a base type is 42P01 'relation "x" does not exist',
-- a table's row type 42809 '"x" is not a composite type'.
DROP TYPE IF EXISTS regress_at_e, regress_at_c;
DROP TABLE IF EXISTS regress_at_t;
alter type regress_at_nosuch add attribute c int;
alter type regress_at_nosuch rename attribute c to d;
alter type regress_at_nosuch alter attribute c type int;
alter type regress_at_nosuch drop attribute c;
alter type int4 add attribute c int;
alter type nosuch_schema.t add attribute c int;
create type regress_at_e as enum ('a');
alter type regress_at_e add attribute c int;
create table regress_at_t(a int);
alter type regress_at_t add attribute c int;
create type regress_at_c as (a int);
alter type regress_at_c add attribute c int;
alter type regress_at_c rename attribute c to d;
alter type public.regress_at_c drop attribute d;
select attname from pg_attribute where attrelid = 'regress_at_c'::regclass and attnum > 0 and not attisdropped;
drop type regress_at_e, regress_at_c;
drop table regress_at_t;
