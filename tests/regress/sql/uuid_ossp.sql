-- uuid-ossp (contrib/uuid_ossp.py): refused before CREATE EXTENSION, the extension's
-- catalog rows (version, relocatable, volatility, parallel safety, argument names),
-- the namespace constants, name-based v3 / v5 values (deterministic), and the shape of
-- the time-based and random ones (version digit, multicast bit of v1mc); a default of
-- uuid_generate_v4(); gone again after DROP EXTENSION. Compared with PostgreSQL 15.
SELECT uuid_generate_v4();
CREATE EXTENSION "uuid-ossp";
SELECT extversion, extrelocatable FROM pg_extension WHERE extname = 'uuid-ossp';
SELECT name, default_version, comment FROM pg_available_extensions WHERE name = 'uuid-ossp';
SELECT proname, provolatile, proparallel, proargnames, prorettype::regtype, pronargs FROM pg_proc WHERE proname LIKE 'uuid\_%' AND pronamespace = 'public'::regnamespace ORDER BY 1;
SELECT uuid_nil(), uuid_ns_dns(), uuid_ns_url(), uuid_ns_oid(), uuid_ns_x500();
SELECT uuid_generate_v3(uuid_ns_dns(), 'www.example.com'), uuid_generate_v5(uuid_ns_url(), 'http://www.postgresql.org');
SELECT uuid_generate_v3(namespace => uuid_ns_oid(), name => 'x');
SELECT uuid_generate_v3(NULL, 'x') IS NULL AS strict;
SELECT length(uuid_generate_v4()::text), substr(uuid_generate_v4()::text, 15, 1) AS version, uuid_generate_v4() <> uuid_generate_v4() AS differ;
SELECT substr(uuid_generate_v1()::text, 15, 1), substr(uuid_generate_v1mc()::text, 15, 1);
SELECT (('x' || substr(uuid_generate_v1mc()::text, 25, 2))::bit(8) & B'00000001') = B'00000001' AS multicast;
CREATE TABLE uo_t (id uuid PRIMARY KEY DEFAULT uuid_generate_v4(), v int);
INSERT INTO uo_t (v) VALUES (1), (2);
SELECT count(DISTINCT id) FROM uo_t;
DROP TABLE uo_t;
DROP EXTENSION "uuid-ossp";
SELECT uuid_nil();
