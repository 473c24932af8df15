-- Declarative partitioning: RANGE / LIST / HASH keys, PARTITION OF with bounds, the
-- catalog rows (pg_partitioned_table, pg_inherits, relpartbound), tuple routing, rows
-- moved by UPDATE, plan-time pruning in EXPLAIN, ATTACH / DETACH, partitioned indexes
-- and the inquiry functions.
DROP TABLE IF EXISTS regress_pt, regress_lt, regress_ht, regress_mm, regress_ip, regress_att,
  regress_plain CASCADE;
CREATE TABLE regress_pt (a int, b text) PARTITION BY RANGE (a);
CREATE TABLE regress_pt1 PARTITION OF regress_pt FOR VALUES FROM (1) TO (10);
CREATE TABLE regress_pt2 PARTITION OF regress_pt FOR VALUES FROM (10) TO (20);
CREATE TABLE regress_pt3 PARTITION OF regress_pt FOR VALUES FROM (30) TO (MAXVALUE);
CREATE TABLE regress_ptd PARTITION OF regress_pt DEFAULT;
-- bound errors
CREATE TABLE regress_ptx PARTITION OF regress_pt FOR VALUES FROM (5) TO (15);
CREATE TABLE regress_ptx PARTITION OF regress_pt FOR VALUES FROM (22) TO (21);
CREATE TABLE regress_ptx PARTITION OF regress_pt FOR VALUES IN (1);
CREATE TABLE regress_ptx PARTITION OF regress_pt FOR VALUES FROM (1, 2) TO (10);
CREATE TABLE regress_ptx PARTITION OF regress_pt DEFAULT;
CREATE TABLE regress_ptx PARTITION OF regress_pt FOR VALUES FROM ('x') TO (5);
CREATE TABLE regress_plain (a int);
CREATE TABLE regress_ptx PARTITION OF regress_plain FOR VALUES IN (1);
CREATE TABLE regress_ptx (c int) INHERITS (regress_pt);
CREATE TABLE regress_bad (a int) PARTITION BY RANGE (zz);
CREATE TABLE regress_bad (a int) PARTITION BY LIST (a, a);
INSERT INTO regress_pt VALUES (1, 'x'), (12, 'y'), (25, 'z'), (35, 'w'), (-5, 'v');
INSERT INTO regress_pt VALUES (NULL, 'n') RETURNING tableoid::regclass, *;
SELECT tableoid::regclass, * FROM regress_pt ORDER BY a;
SELECT tableoid::regclass, * FROM ONLY regress_pt;
SELECT c.relname, c.relkind, c.relispartition, pg_get_expr(c.relpartbound, c.oid),
       pg_get_partkeydef(c.oid), pg_get_partition_constraintdef(c.oid)
  FROM pg_class c WHERE c.relname LIKE 'regress\_pt%' ORDER BY c.relname;
SELECT partstrat, partnatts, partdefid::regclass, partattrs, partclass, partexprs IS NULL
  FROM pg_partitioned_table WHERE partrelid = 'regress_pt'::regclass;
SELECT inhrelid::regclass, inhparent::regclass, inhseqno FROM pg_inherits
  WHERE inhparent = 'regress_pt'::regclass ORDER BY inhrelid::regclass::text;
SELECT * FROM pg_partition_tree('regress_pt') ORDER BY level, relid::text;
SELECT pg_partition_root('regress_pt2'), * FROM pg_partition_ancestors('regress_pt2');
SELECT * FROM pg_partition_tree('regress_plain');
SELECT pg_partition_root('regress_plain');
-- pruning
EXPLAIN (COSTS OFF) SELECT * FROM regress_pt WHERE a = 12;
EXPLAIN (COSTS OFF) SELECT * FROM regress_pt WHERE a < 12;
EXPLAIN (COSTS OFF) SELECT * FROM regress_pt WHERE a >= 10 AND a < 20;
EXPLAIN (COSTS OFF) SELECT * FROM regress_pt WHERE a IN (1, 35);
EXPLAIN (COSTS OFF) SELECT * FROM regress_pt WHERE a = 1 OR a = 15;
EXPLAIN (COSTS OFF) SELECT * FROM regress_pt WHERE a IS NULL;
EXPLAIN (COSTS OFF) SELECT * FROM regress_pt t WHERE b = 'x';
EXPLAIN (COSTS OFF) SELECT * FROM regress_pt;
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_pt WHERE a > 100;
SELECT count(*), sum(a) FROM regress_pt WHERE a > 5;
-- UPDATE moving rows, DELETE
UPDATE regress_pt SET a = a + 10 WHERE a IN (1, 12) RETURNING tableoid::regclass, *;
UPDATE regress_pt SET b = b || '!' WHERE a > 30 RETURNING tableoid::regclass, *;
DELETE FROM regress_pt WHERE b = 'v' RETURNING tableoid::regclass, *;
SELECT tableoid::regclass, * FROM regress_pt ORDER BY a;
EXPLAIN (COSTS OFF) UPDATE regress_pt SET b = 'q' WHERE a = 11;
EXPLAIN (COSTS OFF) DELETE FROM regress_pt WHERE a > 15;
CREATE TABLE regress_ptx PARTITION OF regress_pt FOR VALUES FROM (20) TO (30);
-- list
CREATE TABLE regress_lt (a text, b int) PARTITION BY LIST (a);
CREATE TABLE regress_lt1 PARTITION OF regress_lt FOR VALUES IN ('a', 'b', NULL);
CREATE TABLE regress_lt2 PARTITION OF regress_lt FOR VALUES IN ('c');
CREATE TABLE regress_lt3 PARTITION OF regress_lt FOR VALUES IN ('b');
INSERT INTO regress_lt VALUES ('z', 1);
INSERT INTO regress_lt VALUES ('a', 1), (NULL, 2), ('c', 3);
SELECT tableoid::regclass, * FROM regress_lt ORDER BY b;
SELECT relname, pg_get_expr(relpartbound, oid), pg_get_partition_constraintdef(oid)
  FROM pg_class WHERE relname LIKE 'regress\_lt_' ORDER BY relname;
EXPLAIN (COSTS OFF) SELECT * FROM regress_lt WHERE a = 'c';
EXPLAIN (COSTS OFF) SELECT * FROM regress_lt WHERE a IS NULL;
EXPLAIN (COSTS OFF) SELECT * FROM regress_lt WHERE a = 'q';
CREATE TABLE regress_ltd PARTITION OF regress_lt DEFAULT;
INSERT INTO regress_lt VALUES ('z', 4);
CREATE TABLE regress_ltz PARTITION OF regress_lt FOR VALUES IN ('z');
SELECT pg_get_partition_constraintdef('regress_ltd'::regclass);
-- hash
CREATE TABLE regress_ht (a int, b text) PARTITION BY HASH (a);
CREATE TABLE regress_ht0 PARTITION OF regress_ht FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE regress_ht1 PARTITION OF regress_ht FOR VALUES WITH (MODULUS 4, REMAINDER 1);
CREATE TABLE regress_ht3 PARTITION OF regress_ht FOR VALUES WITH (MODULUS 4, REMAINDER 3);
CREATE TABLE regress_htx PARTITION OF regress_ht FOR VALUES WITH (MODULUS 3, REMAINDER 1);
CREATE TABLE regress_htx PARTITION OF regress_ht FOR VALUES WITH (MODULUS 4, REMAINDER 2);
CREATE TABLE regress_htx PARTITION OF regress_ht FOR VALUES WITH (MODULUS 0, REMAINDER 0);
CREATE TABLE regress_htx PARTITION OF regress_ht FOR VALUES WITH (MODULUS 2, REMAINDER 2);
CREATE TABLE regress_htx PARTITION OF regress_ht DEFAULT;
INSERT INTO regress_ht SELECT g, 'v' || g FROM generate_series(1, 20) g;
SELECT tableoid::regclass::text AS part, count(*), min(a), max(a) FROM regress_ht
  GROUP BY 1 ORDER BY 1;
SELECT relname, pg_get_expr(relpartbound, oid) FROM pg_class
  WHERE relname LIKE 'regress\_ht_' ORDER BY relname;
EXPLAIN (COSTS OFF) SELECT * FROM regress_ht WHERE a = 7;
CREATE TABLE regress_hts (a text, b bigint) PARTITION BY HASH (a, b);
CREATE TABLE regress_hts0 PARTITION OF regress_hts FOR VALUES WITH (MODULUS 3, REMAINDER 0);
CREATE TABLE regress_hts1 PARTITION OF regress_hts FOR VALUES WITH (MODULUS 3, REMAINDER 1);
CREATE TABLE regress_hts2 PARTITION OF regress_hts FOR VALUES WITH (MODULUS 3, REMAINDER 2);
INSERT INTO regress_hts SELECT 'k' || g, g * 1000000000 FROM generate_series(1, 12) g;
SELECT tableoid::regclass, a, b FROM regress_hts ORDER BY b;
DROP TABLE regress_hts;
-- multi-level
CREATE TABLE regress_mm (a int, b int) PARTITION BY RANGE (a);
CREATE TABLE regress_mm1 PARTITION OF regress_mm FOR VALUES FROM (0) TO (100)
  PARTITION BY LIST (b);
CREATE TABLE regress_mm1x PARTITION OF regress_mm1 FOR VALUES IN (1, 2);
CREATE TABLE regress_mm1y PARTITION OF regress_mm1 FOR VALUES IN (3);
CREATE TABLE regress_mm2 PARTITION OF regress_mm FOR VALUES FROM (100) TO (200);
INSERT INTO regress_mm VALUES (5, 1), (6, 3), (150, 9);
INSERT INTO regress_mm VALUES (7, 9);
SELECT tableoid::regclass, * FROM regress_mm ORDER BY a;
EXPLAIN (COSTS OFF) SELECT * FROM regress_mm WHERE a < 50;
EXPLAIN (COSTS OFF) SELECT * FROM regress_mm WHERE b = 3;
SELECT * FROM pg_partition_tree('regress_mm') ORDER BY level, relid::text;
SELECT pg_partition_root('regress_mm1x'), pg_get_partition_constraintdef('regress_mm1x'::regclass);
UPDATE regress_mm SET a = 120 WHERE b = 3;
SELECT tableoid::regclass, * FROM regress_mm ORDER BY a;
-- ATTACH / DETACH
CREATE TABLE regress_att (a int, b text);
INSERT INTO regress_att VALUES (45, 'att');
ALTER TABLE regress_pt ATTACH PARTITION regress_att FOR VALUES FROM (50) TO (60);
ALTER TABLE regress_pt ATTACH PARTITION regress_att FOR VALUES FROM (10) TO (60);
ALTER TABLE regress_pt DETACH PARTITION regress_ptd;
ALTER TABLE regress_pt ATTACH PARTITION regress_att FOR VALUES FROM (40) TO (50);
ALTER TABLE regress_pt ATTACH PARTITION regress_att FOR VALUES FROM (40) TO (50);
SELECT tableoid::regclass, * FROM regress_pt WHERE a BETWEEN 40 AND 49;
ALTER TABLE regress_pt DETACH PARTITION regress_att;
ALTER TABLE regress_pt DETACH PARTITION regress_att;
ALTER TABLE regress_plain DETACH PARTITION regress_att;
SELECT relispartition, relpartbound IS NULL FROM pg_class WHERE relname = 'regress_att';
SELECT count(*) FROM regress_pt WHERE a BETWEEN 40 AND 49;
ALTER TABLE regress_pt ATTACH PARTITION regress_ptd DEFAULT;
-- partitioned indexes
CREATE TABLE regress_ip (a int PRIMARY KEY, b text) PARTITION BY LIST (b);
CREATE TABLE regress_ip (a int, b text, PRIMARY KEY (a, b)) PARTITION BY LIST (b);
CREATE TABLE regress_ip1 PARTITION OF regress_ip FOR VALUES IN ('x');
CREATE INDEX ON regress_ip (a);
CREATE TABLE regress_ip2 PARTITION OF regress_ip FOR VALUES IN ('y');
INSERT INTO regress_ip VALUES (1, 'x'), (1, 'y');
INSERT INTO regress_ip VALUES (1, 'x');
SELECT c.relname, c.relkind, i.inhparent::regclass FROM pg_class c
  LEFT JOIN pg_inherits i ON i.inhrelid = c.oid
  WHERE c.relname LIKE 'regress\_ip%' ORDER BY 1;
DROP INDEX regress_ip1_a_idx;
DROP INDEX regress_ip_a_idx;
SELECT relname FROM pg_class WHERE relname LIKE 'regress\_ip%' ORDER BY 1;
DROP TABLE regress_pt, regress_lt, regress_ht, regress_mm, regress_ip, regress_att,
  regress_plain;
SELECT count(*) FROM pg_class WHERE relname LIKE 'regress\_pt%' OR relname LIKE 'regress\_ip%';
-- ALTER TABLE and TRUNCATE reach the partitions; VACUUM / ANALYZE the leaves
DROP TABLE IF EXISTS regress_alt;
CREATE TABLE regress_alt (a int, b text) PARTITION BY RANGE (a);
CREATE TABLE regress_alt1 PARTITION OF regress_alt FOR VALUES FROM (1) TO (10);
CREATE TABLE regress_alt2 PARTITION OF regress_alt FOR VALUES FROM (10) TO (20);
INSERT INTO regress_alt SELECT g, 'x' || g FROM generate_series(1, 19, 6) g;
TRUNCATE regress_alt1;
SELECT tableoid::regclass, * FROM regress_alt ORDER BY a;
TRUNCATE ONLY regress_alt;
TRUNCATE regress_alt;
SELECT count(*) FROM regress_alt;
INSERT INTO regress_alt SELECT g, 'x' || g FROM generate_series(1, 19, 6) g;
ALTER TABLE regress_alt ADD COLUMN c int DEFAULT 7;
ALTER TABLE regress_alt1 ADD COLUMN d int;
ALTER TABLE ONLY regress_alt ADD COLUMN e int;
SELECT tableoid::regclass, * FROM regress_alt ORDER BY a;
INSERT INTO regress_alt VALUES (3, 'n', 8);
SELECT attrelid::regclass, attname, attnum, attislocal, attinhcount FROM pg_attribute
  WHERE attrelid IN ('regress_alt'::regclass, 'regress_alt1'::regclass) AND attnum > 0
  ORDER BY attrelid::regclass::text, attnum;
ALTER TABLE regress_alt RENAME COLUMN b TO bb;
ALTER TABLE regress_alt1 RENAME COLUMN c TO cc;
SELECT * FROM regress_alt1 ORDER BY a;
ALTER TABLE regress_alt1 DROP COLUMN c;
ALTER TABLE regress_alt DROP COLUMN c;
ALTER TABLE regress_alt ALTER COLUMN bb SET NOT NULL;
INSERT INTO regress_alt VALUES (4, NULL);
SELECT attrelid::regclass, attname, attnotnull FROM pg_attribute
  WHERE attrelid IN ('regress_alt1'::regclass, 'regress_alt2'::regclass) AND attnum > 0
  AND NOT attisdropped ORDER BY attrelid::regclass::text, attnum;
ALTER TABLE regress_alt RENAME TO regress_altx;
ALTER TABLE regress_altx RENAME TO regress_alt;
VACUUM regress_alt;
ANALYZE regress_alt;
SELECT relname, reltuples FROM pg_class WHERE relname IN ('regress_alt1', 'regress_alt2')
  ORDER BY relname;
SELECT * FROM regress_alt ORDER BY a;
DROP TABLE regress_alt;
-- partition keys that are expressions; multi-column range keys
DROP TABLE IF EXISTS regress_ek, regress_ek2, regress_ek3, regress_ek5, regress_mk;
CREATE TABLE regress_ek (a int, b text) PARTITION BY RANGE ((a + 1));
CREATE TABLE regress_ek1 PARTITION OF regress_ek FOR VALUES FROM (1) TO (10);
CREATE TABLE regress_ek2 (a int, b text) PARTITION BY LIST (lower(b));
CREATE TABLE regress_ek21 PARTITION OF regress_ek2 FOR VALUES IN ('x');
INSERT INTO regress_ek VALUES (0, 'x'), (8, 'y');
INSERT INTO regress_ek VALUES (9, 'z');
INSERT INTO regress_ek2 VALUES (1, 'X');
SELECT tableoid::regclass, * FROM regress_ek ORDER BY a;
SELECT tableoid::regclass, * FROM regress_ek2;
SELECT pg_get_partkeydef('regress_ek'::regclass), pg_get_partkeydef('regress_ek2'::regclass),
  pg_get_partition_constraintdef('regress_ek1'::regclass),
  pg_get_partition_constraintdef('regress_ek21'::regclass);
SELECT partattrs, partexprs IS NULL FROM pg_partitioned_table
  WHERE partrelid = 'regress_ek'::regclass;
CREATE TABLE regress_ek3 (a int, b text) PARTITION BY HASH ((a * 2), b);
CREATE TABLE regress_ek30 PARTITION OF regress_ek3 FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE regress_ek31 PARTITION OF regress_ek3 FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO regress_ek3 SELECT g, 'v' || g FROM generate_series(1, 8) g;
SELECT tableoid::regclass, * FROM regress_ek3 ORDER BY a;
CREATE TABLE regress_ek4 (a int, b text, PRIMARY KEY (a)) PARTITION BY RANGE ((a + 1));
CREATE TABLE regress_ek5 (a int, b text) PARTITION BY RANGE ((a + 1), b);
CREATE TABLE regress_ek51 PARTITION OF regress_ek5 FOR VALUES FROM (0, 'a') TO (5, 'z');
INSERT INTO regress_ek5 VALUES (1, 'q'), (7, 'q');
SELECT pg_get_partkeydef('regress_ek5'::regclass),
  pg_get_partition_constraintdef('regress_ek51'::regclass);
CREATE TABLE regress_mk (a int, b int, c int) PARTITION BY RANGE (a, b, c);
CREATE TABLE regress_mk1 PARTITION OF regress_mk FOR VALUES FROM (1, 2, 3) TO (1, 5, MAXVALUE);
CREATE TABLE regress_mk2 PARTITION OF regress_mk
  FOR VALUES FROM (2, MINVALUE, MINVALUE) TO (3, 4, 5);
CREATE TABLE regress_mk3 PARTITION OF regress_mk FOR VALUES FROM (5, 1, 1) TO (6, 1, 1);
CREATE TABLE regress_mkx PARTITION OF regress_mk FOR VALUES FROM (1, 4, 0) TO (2, 0, 0);
INSERT INTO regress_mk VALUES (1, 3, 0), (1, 5, 100), (2, 0, 0), (3, 4, 4), (5, 9, 9), (6, 0, 0);
INSERT INTO regress_mk VALUES (3, 4, 5);
SELECT tableoid::regclass, * FROM regress_mk ORDER BY a, b, c;
SELECT relname, pg_get_expr(relpartbound, oid), pg_get_partition_constraintdef(oid)
  FROM pg_class WHERE relname LIKE 'regress\_mk_' ORDER BY 1;
EXPLAIN (COSTS OFF) SELECT * FROM regress_mk WHERE a = 2;
EXPLAIN (COSTS OFF) SELECT * FROM regress_mk WHERE a > 4;
DROP TABLE regress_ek, regress_ek2, regress_ek3, regress_ek5, regress_mk;
-- joins, sorts and aggregates over partitions
DROP TABLE IF EXISTS regress_jp, regress_jt;
CREATE TABLE regress_jp (a int, b text) PARTITION BY RANGE (a);
CREATE TABLE regress_jp1 PARTITION OF regress_jp FOR VALUES FROM (1) TO (10);
CREATE TABLE regress_jp2 PARTITION OF regress_jp FOR VALUES FROM (10) TO (20);
CREATE TABLE regress_jt (a int);
INSERT INTO regress_jp SELECT g, 'x' FROM generate_series(1, 19) g;
INSERT INTO regress_jt VALUES (1), (15);
EXPLAIN (COSTS OFF) SELECT * FROM regress_jt JOIN regress_jp ON regress_jt.a = regress_jp.a;
EXPLAIN (COSTS OFF) SELECT * FROM regress_jt JOIN regress_jp ON regress_jt.a = regress_jp.a
  WHERE regress_jp.a < 5;
SELECT * FROM regress_jt JOIN regress_jp ON regress_jt.a = regress_jp.a ORDER BY 1;
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_jp WHERE b = 'x';
EXPLAIN (COSTS OFF) SELECT * FROM regress_jp ORDER BY a LIMIT 2;
SELECT * FROM regress_jp ORDER BY a LIMIT 2;
EXPLAIN (COSTS OFF) SELECT * FROM regress_jp p1, regress_jp p2 WHERE p1.a = p2.a AND p1.a = 3;
SELECT b, count(*), sum(a) FROM regress_jp GROUP BY b;
DROP TABLE regress_jp, regress_jt;
-- row triggers on a partitioned table fire on the partitions (cloned onto each)
DROP TABLE IF EXISTS regress_tq;
CREATE TABLE regress_tq (a int, b text) PARTITION BY LIST (a);
CREATE TABLE regress_tq1 PARTITION OF regress_tq FOR VALUES IN (1);
CREATE OR REPLACE FUNCTION regress_tqf() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF tg_op = 'DELETE' THEN RETURN old; END IF;
  new.b := new.b || '/' || tg_table_name || '/' || tg_op;
  RETURN new;
END$$;
CREATE TRIGGER regress_tqt BEFORE INSERT OR UPDATE ON regress_tq FOR EACH ROW
  EXECUTE FUNCTION regress_tqf();
CREATE TABLE regress_tq2 PARTITION OF regress_tq FOR VALUES IN (2);
INSERT INTO regress_tq VALUES (1, 'a'), (2, 'b');
UPDATE regress_tq SET a = 3 - a;
UPDATE regress_tq SET b = 'c' WHERE a = 1 RETURNING tableoid::regclass, *;
SELECT tableoid::regclass, * FROM regress_tq ORDER BY a;
SELECT tgname, tgrelid::regclass, tgparentid <> 0 FROM pg_trigger
  WHERE tgname = 'regress_tqt' ORDER BY tgrelid::regclass::text;
DROP TRIGGER regress_tqt ON regress_tq;
SELECT count(*) FROM pg_trigger WHERE tgname = 'regress_tqt';
DROP TABLE regress_tq;
DROP FUNCTION regress_tqf();
-- A list key of a type ordered by its B-tree operator (money): bounds, routing, overlap
-- and pruning compare values that Python cannot hash.
CREATE TABLE moneyp (a money) PARTITION BY LIST (a);
CREATE TABLE moneyp_10 PARTITION OF moneyp FOR VALUES IN (10);
CREATE TABLE moneyp_11 PARTITION OF moneyp FOR VALUES IN ('11');
CREATE TABLE moneyp_11b PARTITION OF moneyp FOR VALUES IN ('11', 12);
INSERT INTO moneyp VALUES (10), (11), ('$11.00');
INSERT INTO moneyp VALUES (13);
SELECT tableoid::regclass, * FROM moneyp ORDER BY 2, 1;
EXPLAIN (COSTS OFF) SELECT * FROM moneyp WHERE a = '10';
EXPLAIN (COSTS OFF) SELECT * FROM moneyp WHERE a IN ('10', '12');
DROP TABLE moneyp;
