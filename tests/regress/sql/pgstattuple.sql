-- pgstattuple: tuple-level statistics of a table and a B-tree index, pgstatindex,
-- pg_relpages, their errors, and their absence before CREATE EXTENSION.
DROP EXTENSION IF EXISTS pgstattuple;
DROP TABLE IF EXISTS pst;
SELECT * FROM pgstattuple('pg_class');
CREATE EXTENSION pgstattuple;
CREATE TABLE pst (a int PRIMARY KEY, b text);
INSERT INTO pst SELECT g, repeat('x', 50) FROM generate_series(1, 2000) g;
DELETE FROM pst WHERE a % 3 = 0;
SELECT * FROM pgstattuple('pst');
SELECT * FROM pgstattuple('pst'::regclass);
SELECT * FROM pgstatindex('pst_pkey');
SELECT * FROM pgstattuple('pst_pkey');
SELECT pg_relpages('pst'), pg_relpages('pst_pkey');
SELECT * FROM pgstatindex('pst');
SELECT * FROM pgstattuple('nope');
DROP TABLE pst;
DROP EXTENSION pgstattuple;
