"""Cumulative statistics, the backend's side: counting in private memory, folding the
counts into shared memory at transaction end, and reading them back for pg_stat_*.

Counting (called by the access methods and the executor; each is a few integer additions
on an object of this process, never a shared-memory access):
    table_status(rel)            the pending counts of a relation, for hot loops
    count_scan(rel)              a sequential scan (or an index scan, on the index) began
    count_insert(rel) / count_update(rel, hot) / count_delete(rel) / count_truncate(rel)
    report_vacuum(oid, db, live, dead, auto) / report_analyze(...)   written at once
The transactional counts (inserts, updates, deletes) are kept per savepoint level and
decided when the level ends, as PostgreSQL does: an insert that rolled back becomes a
dead tuple; an update or delete that committed makes one.

Reading back is pgstat_fetch.py's (stats_fetch_consistency, resets); this module keeps
what is not yet flushed: pending_relation(oid), pending_function(oid) (pg_stat_get_xact_*).

Rules
1. No shared state is touched per row. Counts reach shared memory in `flush()`, at the
   end of each top-level transaction (PostgreSQL flushes when the backend goes idle, at
   most once a second unless pg_stat_force_next_flush(); pgsnake flushes every
   transaction end, which a client can only observe as counts arriving sooner).
2. A backend never sees its own unflushed counts through the pg_stat_* views, only
   through the pg_stat_xact_* functions (pending_relation).
3. Nothing here raises at transaction end: the flush takes one LWLock and touches only
   its entries (pgstat_shmem rule 1).
4. With track_counts off, or in a process with no database (bootstrap, initdb), nothing
   is counted.

PostgreSQL: utils/activity/pgstat.c (pgstat_report_stat, pgstat_fetch_entry,
pgstat_clear_snapshot), pgstat_relation.c (pgstat_count_heap_*, AtEOXact_PgStat_Relations,
AtEOSubXact_PgStat_Relations, pgstat_relation_flush_cb, pgstat_report_vacuum,
pgstat_report_analyze), pgstat_database.c (pgstat_update_dbstats, pgstat_report_connect).
"""
from __future__ import annotations

import time

from pgsnake.access.transam import xact
from pgsnake.access.transam.xact import subtransaction_depth
from pgsnake.storage.ipc import pgstat_shmem as shm
from pgsnake.utils import io_counters, process_state, settings, temp_files
from pgsnake.utils.activity import pgstat_io
from pgsnake.utils.activity import pgstat_kinds as k
from pgsnake.utils.activity.pgstat_fetch import clear_snapshot, now_microseconds


class TableStatus:
    """PgStat_TableStatus: one relation's counts since the last flush. The transactional
    counts of the open transaction sit in `levels` until their level ends."""

    __slots__ = ("db", "numscans", "tuples_returned", "tuples_fetched", "blocks_fetched",
                 "blocks_hit", "inserted", "updated", "deleted", "hot_updated",
                 "delta_live", "delta_dead", "changed", "levels")

    def __init__(self, db: int) -> None:
        self.db = db
        self.numscans = self.tuples_returned = self.tuples_fetched = 0
        self.blocks_fetched = self.blocks_hit = 0
        self.inserted = self.updated = self.deleted = self.hot_updated = 0
        self.delta_live = self.delta_dead = self.changed = 0
        # [depth, inserted, updated, deleted, truncdropped] per savepoint level, innermost
        # last (PgStat_TableXactStatus)
        self.levels: list[list] = []

    def level(self) -> list:
        depth = subtransaction_depth()
        levels = self.levels
        if not levels or levels[-1][0] != depth:
            levels.append([depth, 0, 0, 0, False])
        return levels[-1]


class _Pending:
    tables: dict[int, TableStatus] = {}
    functions: dict[int, list[int]] = {}       # oid -> [calls, total us, self us]
    xact_commit = 0
    xact_rollback = 0
    sessions = 0
    deadlocks = 0
    temp_files = 0
    temp_bytes = 0
    force = False
    drops: list[tuple[int, int, int]] = []     # (savepoint depth, db, oid) to forget at commit
    session_ends: int | None = None     # the pg_stat_database slot of how the session ended


_DISCARD = TableStatus(0)      # rule 4: counts that go nowhere


def is_counting() -> bool:
    return (process_state.database_oid != 0 and not process_state.is_bootstrap
            and shm.is_initialised() and settings.get("track_counts"))


def table_status(rel) -> TableStatus:
    """The pending counts of `rel` (a Relation); a throwaway object when not counting."""
    status = _Pending.tables.get(rel.oid)
    if status is not None:
        return status
    if not is_counting():
        _DISCARD.levels.clear()
        return _DISCARD
    status = TableStatus(0 if rel.is_shared else process_state.database_oid)
    _Pending.tables[rel.oid] = status
    return status


def count_scan(rel) -> TableStatus:
    status = table_status(rel)
    status.numscans += 1
    return status


def _open_level(rel) -> list:
    """The open savepoint level's counts of `rel`: the per-row path, kept to one dict
    lookup and one comparison when the level exists (rule 1)."""
    status = _Pending.tables.get(rel.oid)
    if status is None:
        status = table_status(rel)
    levels = status.levels
    if levels and levels[-1][0] == subtransaction_depth():
        return levels[-1]
    return status.level()


def count_insert(rel, n: int = 1) -> None:
    _open_level(rel)[1] += n


def count_update(rel, hot: bool) -> None:
    _open_level(rel)[2] += 1
    if hot:
        table_status(rel).hot_updated += 1


def count_delete(rel) -> None:
    _open_level(rel)[3] += 1


def count_truncate(rel) -> None:
    """TRUNCATE (or a rewrite): what this level did so far no longer counts towards
    live and dead tuples, and the table's live/dead counts restart at the flush."""
    level = table_status(rel).level()
    level[1] = level[2] = level[3] = 0
    level[4] = True


def count_deadlock() -> None:
    _Pending.deadlocks += 1


def count_temp_file(size: int) -> None:
    _Pending.temp_files += 1
    _Pending.temp_bytes += size


class _Session:
    """This backend's session, for pg_stat_database (pgstat_report_connect /
    pgstat_update_dbstats / pgstat_report_disconnect)."""
    reported_at = 0.0            # time.time() of the last session_time report; 0: none
    active_us = 0                # backend_status's counters as of the last report
    idle_us = 0
    end_cause = "normal"         # normal, client_eof, fatal, killed


def report_connect() -> None:
    """pgstat_report_connect: a session began in this backend's database."""
    _Pending.sessions += 1
    _Session.reported_at = time.time()


def set_disconnect_cause(cause: str) -> None:
    """How the session ends: 'client_eof' (the client went away), 'fatal', 'killed'
    (SIGTERM), else 'normal' (Terminate)."""
    _Session.end_cause = cause


def report_disconnect() -> None:
    """pgstat_report_disconnect, at backend exit: the last times and how it ended."""
    if not _Session.reported_at or not is_counting():
        return
    slot = {"client_eof": k.D_SESSIONS_ABANDONED, "fatal": k.D_SESSIONS_FATAL,
            "killed": k.D_SESSIONS_KILLED}.get(_Session.end_cause)
    _Pending.session_ends = slot
    flush()


def _session_times() -> tuple[int, int, int]:
    """(session, active, idle in transaction) microseconds since the last report."""
    if not _Session.reported_at:
        return 0, 0, 0
    from pgsnake.storage.ipc import backend_status
    now = time.time()
    session = int((now - _Session.reported_at) * 1e6)
    active = backend_status.active_time_us - _Session.active_us
    idle = backend_status.idle_in_transaction_time_us - _Session.idle_us
    _Session.reported_at = now
    _Session.active_us = backend_status.active_time_us
    _Session.idle_us = backend_status.idle_in_transaction_time_us
    return session, active, idle


class FunctionCall:
    """One call of a tracked function, running (pgstat_init_function_usage)."""

    __slots__ = ("oid", "started", "children")

    def __init__(self, oid: int) -> None:
        self.oid = oid
        self.started = time.perf_counter()
        self.children = 0.0          # seconds spent in tracked functions it called


_calls: list[FunctionCall] = []


def function_call_start(oid: int, language: str) -> FunctionCall | None:
    """A user function starts: tracked when track_functions is 'all', or 'pl' for a
    procedural language's function; None when not tracked."""
    tracking = settings.get("track_functions")
    if tracking == "none" or (tracking == "pl" and language != "pl") or not is_counting():
        return None
    call = FunctionCall(oid)
    _calls.append(call)
    return call


def function_call_end(call: FunctionCall) -> None:
    """pgstat_end_function_usage: calls, total time, and self time (without the time of
    the tracked functions it called)."""
    elapsed = time.perf_counter() - call.started
    if _calls and _calls[-1] is call:
        _calls.pop()
    if _calls:
        _calls[-1].children += elapsed
    counts = _Pending.functions.setdefault(call.oid, [0, 0, 0])
    counts[0] += 1
    counts[1] += int(elapsed * 1e6)
    counts[2] += int((elapsed - call.children) * 1e6)


def pending_function(oid: int) -> list[int] | None:
    return _Pending.functions.get(oid)


def force_next_flush() -> None:
    _Pending.force = True


# ---- transaction end ----------------------------------------------------------------

def _end_level(status: TableStatus, level: list, commit: bool, into: list | None) -> None:
    """A level ends: merged into its parent `into` when released, else decided."""
    _, inserted, updated, deleted, truncdropped = level
    if into is not None:
        if truncdropped:
            into[1] = into[2] = into[3] = 0
            into[4] = True
        into[1] += inserted
        into[2] += updated
        into[3] += deleted
        return
    status.inserted += inserted
    status.updated += updated
    status.deleted += deleted
    if commit:
        if truncdropped:
            # What this backend counted before the TRUNCATE no longer matters. (PostgreSQL
            # 15 leaves the shared live/dead counts alone: reset only from version 16.)
            status.delta_live = status.delta_dead = 0
        status.delta_live += inserted - deleted
        status.delta_dead += updated + deleted
        status.changed += inserted + updated + deleted
    else:
        status.delta_dead += inserted + updated


def at_subtransaction_end(event: str, depth: int) -> None:
    """xact subtransaction callback: the savepoint level `depth` was released or rolled
    back (AtEOSubXact_PgStat_Relations)."""
    if event != "release":
        _Pending.drops = [d for d in _Pending.drops if d[0] < depth]
    else:
        _Pending.drops = [(min(d[0], depth - 1), d[1], d[2]) for d in _Pending.drops]
    for status in _Pending.tables.values():
        levels = status.levels
        if not levels or levels[-1][0] < depth:
            continue
        level = levels.pop()
        if event == "release":
            if levels and levels[-1][0] == depth - 1:
                parent = levels[-1]
            else:
                parent = [depth - 1, 0, 0, 0, False]
                levels.append(parent)
            _end_level(status, level, True, parent)
        else:
            _end_level(status, level, False, None)


def at_transaction_end(event: str) -> None:
    """xact callback: decide every level (AtEOXact_PgStat), count the transaction in its
    database, drop the stats snapshot and flush (rule 1). A prepared transaction is
    counted as committed (where we differ: PostgreSQL decides at COMMIT PREPARED)."""
    if event == "pre_commit":
        return
    commit = event in ("commit", "prepare")
    for status in _Pending.tables.values():
        while status.levels:
            _end_level(status, status.levels.pop(), commit, None)
    if is_counting():
        if commit:
            _Pending.xact_commit += 1
        else:
            _Pending.xact_rollback += 1
    clear_snapshot()
    flush()
    _apply_drops(commit)
    flush_process_counters()


def flush() -> None:
    """Fold the pending counts into shared memory (pgstat_report_stat). Pending counts
    of a transaction still open (levels) stay behind."""
    pending = _Pending.tables
    if not is_counting():
        pending.clear()
        _Pending.functions.clear()
        _reset_database_counts()
        return
    _Pending.force = False
    my_db = process_state.database_oid
    db_sums: dict[int, list[int]] = {}
    with shm.locked():
        for oid, status in list(pending.items()):
            if status.levels:
                continue
            del pending[oid]
            index = shm.find_or_create(k.KIND_RELATION, status.db, oid)
            if index >= 0:
                _flush_table(index, status)
            sums = db_sums.setdefault(status.db, [0] * 7)
            for i, value in enumerate((status.tuples_returned, status.tuples_fetched,
                                       status.inserted, status.updated, status.deleted,
                                       status.blocks_fetched, status.blocks_hit)):
                sums[i] += value
        for oid, (calls, total, self_time) in _Pending.functions.items():
            index = shm.find_or_create(k.KIND_FUNCTION, my_db, oid)
            if index >= 0:
                c = shm.read_counters(index)
                c[k.F_CALLS] += calls
                c[k.F_TOTAL_TIME] += total
                c[k.F_SELF_TIME] += self_time
                shm.write_counters(index, c)
        _Pending.functions.clear()
        db_sums.setdefault(my_db, [0] * 7)
        for db, sums in db_sums.items():
            index = shm.find_or_create(k.KIND_DATABASE, db, 0)
            if index < 0:
                continue
            c = shm.read_counters(index)
            for slot, value in zip((k.D_TUPLES_RETURNED, k.D_TUPLES_FETCHED,
                                    k.D_TUPLES_INSERTED, k.D_TUPLES_UPDATED,
                                    k.D_TUPLES_DELETED, k.D_BLOCKS_FETCHED,
                                    k.D_BLOCKS_HIT), sums):
                c[slot] += value
            if db == my_db:
                session, active, idle = _session_times()
                c[k.D_SESSION_TIME] += session
                c[k.D_ACTIVE_TIME] += active
                c[k.D_IDLE_IN_TRANSACTION_TIME] += idle
                if _Pending.session_ends is not None:
                    c[_Pending.session_ends] += 1
                    _Pending.session_ends = None
                c[k.D_XACT_COMMIT] += _Pending.xact_commit
                c[k.D_XACT_ROLLBACK] += _Pending.xact_rollback
                c[k.D_SESSIONS] += _Pending.sessions
                c[k.D_DEADLOCKS] += _Pending.deadlocks
                c[k.D_TEMP_FILES] += _Pending.temp_files
                c[k.D_TEMP_BYTES] += _Pending.temp_bytes
            shm.write_counters(index, c)
    _reset_database_counts()


def _reset_database_counts() -> None:
    _Pending.xact_commit = _Pending.xact_rollback = _Pending.sessions = 0
    _Pending.deadlocks = _Pending.temp_files = _Pending.temp_bytes = 0


def _flush_table(index: int, s: TableStatus) -> None:
    """pgstat_relation_flush_cb."""
    c = shm.read_counters(index)
    c[k.T_NUMSCANS] += s.numscans
    c[k.T_RETURNED] += s.tuples_returned
    c[k.T_FETCHED] += s.tuples_fetched
    c[k.T_INSERTED] += s.inserted
    c[k.T_UPDATED] += s.updated
    c[k.T_DELETED] += s.deleted
    c[k.T_HOT_UPDATED] += s.hot_updated
    c[k.T_LIVE] = max(c[k.T_LIVE] + s.delta_live, 0)
    c[k.T_DEAD] = max(c[k.T_DEAD] + s.delta_dead, 0)
    c[k.T_MOD_SINCE_ANALYZE] += s.changed
    c[k.T_INS_SINCE_VACUUM] += s.inserted
    c[k.T_BLOCKS_FETCHED] += s.blocks_fetched
    c[k.T_BLOCKS_HIT] += s.blocks_hit
    shm.write_counters(index, c)


def report_vacuum(oid: int, db: int, live: int, dead: int, auto: bool) -> None:
    """pgstat_report_vacuum: written to shared memory at once, not at transaction end."""
    if not is_counting():
        return
    with shm.locked():
        index = shm.find_or_create(k.KIND_RELATION, db, oid)
        if index < 0:
            return
        c = shm.read_counters(index)
        c[k.T_LIVE], c[k.T_DEAD] = max(live, 0), max(dead, 0)
        c[k.T_INS_SINCE_VACUUM] = 0
        now = now_microseconds()
        if auto:
            c[k.T_AUTOVACUUM_TIME] = now
            c[k.T_AUTOVACUUM_COUNT] += 1
        else:
            c[k.T_VACUUM_TIME] = now
            c[k.T_VACUUM_COUNT] += 1
        shm.write_counters(index, c)
        if auto:
            dbi = shm.find_or_create(k.KIND_DATABASE, db, 0)
            if dbi >= 0:
                d = shm.read_counters(dbi)
                d[k.D_LAST_AUTOVACUUM_TIME] = now
                shm.write_counters(dbi, d)


def report_analyze(oid: int, db: int, live: int, dead: int, auto: bool,
                   reset_changes: bool = True) -> None:
    """pgstat_report_analyze (for the ANALYZE command of analyze.py, when it lands)."""
    if not is_counting():
        return
    with shm.locked():
        index = shm.find_or_create(k.KIND_RELATION, db, oid)
        if index < 0:
            return
        c = shm.read_counters(index)
        c[k.T_LIVE], c[k.T_DEAD] = max(live, 0), max(dead, 0)
        if reset_changes:
            c[k.T_MOD_SINCE_ANALYZE] = 0
        now = now_microseconds()
        if auto:
            c[k.T_AUTOANALYZE_TIME] = now
            c[k.T_AUTOANALYZE_COUNT] += 1
        else:
            c[k.T_ANALYZE_TIME] = now
            c[k.T_ANALYZE_COUNT] += 1
        shm.write_counters(index, c)


def drop_relation_at_commit(rel) -> None:
    """DROP TABLE / DROP INDEX: the relation's entry goes when the drop commits
    (pgstat_drop_relation; a rollback, or that of its savepoint, keeps it)."""
    db = 0 if rel.is_shared else process_state.database_oid
    _Pending.drops.append((subtransaction_depth(), db, rel.oid))


def drop_database(oid: int) -> None:
    """DROP DATABASE: the database's entry and those of its relations and functions go
    (pgstat_drop_database; DROP DATABASE cannot run in a transaction block, and its files
    are already gone, so at once)."""
    if not shm.is_initialised():
        return
    with shm.locked():
        for kind, db, obj, _counters in shm.entries(db=oid):
            shm.drop(kind, db, obj)


def _apply_drops(commit: bool) -> None:
    drops, _Pending.drops = _Pending.drops, []
    if not commit or not drops or not shm.is_initialised():
        return
    with shm.locked():
        for _depth, db, oid in drops:
            _Pending.tables.pop(oid, None)
            shm.drop(k.KIND_RELATION, db, oid)


def pending_relation(oid: int) -> TableStatus | None:
    """This transaction's counts not yet flushed (pg_stat_get_xact_*)."""
    return _Pending.tables.get(oid)


class _Reported:
    """This process's WAL and buffer counters (kept by access/transam/wal's insert.py
    and flush.py and by storage/buffer/buffer_manager.py) as of the last report."""
    values = (0,) * 9


def flush_process_counters() -> None:
    """pgstat_report_wal and the buffer counts: add what this process inserted, wrote
    and synced (pg_stat_wal), allocated, wrote as victims and fsynced itself
    (pg_stat_bgwriter's buffers_alloc, buffers_backend, buffers_backend_fsync) and its
    I/O times (pg_stat_database, with track_io_timing) since the last report, and its
    pg_stat_io counts (pgstat_io.flush). The auxiliary processes call it each round."""
    from pgsnake.access.transam.wal import flush as wal_flush, insert as wal_insert
    from pgsnake.storage.buffer import buffer_manager as bufmgr
    io_flushed = pgstat_io.flush()
    now = (wal_insert.statistics["records"], wal_insert.statistics["full_page_images"],
           wal_insert.statistics["bytes"], wal_flush.statistics["writes"],
           wal_flush.statistics["syncs"], bufmgr.buffers_allocated, bufmgr.victims_written,
           bufmgr.read_time_us, bufmgr.write_time_us)
    before, _Reported.values = _Reported.values, now
    # buffers_backend_fsync: a backend's relation fsyncs are those it did itself because
    # the fsync request queue was full (it runs no checkpoint under a postmaster).
    is_backend = process_state.process_kind in ("backend", "autovacuum worker")
    own_fsyncs = io_flushed[io_counters.RELATION_FSYNC] if io_flushed and is_backend else 0
    if (now == before and not own_fsyncs) or not shm.is_initialised():
        return
    delta = [n - b for n, b in zip(now, before)]
    changes = dict(zip((k.G_WAL_RECORDS, k.G_WAL_FPI, k.G_WAL_BYTES, k.G_WAL_WRITE,
                        k.G_WAL_SYNC, k.G_BUF_ALLOC), delta[:6]))
    if is_backend:
        changes[k.G_BUF_WRITTEN_BACKEND] = delta[6]
        changes[k.G_BUF_FSYNC_BACKEND] = own_fsyncs
    add_globals(changes)
    if (delta[7] or delta[8]) and is_counting():
        with shm.locked():
            index = shm.find_or_create(k.KIND_DATABASE, process_state.database_oid, 0)
            if index >= 0:
                c = shm.read_counters(index)
                c[k.D_BLK_READ_TIME] += delta[7]
                c[k.D_BLK_WRITE_TIME] += delta[8]
                shm.write_counters(index, c)


def add_globals(changes: dict[int, int]) -> None:
    """Add to cluster-wide counters (the checkpointer and background writer report)."""
    if not shm.is_initialised():
        return
    with shm.locked():
        values = shm.read_globals()
        for slot, delta in changes.items():
            values[slot] += delta
        shm.write_globals(values)


xact.register_callback(at_transaction_end)
xact.register_subxact_callback(at_subtransaction_end)
temp_files.removal_hooks.append(count_temp_file)
