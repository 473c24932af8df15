"""The XACT resource manager: commit and abort records, their redo and description.

Main data of XLOG_XACT_COMMIT / XLOG_XACT_ABORT: xact_time i64 (microseconds since
2000-01-01 UTC, PostgreSQL's TimestampTz), xinfo u32 (flags; XACT_COMPLETION_INVALS says
the transaction changed catalogs; XACT_XINFO_HAS_SUBXACTS says a subxact list follows:
nsubxacts i32, then that many u32 xids (xl_xact_subxacts)). The xid is the record
header's xl_xid: the top transaction's for a commit or a top-level abort, the
subtransaction's for ROLLBACK TO (its list then holds its released children).

Redo sets the commit-log bits of the xid and every listed subxid, so a commit whose
pg_xact update was lost in a crash is still committed after recovery, subtransactions
included.

Two-phase commit's records (XLOG_XACT_PREPARE, XLOG_XACT_COMMIT_PREPARED,
XLOG_XACT_ABORT_PREPARED) have PostgreSQL's layouts, described in twophase_records.py;
their redo is in twophase_recovery.py.

PostgreSQL: access/transam/xact.c (XactLogCommitRecord, xact_redo, xact_redo_commit),
access/rmgrdesc/xactdesc.c (xact_desc), include/access/xact.h.
"""
from __future__ import annotations

import datetime
import struct

from pgsnake.access.transam import commit_log
from pgsnake.access.transam.wal import wal, waldump
from pgsnake.access.transam.wal import xlog_control as xc

XLOG_XACT_COMMIT = 0x00
XLOG_XACT_PREPARE = 0x10
XLOG_XACT_ABORT = 0x20
XLOG_XACT_COMMIT_PREPARED = 0x30
XLOG_XACT_ABORT_PREPARED = 0x40
XLOG_XACT_ASSIGNMENT = 0x50
XLOG_XACT_INVALIDATIONS = 0x60
XLOG_XACT_OPMASK = 0x70

XACT_COMPLETION_INVALS = 0x1     # pgsnake's flag: catalog caches must be invalidated
XACT_XINFO_HAS_SUBXACTS = 0x2    # PostgreSQL's bit (1 << 1)

POSTGRES_EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)
_BODY = struct.Struct("<qI")


def timestamp_now() -> int:
    now = datetime.datetime.now(datetime.timezone.utc)
    delta = now - POSTGRES_EPOCH
    return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds


def pack(xact_time: int, xinfo: int = 0, subxids=()) -> bytes:
    subxids = list(subxids)
    if not subxids:
        return _BODY.pack(xact_time, xinfo & ~XACT_XINFO_HAS_SUBXACTS)
    return (_BODY.pack(xact_time, xinfo | XACT_XINFO_HAS_SUBXACTS)
            + struct.pack(f"<i{len(subxids)}I", len(subxids), *subxids))


def unpack(data: bytes) -> tuple[int, int]:
    return _BODY.unpack_from(data, 0)


def unpack_subxids(data: bytes) -> list[int]:
    _, xinfo = _BODY.unpack_from(data, 0)
    if not xinfo & XACT_XINFO_HAS_SUBXACTS:
        return []
    (count,) = struct.unpack_from("<i", data, _BODY.size)
    return list(struct.unpack_from(f"<{count}I", data, _BODY.size + 4))


def settled_xids(rec) -> list[int]:
    """The xids whose outcome this XACT record decides (for recovery's bookkeeping of
    which xids finished): the record's xid and listed subxids for a commit or abort, the
    prepared transaction's for COMMIT/ROLLBACK PREPARED, none for a PREPARE."""
    op = rec.info & XLOG_XACT_OPMASK
    if op in (XLOG_XACT_COMMIT, XLOG_XACT_ABORT):
        return ([rec.xid] if rec.xid else []) + unpack_subxids(rec.main_data)
    if op in (XLOG_XACT_COMMIT_PREPARED, XLOG_XACT_ABORT_PREPARED):
        from pgsnake.access.transam import twophase_records
        record = twophase_records.parse_finish_record(rec.main_data)
        return [record.xid, *record.subxids]
    return []


def redo(rec) -> None:
    op = rec.info & XLOG_XACT_OPMASK
    xids = [rec.xid] if rec.xid else []
    if op in (XLOG_XACT_PREPARE, XLOG_XACT_COMMIT_PREPARED, XLOG_XACT_ABORT_PREPARED):
        from pgsnake.access.transam import twophase_recovery   # imports twophase, xact_records
        if op == XLOG_XACT_PREPARE:
            twophase_recovery.redo_prepare(rec)
        else:
            xids += twophase_recovery.redo_finish(rec, op == XLOG_XACT_COMMIT_PREPARED)
    if op in (XLOG_XACT_COMMIT, XLOG_XACT_ABORT):
        subxids = unpack_subxids(rec.main_data)
        xids = subxids + xids   # children before the parent
        status = commit_log.COMMITTED if op == XLOG_XACT_COMMIT else commit_log.ABORTED
        for xid in xids:
            commit_log.set_status(xid, status)
    if xids:
        xc.advance("next_xid", max(xids) + 1)


def _format_time(xact_time: int) -> str:
    when = POSTGRES_EPOCH + datetime.timedelta(microseconds=xact_time)
    return when.strftime("%Y-%m-%d %H:%M:%S.%f") + " UTC"


def describe(rec) -> str:
    op = rec.info & XLOG_XACT_OPMASK
    if op in (XLOG_XACT_PREPARE, XLOG_XACT_COMMIT_PREPARED, XLOG_XACT_ABORT_PREPARED):
        from pgsnake.access.transam import twophase_records
        if op == XLOG_XACT_PREPARE:
            return twophase_records.describe_prepare(rec.main_data, _format_time)
        return twophase_records.describe_finish(rec.main_data, _format_time)
    xact_time, xinfo = unpack(rec.main_data)
    text = _format_time(xact_time)
    subxids = unpack_subxids(rec.main_data)
    if subxids:
        text += "; subxacts: " + " ".join(str(x) for x in subxids)
    if xinfo & XACT_COMPLETION_INVALS:
        text += "; inval msgs: catcache"
    return text


def identify(info: int) -> str:
    return {XLOG_XACT_COMMIT: "COMMIT", XLOG_XACT_ABORT: "ABORT", XLOG_XACT_PREPARE: "PREPARE",
            XLOG_XACT_COMMIT_PREPARED: "COMMIT_PREPARED",
            XLOG_XACT_ABORT_PREPARED: "ABORT_PREPARED"}.get(info & XLOG_XACT_OPMASK, "UNKNOWN")


wal.register_rmgr(wal.RmgrId.XACT, "Transaction", redo, describe)
waldump.register_identify(wal.RmgrId.XACT, identify)
