-- length(bytea, encoding), convert(bytea, source, destination), pg_encoding_max_length,
-- current_user / session_user / getpgusername called as functions
SELECT length('abc'::bytea, 'UTF8'), length('\xc3a9'::bytea, 'UTF8'), length('\xc3a9'::bytea, 'LATIN1'), length(''::bytea, 'SQL_ASCII');
SELECT length('\xff'::bytea, 'UTF8');
SELECT length('abc'::bytea, 'no_such_encoding');
SELECT convert('\xc3a9'::bytea, 'UTF8', 'LATIN1'), convert('\xe9'::bytea, 'LATIN1', 'UTF8'), convert('abc'::bytea, 'UTF8', 'UTF8');
SELECT convert('\xe282ac'::bytea, 'UTF8', 'LATIN1');
SELECT convert('\xff'::bytea, 'UTF8', 'LATIN1');
SELECT convert('abc'::bytea, 'UTF8', 'nope');
SELECT g, pg_encoding_max_length(g), pg_encoding_to_char(g) FROM generate_series(-1, 43) g;
SELECT pg_catalog.current_user(), pg_catalog.session_user(), getpgusername(), pg_catalog.current_user() = current_user AS same;
CREATE ROLE regress_enc_user;
SET ROLE regress_enc_user;
SELECT pg_catalog.current_user(), pg_catalog.session_user(), getpgusername();
RESET ROLE;
DROP ROLE regress_enc_user;
-- timetz AT TIME ZONE interval (timezone(interval, timetz))
SELECT t, z, t AT TIME ZONE z, timezone(z, t) FROM (VALUES ('10:00+02'::timetz), ('23:59:59.999999-14'), ('00:00+00')) a(t), (VALUES ('1 hour'::interval), ('-05:30'), ('00:00:01.9'), ('-00:00:01.9'), ('14:59'), ('-23:59:59')) b(z) ORDER BY 1, 2;
SELECT '10:00+02'::timetz AT TIME ZONE interval '1 day';
SELECT timezone('1 mon 2 hours'::interval, '10:00+02'::timetz);
