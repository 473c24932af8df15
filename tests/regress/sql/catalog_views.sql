-- System views over the catalogs: pg_tables, pg_roles, pg_user, pg_sequences,
-- pg_indexes, and the functions they use.
DROP TABLE IF EXISTS regress_cv_t;
DROP SEQUENCE IF EXISTS regress_cv_s, regress_cv_u;
CREATE SEQUENCE regress_cv_s;
SELECT nextval('regress_cv_s');
CREATE SEQUENCE regress_cv_u AS integer INCREMENT 2 CYCLE;
CREATE TABLE regress_cv_t (a int PRIMARY KEY);
SELECT * FROM pg_tables WHERE tablename = 'regress_cv_t';
SELECT rolname, rolsuper, rolcanlogin, rolpassword, rolconfig FROM pg_roles WHERE rolname = current_user;
SELECT usename, usesuper, passwd FROM pg_user WHERE usename = current_user;
SELECT * FROM pg_sequences WHERE sequencename LIKE 'regress_cv%' ORDER BY sequencename;
SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'regress_cv_t';
SELECT pg_get_userbyid(10) = current_user, pg_get_userbyid(9999);
SELECT 23::regtype, 1043::regtype, 'int4'::regtype, 'character varying'::regtype;
SELECT 'regress_cv_nope'::regtype;
DROP TABLE regress_cv_t;
DROP SEQUENCE regress_cv_s, regress_cv_u;
SELECT pg_typeof(1), pg_typeof('a'), pg_typeof('a'::text), pg_typeof(NULL), pg_typeof(1.5),
  pg_typeof(now()), pg_typeof(pg_typeof(1)), pg_typeof(1::bigint) = 'bigint'::regtype;
SELECT pg_typeof(1, 2);
