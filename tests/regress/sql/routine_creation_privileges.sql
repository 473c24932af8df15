-- CREATE FUNCTION / AGGREGATE / OPERATOR check CREATE on the schema before anything else
-- (an unknown argument type or language comes after 'permission denied for schema
-- public'); a function in the session's own pg_temp may be called as pg_temp.f() by a
-- user without rights on other schemas (the temporary schema grants every right).
DROP ROLE IF EXISTS regress_fo_u;
CREATE ROLE regress_fo_u;
SET ROLE regress_fo_u;
CREATE AGGREGATE regress_fo_agg(nosuch_type) (sfunc = int4_sum, stype = bigint);
CREATE FUNCTION regress_fo_f(a nosuch_type) RETURNS int LANGUAGE SQL AS $$ SELECT 1 $$;
CREATE FUNCTION regress_fo_g() RETURNS int LANGUAGE nosuch AS $$ SELECT 1 $$;
CREATE OPERATOR !+! (PROCEDURE = int4pl, LEFTARG = nosuch_type, RIGHTARG = int);
CREATE FUNCTION pg_temp.regress_fo_t() RETURNS int LANGUAGE SQL AS $$ SELECT 1 $$;
SELECT pg_temp.regress_fo_t();
DROP FUNCTION pg_temp.regress_fo_t();
RESET ROLE;
DROP ROLE regress_fo_u;
