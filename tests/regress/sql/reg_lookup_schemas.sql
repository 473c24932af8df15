-- to_regoper / to_regoperator, and reg* input naming a schema that does not exist
-- (3F000, or NULL from the to_reg* forms), names with too many parts (42602)
select to_regoper('||/'), to_regoper('pg_catalog.||/'), to_regoper('||//'), to_regoper('nosuch_schema.||/');
select to_regoper('+') is null as ambiguous, to_regoperator('+(int4,int4)'), to_regoperator('-(NONE,int4)');
select to_regoperator('++(int4,int4)'), to_regoperator('nosuch_schema.+(int4,int4)');
select to_regprocedure('nosuch_schema.abs(numeric)'), to_regtype('nosuch_schema.int4'), to_regtype('pg_catalog.int4');
select regoper('nosuch_schema.||/');
select regoperator('nosuch_schema.+(int4,int4)');
select regprocedure('nosuch_schema.abs(numeric)');
select regtype('nosuch_schema.int4');
select regrole('a.b');
select regnamespace('a.b');
select to_regrole('a.b');
select to_regnamespace('a.b');
