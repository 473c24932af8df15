"""The cumulative-statistics views: pg_stat_*_tables, pg_stat_*_indexes, pg_statio_*,
pg_stat_xact_*, pg_stat_database (and _conflicts), pg_stat_bgwriter, pg_stat_wal,
pg_stat_archiver, pg_stat_slru, pg_stat_progress_vacuum, pg_stat_progress_cluster, with PostgreSQL 15's columns,
built as PostgreSQL builds them on the pg_stat_get_* functions
(utils/activity/stat_functions.py). system_views.QUERIES includes them; system_view_rows.py
makes them views at initdb.

Where we differ from PostgreSQL: pg_statio_all_tables sums its indexes' blocks with
scalar subqueries instead of LEFT JOIN LATERAL (the same rows).

PostgreSQL: catalog/system_views.sql.
"""
from __future__ import annotations

_SYSTEM_SCHEMA = ("{s}.schemaname IN ('pg_catalog', 'information_schema') "
                  "OR {s}.schemaname ~ '^pg_toast'")
_USER_SCHEMA = ("{s}.schemaname NOT IN ('pg_catalog', 'information_schema') "
                "AND {s}.schemaname !~ '^pg_toast'")

_ALL_TABLES = (
    "SELECT c.oid AS relid, n.nspname AS schemaname, c.relname, "
    "pg_catalog.pg_stat_get_numscans(c.oid) AS seq_scan, "
    "pg_catalog.pg_stat_get_tuples_returned(c.oid) AS seq_tup_read, "
    "sum(pg_catalog.pg_stat_get_numscans(i.indexrelid))::bigint AS idx_scan, "
    "sum(pg_catalog.pg_stat_get_tuples_fetched(i.indexrelid))::bigint + "
    "pg_catalog.pg_stat_get_tuples_fetched(c.oid) AS idx_tup_fetch, "
    "pg_catalog.pg_stat_get_tuples_inserted(c.oid) AS n_tup_ins, "
    "pg_catalog.pg_stat_get_tuples_updated(c.oid) AS n_tup_upd, "
    "pg_catalog.pg_stat_get_tuples_deleted(c.oid) AS n_tup_del, "
    "pg_catalog.pg_stat_get_tuples_hot_updated(c.oid) AS n_tup_hot_upd, "
    "pg_catalog.pg_stat_get_live_tuples(c.oid) AS n_live_tup, "
    "pg_catalog.pg_stat_get_dead_tuples(c.oid) AS n_dead_tup, "
    "pg_catalog.pg_stat_get_mod_since_analyze(c.oid) AS n_mod_since_analyze, "
    "pg_catalog.pg_stat_get_ins_since_vacuum(c.oid) AS n_ins_since_vacuum, "
    "pg_catalog.pg_stat_get_last_vacuum_time(c.oid) AS last_vacuum, "
    "pg_catalog.pg_stat_get_last_autovacuum_time(c.oid) AS last_autovacuum, "
    "pg_catalog.pg_stat_get_last_analyze_time(c.oid) AS last_analyze, "
    "pg_catalog.pg_stat_get_last_autoanalyze_time(c.oid) AS last_autoanalyze, "
    "pg_catalog.pg_stat_get_vacuum_count(c.oid) AS vacuum_count, "
    "pg_catalog.pg_stat_get_autovacuum_count(c.oid) AS autovacuum_count, "
    "pg_catalog.pg_stat_get_analyze_count(c.oid) AS analyze_count, "
    "pg_catalog.pg_stat_get_autoanalyze_count(c.oid) AS autoanalyze_count "
    "FROM pg_catalog.pg_class c "
    "LEFT JOIN pg_catalog.pg_index i ON c.oid = i.indrelid "
    "LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "WHERE c.relkind IN ('r', 't', 'm', 'p') "
    "GROUP BY c.oid, n.nspname, c.relname")

_XACT_ALL_TABLES = (
    "SELECT c.oid AS relid, n.nspname AS schemaname, c.relname, "
    "pg_catalog.pg_stat_get_xact_numscans(c.oid) AS seq_scan, "
    "pg_catalog.pg_stat_get_xact_tuples_returned(c.oid) AS seq_tup_read, "
    "sum(pg_catalog.pg_stat_get_xact_numscans(i.indexrelid))::bigint AS idx_scan, "
    "sum(pg_catalog.pg_stat_get_xact_tuples_fetched(i.indexrelid))::bigint + "
    "pg_catalog.pg_stat_get_xact_tuples_fetched(c.oid) AS idx_tup_fetch, "
    "pg_catalog.pg_stat_get_xact_tuples_inserted(c.oid) AS n_tup_ins, "
    "pg_catalog.pg_stat_get_xact_tuples_updated(c.oid) AS n_tup_upd, "
    "pg_catalog.pg_stat_get_xact_tuples_deleted(c.oid) AS n_tup_del, "
    "pg_catalog.pg_stat_get_xact_tuples_hot_updated(c.oid) AS n_tup_hot_upd "
    "FROM pg_catalog.pg_class c "
    "LEFT JOIN pg_catalog.pg_index i ON c.oid = i.indrelid "
    "LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "WHERE c.relkind IN ('r', 't', 'm', 'p') "
    "GROUP BY c.oid, n.nspname, c.relname")

_ALL_INDEXES = (
    "SELECT c.oid AS relid, i.oid AS indexrelid, n.nspname AS schemaname, c.relname, "
    "i.relname AS indexrelname, pg_catalog.pg_stat_get_numscans(i.oid) AS idx_scan, "
    "pg_catalog.pg_stat_get_tuples_returned(i.oid) AS idx_tup_read, "
    "pg_catalog.pg_stat_get_tuples_fetched(i.oid) AS idx_tup_fetch "
    "FROM pg_catalog.pg_class c "
    "JOIN pg_catalog.pg_index x ON c.oid = x.indrelid "
    "JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid "
    "LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "WHERE c.relkind IN ('r', 't', 'm')")

_INDEX_BLOCKS = (
    "(SELECT sum(pg_catalog.pg_stat_get_blocks_fetched(x.indexrelid) - "
    "pg_catalog.pg_stat_get_blocks_hit(x.indexrelid))::bigint "
    "FROM pg_catalog.pg_index x WHERE x.indrelid = {rel}) AS {prefix}idx_blks_read, "
    "(SELECT sum(pg_catalog.pg_stat_get_blocks_hit(x.indexrelid))::bigint "
    "FROM pg_catalog.pg_index x WHERE x.indrelid = {rel}) AS {prefix}idx_blks_hit")

_STATIO_ALL_TABLES = (
    "SELECT c.oid AS relid, n.nspname AS schemaname, c.relname, "
    "pg_catalog.pg_stat_get_blocks_fetched(c.oid) - "
    "pg_catalog.pg_stat_get_blocks_hit(c.oid) AS heap_blks_read, "
    "pg_catalog.pg_stat_get_blocks_hit(c.oid) AS heap_blks_hit, "
    + _INDEX_BLOCKS.format(rel="c.oid", prefix="") + ", "
    "pg_catalog.pg_stat_get_blocks_fetched(t.oid) - "
    "pg_catalog.pg_stat_get_blocks_hit(t.oid) AS toast_blks_read, "
    "pg_catalog.pg_stat_get_blocks_hit(t.oid) AS toast_blks_hit, "
    + _INDEX_BLOCKS.format(rel="t.oid", prefix="t") + " "
    "FROM pg_catalog.pg_class c "
    "LEFT JOIN pg_catalog.pg_class t ON c.reltoastrelid = t.oid "
    "LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "WHERE c.relkind IN ('r', 't', 'm')")

_STATIO_ALL_INDEXES = (
    "SELECT c.oid AS relid, i.oid AS indexrelid, n.nspname AS schemaname, c.relname, "
    "i.relname AS indexrelname, pg_catalog.pg_stat_get_blocks_fetched(i.oid) - "
    "pg_catalog.pg_stat_get_blocks_hit(i.oid) AS idx_blks_read, "
    "pg_catalog.pg_stat_get_blocks_hit(i.oid) AS idx_blks_hit "
    "FROM pg_catalog.pg_class c "
    "JOIN pg_catalog.pg_index x ON c.oid = x.indrelid "
    "JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid "
    "LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "WHERE c.relkind IN ('r', 't', 'm')")

_DATABASE_COLUMNS = (
    ("xact_commit", "xact_commit"), ("xact_rollback", "xact_rollback"),
    (None, "blks_read"), ("blocks_hit", "blks_hit"), ("tuples_returned", "tup_returned"),
    ("tuples_fetched", "tup_fetched"), ("tuples_inserted", "tup_inserted"),
    ("tuples_updated", "tup_updated"), ("tuples_deleted", "tup_deleted"),
    ("conflict_all", "conflicts"), ("temp_files", "temp_files"),
    ("temp_bytes", "temp_bytes"), ("deadlocks", "deadlocks"),
    ("checksum_failures", "checksum_failures"),
    ("checksum_last_failure", "checksum_last_failure"),
    ("blk_read_time", "blk_read_time"), ("blk_write_time", "blk_write_time"),
    ("session_time", "session_time"), ("active_time", "active_time"),
    ("idle_in_transaction_time", "idle_in_transaction_time"), ("sessions", "sessions"),
    ("sessions_abandoned", "sessions_abandoned"), ("sessions_fatal", "sessions_fatal"),
    ("sessions_killed", "sessions_killed"), ("stat_reset_time", "stats_reset"))


def _database_column(function: str | None, column: str) -> str:
    if function is None:       # blks_read
        return ("pg_catalog.pg_stat_get_db_blocks_fetched(d.oid) - "
                "pg_catalog.pg_stat_get_db_blocks_hit(d.oid) AS blks_read")
    return f"pg_catalog.pg_stat_get_db_{function}(d.oid) AS {column}"


_DATABASE = (
    "SELECT d.oid AS datid, d.datname, "
    "CASE WHEN d.oid = 0::oid THEN 0 ELSE pg_catalog.pg_stat_get_db_numbackends(d.oid) END "
    "AS numbackends, "
    + ", ".join(_database_column(f, c) for f, c in _DATABASE_COLUMNS) + " "
    "FROM (SELECT 0::oid AS oid, NULL::name AS datname UNION ALL "
    "SELECT oid, datname FROM pg_catalog.pg_database) d")

_DATABASE_CONFLICTS = (
    "SELECT d.oid AS datid, d.datname, "
    "pg_catalog.pg_stat_get_db_conflict_tablespace(d.oid) AS confl_tablespace, "
    "pg_catalog.pg_stat_get_db_conflict_lock(d.oid) AS confl_lock, "
    "pg_catalog.pg_stat_get_db_conflict_snapshot(d.oid) AS confl_snapshot, "
    "pg_catalog.pg_stat_get_db_conflict_bufferpin(d.oid) AS confl_bufferpin, "
    "pg_catalog.pg_stat_get_db_conflict_startup_deadlock(d.oid) AS confl_deadlock "
    "FROM pg_catalog.pg_database d")

_BGWRITER = (
    "SELECT pg_catalog.pg_stat_get_bgwriter_timed_checkpoints() AS checkpoints_timed, "
    "pg_catalog.pg_stat_get_bgwriter_requested_checkpoints() AS checkpoints_req, "
    "pg_catalog.pg_stat_get_checkpoint_write_time() AS checkpoint_write_time, "
    "pg_catalog.pg_stat_get_checkpoint_sync_time() AS checkpoint_sync_time, "
    "pg_catalog.pg_stat_get_bgwriter_buf_written_checkpoints() AS buffers_checkpoint, "
    "pg_catalog.pg_stat_get_bgwriter_buf_written_clean() AS buffers_clean, "
    "pg_catalog.pg_stat_get_bgwriter_maxwritten_clean() AS maxwritten_clean, "
    "pg_catalog.pg_stat_get_buf_written_backend() AS buffers_backend, "
    "pg_catalog.pg_stat_get_buf_fsync_backend() AS buffers_backend_fsync, "
    "pg_catalog.pg_stat_get_buf_alloc() AS buffers_alloc, "
    "pg_catalog.pg_stat_get_bgwriter_stat_reset_time() AS stats_reset")

_PROGRESS_VACUUM = (
    "SELECT s.pid, s.datid, d.datname, s.relid, "
    "CASE s.param1 WHEN 0 THEN 'initializing'::text WHEN 1 THEN 'scanning heap'::text "
    "WHEN 2 THEN 'vacuuming indexes'::text WHEN 3 THEN 'vacuuming heap'::text "
    "WHEN 4 THEN 'cleaning up indexes'::text WHEN 5 THEN 'truncating heap'::text "
    "WHEN 6 THEN 'performing final cleanup'::text ELSE NULL::text END AS phase, "
    "s.param2 AS heap_blks_total, s.param3 AS heap_blks_scanned, "
    "s.param4 AS heap_blks_vacuumed, s.param5 AS index_vacuum_count, "
    "s.param6 AS max_dead_tuples, s.param7 AS num_dead_tuples "
    "FROM pg_catalog.pg_stat_get_progress_info('VACUUM'::text) s "
    "LEFT JOIN pg_catalog.pg_database d ON s.datid = d.oid")

_PROGRESS_CLUSTER = (
    "SELECT s.pid, s.datid, d.datname, s.relid, "
    "CASE s.param1 WHEN 1 THEN 'CLUSTER'::text WHEN 2 THEN 'VACUUM FULL'::text "
    "ELSE NULL::text END AS command, "
    "CASE s.param2 WHEN 0 THEN 'initializing'::text WHEN 1 THEN 'seq scanning heap'::text "
    "WHEN 2 THEN 'index scanning heap'::text WHEN 3 THEN 'sorting tuples'::text "
    "WHEN 4 THEN 'writing new heap'::text WHEN 5 THEN 'swapping relation files'::text "
    "WHEN 6 THEN 'rebuilding index'::text WHEN 7 THEN 'performing final cleanup'::text "
    "ELSE NULL::text END AS phase, "
    "s.param3::oid AS cluster_index_relid, s.param4 AS heap_tuples_scanned, "
    "s.param5 AS heap_tuples_written, s.param6 AS heap_blks_total, "
    "s.param7 AS heap_blks_scanned, s.param8 AS index_rebuild_count "
    "FROM pg_catalog.pg_stat_get_progress_info('CLUSTER'::text) s "
    "LEFT JOIN pg_catalog.pg_database d ON s.datid = d.oid")


def _subset(view: str, columns: str, condition: str) -> str:
    return f"SELECT {columns} FROM pg_catalog.{view} WHERE " + condition.format(s=view)


_TABLE_COLUMNS = ("relid, schemaname, relname, seq_scan, seq_tup_read, idx_scan, "
                  "idx_tup_fetch, n_tup_ins, n_tup_upd, n_tup_del, n_tup_hot_upd, "
                  "n_live_tup, n_dead_tup, n_mod_since_analyze, n_ins_since_vacuum, "
                  "last_vacuum, last_autovacuum, last_analyze, last_autoanalyze, "
                  "vacuum_count, autovacuum_count, analyze_count, autoanalyze_count")
_XACT_TABLE_COLUMNS = ("relid, schemaname, relname, seq_scan, seq_tup_read, idx_scan, "
                       "idx_tup_fetch, n_tup_ins, n_tup_upd, n_tup_del, n_tup_hot_upd")
_INDEX_COLUMNS = ("relid, indexrelid, schemaname, relname, indexrelname, idx_scan, "
                  "idx_tup_read, idx_tup_fetch")
_STATIO_TABLE_COLUMNS = ("relid, schemaname, relname, heap_blks_read, heap_blks_hit, "
                         "idx_blks_read, idx_blks_hit, toast_blks_read, toast_blks_hit, "
                         "tidx_blks_read, tidx_blks_hit")
_STATIO_INDEX_COLUMNS = "relid, indexrelid, schemaname, relname, indexrelname, " \
                        "idx_blks_read, idx_blks_hit"

def _functions_view(prefix: str) -> str:
    return (
        "SELECT p.oid AS funcid, n.nspname AS schemaname, p.proname AS funcname, "
        f"pg_catalog.pg_stat_get_{prefix}function_calls(p.oid) AS calls, "
        f"pg_catalog.pg_stat_get_{prefix}function_total_time(p.oid) AS total_time, "
        f"pg_catalog.pg_stat_get_{prefix}function_self_time(p.oid) AS self_time "
        "FROM pg_catalog.pg_proc p "
        "LEFT JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace "
        f"WHERE p.prolang <> 12::oid AND pg_catalog.pg_stat_get_{prefix}function_calls(p.oid) "
        "IS NOT NULL")


VIEWS = {
    "pg_stat_all_tables": _ALL_TABLES,
    "pg_stat_sys_tables": _subset("pg_stat_all_tables", _TABLE_COLUMNS, _SYSTEM_SCHEMA),
    "pg_stat_user_tables": _subset("pg_stat_all_tables", _TABLE_COLUMNS, _USER_SCHEMA),
    "pg_stat_xact_all_tables": _XACT_ALL_TABLES,
    "pg_stat_xact_sys_tables": _subset("pg_stat_xact_all_tables", _XACT_TABLE_COLUMNS,
                                       _SYSTEM_SCHEMA),
    "pg_stat_xact_user_tables": _subset("pg_stat_xact_all_tables", _XACT_TABLE_COLUMNS,
                                        _USER_SCHEMA),
    "pg_stat_all_indexes": _ALL_INDEXES,
    "pg_stat_sys_indexes": _subset("pg_stat_all_indexes", _INDEX_COLUMNS, _SYSTEM_SCHEMA),
    "pg_stat_user_indexes": _subset("pg_stat_all_indexes", _INDEX_COLUMNS, _USER_SCHEMA),
    "pg_statio_all_tables": _STATIO_ALL_TABLES,
    "pg_statio_sys_tables": _subset("pg_statio_all_tables", _STATIO_TABLE_COLUMNS,
                                    _SYSTEM_SCHEMA),
    "pg_statio_user_tables": _subset("pg_statio_all_tables", _STATIO_TABLE_COLUMNS,
                                     _USER_SCHEMA),
    "pg_statio_all_indexes": _STATIO_ALL_INDEXES,
    "pg_statio_sys_indexes": _subset("pg_statio_all_indexes", _STATIO_INDEX_COLUMNS,
                                     _SYSTEM_SCHEMA),
    "pg_statio_user_indexes": _subset("pg_statio_all_indexes", _STATIO_INDEX_COLUMNS,
                                      _USER_SCHEMA),
    "pg_stat_database": _DATABASE,
    "pg_stat_database_conflicts": _DATABASE_CONFLICTS,
    "pg_stat_bgwriter": _BGWRITER,
    "pg_stat_wal": "SELECT * FROM pg_catalog.pg_stat_get_wal() w",
    "pg_stat_archiver": "SELECT * FROM pg_catalog.pg_stat_get_archiver() s",
    "pg_stat_slru": "SELECT * FROM pg_catalog.pg_stat_get_slru() s",
    "pg_stat_progress_vacuum": _PROGRESS_VACUUM,
    "pg_stat_progress_cluster": _PROGRESS_CLUSTER,
    "pg_stat_user_functions": _functions_view(""),
    "pg_stat_xact_user_functions": _functions_view("xact_"),
}
