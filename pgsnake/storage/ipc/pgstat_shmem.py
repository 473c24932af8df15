"""The cumulative statistics in shared memory: one entry per database, table and index,
plus the cluster-wide counters (pg_stat_bgwriter, pg_stat_wal, pg_stat_archiver).

The table is a fixed array of MAX_ENTRIES entries in the one segment, found by an
open-addressing hash on the key (kind, database oid, object oid). An entry is the key and
COUNTER_SLOTS signed 64-bit counters whose meaning depends on the kind (the layouts are
in utils/activity/pgstat_kinds.py); timestamps are microseconds since the Unix epoch,
0 meaning none. Backends never write here per row: they count in private memory and
fold their counts in at transaction end (utils/activity/pgstat.py).

Rules
1. Every read and write of an entry or of the globals happens under the table's own
   LWLock (shared to read, exclusive to change), held for one short loop over the
   entries being flushed; nothing else is taken while it is held.
2. A key is never moved once placed. A dropped entry becomes a tombstone (kind
   TOMBSTONE): lookups probe past it, inserts reuse it.
3. A full table drops new entries' counts silently (PostgreSQL's dshash never fills);
   MAX_ENTRIES is large enough for the tests and the documented limit.
4. Like every region, this one is re-created empty after a crash (the statistics of a
   crashed cluster are discarded, as PostgreSQL's pgstat_discard_stats does); a clean
   shutdown writes it to pg_stat/ and the next start reads it back
   (utils/activity/pgstat_file.py).

Entry points: locked(mode), find(kind, db, obj), find_or_create(kind, db, obj),
read_counters(index), write_counters(index, values), drop(kind, db, obj),
entries(kind=None, db=None), read_globals(), write_globals(values).

PostgreSQL: utils/activity/pgstat_shmem.c (the dshash table of PgStatShared_* entries,
pgstat_get_entry_ref, pgstat_drop_entry), include/utils/pgstat_internal.h.
"""
from __future__ import annotations

import struct
from contextlib import contextmanager
from typing import Iterator

from pgsnake.storage.ipc import shared_memory
from pgsnake.storage.lmgr import lwlock

MAX_ENTRIES = 16384                  # a power of two (the hash mask)
COUNTER_SLOTS = 32
GLOBAL_SLOTS = 64
EMPTY, TOMBSTONE = 0, 0xFFFF

_KEY = struct.Struct("<III4x")
_COUNTERS = struct.Struct(f"<{COUNTER_SLOTS}q")
_GLOBALS = struct.Struct(f"<{GLOBAL_SLOTS}q")
ENTRY_SIZE = _KEY.size + _COUNTERS.size
_LOCK_OFFSET = 0
_GLOBALS_OFFSET = 64
_ENTRIES_OFFSET = _GLOBALS_OFFSET + _GLOBALS.size
_MASK = MAX_ENTRIES - 1

_region: shared_memory.Region | None = None
_lock: lwlock.LWLock | None = None


def _init(region: shared_memory.Region) -> None:
    global _region, _lock
    region.view[:] = bytes(region.size)
    _region = region
    _lock = lwlock.LWLock("PgStatLock", region.atomics, region.offset + _LOCK_OFFSET)


shared_memory.request_region("CumulativeStats",
                             lambda: _ENTRIES_OFFSET + MAX_ENTRIES * ENTRY_SIZE, _init)


def is_initialised() -> bool:
    return _region is not None


@contextmanager
def locked(mode: str = lwlock.EXCLUSIVE) -> Iterator[None]:
    """Rule 1."""
    _lock.acquire(mode)
    try:
        yield
    finally:
        _lock.release()


def _hash(kind: int, db: int, obj: int) -> int:
    return ((obj * 2654435761) ^ (db * 40503) ^ (kind * 97)) & _MASK


def _key_at(index: int) -> tuple[int, int, int]:
    return _KEY.unpack_from(_region.view, _ENTRIES_OFFSET + index * ENTRY_SIZE)


def find(kind: int, db: int, obj: int) -> int:
    """The entry's index, or -1. Caller holds the lock (rule 1)."""
    index = _hash(kind, db, obj)
    for _ in range(MAX_ENTRIES):
        key = _key_at(index)
        if key[0] == EMPTY:
            return -1
        if key == (kind, db, obj):
            return index
        index = (index + 1) & _MASK
    return -1


def find_or_create(kind: int, db: int, obj: int) -> int:
    """The entry's index, a zeroed new one if there was none, or -1 when the table is
    full (rule 3). Caller holds the lock exclusively."""
    index = _hash(kind, db, obj)
    reusable = -1
    for _ in range(MAX_ENTRIES):
        key = _key_at(index)
        if key == (kind, db, obj):
            return index
        if key[0] == TOMBSTONE and reusable < 0:
            reusable = index
        if key[0] == EMPTY:
            break
        index = (index + 1) & _MASK
    else:
        index = -1
    if reusable >= 0:
        index = reusable
    if index < 0:
        return -1
    base = _ENTRIES_OFFSET + index * ENTRY_SIZE
    _KEY.pack_into(_region.view, base, kind, db, obj)
    _COUNTERS.pack_into(_region.view, base + _KEY.size, *([0] * COUNTER_SLOTS))
    return index


def read_counters(index: int) -> list[int]:
    return list(_COUNTERS.unpack_from(_region.view,
                                      _ENTRIES_OFFSET + index * ENTRY_SIZE + _KEY.size))


def write_counters(index: int, values: list[int]) -> None:
    _COUNTERS.pack_into(_region.view, _ENTRIES_OFFSET + index * ENTRY_SIZE + _KEY.size,
                        *values)


def drop(kind: int, db: int, obj: int) -> None:
    """Rule 2. Caller holds the lock exclusively."""
    index = find(kind, db, obj)
    if index >= 0:
        _KEY.pack_into(_region.view, _ENTRIES_OFFSET + index * ENTRY_SIZE, TOMBSTONE, 0, 0)


def entries(kind: int | None = None, db: int | None = None) -> list[tuple[int, int, int, list]]:
    """(kind, db, obj, counters) of every live entry, optionally of one kind and
    database. Caller holds the lock."""
    found = []
    view = _region.view
    for index in range(MAX_ENTRIES):
        base = _ENTRIES_OFFSET + index * ENTRY_SIZE
        key = _KEY.unpack_from(view, base)
        if key[0] in (EMPTY, TOMBSTONE):
            continue
        if (kind is not None and key[0] != kind) or (db is not None and key[1] != db):
            continue
        found.append((*key, list(_COUNTERS.unpack_from(view, base + _KEY.size))))
    return found


def read_globals() -> list[int]:
    return list(_GLOBALS.unpack_from(_region.view, _GLOBALS_OFFSET))


def write_globals(values: list[int]) -> None:
    _GLOBALS.pack_into(_region.view, _GLOBALS_OFFSET, *values)
