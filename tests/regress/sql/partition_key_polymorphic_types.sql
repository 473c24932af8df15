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
CREATE TABLE regress_pkp_point (a point) PARTITION BY LIST (a);
DROP TABLE regress_pkp_arr, regress_pkp_harr, regress_pkp_htext, regress_pkp_enum, regress_pkp_rng;
DROP TYPE regress_pkp_colors;
