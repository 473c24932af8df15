"""The XLOG resource manager's own records: checkpoints, NEXTOID, full-page images.

Entry points: `CheckpointData` (pack/unpack the checkpoint record's main data),
`XLOG_*` info codes, `redo` and `describe` (registered for RmgrId.XLOG),
`register_page_image_redo` (the buffer manager's redo of XLOG_FPI / XLOG_FPI_FOR_HINT).

Checkpoint main data is PostgreSQL 15's CheckPoint struct, byte for byte (88 bytes on
x86-64), so PostgreSQL's own pg_waldump describes our checkpoint records: redo u64,
timeline u32, prev_timeline u32, full_page_writes bool (7 pad), next_xid u64 (a
FullTransactionId), next_oid u32, next_multi u32, next_multi_offset u32, oldest_xid u32,
oldest_xid_db u32, oldest_multi u32, oldest_multi_db u32 (4 pad), time i64,
oldest/newest commit-ts xid u32 x2, oldest_active_xid u32 (4 pad). Commit timestamps do
not exist yet and nothing truncates old xids or multixacts: those fields hold PostgreSQL's
initial values.

PostgreSQL: include/catalog/pg_control.h (CheckPoint, XLOG_CHECKPOINT_SHUTDOWN ...),
access/transam/xlog.c (xlog_redo), access/rmgrdesc/xlogdesc.c (xlog_desc).
"""
from __future__ import annotations

import dataclasses
import struct
from typing import Callable

from pgsnake.access.transam.wal import xlog_control as xc
from pgsnake.access.transam.wal.lsn import format_lsn
from pgsnake.access.transam.wal.resource_managers import RmgrId, register_rmgr
from pgsnake.utils.errors import PgError

XLOG_CHECKPOINT_SHUTDOWN = 0x00
XLOG_CHECKPOINT_ONLINE = 0x10
XLOG_NOOP = 0x20
XLOG_NEXTOID = 0x30
XLOG_SWITCH = 0x40
XLOG_BACKUP_END = 0x50
XLOG_PARAMETER_CHANGE = 0x60
XLOG_RESTORE_POINT = 0x70
XLOG_FPW_CHANGE = 0x80
XLOG_END_OF_RECOVERY = 0x90
XLOG_FPI_FOR_HINT = 0xA0
XLOG_FPI = 0xB0

_CHECKPOINT = struct.Struct("<QIIB7xQIIIIIII4xqIII4x")
_OID = struct.Struct("<I")


@dataclasses.dataclass(slots=True)
class CheckpointData:
    redo: int
    timeline: int
    next_xid: int
    next_oid: int
    time: int
    prev_timeline: int = 1
    full_page_writes: bool = True
    oldest_active_xid: int = 0
    next_multi: int = 1
    next_multi_offset: int = 0

    def pack(self) -> bytes:
        return _CHECKPOINT.pack(self.redo, self.timeline, self.prev_timeline,
                                int(self.full_page_writes), self.next_xid, self.next_oid,
                                self.next_multi, self.next_multi_offset,
                                3, 1, 1, 1,          # oldest xid / multixact and their DBs
                                self.time, 0, 0, self.oldest_active_xid & 0xFFFFFFFF)

    @classmethod
    def unpack(cls, data: bytes) -> "CheckpointData":
        (redo, tli, prev, fpw, nxid, noid, multi, offset, _oldest_xid, _oldest_db,
         _oldest_multi, _multi_db, t, _ts_old, _ts_new, oldest) = _CHECKPOINT.unpack_from(data, 0)
        return cls(redo, tli, nxid, noid, t, prev, bool(fpw), oldest, multi, offset)


def pack_next_oid(next_oid: int) -> bytes:
    return _OID.pack(next_oid)


def redo(rec) -> None:
    info = rec.info & 0xF0
    if info in (XLOG_CHECKPOINT_SHUTDOWN, XLOG_CHECKPOINT_ONLINE):
        cp = CheckpointData.unpack(rec.main_data)
        xc.advance("next_xid", cp.next_xid)
        xc.advance("next_oid", cp.next_oid)
        # (next multixact / offset: multixact.py's redo advances them per record; the
        # values start from pg_control.)
    elif info == XLOG_NEXTOID:
        # The NEXTOID record says "OIDs below this may have been handed out".
        xc.advance("next_oid", _OID.unpack_from(rec.main_data, 0)[0])
    elif info in (XLOG_FPI, XLOG_FPI_FOR_HINT):
        if _page_image_redo is None:
            raise PgError("XX000", f"no redo registered for XLOG {identify(info)} records")
        _page_image_redo(rec, info == XLOG_FPI)


# Redo of the image-only records (XLOG_FPI, XLOG_FPI_FOR_HINT) restores pages into the
# buffer pool, one layer up: the buffer manager registers it here when imported.
_page_image_redo: Callable[[object, bool], None] | None = None


def register_page_image_redo(fn: Callable[[object, bool], None]) -> None:
    """fn(record, image_required): restore every block image of an image-only record;
    image_required is True for XLOG_FPI (an FPI_FOR_HINT may carry none)."""
    global _page_image_redo
    _page_image_redo = fn


def describe(rec) -> str:
    info = rec.info & 0xF0
    if info in (XLOG_CHECKPOINT_SHUTDOWN, XLOG_CHECKPOINT_ONLINE):
        cp = CheckpointData.unpack(rec.main_data)
        (*_, oldest_xid, oldest_xid_db, oldest_multi, oldest_multi_db, _t, ts_old, ts_new,
         _) = _CHECKPOINT.unpack_from(rec.main_data, 0)
        return (f"redo {format_lsn(cp.redo)}; tli {cp.timeline}; prev tli {cp.prev_timeline}; "
                f"fpw {'true' if cp.full_page_writes else 'false'}; xid 0:{cp.next_xid}; "
                f"oid {cp.next_oid}; multi {cp.next_multi}; offset {cp.next_multi_offset}; "
                f"oldest xid {oldest_xid} in DB {oldest_xid_db}; "
                f"oldest multi {oldest_multi} in DB {oldest_multi_db}; "
                f"oldest/newest commit timestamp xid: {ts_old}/{ts_new}; "
                f"oldest running xid {cp.oldest_active_xid}; "
                f"{'shutdown' if info == XLOG_CHECKPOINT_SHUTDOWN else 'online'}")
    if info == XLOG_NEXTOID:
        return str(_OID.unpack_from(rec.main_data, 0)[0])
    if info == XLOG_RESTORE_POINT:
        return restore_point_name(rec.main_data)
    if info == XLOG_BACKUP_END:
        return format_lsn(_BACKUP_END.unpack_from(rec.main_data, 0)[0])
    return ""


# xl_restore_point: TimestampTz rp_time, char rp_name[MAXFNAMELEN]; XLOG_BACKUP_END's main
# data is the backup's start LSN.
MAXFNAMELEN = 64
_RESTORE_POINT = struct.Struct(f"<q{MAXFNAMELEN}s")
_BACKUP_END = struct.Struct("<Q")


def pack_restore_point(timestamp_usec: int, name: str) -> bytes:
    return _RESTORE_POINT.pack(timestamp_usec, name.encode("utf-8"))


def restore_point_name(data: bytes) -> str:
    _, raw = _RESTORE_POINT.unpack_from(data, 0)
    return raw.split(b"\0", 1)[0].decode("utf-8", "replace")


def pack_backup_end(start_lsn: int) -> bytes:
    return _BACKUP_END.pack(start_lsn)


def identify(info: int) -> str:
    return {XLOG_CHECKPOINT_SHUTDOWN: "CHECKPOINT_SHUTDOWN", XLOG_CHECKPOINT_ONLINE: "CHECKPOINT_ONLINE",
            XLOG_NOOP: "NOOP", XLOG_NEXTOID: "NEXTOID", XLOG_SWITCH: "SWITCH",
            XLOG_END_OF_RECOVERY: "END_OF_RECOVERY", XLOG_FPI: "FPI",
            XLOG_BACKUP_END: "BACKUP_END", XLOG_RESTORE_POINT: "RESTORE_POINT",
            XLOG_PARAMETER_CHANGE: "PARAMETER_CHANGE", XLOG_FPW_CHANGE: "FPW_CHANGE",
            XLOG_FPI_FOR_HINT: "FPI_FOR_HINT"}.get(info & 0xF0, "UNKNOWN")


register_rmgr(RmgrId.XLOG, "XLOG", redo, describe)
