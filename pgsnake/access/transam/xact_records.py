"""The XACT resource manager: commit and abort records, their redo and description.

Main data of XLOG_XACT_COMMIT / XLOG_XACT_ABORT: xact_time i64 (microseconds since
2000-01-01 UTC, PostgreSQL's TimestampTz), xinfo u32 (flags; XACT_COMPLETION_INVALS says
the transaction changed catalogs). The xid is the record header's xl_xid.

Redo sets the commit-log bits, so a commit whose pg_xact update was lost in a crash is
still committed after recovery.

PostgreSQL: access/transam/xact.c (XactLogCommitRecord, xact_redo),
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

POSTGRES_EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)
_BODY = struct.Struct("<qI")


def timestamp_now() -> int:
    now = datetime.datetime.now(datetime.timezone.utc)
    delta = now - POSTGRES_EPOCH
    return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds


def pack(xact_time: int, xinfo: int = 0) -> bytes:
    return _BODY.pack(xact_time, xinfo)


def unpack(data: bytes) -> tuple[int, int]:
    return _BODY.unpack_from(data, 0)


def redo(rec) -> None:
    op = rec.info & XLOG_XACT_OPMASK
    if op == XLOG_XACT_COMMIT:
        commit_log.set_status(rec.xid, commit_log.COMMITTED)
    elif op == XLOG_XACT_ABORT:
        commit_log.set_status(rec.xid, commit_log.ABORTED)
    if rec.xid:
        xc.advance("next_xid", rec.xid + 1)


def _format_time(xact_time: int) -> str:
    when = POSTGRES_EPOCH + datetime.timedelta(microseconds=xact_time)
    return when.strftime("%Y-%m-%d %H:%M:%S.%f") + " UTC"


def describe(rec) -> str:
    xact_time, xinfo = unpack(rec.main_data)
    text = _format_time(xact_time)
    if xinfo & XACT_COMPLETION_INVALS:
        text += "; inval msgs: catcache"
    return text


def identify(info: int) -> str:
    return {XLOG_XACT_COMMIT: "COMMIT", XLOG_XACT_ABORT: "ABORT"}.get(info & XLOG_XACT_OPMASK, "UNKNOWN")


wal.register_rmgr(wal.RmgrId.XACT, "Transaction", redo, describe)
waldump.register_identify(wal.RmgrId.XACT, identify)
# No CLOG records are written (commit_log.py: pwrite extends files with zeros), but the
# rmgr is known, so a reader can name it.
wal.register_rmgr(wal.RmgrId.CLOG, "CLOG", lambda rec: None, lambda rec: "")
