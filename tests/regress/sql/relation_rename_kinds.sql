-- ALTER TABLE and ALTER INDEX ... RENAME take any relation but a composite type (views
-- reading a table renamed so follow it); ALTER SEQUENCE / VIEW ... RENAME want their kind,
-- RENAME COLUMN does not.
CREATE TABLE rn_t (a int);
CREATE INDEX rn_i ON rn_t (a);
CREATE VIEW rn_v AS SELECT a FROM rn_t;
CREATE SEQUENCE rn_s;
CREATE TYPE rn_c AS (x int);
ALTER INDEX rn_t RENAME TO rn_t2;
ALTER TABLE rn_i RENAME TO rn_i2;
ALTER TABLE rn_v RENAME TO rn_v2;
ALTER INDEX rn_v2 RENAME TO rn_v3;
ALTER TABLE rn_s RENAME TO rn_s2;
ALTER SEQUENCE rn_t2 RENAME TO rn_t3;
ALTER TABLE rn_c RENAME TO rn_c2;
ALTER INDEX rn_c RENAME TO rn_c2;
ALTER VIEW rn_t2 RENAME TO rn_t3;
ALTER VIEW rn_t2 RENAME COLUMN a TO b;
ALTER MATERIALIZED VIEW rn_t2 RENAME COLUMN b TO a;
SELECT relname, relkind FROM pg_class WHERE relname LIKE 'rn\_%' ORDER BY 1;
SELECT pg_get_viewdef('rn_v3'::regclass);
DROP VIEW rn_v3;
DROP TABLE rn_t2;
DROP SEQUENCE rn_s2;
DROP TYPE rn_c;
