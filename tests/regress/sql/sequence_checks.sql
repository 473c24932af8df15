-- Sequence checks: OWNED BY's relation kind, owner, schema and column; RESTART within
-- the bounds (22023); nextval / setval in a read-only transaction (25006, not for a
-- temporary sequence); lastval's privilege check.
create table sqc_t (a int);
CREATE SEQUENCE sqc_x OWNED BY pg_class_oid_index.oid;
CREATE SEQUENCE sqc_x OWNED BY pg_class.relname;
CREATE SEQUENCE sqc_x OWNED BY sqc_t.b;
CREATE SEQUENCE sqc_x OWNED BY sqc_t.a;
DROP SEQUENCE sqc_x;
create sequence sqc_s minvalue 1 maxvalue 36 start 5;
ALTER SEQUENCE sqc_s RESTART WITH 0;
ALTER SEQUENCE sqc_s RESTART WITH 40;
ALTER SEQUENCE sqc_s RESTART;
select nextval('sqc_s');
begin read only;
select nextval('sqc_s');
rollback;
begin read only;
select setval('sqc_s', 1);
rollback;
create temp sequence sqc_temp;
begin read only;
select nextval('sqc_temp');
rollback;
create role sqc_role;
grant usage on schema public to sqc_role;
create sequence sqc_s3;
grant usage on sequence sqc_s3 to sqc_role;
set role sqc_role;
select nextval('sqc_s3');
select lastval();
reset role;
drop sequence sqc_s, sqc_s3; drop table sqc_t;
revoke usage on schema public from sqc_role;
drop role sqc_role;
