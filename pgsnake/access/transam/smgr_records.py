"""The SMGR resource manager: WAL records for creating and truncating relation files.

A relation file must exist before redo can write pages into it, so creating storage is
WAL-logged (XLOG_SMGR_CREATE). Main data: spcoid u32, dboid u32, relfilenode u32, fork i32
(xl_smgr_create). Truncation: XLOG_SMGR_TRUNCATE with blkno u32, spc/db/rel, flags u32.

Entry points: `log_create(locator, fork)`, `log_truncate(locator, nblocks, flags=...)`,
`redo`, `describe`. The heap/catalog code calls
`log_create` after `smgr.create`.

PostgreSQL: catalog/storage.c (log_smgrcreate, RelationTruncate, smgr_redo),
include/catalog/storage_xlog.h.
"""
from __future__ import annotations

import struct

from pgsnake.access.transam.wal import wal, waldump
from pgsnake.storage.smgr.relation_path import ForkNumber, RelFileLocator

XLOG_SMGR_CREATE = 0x10
XLOG_SMGR_TRUNCATE = 0x20
_CREATE = struct.Struct("<IIIi")
_TRUNCATE = struct.Struct("<IIIII")


def log_create(locator: RelFileLocator, fork: int = ForkNumber.MAIN) -> int:
    """WAL-log the creation of a relation fork; returns the record's end LSN."""
    return wal.insert_record(wal.RmgrId.SMGR, XLOG_SMGR_CREATE,
                             _CREATE.pack(*locator[:3], int(fork)))


SMGR_TRUNCATE_HEAP = 0x0001
SMGR_TRUNCATE_VM = 0x0002
SMGR_TRUNCATE_FSM = 0x0004
SMGR_TRUNCATE_ALL = SMGR_TRUNCATE_HEAP | SMGR_TRUNCATE_VM | SMGR_TRUNCATE_FSM


def log_truncate(locator: RelFileLocator, nblocks: int, fork: int = ForkNumber.MAIN, *,
                 flags: int | None = None) -> int:
    """WAL-log cutting a relation to `nblocks` blocks (xl_smgr_truncate); `flags` say
    which forks (SMGR_TRUNCATE_*). Returns the end LSN, which the caller flushes before
    it shortens any file."""
    if flags is None:
        flags = 1 << int(fork)
    return wal.insert_record(wal.RmgrId.SMGR, XLOG_SMGR_TRUNCATE,
                             _TRUNCATE.pack(nblocks, *locator[:3], flags))


def redo(rec) -> None:
    from pgsnake.storage.smgr import storage_manager as smgr   # L1; imported at redo time
    info = rec.info & 0xF0
    if info == XLOG_SMGR_CREATE:
        spc, db, rel, fork = _CREATE.unpack_from(rec.main_data, 0)
        locator = RelFileLocator(spc, db, rel)
        if not smgr.exists(locator, fork):
            smgr.create(locator, fork)
    elif info == XLOG_SMGR_TRUNCATE:
        # VACUUM's truncation of a heap's empty tail (access/heap/heap_truncate.py,
        # imported here: it imports this module).
        from pgsnake.access.heap import heap_truncate
        blkno, spc, db, rel, flags = _TRUNCATE.unpack_from(rec.main_data, 0)
        heap_truncate.redo_truncate(RelFileLocator(spc, db, rel), blkno, flags)


def describe(rec) -> str:
    info = rec.info & 0xF0
    if info == XLOG_SMGR_CREATE:
        spc, db, rel, fork = _CREATE.unpack_from(rec.main_data, 0)
        suffix = {0: "", 1: "_fsm", 2: "_vm", 3: "_init"}.get(fork, "")
        return f"base/{db}/{rel}{suffix}" if spc == 1663 else f"{spc}/{db}/{rel}{suffix}"
    if info == XLOG_SMGR_TRUNCATE:
        blkno, spc, db, rel, flags = _TRUNCATE.unpack_from(rec.main_data, 0)
        return f"base/{db}/{rel} to {blkno} blocks flags {flags}"
    return ""


def identify(info: int) -> str:
    return {XLOG_SMGR_CREATE: "CREATE", XLOG_SMGR_TRUNCATE: "TRUNCATE"}.get(info & 0xF0, "UNKNOWN")


wal.register_rmgr(wal.RmgrId.SMGR, "Storage", redo, describe)
waldump.register_identify(wal.RmgrId.SMGR, identify)
