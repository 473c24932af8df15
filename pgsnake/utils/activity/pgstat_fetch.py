"""Reading the cumulative statistics back (the pg_stat_get_* functions' source) and
resetting them.

    fetch_relation(oid) / fetch_database(oid) / fetch_function(oid) / fetch_globals()
    clear_snapshot()  (pg_stat_clear_snapshot, and every transaction end)
    reset_database_counters() / reset_single_table(oid) / reset_shared(target)

stats_fetch_consistency decides how a transaction sees shared memory: 'none' reads at
each call, 'cache' (the default) keeps each entry it read until the transaction ends or
pg_stat_clear_snapshot(), 'snapshot' copies the whole database's entries at the first
read. A relation or database without an entry reads as None (the functions show zeros).

PostgreSQL: utils/activity/pgstat.c (pgstat_fetch_entry, pgstat_prep_snapshot,
pgstat_clear_snapshot, pgstat_reset*), pgstat_relation.c
(pgstat_reset_single_counter's callers).
"""
from __future__ import annotations

import time

from pgsnake.storage.ipc import pgstat_shmem as shm
from pgsnake.storage.lmgr import lwlock
from pgsnake.utils import process_state, settings
from pgsnake.utils.activity import pgstat_kinds as k


class _Snapshot:
    entries: dict[tuple[int, int, int], list | None] = {}
    globals: list[int] | None = None
    io: tuple[dict[int, list[int]], int] | None = None
    whole_database = False
    taken_at = 0.0


def now_microseconds() -> int:
    return int(time.time() * 1_000_000)


def clear_snapshot() -> None:
    """pg_stat_clear_snapshot(), and every transaction end."""
    _Snapshot.entries = {}
    _Snapshot.globals = None
    _Snapshot.io = None
    _Snapshot.whole_database = False
    _Snapshot.taken_at = 0.0


def _take_snapshot() -> None:
    db = process_state.database_oid
    with shm.locked(lwlock.SHARED):
        for kind, entry_db, obj, counters in shm.entries():
            if entry_db in (db, 0):
                _Snapshot.entries[(kind, entry_db, obj)] = counters
        _Snapshot.globals = shm.read_globals()
    _Snapshot.whole_database = True
    _Snapshot.taken_at = time.time()


def _fetch(kind: int, db: int, obj: int) -> list | None:
    if not shm.is_initialised():
        return None
    mode = settings.get("stats_fetch_consistency")
    key = (kind, db, obj)
    if mode != "none":
        if mode == "snapshot" and not _Snapshot.whole_database:
            _take_snapshot()
        if key in _Snapshot.entries or _Snapshot.whole_database:
            return _Snapshot.entries.get(key)
    with shm.locked(lwlock.SHARED):
        index = shm.find(kind, db, obj)
        counters = shm.read_counters(index) if index >= 0 else None
    if mode == "cache":
        _Snapshot.entries[key] = counters
    return counters


def fetch_relation(oid: int) -> list | None:
    """The relation's counters; shared catalogs are looked for under database 0."""
    found = _fetch(k.KIND_RELATION, process_state.database_oid, oid)
    if found is None:
        found = _fetch(k.KIND_RELATION, 0, oid)
    return found


def fetch_database(oid: int) -> list | None:
    return _fetch(k.KIND_DATABASE, oid, 0)


def fetch_globals() -> list[int]:
    if not shm.is_initialised():
        return [0] * shm.GLOBAL_SLOTS
    mode = settings.get("stats_fetch_consistency")
    if mode == "snapshot" and not _Snapshot.whole_database:
        _take_snapshot()
    if mode != "none" and _Snapshot.globals is not None:
        return _Snapshot.globals
    with shm.locked(lwlock.SHARED):
        values = shm.read_globals()
    if mode != "none":
        _Snapshot.globals = values
    return values


def fetch_io(numbers) -> tuple[dict[int, list[int]], int]:
    """pg_stat_io's entries of the given object `numbers` (object number -> counters of
    those that exist) and its reset time; kept until
    the snapshot is cleared unless stats_fetch_consistency is 'none', as PostgreSQL
    keeps fixed-numbered statistics (pgstat_snapshot_fixed)."""
    if not shm.is_initialised():
        return {}, 0
    mode = settings.get("stats_fetch_consistency")
    if mode != "none" and _Snapshot.io is not None:
        return _Snapshot.io
    with shm.locked(lwlock.SHARED):
        found = {}
        for obj in numbers:
            index = shm.find(k.KIND_IO, 0, obj)
            if index >= 0:
                found[obj] = shm.read_counters(index)
        reset_time = shm.read_globals()[k.G_IO_RESET_TIME]
    if mode != "none":
        _Snapshot.io = (found, reset_time)
    return found, reset_time


def snapshot_timestamp() -> float | None:
    return _Snapshot.taken_at if _Snapshot.whole_database else None


def fetch_function(oid: int) -> list | None:
    return _fetch(k.KIND_FUNCTION, process_state.database_oid, oid)


# ---- resets -------------------------------------------------------------------------

def reset_database_counters() -> None:
    """pg_stat_reset(): every counter of this database, its relations' included."""
    db = process_state.database_oid
    now = now_microseconds()
    with shm.locked():
        for kind, entry_db, obj, _ in shm.entries(k.KIND_RELATION, db):
            shm.drop(kind, entry_db, obj)
        index = shm.find_or_create(k.KIND_DATABASE, db, 0)
        if index >= 0:
            values = [0] * shm.COUNTER_SLOTS
            values[k.D_STAT_RESET_TIME] = now
            shm.write_counters(index, values)
    clear_snapshot()


def reset_single_table(oid: int) -> None:
    """pg_stat_reset_single_table_counters(oid); the database's reset time moves too."""
    db = process_state.database_oid
    with shm.locked():
        for entry_db in (db, 0):
            index = shm.find(k.KIND_RELATION, entry_db, oid)
            if index >= 0:
                shm.write_counters(index, [0] * shm.COUNTER_SLOTS)
        index = shm.find_or_create(k.KIND_DATABASE, db, 0)
        if index >= 0:
            values = shm.read_counters(index)
            values[k.D_STAT_RESET_TIME] = now_microseconds()
            shm.write_counters(index, values)
    clear_snapshot()


_SHARED_TARGETS = {
    "bgwriter": (range(k.G_TIMED_CHECKPOINTS, k.G_BGWRITER_RESET_TIME), k.G_BGWRITER_RESET_TIME),
    "wal": (range(k.G_WAL_RECORDS, k.G_WAL_RESET_TIME), k.G_WAL_RESET_TIME),
    "archiver": (range(k.G_ARCHIVED_COUNT, k.G_ARCHIVER_RESET_TIME), k.G_ARCHIVER_RESET_TIME),
}


def reset_shared(target: str) -> bool:
    """pg_stat_reset_shared(target); False for a target we do not know. 'io' (PostgreSQL
    16's target) zeroes pg_stat_io."""
    if target == "io":
        _reset_io()
        return True
    if target not in _SHARED_TARGETS:
        return False
    slots, reset_slot = _SHARED_TARGETS[target]
    with shm.locked():
        values = shm.read_globals()
        for slot in slots:
            values[slot] = 0
        values[reset_slot] = now_microseconds()
        shm.write_globals(values)
    clear_snapshot()
    return True


def _reset_io() -> None:
    """pg_stat_reset_shared('io') (pgstat_io_reset_all_cb): every backend type's counts."""
    with shm.locked():
        for kind, db, obj, _counters in shm.entries(k.KIND_IO):
            shm.drop(kind, db, obj)
        values = shm.read_globals()
        values[k.G_IO_RESET_TIME] = now_microseconds()
        shm.write_globals(values)
    clear_snapshot()
