-- Object sizes: pg_relation_size (its files are PostgreSQL's, page for page),
-- pg_relation_filenode, pg_size_pretty. (pg_table_size counts the free space map,
-- which pgsnake does not keep yet, so it is not compared here.)
DROP TABLE IF EXISTS regress_sz;
SELECT pg_size_pretty(0::bigint), pg_size_pretty(1023::bigint), pg_size_pretty(10240::bigint),
  pg_size_pretty(10485760::bigint), pg_size_pretty(1000000000::bigint),
  pg_size_pretty(-5000::bigint), pg_size_pretty(20479::bigint), pg_size_pretty(20480::bigint),
  pg_size_pretty(1.5e12::numeric), pg_size_pretty(10239::bigint), pg_size_pretty(-20480::bigint),
  pg_size_pretty(9223372036854775807::bigint);
CREATE TABLE regress_sz (a int PRIMARY KEY, b text);
SELECT pg_relation_size('regress_sz'), pg_relation_size('regress_sz_pkey');
INSERT INTO regress_sz SELECT g, 'x' FROM generate_series(1, 2000) g;
SELECT pg_relation_size('regress_sz'), pg_relation_size('regress_sz', 'main'),
  pg_relation_size('regress_sz_pkey'), pg_relation_size('regress_sz', 'init');
SELECT pg_relation_size('regress_sz', 'bad');
SELECT pg_relation_size(0), pg_table_size(0), pg_indexes_size(0), pg_total_relation_size(0),
  pg_relation_filenode(0);
SELECT pg_relation_filenode('regress_sz') = relfilenode FROM pg_class WHERE relname = 'regress_sz';
DROP TABLE regress_sz;
