-- Heap storage parameters PostgreSQL 15 takes besides fillfactor and autovacuum_*:
-- parallel_workers (the planner uses it whatever the table size), toast_tuple_target,
-- user_catalog_table, vacuum_index_cleanup (an enum that also takes booleans) and
-- vacuum_truncate (VACUUM without TRUNCATE follows it).
-- compare explain text
CREATE TABLE pw_t AS SELECT g AS a, g % 10 AS b FROM generate_series(1, 20000) g;
ANALYZE pw_t;
CREATE TABLE pw_small AS SELECT g AS a FROM generate_series(1, 100) g;
ANALYZE pw_small;
SET parallel_setup_cost = 0;
SET max_parallel_workers_per_gather = 4;
EXPLAIN (COSTS OFF) SELECT count(*) FROM pw_t;
ALTER TABLE pw_t SET (parallel_workers = 3);
EXPLAIN (COSTS OFF) SELECT count(*) FROM pw_t;
SELECT count(*) FROM pw_t;
ALTER TABLE pw_t SET (parallel_workers = 0);
EXPLAIN (COSTS OFF) SELECT count(*) FROM pw_t;
ALTER TABLE pw_small SET (parallel_workers = 2);
SET parallel_tuple_cost = 0;
EXPLAIN (COSTS OFF) SELECT * FROM pw_small WHERE a < 5;
SELECT * FROM pw_small WHERE a < 5 ORDER BY a;
ALTER TABLE pw_t RESET (parallel_workers);
SELECT reloptions FROM pg_class WHERE relname IN ('pw_t', 'pw_small') ORDER BY relname;
DROP TABLE pw_t, pw_small;

CREATE TABLE rlo_t (a int, b text) WITH (toast_tuple_target = 200, user_catalog_table = false,
    vacuum_index_cleanup = auto, vacuum_truncate = off, autovacuum_enabled = off);
ALTER TABLE rlo_t SET (vacuum_index_cleanup = NO);
ALTER TABLE rlo_t SET (vacuum_index_cleanup = maybe);
ALTER TABLE rlo_t SET (parallel_workers = 2000);
ALTER TABLE rlo_t SET (toast_tuple_target = 100);
ALTER TABLE rlo_t SET (user_catalog_table = maybe);
SELECT reloptions FROM pg_class WHERE relname = 'rlo_t';
CREATE VIEW rlo_v WITH (parallel_workers = 2) AS SELECT 1;
INSERT INTO rlo_t SELECT g, 'x' FROM generate_series(1, 2000) g;
DELETE FROM rlo_t;
VACUUM rlo_t;
SELECT pg_relation_size('rlo_t') > 0 AS kept_its_pages;
VACUUM (TRUNCATE) rlo_t;
SELECT pg_relation_size('rlo_t') AS after_truncate;
INSERT INTO rlo_t SELECT g, 'x' FROM generate_series(1, 2000) g;
DELETE FROM rlo_t;
ALTER TABLE rlo_t RESET (vacuum_truncate);
VACUUM rlo_t;
SELECT pg_relation_size('rlo_t') AS truncated_by_default;
DROP TABLE rlo_t;
