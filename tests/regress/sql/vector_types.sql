-- int2vector and oidvector: space-separated text, subscripts from 0, casts to their
-- array types, as the catalogs' indkey and proargtypes show them.
DROP TABLE IF EXISTS iv;
CREATE TABLE iv (a int, b int, c int);
CREATE INDEX iv_idx ON iv (c, a);
SELECT indkey, pg_typeof(indkey), indkey[0], indkey[1], indkey::text, array_length(indkey, 1) FROM pg_index WHERE indrelid = 'iv'::regclass;
SELECT proargtypes FROM pg_proc WHERE oid = 1397;
SELECT '1 2'::int2vector, '23 25'::oidvector;
SELECT proargtypes, pg_typeof(proargtypes), proargtypes[0] FROM pg_proc WHERE oid = 1397;
DROP TABLE iv;
