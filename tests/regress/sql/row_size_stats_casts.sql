-- pg_column_size of row values; extended statistics values cast to bytea
SELECT pg_column_size(row(1, 2, 'abc'));
SELECT pg_column_size(t) FROM (SELECT 1 a, 'x'::text b) t;
SELECT pg_column_size(row(1::int2, 2::int8, NULL::int, 'x'::text, 1.5::numeric, now()));
SELECT pg_column_size(row(true, 'x'::char(3), repeat('a', 200), 3.0::float8));
SELECT pg_column_size(row(row(1, 2), 'abc'::text, array[1, 2, 3]));
SELECT pg_column_size(row(NULL::int, NULL::text));
SELECT pg_column_size(row(1::int2, 'x'::name));
CREATE TABLE rsz (a int, b int, c int);
INSERT INTO rsz SELECT i % 10, i % 20, i % 7 FROM generate_series(1, 1000) i;
SELECT pg_column_size(rsz) FROM rsz WHERE a = 1 AND b = 1 AND c = 1;
CREATE STATISTICS rsz_s (ndistinct, dependencies, mcv) ON a, b, c FROM rsz;
ANALYZE rsz;
SELECT stxdndistinct::bytea, stxddependencies::bytea, length(stxdmcv::bytea),
       md5(stxdmcv::bytea)
  FROM pg_statistic_ext_data d JOIN pg_statistic_ext s ON s.oid = d.stxoid
  WHERE stxname = 'rsz_s';
SELECT '\x00'::bytea::pg_ndistinct;
DROP TABLE rsz;
