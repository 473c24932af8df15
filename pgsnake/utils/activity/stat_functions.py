"""The pg_stat_get_* functions the pg_stat_* views are built on, the resets, and
pg_stat_force_next_flush / pg_stat_clear_snapshot, with PostgreSQL 15's OIDs; and
PostgreSQL 16's pg_stat_get_io (pgstat_io.py), with 'io' for pg_stat_reset_shared.

A relation or database with no entry reads as zeros and NULL times, as in PostgreSQL.
The per-transaction functions (pg_stat_get_xact_*) read this backend's pending counts,
including what the open transaction's savepoint levels did so far.

Entry point: register_all() (catalog/sql_functions.py calls it).

PostgreSQL: utils/adt/pgstatfuncs.c, utils/activity/pgstat_relation.c
(find_tabstat_entry), pgstat.c (pgstat_force_next_flush, pgstat_clear_snapshot).
"""
from __future__ import annotations

import datetime as dt

from pgsnake.storage.ipc import proc_array
from pgsnake.utils.activity import pgstat, pgstat_fetch, pgstat_io
from pgsnake.utils.activity import pgstat_kinds as k
from pgsnake.utils.errors import PgError

OID, INT4, INT8, TEXT, FLOAT8, TZ, VOID, RECORD, NUMERIC, BOOL = (
    26, 23, 20, 25, 701, 1184, 2278, 2249, 1700, 16)
VOID_VALUE = ""            # a void result prints as the empty string
PG_STAT_GET_IO = 8459


def _time(microseconds: int):
    if not microseconds:
        return None
    return dt.datetime.fromtimestamp(microseconds / 1_000_000, dt.timezone.utc)


def _relation_counter(slot: int, is_time: bool = False):
    def get(oid: int):
        counters = pgstat_fetch.fetch_relation(oid)
        value = counters[slot] if counters is not None else 0
        return _time(value) if is_time else value
    return get


def _database_counter(slot: int, kind: str = "int"):
    def get(oid: int):
        counters = pgstat_fetch.fetch_database(oid)
        value = counters[slot] if counters is not None else 0
        if kind == "time":
            return _time(value)
        if kind == "ms":            # stored in microseconds, shown in milliseconds
            return value / 1000.0
        return value
    return get


def _conflict_all(oid: int) -> int:
    counters = pgstat_fetch.fetch_database(oid)
    if counters is None:
        return 0
    return sum(counters[k.D_CONFLICT_TABLESPACE:k.D_CONFLICT_STARTUP_DEADLOCK + 1])


def _numbackends(oid: int) -> int:
    return sum(1 for slot in proc_array.slots()
               if slot.kind == "client backend" and slot.database_oid == oid)


def _xact_counter(attribute: str, transactional: int = 0):
    """pg_stat_get_xact_*: the pending counts; `transactional` (1-3: inserted, updated,
    deleted) adds the open levels' counts."""
    def get(oid: int):
        status = pgstat.pending_relation(oid)
        if status is None:
            return 0
        value = getattr(status, attribute)
        if transactional:
            value += sum(level[transactional] for level in status.levels)
        return value
    return get


def _global(slot: int, kind: str = "int"):
    def get():
        value = pgstat_fetch.fetch_globals()[slot]
        if kind == "time":
            return _time(value)
        if kind == "ms":
            return value / 1000.0
        return value
    return get


def _function_counter(slot: int, xact: bool):
    """pg_stat_get_[xact_]function_*: NULL for a function never tracked."""
    def get(oid: int):
        counters = pgstat.pending_function(oid) if xact else pgstat_fetch.fetch_function(oid)
        if counters is None:
            return None
        return counters[slot] if slot == k.F_CALLS else counters[slot] / 1000.0
    return get


def pg_stat_get_wal():
    g = pgstat_fetch.fetch_globals()
    from decimal import Decimal
    yield (g[k.G_WAL_RECORDS], g[k.G_WAL_FPI], Decimal(g[k.G_WAL_BYTES]),
           g[k.G_WAL_BUFFERS_FULL], g[k.G_WAL_WRITE], g[k.G_WAL_SYNC],
           g[k.G_WAL_WRITE_TIME] / 1000.0, g[k.G_WAL_SYNC_TIME] / 1000.0,
           _time(g[k.G_WAL_RESET_TIME]))


def pg_stat_get_archiver():
    g = pgstat_fetch.fetch_globals()
    yield (g[k.G_ARCHIVED_COUNT], None, None, g[k.G_ARCHIVE_FAILED_COUNT], None, None,
           _time(g[k.G_ARCHIVER_RESET_TIME]))


def pg_stat_get_slru():
    from pgsnake.access.transam import slru
    for row in slru.statistics():
        yield (row.name, row.blks_zeroed, row.blks_hit, row.blks_read, row.blks_written,
               row.blks_exists, row.flushes, row.truncates,
               dt.datetime.fromtimestamp(row.stats_reset, dt.timezone.utc)
               if row.stats_reset else None)


def pg_stat_reset_slru(name: str | None) -> str:
    """An unknown name resets "other", as PostgreSQL 15's pgstat_get_slru_index."""
    from pgsnake.access.transam import slru
    if name is not None and name not in slru.PG_STAT_SLRU_NAMES:
        name = "other"
    slru.reset_statistics(name)
    return VOID_VALUE


def pg_stat_reset_shared(target: str) -> str:
    if not pgstat_fetch.reset_shared(target):
        raise PgError("22023", f'unrecognized reset target: "{target}"',
                      hint='Target must be "archiver", "bgwriter", "recovery_prefetch", '
                           'or "wal".')
    return VOID_VALUE


def _void(action):
    def call(*args):
        action(*args)
        return VOID_VALUE
    return call


def pg_stat_have_stats(kind: str, db: int, obj: int) -> bool:
    kinds = {"database": k.KIND_DATABASE, "relation": k.KIND_RELATION}
    if kind not in kinds and kind not in ("function", "replslot", "subscription",
                                          "archiver", "bgwriter", "checkpointer", "slru",
                                          "wal"):
        raise PgError("22023", f'invalid statistics kind: "{kind}"')
    if kind not in kinds:
        return False
    from pgsnake.storage.ipc import pgstat_shmem as shm
    from pgsnake.storage.lmgr import lwlock
    with shm.locked(lwlock.SHARED):
        return shm.find(kinds[kind], db, 0 if kind == "database" else obj) >= 0


def pg_stat_get_progress_info(command: str):
    from pgsnake.storage.ipc import backend_progress
    yield from backend_progress.rows(command)


PROGRESS_COLUMNS = (("pid", INT4), ("datid", OID), ("relid", OID)) + tuple(
    (f"param{i}", INT8) for i in range(1, 21))

# (name, oid, relation slot, returns a time?)
_RELATION_FUNCTIONS = (
    ("pg_stat_get_numscans", 1928, k.T_NUMSCANS, False),
    ("pg_stat_get_tuples_returned", 1929, k.T_RETURNED, False),
    ("pg_stat_get_tuples_fetched", 1930, k.T_FETCHED, False),
    ("pg_stat_get_tuples_inserted", 1931, k.T_INSERTED, False),
    ("pg_stat_get_tuples_updated", 1932, k.T_UPDATED, False),
    ("pg_stat_get_tuples_deleted", 1933, k.T_DELETED, False),
    ("pg_stat_get_tuples_hot_updated", 1972, k.T_HOT_UPDATED, False),
    ("pg_stat_get_blocks_fetched", 1934, k.T_BLOCKS_FETCHED, False),
    ("pg_stat_get_blocks_hit", 1935, k.T_BLOCKS_HIT, False),
    ("pg_stat_get_live_tuples", 2878, k.T_LIVE, False),
    ("pg_stat_get_dead_tuples", 2879, k.T_DEAD, False),
    ("pg_stat_get_mod_since_analyze", 3177, k.T_MOD_SINCE_ANALYZE, False),
    ("pg_stat_get_ins_since_vacuum", 5053, k.T_INS_SINCE_VACUUM, False),
    ("pg_stat_get_last_vacuum_time", 2781, k.T_VACUUM_TIME, True),
    ("pg_stat_get_last_autovacuum_time", 2782, k.T_AUTOVACUUM_TIME, True),
    ("pg_stat_get_last_analyze_time", 2783, k.T_ANALYZE_TIME, True),
    ("pg_stat_get_last_autoanalyze_time", 2784, k.T_AUTOANALYZE_TIME, True),
    ("pg_stat_get_vacuum_count", 3054, k.T_VACUUM_COUNT, False),
    ("pg_stat_get_autovacuum_count", 3055, k.T_AUTOVACUUM_COUNT, False),
    ("pg_stat_get_analyze_count", 3056, k.T_ANALYZE_COUNT, False),
    ("pg_stat_get_autoanalyze_count", 3057, k.T_AUTOANALYZE_COUNT, False),
)

# (name, oid, database slot, result type, kind)
_DATABASE_FUNCTIONS = (
    ("pg_stat_get_db_xact_commit", 1942, k.D_XACT_COMMIT, INT8, "int"),
    ("pg_stat_get_db_xact_rollback", 1943, k.D_XACT_ROLLBACK, INT8, "int"),
    ("pg_stat_get_db_blocks_fetched", 1944, k.D_BLOCKS_FETCHED, INT8, "int"),
    ("pg_stat_get_db_blocks_hit", 1945, k.D_BLOCKS_HIT, INT8, "int"),
    ("pg_stat_get_db_tuples_returned", 2758, k.D_TUPLES_RETURNED, INT8, "int"),
    ("pg_stat_get_db_tuples_fetched", 2759, k.D_TUPLES_FETCHED, INT8, "int"),
    ("pg_stat_get_db_tuples_inserted", 2760, k.D_TUPLES_INSERTED, INT8, "int"),
    ("pg_stat_get_db_tuples_updated", 2761, k.D_TUPLES_UPDATED, INT8, "int"),
    ("pg_stat_get_db_tuples_deleted", 2762, k.D_TUPLES_DELETED, INT8, "int"),
    ("pg_stat_get_db_conflict_tablespace", 3065, k.D_CONFLICT_TABLESPACE, INT8, "int"),
    ("pg_stat_get_db_conflict_lock", 3066, k.D_CONFLICT_LOCK, INT8, "int"),
    ("pg_stat_get_db_conflict_snapshot", 3067, k.D_CONFLICT_SNAPSHOT, INT8, "int"),
    ("pg_stat_get_db_conflict_bufferpin", 3068, k.D_CONFLICT_BUFFERPIN, INT8, "int"),
    ("pg_stat_get_db_conflict_startup_deadlock", 3069, k.D_CONFLICT_STARTUP_DEADLOCK, INT8,
     "int"),
    ("pg_stat_get_db_temp_files", 3150, k.D_TEMP_FILES, INT8, "int"),
    ("pg_stat_get_db_temp_bytes", 3151, k.D_TEMP_BYTES, INT8, "int"),
    ("pg_stat_get_db_deadlocks", 3152, k.D_DEADLOCKS, INT8, "int"),
    ("pg_stat_get_db_checksum_failures", 3426, k.D_CHECKSUM_FAILURES, INT8, "int"),
    ("pg_stat_get_db_checksum_last_failure", 3428, k.D_CHECKSUM_LAST_FAILURE, TZ, "time"),
    ("pg_stat_get_db_blk_read_time", 2844, k.D_BLK_READ_TIME, FLOAT8, "ms"),
    ("pg_stat_get_db_blk_write_time", 2845, k.D_BLK_WRITE_TIME, FLOAT8, "ms"),
    ("pg_stat_get_db_session_time", 6185, k.D_SESSION_TIME, FLOAT8, "ms"),
    ("pg_stat_get_db_active_time", 6186, k.D_ACTIVE_TIME, FLOAT8, "ms"),
    ("pg_stat_get_db_idle_in_transaction_time", 6187, k.D_IDLE_IN_TRANSACTION_TIME, FLOAT8,
     "ms"),
    ("pg_stat_get_db_sessions", 6188, k.D_SESSIONS, INT8, "int"),
    ("pg_stat_get_db_sessions_abandoned", 6189, k.D_SESSIONS_ABANDONED, INT8, "int"),
    ("pg_stat_get_db_sessions_fatal", 6190, k.D_SESSIONS_FATAL, INT8, "int"),
    ("pg_stat_get_db_sessions_killed", 6191, k.D_SESSIONS_KILLED, INT8, "int"),
    ("pg_stat_get_db_stat_reset_time", 3074, k.D_STAT_RESET_TIME, TZ, "time"),
)

# (name, oid, pending attribute, transactional level index)
_XACT_FUNCTIONS = (
    ("pg_stat_get_xact_numscans", 3037, "numscans", 0),
    ("pg_stat_get_xact_tuples_returned", 3038, "tuples_returned", 0),
    ("pg_stat_get_xact_tuples_fetched", 3039, "tuples_fetched", 0),
    ("pg_stat_get_xact_tuples_inserted", 3040, "inserted", 1),
    ("pg_stat_get_xact_tuples_updated", 3041, "updated", 2),
    ("pg_stat_get_xact_tuples_deleted", 3042, "deleted", 3),
    ("pg_stat_get_xact_tuples_hot_updated", 3043, "hot_updated", 0),
    ("pg_stat_get_xact_blocks_fetched", 3044, "blocks_fetched", 0),
    ("pg_stat_get_xact_blocks_hit", 3045, "blocks_hit", 0),
)

# (name, oid, global slot, result type, kind)
_GLOBAL_FUNCTIONS = (
    ("pg_stat_get_bgwriter_timed_checkpoints", 2769, k.G_TIMED_CHECKPOINTS, INT8, "int"),
    ("pg_stat_get_bgwriter_requested_checkpoints", 2770, k.G_REQUESTED_CHECKPOINTS, INT8,
     "int"),
    ("pg_stat_get_bgwriter_buf_written_checkpoints", 2771, k.G_BUF_WRITTEN_CHECKPOINTS, INT8,
     "int"),
    ("pg_stat_get_bgwriter_buf_written_clean", 2772, k.G_BUF_WRITTEN_CLEAN, INT8, "int"),
    ("pg_stat_get_bgwriter_maxwritten_clean", 2773, k.G_MAXWRITTEN_CLEAN, INT8, "int"),
    ("pg_stat_get_buf_written_backend", 2775, k.G_BUF_WRITTEN_BACKEND, INT8, "int"),
    ("pg_stat_get_buf_fsync_backend", 3063, k.G_BUF_FSYNC_BACKEND, INT8, "int"),
    ("pg_stat_get_buf_alloc", 2859, k.G_BUF_ALLOC, INT8, "int"),
    ("pg_stat_get_checkpoint_write_time", 3160, k.G_CHECKPOINT_WRITE_TIME, FLOAT8, "ms"),
    ("pg_stat_get_checkpoint_sync_time", 3161, k.G_CHECKPOINT_SYNC_TIME, FLOAT8, "ms"),
    ("pg_stat_get_bgwriter_stat_reset_time", 3075, k.G_BGWRITER_RESET_TIME, TZ, "time"),
)


def register_all() -> None:
    from pgsnake.datatypes import functions
    for name, oid, slot, is_time in _RELATION_FUNCTIONS:
        functions.register(name, [OID], TZ if is_time else INT8,
                           _relation_counter(slot, is_time), oid=oid, volatility="s")
    for name, oid, slot, result, kind in _DATABASE_FUNCTIONS:
        functions.register(name, [OID], result, _database_counter(slot, kind), oid=oid,
                           volatility="s")
    for name, oid, attribute, level in _XACT_FUNCTIONS:
        functions.register(name, [OID], INT8, _xact_counter(attribute, level), oid=oid,
                           volatility="v")
    for name, oid, slot, result, kind in _GLOBAL_FUNCTIONS:
        functions.register(name, [], result, _global(slot, kind), oid=oid, volatility="s")
    for name, oid, slot, xact in (
            ("pg_stat_get_function_calls", 2978, k.F_CALLS, False),
            ("pg_stat_get_function_total_time", 2979, k.F_TOTAL_TIME, False),
            ("pg_stat_get_function_self_time", 2980, k.F_SELF_TIME, False),
            ("pg_stat_get_xact_function_calls", 3046, k.F_CALLS, True),
            ("pg_stat_get_xact_function_total_time", 3047, k.F_TOTAL_TIME, True),
            ("pg_stat_get_xact_function_self_time", 3048, k.F_SELF_TIME, True)):
        functions.register(name, [OID], INT8 if slot == k.F_CALLS else FLOAT8,
                           _function_counter(slot, xact), oid=oid,
                           volatility="v" if xact else "s")
    functions.register("pg_stat_get_db_conflict_all", [OID], INT8, _conflict_all, oid=3070,
                       volatility="s")
    functions.register("pg_stat_get_db_numbackends", [OID], INT4, _numbackends, oid=1941,
                       volatility="s")
    functions.register("pg_stat_get_wal", [], RECORD, pg_stat_get_wal, oid=1136,
                       strict=False, volatility="s", returns_set=True, rows=1,
                       out_columns=(("wal_records", INT8), ("wal_fpi", INT8),
                                    ("wal_bytes", NUMERIC), ("wal_buffers_full", INT8),
                                    ("wal_write", INT8), ("wal_sync", INT8),
                                    ("wal_write_time", FLOAT8), ("wal_sync_time", FLOAT8),
                                    ("stats_reset", TZ)))
    functions.register("pg_stat_get_archiver", [], RECORD, pg_stat_get_archiver, oid=3195,
                       strict=False, volatility="s", returns_set=True, rows=1,
                       out_columns=(("archived_count", INT8), ("last_archived_wal", TEXT),
                                    ("last_archived_time", TZ), ("failed_count", INT8),
                                    ("last_failed_wal", TEXT), ("last_failed_time", TZ),
                                    ("stats_reset", TZ)))
    functions.register("pg_stat_get_slru", [], RECORD, pg_stat_get_slru, oid=2306,
                       strict=False, volatility="s", returns_set=True, rows=100,
                       out_columns=(("name", TEXT), ("blks_zeroed", INT8),
                                    ("blks_hit", INT8), ("blks_read", INT8),
                                    ("blks_written", INT8), ("blks_exists", INT8),
                                    ("flushes", INT8), ("truncates", INT8),
                                    ("stats_reset", TZ)))
    functions.register("pg_stat_get_progress_info", [TEXT], RECORD, pg_stat_get_progress_info,
                       oid=3318, volatility="s", returns_set=True, rows=100,
                       out_columns=PROGRESS_COLUMNS)
    functions.register("pg_stat_get_snapshot_timestamp", [], TZ,
                       lambda: (dt.datetime.fromtimestamp(pgstat_fetch.snapshot_timestamp(),
                                                          dt.timezone.utc)
                                if pgstat_fetch.snapshot_timestamp() else None),
                       oid=3788, volatility="s")
    functions.register("pg_stat_force_next_flush", [], VOID,
                       _void(pgstat.force_next_flush), oid=2137, strict=False)
    functions.register("pg_stat_clear_snapshot", [], VOID,
                       _void(pgstat_fetch.clear_snapshot), oid=2230, strict=False)
    functions.register("pg_stat_reset", [], VOID,
                       _void(pgstat_fetch.reset_database_counters), oid=2274, strict=False)
    functions.register("pg_stat_reset_shared", [TEXT], VOID, pg_stat_reset_shared, oid=3775)
    # PostgreSQL 16's pg_stat_get_io (its OID, unused in 15), for the view pg_stat_io.
    functions.register("pg_stat_get_io", [], RECORD, pgstat_io.rows, oid=PG_STAT_GET_IO,
                       strict=False, volatility="v", returns_set=True, rows=30,
                       out_columns=pgstat_io.OUT_COLUMNS)
    functions.register("pg_stat_reset_single_table_counters", [OID], VOID,
                       _void(pgstat_fetch.reset_single_table), oid=3776)
    functions.register("pg_stat_reset_slru", [TEXT], VOID, pg_stat_reset_slru, oid=2307,
                       strict=False)
    functions.register("pg_stat_have_stats", [TEXT, OID, OID], BOOL, pg_stat_have_stats,
                       oid=6230)
