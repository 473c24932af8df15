-- "function f(types) does not exist" names the argument types as format_type_be does
-- (bpchar is "character"), for COMMENT ON FUNCTION and DROP FUNCTION.
COMMENT ON FUNCTION fsm_nofn(bpchar, int4, varchar(3), pg_catalog.int8, timestamptz, "char", bit varying, integer[], float8) IS 'x';
DROP FUNCTION fsm_nofn(int4, bpchar[]);
DROP FUNCTION IF EXISTS fsm_nofn(int4, bpchar[]);
CREATE FUNCTION fsm_f(a bpchar) RETURNS bpchar AS 'select a' LANGUAGE sql;
COMMENT ON FUNCTION fsm_f(bpchar, int) IS 'x';
COMMENT ON FUNCTION fsm_f(bpchar) IS 'the one';
SELECT obj_description('fsm_f'::regproc, 'pg_proc');
DROP FUNCTION fsm_f(character);
