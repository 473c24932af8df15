-- compare explain text
-- Partition keys of array, enum, composite and range types take their types' default
-- operator classes (array_ops, enum_ops, record_ops, range_ops); hash partitioning on
-- an array hashes as hash_array_extended (rows land where PostgreSQL puts them, and
-- pruning finds them).
CREATE TYPE regress_pkp_colors AS ENUM ('green', 'blue', 'black');
CREATE TABLE regress_pkp_arr (a int[]) PARTITION BY LIST (a);
CREATE TABLE regress_pkp_arr1 PARTITION OF regress_pkp_arr FOR VALUES IN ('{1}');
CREATE TABLE regress_pkp_arr2 PARTITION OF regress_pkp_arr FOR VALUES IN ('{2, 3}', '{4, 5}');
INSERT INTO regress_pkp_arr VALUES ('{1}'), ('{4,5}');
SELECT tableoid::regclass, * FROM regress_pkp_arr ORDER BY 1, 2;
EXPLAIN (COSTS OFF) SELECT * FROM regress_pkp_arr WHERE a = '{1}';
EXPLAIN (COSTS OFF) SELECT * FROM regress_pkp_arr WHERE a = '{1, 2}';
EXPLAIN (COSTS OFF) SELECT * FROM regress_pkp_arr WHERE a IN ('{4, 5}', '{1}');
CREATE TABLE regress_pkp_harr (a int[]) PARTITION BY HASH (a);
CREATE TABLE regress_pkp_harr1 PARTITION OF regress_pkp_harr FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE regress_pkp_harr2 PARTITION OF regress_pkp_harr FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO regress_pkp_harr VALUES ('{1}'), ('{1, 2}'), ('{4, 5}'), ('{}'), ('{NULL,3}'),
  ('{{1,2},{3,4}}'), ('[0:1]={1,2}'), (NULL);
SELECT tableoid::regclass, * FROM regress_pkp_harr ORDER BY 1, 2;
EXPLAIN (COSTS OFF) SELECT * FROM regress_pkp_harr WHERE a = '{1}';
EXPLAIN (COSTS OFF) SELECT * FROM regress_pkp_harr WHERE a = '{1, 2}';
CREATE TABLE regress_pkp_htext (a text[], b int) PARTITION BY HASH (a, b);
CREATE TABLE regress_pkp_htext0 PARTITION OF regress_pkp_htext FOR VALUES WITH (MODULUS 3, REMAINDER 0);
CREATE TABLE regress_pkp_htext1 PARTITION OF regress_pkp_htext FOR VALUES WITH (MODULUS 3, REMAINDER 1);
CREATE TABLE regress_pkp_htext2 PARTITION OF regress_pkp_htext FOR VALUES WITH (MODULUS 3, REMAINDER 2);
INSERT INTO regress_pkp_htext VALUES ('{a,b}', 1), ('{x}', 2), ('{"", NULL}', 3), ('{c}', NULL);
SELECT tableoid::regclass, * FROM regress_pkp_htext ORDER BY 1, 2;
CREATE TABLE regress_pkp_enum (a regress_pkp_colors) PARTITION BY LIST (a);
CREATE TABLE regress_pkp_enum_green PARTITION OF regress_pkp_enum FOR VALUES IN ('green');
CREATE TABLE regress_pkp_enum_blue PARTITION OF regress_pkp_enum FOR VALUES IN ('blue');
INSERT INTO regress_pkp_enum VALUES ('blue'), ('green');
INSERT INTO regress_pkp_enum VALUES ('black');
EXPLAIN (COSTS OFF) SELECT * FROM regress_pkp_enum WHERE a = 'blue';
EXPLAIN (COSTS OFF) SELECT * FROM regress_pkp_enum WHERE a = 'black';
CREATE TABLE regress_pkp_rng (a int4range) PARTITION BY LIST (a);
CREATE TABLE regress_pkp_rng12 PARTITION OF regress_pkp_rng FOR VALUES IN ('[1,2]');
CREATE TABLE regress_pkp_rng2inf PARTITION OF regress_pkp_rng FOR VALUES IN ('[2,)');
INSERT INTO regress_pkp_rng VALUES ('[1,3)'), ('[2,)');
SELECT tableoid::regclass, * FROM regress_pkp_rng ORDER BY 1;
EXPLAIN (COSTS OFF) SELECT * FROM regress_pkp_rng WHERE a = '[1,2]'::int4range;
EXPLAIN (COSTS OFF) SELECT * FROM regress_pkp_rng WHERE a = '(1,2)'::int4range;
CREATE TYPE regress_pkp_rec AS (a int, b int);
CREATE TABLE regress_pkp_recp (a regress_pkp_rec) PARTITION BY LIST (a);
CREATE TABLE regress_pkp_recp_11 PARTITION OF regress_pkp_recp FOR VALUES IN ('(1,1)');
CREATE TABLE regress_pkp_recp_23 PARTITION OF regress_pkp_recp FOR VALUES IN ('(2,3)');
INSERT INTO regress_pkp_recp VALUES ('(1,1)'), ('(2,3)');
SELECT tableoid::regclass, * FROM regress_pkp_recp ORDER BY 1;
EXPLAIN (COSTS OFF) SELECT * FROM regress_pkp_recp WHERE a = '(1,1)'::regress_pkp_rec;
EXPLAIN (COSTS OFF) SELECT * FROM regress_pkp_recp WHERE a = '(1,2)'::regress_pkp_rec;
-- a composite value compared as a record is not cast (coerce_type)
CREATE TABLE regress_pkp_rt (a regress_pkp_rec, b int);
INSERT INTO regress_pkp_rt VALUES ('(1,1)', 1), ('(1,2)', 2), (NULL, 3), ('(2,)', 4);
SELECT * FROM regress_pkp_rt WHERE a < '(1,2)'::regress_pkp_rec;
SELECT * FROM regress_pkp_rt WHERE a = row(1,2);
SELECT a, a = row(1, 2)::record, a::record, pg_typeof(a::record) FROM regress_pkp_rt ORDER BY b;
SELECT a IS DISTINCT FROM '(1,1)', a IN ('(1,1)', '(2,)') FROM regress_pkp_rt ORDER BY b;
SELECT row_to_json(a::record), (a::record)::text FROM regress_pkp_rt ORDER BY b;
EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM regress_pkp_rt WHERE a = '(1,1)'::regress_pkp_rec;
SELECT DISTINCT a::record FROM regress_pkp_rt ORDER BY 1;
SELECT count(*) FROM regress_pkp_rt r1 JOIN regress_pkp_rt r2 ON r1.a = r2.a::record;
CREATE TABLE regress_pkp_point (a point) PARTITION BY LIST (a);
DROP TABLE regress_pkp_arr, regress_pkp_harr, regress_pkp_htext, regress_pkp_enum, regress_pkp_rng,
  regress_pkp_recp, regress_pkp_rt;
DROP TYPE regress_pkp_colors, regress_pkp_rec;
