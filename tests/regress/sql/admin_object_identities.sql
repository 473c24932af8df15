-- pg_identify_object, pg_identify_object_as_address, pg_get_object_address
-- (catalog/object_identities.py): identities of relations, columns, functions, types,
-- schemas, roles, databases, collations, constraints, operators, triggers, rules,
-- defaults, casts; missing objects; the inverse lookup and its errors.
DROP SCHEMA IF EXISTS ios CASCADE; DROP ROLE IF EXISTS "Ro le";
create schema ios; create table ios.t(a int primary key, "B c" text default 'x'); create index ti on ios.t("B c"); create view ios.v as select 1 x; create sequence ios.s; create function ios.f(int, text) returns int language sql as 'select 1'; create type ios.ty as (a int); create role "Ro le";
create trigger tg before insert on ios.t for each row execute function suppress_redundant_updates_trigger();
select o.classid::regclass, (pg_identify_object(o.classid, o.objid, o.objsubid)).*, (pg_identify_object_as_address(o.classid,o.objid,o.objsubid)).* from (values
 ('pg_class'::regclass, 'ios.t'::regclass::oid, 0), ('pg_class'::regclass, 'ios.t'::regclass::oid, 2), ('pg_class'::regclass, 'ios.ti'::regclass::oid, 0),
 ('pg_class'::regclass, 'ios.v'::regclass::oid, 0), ('pg_class'::regclass, 'ios.s'::regclass::oid, 0), ('pg_proc'::regclass, 'ios.f'::regproc::oid, 0),
 ('pg_type'::regclass, 'ios.ty'::regtype::oid, 0), ('pg_type'::regclass, 'int4'::regtype::oid, 0), ('pg_type'::regclass, '_int4'::regtype::oid, 0),
 ('pg_type'::regclass, '_text'::regtype::oid, 0), ('pg_type'::regclass, 'varchar'::regtype::oid, 0),
 ('pg_namespace'::regclass, 'ios'::regnamespace::oid, 0), ('pg_authid'::regclass, (select oid from pg_roles where rolname='Ro le'), 0),
 ('pg_database'::regclass, 5, 0), ('pg_class'::regclass, 'pg_class'::regclass::oid, 0), ('pg_proc'::regclass, 'now'::regproc::oid, 0),
 ('pg_collation'::regclass, 950, 0), ('pg_constraint'::regclass, (select oid from pg_constraint where conname='t_pkey'), 0),
 ('pg_class'::regclass, 0, 0), ('pg_class'::regclass, 999999, 0), ('pg_proc'::regclass, 0, 0), ('pg_tablespace'::regclass, 1663, 0), ('pg_language'::regclass, 14, 0),
 ('pg_am'::regclass, 403, 0), ('pg_extension'::regclass, (select oid from pg_extension where extname='plpgsql'), 0), ('pg_operator'::regclass, 96, 0),
 ('pg_trigger'::regclass, (select oid from pg_trigger where tgname='tg'), 0), ('pg_rewrite'::regclass, (select oid from pg_rewrite where ev_class='ios.v'::regclass), 0),
 ('pg_attrdef'::regclass, (select oid from pg_attrdef where adrelid='ios.t'::regclass), 0), ('pg_cast'::regclass, (select oid from pg_cast where castsource=23 and casttarget=20), 0)
) o(classid, objid, objsubid);
select classid::regclass, objid = 'ios.t'::regclass, objsubid from pg_get_object_address('table', '{ios,t}', '{}');
select classid::regclass, objid = 'ios.t'::regclass, objsubid from pg_get_object_address('table column', '{ios,t,a}', '{}');
select classid::regclass, objid = 'ios.f'::regproc, objsubid from pg_get_object_address('function', '{ios,f}', '{int4,text}');
select classid::regclass, objid = 'ios'::regnamespace, objsubid from pg_get_object_address('schema', '{ios}', '{}');
select classid::regclass, objid = '"Ro le"'::regrole, objsubid from pg_get_object_address('role', '{Ro le}', '{}');
select classid::regclass, objid = 'ios.ty'::regtype, objsubid from pg_get_object_address('type', '{ios.ty}', '{}');
select classid::regclass, objid = 'ios.ti'::regclass from pg_get_object_address('index', '{ios,ti}', '{}');
select classid::regclass, objsubid from pg_get_object_address('table constraint', '{ios,t,t_pkey}', '{}');
select classid::regclass, objsubid from pg_get_object_address('trigger', '{ios,t,tg}', '{}');
select * from pg_get_object_address('operator', '{pg_catalog,=}', '{int4,int4}');
select * from pg_get_object_address('collation', '{pg_catalog,C}', '{}');
select * from pg_get_object_address('table', '{ios,nope}', '{}');
select * from pg_get_object_address('bogus', '{ios,nope}', '{}');
select * from pg_get_object_address('schema', '{nope}', '{}');
select * from pg_get_object_address('function', '{ios,f}', '{int4}');
select * from pg_get_object_address('table column', '{ios,t,zz}', '{}');
drop schema ios cascade; drop role "Ro le";
-- regcollation and to_regcollation (catalog/lookup_functions.py)
select to_regcollation('C'), to_regcollation('"C"'), to_regcollation('"POSIX"'), to_regcollation('nope'), to_regcollation('pg_catalog.default'), to_regcollation('nos.C'), to_regcollation('ucs_basic'), pg_typeof(to_regcollation('"C"'));
select to_regcollation('a.b.c.d');
select to_regcollation('"C"')::oid, 950::regcollation, '"POSIX"'::regcollation, 'pg_catalog."C"'::regcollation::oid;
select 'nope'::regcollation;
select 'nos.x'::regcollation;
select '0'::regcollation, '"C"'::regcollation::text, pg_typeof('"C"'::regcollation::oid);
select collname from pg_collation where oid = to_regcollation('"default"');
SELECT pg_get_object_address('table', '{}', '{}');
SELECT pg_get_object_address('table', '{NULL}', '{}');
SELECT pg_get_object_address('function', '{int4in}', '{NULL}');
