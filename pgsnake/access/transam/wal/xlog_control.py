"""The shared "XLOG control" block: WAL positions and the counters recovery restores.

One shared-memory region holds, as 64-bit atomic words:

    field               protected by (writers)            meaning
    insert_position     WALInsertLock                     end of the last record copied into
                                                          the WAL buffers (next record starts
                                                          here, or after a page header)
    prev_record         WALInsertLock                     start of the last record (xl_prev)
    written_position    WALWriteLock                      WAL before this is write()n
    flushed_position    WALWriteLock                      WAL before this is fsynced
    redo_pointer        WALInsertLock (checkpointer)      redo point of the running/last checkpoint
    next_xid            XidGenLock                        next transaction id to assign
    next_oid            OidGenLock                        next OID to assign
    oid_count           OidGenLock                        OIDs left before the next NEXTOID record
    system_identifier   set once (bootstrap / startup)
    timeline            set once (bootstrap / startup)
    in_recovery         startup process                   1 while redo is running
    forced_page_writes  atomic add (pg_backup_start/stop) backups running: full-page images
                                                          are written whatever full_page_writes

Readers may load any field atomically without a lock when a slightly stale value is safe
(e.g. `flushed_position` for the group-commit fast path).

PostgreSQL: access/transam/xlog.c (XLogCtlData, XLogCtlInsert), access/transam/varsup.c
(TransamVariables / ShmemVariableCache).
"""
from __future__ import annotations

from pgsnake.storage.ipc import shared_memory

FIELDS = ("insert_position", "prev_record", "written_position", "flushed_position",
          "redo_pointer", "next_xid", "next_oid", "oid_count", "system_identifier",
          "timeline", "in_recovery", "last_checkpoint", "forced_page_writes")
_OFFSET = {name: i * 8 for i, name in enumerate(FIELDS)}

_region: shared_memory.Region | None = None
_base = 0
_atomics = None
_generation = -1


def _init(region: shared_memory.Region) -> None:
    global _region, _base, _atomics, _generation
    region.view[:] = bytes(region.size)
    _region, _base, _atomics = region, region.offset, region.atomics
    _generation = shared_memory.generation
    store("timeline", 1)


shared_memory.request_region("XLogCtl", lambda: len(FIELDS) * 8, _init)


def is_initialised() -> bool:
    """True once the postmaster (or a single-process tool) has created the segment."""
    return _region is not None and _generation == shared_memory.generation


def load(field: str) -> int:
    return _atomics.load_u64(_base + _OFFSET[field])


def store(field: str, value: int) -> None:
    _atomics.store_u64(_base + _OFFSET[field], value)


def advance(field: str, value: int) -> None:
    """Raise `field` to `value` if it is lower (never moves backwards)."""
    off = _base + _OFFSET[field]
    while True:
        current = _atomics.load_u64(off)
        if current >= value or _atomics.cas_u64(off, current, value) == current:
            return


def add(field: str, delta: int) -> int:
    """Add `delta` (may be negative) to a counter field; returns the new value."""
    if delta >= 0:
        return _atomics.fetch_add_u64(_base + _OFFSET[field], delta) + delta
    return _atomics.fetch_sub_u64(_base + _OFFSET[field], -delta) + delta


def offset_of(field: str) -> int:
    """Absolute segment offset of a field, for hot paths that call atomics directly."""
    return _base + _OFFSET[field]


def atomics():
    return _atomics
