-- Cumulative statistics after a known workload: pg_stat_user_tables / _indexes counters,
-- the per-transaction views inside a transaction block (savepoints included), VACUUM's
-- report, TRUNCATE, resets, and every pg_stat_* view's columns. Each read is preceded by
-- pg_stat_force_next_flush(), so PostgreSQL has flushed this session's counts too.
-- (Fewer than 50 changes per table: the oracle's autovacuum never steps in.)
DROP TABLE IF EXISTS regress_stat_t, regress_stat_u;
CREATE TABLE regress_stat_t (a int PRIMARY KEY, b int);
CREATE TABLE regress_stat_u (x int, y text);
INSERT INTO regress_stat_t SELECT g, g FROM generate_series(1, 40) g;
INSERT INTO regress_stat_u VALUES (1, 'one'), (2, 'two'), (3, 'three');
UPDATE regress_stat_t SET b = b + 1 WHERE b <= 5;
DELETE FROM regress_stat_t WHERE b > 36;
UPDATE regress_stat_u SET y = 'deux' WHERE x = 2;
SELECT count(*) FROM regress_stat_t;
SELECT b FROM regress_stat_t WHERE a = 3;
SELECT b FROM regress_stat_t WHERE a = 39;
SELECT pg_stat_force_next_flush();
SELECT relname, seq_scan, seq_tup_read, idx_scan, idx_tup_fetch, n_tup_ins, n_tup_upd, n_tup_del, n_tup_hot_upd, n_live_tup, n_dead_tup, n_mod_since_analyze, n_ins_since_vacuum, last_vacuum, last_autovacuum, vacuum_count, autovacuum_count, analyze_count FROM pg_stat_user_tables WHERE relname LIKE 'regress_stat_%' ORDER BY relname;
SELECT relname, indexrelname, idx_scan, idx_tup_read, idx_tup_fetch FROM pg_stat_user_indexes WHERE relname LIKE 'regress_stat_%';
SELECT relname, heap_blks_read + heap_blks_hit > 0 AS heap_touched, idx_blks_read + idx_blks_hit > 0 AS idx_touched, toast_blks_read, tidx_blks_read FROM pg_statio_user_tables WHERE relname = 'regress_stat_t';
SELECT relname, seq_scan, n_tup_ins FROM pg_stat_all_tables WHERE relname = 'regress_stat_u';
SELECT count(*) FROM pg_stat_sys_tables WHERE relname = 'regress_stat_u';
-- Transactional counts: a rolled-back insert is a dead tuple; savepoints decide their own.
BEGIN;
INSERT INTO regress_stat_u VALUES (4, 'four'), (5, 'five');
SAVEPOINT s1;
INSERT INTO regress_stat_u VALUES (6, 'six');
DELETE FROM regress_stat_u WHERE x = 1;
ROLLBACK TO SAVEPOINT s1;
UPDATE regress_stat_u SET y = 'trois' WHERE x = 3;
SELECT relname, n_tup_ins, n_tup_upd, n_tup_del, n_tup_hot_upd FROM pg_stat_xact_user_tables WHERE relname = 'regress_stat_u';
SELECT pg_stat_get_xact_tuples_inserted('regress_stat_u'::regclass), pg_stat_get_xact_numscans('regress_stat_u'::regclass);
COMMIT;
BEGIN;
INSERT INTO regress_stat_u VALUES (7, 'seven');
DELETE FROM regress_stat_u WHERE x = 2;
ROLLBACK;
SELECT pg_stat_force_next_flush();
SELECT n_tup_ins, n_tup_upd, n_tup_del, n_live_tup, n_dead_tup, n_mod_since_analyze, n_ins_since_vacuum FROM pg_stat_user_tables WHERE relname = 'regress_stat_u';
-- VACUUM sets the live and dead counts and last_vacuum; TRUNCATE resets them at commit.
VACUUM regress_stat_u;
SELECT pg_stat_force_next_flush();
SELECT n_live_tup, n_dead_tup, n_ins_since_vacuum, vacuum_count, last_vacuum IS NOT NULL AS vacuumed, last_vacuum <= now() AS in_the_past FROM pg_stat_user_tables WHERE relname = 'regress_stat_u';
-- ANALYZE reports too: last_analyze, analyze_count, changes since analyze back to 0.
ANALYZE regress_stat_u;
SELECT pg_stat_force_next_flush();
SELECT n_live_tup, n_mod_since_analyze, analyze_count, last_analyze IS NOT NULL AS analyzed, autoanalyze_count FROM pg_stat_user_tables WHERE relname = 'regress_stat_u';
TRUNCATE regress_stat_u;
INSERT INTO regress_stat_u VALUES (10, 'ten');
SELECT pg_stat_force_next_flush();
SELECT n_tup_ins, n_live_tup, n_dead_tup, n_ins_since_vacuum FROM pg_stat_user_tables WHERE relname = 'regress_stat_u';
-- Resetting one table's counters.
SELECT pg_stat_reset_single_table_counters('regress_stat_u'::regclass);
SELECT seq_scan, n_tup_ins, n_live_tup, vacuum_count, last_vacuum FROM pg_stat_user_tables WHERE relname = 'regress_stat_u';
SELECT pg_stat_get_numscans(0), pg_stat_get_live_tuples(0), pg_stat_get_last_vacuum_time(0);
-- Snapshot consistency: within a transaction, 'cache' keeps what was read.
BEGIN;
SELECT n_tup_ins FROM pg_stat_user_tables WHERE relname = 'regress_stat_u';
SELECT pg_stat_clear_snapshot();
SELECT n_tup_ins FROM pg_stat_user_tables WHERE relname = 'regress_stat_u';
COMMIT;
SET stats_fetch_consistency = snapshot;
BEGIN;
SELECT n_tup_ins FROM pg_stat_user_tables WHERE relname = 'regress_stat_u';
SELECT pg_stat_get_snapshot_timestamp() IS NOT NULL AS has_snapshot;
COMMIT;
SELECT pg_stat_get_snapshot_timestamp();
RESET stats_fetch_consistency;
-- A sort that spills to a temporary file is counted in temp_files / temp_bytes.
SET work_mem = '64kB';
SELECT count(*) FROM (SELECT g FROM generate_series(1, 20000) g ORDER BY g DESC) s;
RESET work_mem;
SELECT pg_stat_force_next_flush();
SELECT temp_files > 0 AS spilled, temp_bytes > 0 AS bytes FROM pg_stat_database WHERE datname = current_database();
-- Function statistics with track_functions = pl: calls and times of PL/pgSQL functions.
SET track_functions = 'pl';
CREATE FUNCTION regress_stat_fn(i int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN i * 2; END $$;
SELECT regress_stat_fn(g) FROM generate_series(1, 3) g;
SELECT pg_stat_force_next_flush();
BEGIN;
SELECT regress_stat_fn(4);
SELECT funcname, calls, total_time >= self_time AS times FROM pg_stat_xact_user_functions WHERE funcname = 'regress_stat_fn';
COMMIT;
SELECT pg_stat_force_next_flush();
SELECT funcname, calls, total_time >= self_time AS times, self_time >= 0 AS self FROM pg_stat_user_functions WHERE funcname = 'regress_stat_fn';
SELECT pg_stat_get_function_calls('regress_stat_fn'::regproc), pg_stat_get_function_calls('int4pl'::regproc);
DROP FUNCTION regress_stat_fn(int);
RESET track_functions;
-- Database-wide views: the current database is counted.
SELECT datname IS NOT NULL, xact_commit > 0, xact_rollback > 0, tup_inserted > 0, blks_hit > 0, numbackends >= 1 FROM pg_stat_database WHERE datname = current_database();
SELECT count(*) FROM pg_stat_database WHERE datid = 0 AND datname IS NULL;
SELECT confl_tablespace, confl_lock, confl_snapshot, confl_bufferpin, confl_deadlock FROM pg_stat_database_conflicts WHERE datname = current_database();
SELECT name FROM pg_stat_slru ORDER BY name;
SELECT archived_count, last_archived_wal, failed_count FROM pg_stat_archiver;
SELECT wal_records > 0 AS wal_counted FROM pg_stat_wal;
SELECT count(*) FROM pg_stat_progress_vacuum WHERE relid = 'regress_stat_u'::regclass;
-- Column names and types of every view.
SELECT * FROM pg_stat_all_tables LIMIT 0;
SELECT * FROM pg_stat_sys_tables LIMIT 0;
SELECT * FROM pg_stat_user_tables LIMIT 0;
SELECT * FROM pg_stat_xact_all_tables LIMIT 0;
SELECT * FROM pg_stat_xact_sys_tables LIMIT 0;
SELECT * FROM pg_stat_xact_user_tables LIMIT 0;
SELECT * FROM pg_stat_all_indexes LIMIT 0;
SELECT * FROM pg_stat_sys_indexes LIMIT 0;
SELECT * FROM pg_stat_user_indexes LIMIT 0;
SELECT * FROM pg_statio_all_tables LIMIT 0;
SELECT * FROM pg_statio_sys_tables LIMIT 0;
SELECT * FROM pg_statio_user_tables LIMIT 0;
SELECT * FROM pg_statio_all_indexes LIMIT 0;
SELECT * FROM pg_statio_sys_indexes LIMIT 0;
SELECT * FROM pg_statio_user_indexes LIMIT 0;
SELECT * FROM pg_stat_database LIMIT 0;
SELECT * FROM pg_stat_database_conflicts LIMIT 0;
SELECT * FROM pg_stat_bgwriter LIMIT 0;
SELECT * FROM pg_stat_wal LIMIT 0;
SELECT * FROM pg_stat_archiver LIMIT 0;
SELECT * FROM pg_stat_slru LIMIT 0;
SELECT * FROM pg_stat_progress_vacuum LIMIT 0;
SELECT * FROM pg_stat_user_functions LIMIT 0;
SELECT * FROM pg_stat_xact_user_functions LIMIT 0;
-- Errors.
SELECT pg_stat_reset_shared('nonsense');
SELECT pg_stat_reset_slru('nonsense');
SELECT pg_stat_have_stats('nonsense', 0, 0);
SELECT pg_stat_have_stats('relation', 0, 0);
DROP TABLE regress_stat_t, regress_stat_u;
