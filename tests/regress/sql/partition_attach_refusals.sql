-- ATTACH PARTITION / INHERIT / PARTITION OF refusals in PostgreSQL 15's order and
-- SQLSTATEs: already a partition, typed tables, inheritance parents and children,
-- circular attachment (42P07), temporary / permanent mixes, partitions and partitioned
-- tables in INHERIT.
CREATE TABLE pa_l (a int, b text) PARTITION BY LIST (a);
CREATE TABLE pa_1 PARTITION OF pa_l FOR VALUES IN (1);
CREATE TABLE pa_l2 (a int, b text) PARTITION BY LIST (a);
CREATE TABLE pa_2 PARTITION OF pa_l2 FOR VALUES IN (2);
ALTER TABLE pa_l ATTACH PARTITION pa_2 FOR VALUES IN (2);
ALTER TABLE pa_l ATTACH PARTITION pa_l FOR VALUES IN (0);
CREATE TABLE pa_l3 (a int, b text) PARTITION BY LIST (b);
ALTER TABLE pa_l ATTACH PARTITION pa_l3 FOR VALUES IN (3);
ALTER TABLE pa_l3 ATTACH PARTITION pa_l FOR VALUES IN ('x');
CREATE TYPE pa_t AS (a int, b text);
CREATE TABLE pa_typed OF pa_t;
ALTER TABLE pa_l ATTACH PARTITION pa_typed FOR VALUES IN (4);
DROP TABLE pa_typed;
DROP TYPE pa_t;
CREATE TABLE pa_parent (a int, b text);
CREATE TABLE pa_child () INHERITS (pa_parent);
ALTER TABLE pa_l ATTACH PARTITION pa_parent FOR VALUES IN (5);
ALTER TABLE pa_l ATTACH PARTITION pa_child FOR VALUES IN (5);
ALTER TABLE pa_1 INHERIT pa_parent;
ALTER TABLE pa_l INHERIT pa_parent;
ALTER TABLE pa_child INHERIT pa_1;
CREATE TEMP TABLE pa_temp_l (a int, b text) PARTITION BY LIST (a);
CREATE TABLE pa_perm PARTITION OF pa_temp_l FOR VALUES IN (1);
CREATE TEMP TABLE pa_temp PARTITION OF pa_l FOR VALUES IN (6);
CREATE TABLE pa_inh_temp () INHERITS (pa_temp_l);
CREATE TABLE pa_perm (a int, b text);
ALTER TABLE pa_temp_l ATTACH PARTITION pa_perm FOR VALUES IN (1);
CREATE TEMP TABLE pa_temp (a int, b text);
ALTER TABLE pa_l ATTACH PARTITION pa_temp FOR VALUES IN (6);
CREATE TEMP TABLE pa_temp_1 PARTITION OF pa_temp_l FOR VALUES IN (1);
CREATE TABLE pg_temp.pa_temp_2 PARTITION OF pa_temp_l FOR VALUES IN (2);
CREATE TEMP TABLE pa_tt (a int);
CREATE TABLE pa_it () INHERITS (pa_tt);
CREATE TEMP TABLE pa_it () INHERITS (pa_tt);
SELECT relname, relpersistence FROM pg_class WHERE relname LIKE 'pa\_temp%' ORDER BY 1;
DROP TABLE pa_l, pa_l2, pa_l3, pa_parent, pa_perm, pa_temp, pa_temp_l, pa_tt CASCADE;
