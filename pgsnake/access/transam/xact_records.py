"""The XACT resource manager: commit and abort records, their redo and description.

Commit and abort records have PostgreSQL 15's layout (xl_xact_commit / xl_xact_abort and
the optional parts after them), so PostgreSQL's pg_waldump describes them:

    xact_time i64                       TimestampTz of the commit or abort
    when info has XLOG_XACT_HAS_INFO (0x80):
      xinfo u32                         which parts follow (XACT_XINFO_HAS_*)
      [dbinfo: dbId u32, tsId u32]      HAS_DBINFO: the database of the invalidations
      [nsubxacts i32, xid u32 * n]      HAS_SUBXACTS: subtransactions settled with it
      [nrels i32, RelFileNode * n]      HAS_RELFILENODES: files to remove (spc, db, rel u32)
      [nmsgs i32, 16-byte message * n]  HAS_INVALS: catalog cache invalidations
      [xid u32]                         HAS_TWOPHASE: the prepared transaction finished
The record header's xid is the top transaction's for a commit or a top-level abort, the
subtransaction's for ROLLBACK TO (its list then holds its released children); it is 0
for COMMIT/ROLLBACK PREPARED, whose xid is the HAS_TWOPHASE part.

pgsnake invalidates catalog caches coarsely (catalog/invalidation.py), so the only
invalidation message it writes is PostgreSQL's "reset every relcache entry" (a relcache
message for relation 0).

Redo sets the commit-log bits of the xid and every listed subxid, so a commit whose
pg_xact update was lost in a crash is still committed after recovery, subtransactions
included; and it removes the listed relation files, so a DROP TABLE whose commit record
survived a crash that came before the unlink leaves no orphan file (nor does the abort of
a CREATE TABLE). Two-phase commit's records (XLOG_XACT_PREPARE, XLOG_XACT_COMMIT_PREPARED,
XLOG_XACT_ABORT_PREPARED) are described in twophase_records.py; their redo is in
twophase_recovery.py.

Entry points: pack(...) -> (info bits, main data), parse(info, data) -> ParsedXact,
settled_xids(rec), redo, describe.

PostgreSQL: access/transam/xact.c (XactLogCommitRecord, XactLogAbortRecord, xact_redo,
xact_redo_commit, xact_redo_abort), access/rmgrdesc/xactdesc.c (ParseCommitRecord,
xact_desc), include/access/xact.h.
"""
from __future__ import annotations

import dataclasses
import datetime
import struct

from pgsnake.access.transam import commit_log
from pgsnake.access.transam.wal import wal, waldump
from pgsnake.access.transam.wal import xlog_control as xc
from pgsnake.storage.smgr.relation_path import RelFileLocator

XLOG_XACT_COMMIT = 0x00
XLOG_XACT_PREPARE = 0x10
XLOG_XACT_ABORT = 0x20
XLOG_XACT_COMMIT_PREPARED = 0x30
XLOG_XACT_ABORT_PREPARED = 0x40
XLOG_XACT_ASSIGNMENT = 0x50
XLOG_XACT_INVALIDATIONS = 0x60
XLOG_XACT_OPMASK = 0x70
XLOG_XACT_HAS_INFO = 0x80

XACT_XINFO_HAS_DBINFO = 1 << 0
XACT_XINFO_HAS_SUBXACTS = 1 << 1
XACT_XINFO_HAS_RELFILENODES = 1 << 2
XACT_XINFO_HAS_INVALS = 1 << 3
XACT_XINFO_HAS_TWOPHASE = 1 << 4

SHAREDINVALRELCACHE_ID = -2      # a relcache message; relation 0 means "every relation"
DEFAULT_TABLESPACE_OID = 1663

POSTGRES_EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)
_TIME = struct.Struct("<q")
_U32 = struct.Struct("<I")
_I32 = struct.Struct("<i")
_DBINFO = struct.Struct("<II")
_RELFILENODE = struct.Struct("<III")
_INVAL = struct.Struct("<b3xII4x")     # id, dbId, relId: SharedInvalRelcacheMsg in 16 bytes


def timestamp_now() -> int:
    now = datetime.datetime.now(datetime.timezone.utc)
    delta = now - POSTGRES_EPOCH
    return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds


@dataclasses.dataclass(frozen=True, slots=True)
class ParsedXact:
    """A commit or abort record's parts (xl_xact_parsed_commit)."""
    xact_time: int
    xinfo: int = 0
    database_oid: int = 0
    subxids: tuple[int, ...] = ()
    rels: tuple[RelFileLocator, ...] = ()
    invalidations: int = 0            # how many invalidation messages
    twophase_xid: int = 0

    @property
    def catalog_changed(self) -> bool:
        return self.invalidations > 0


def pack(xact_time: int, *, subxids=(), rels=(), catalog_changed: bool = False,
         database_oid: int = 0, twophase_xid: int = 0) -> tuple[int, bytes]:
    """(bits to OR into the record's info, main data) of a commit or abort record."""
    xinfo = 0
    parts = []
    if catalog_changed:
        xinfo |= XACT_XINFO_HAS_DBINFO
        parts.append(_DBINFO.pack(database_oid, DEFAULT_TABLESPACE_OID))
    if subxids:
        xinfo |= XACT_XINFO_HAS_SUBXACTS
        parts.append(_I32.pack(len(subxids)) + struct.pack(f"<{len(subxids)}I", *subxids))
    if rels:
        xinfo |= XACT_XINFO_HAS_RELFILENODES
        parts.append(_I32.pack(len(rels)) + b"".join(_RELFILENODE.pack(*r[:3]) for r in rels))
    if catalog_changed:
        xinfo |= XACT_XINFO_HAS_INVALS
        parts.append(_I32.pack(1) + _INVAL.pack(SHAREDINVALRELCACHE_ID, database_oid, 0))
    if twophase_xid:
        xinfo |= XACT_XINFO_HAS_TWOPHASE
        parts.append(_U32.pack(twophase_xid))
    if not xinfo:
        return 0, _TIME.pack(xact_time)
    return XLOG_XACT_HAS_INFO, _TIME.pack(xact_time) + _U32.pack(xinfo) + b"".join(parts)


def parse(info: int, data: bytes) -> ParsedXact:
    (xact_time,) = _TIME.unpack_from(data, 0)
    if not info & XLOG_XACT_HAS_INFO:
        return ParsedXact(xact_time)
    (xinfo,) = _U32.unpack_from(data, 8)
    at = 12
    database = 0
    subxids: tuple[int, ...] = ()
    rels: tuple[RelFileLocator, ...] = ()
    invals = 0
    twophase = 0
    if xinfo & XACT_XINFO_HAS_DBINFO:
        database, _ = _DBINFO.unpack_from(data, at)
        at += _DBINFO.size
    if xinfo & XACT_XINFO_HAS_SUBXACTS:
        (count,) = _I32.unpack_from(data, at)
        subxids = struct.unpack_from(f"<{count}I", data, at + 4)
        at += 4 + 4 * count
    if xinfo & XACT_XINFO_HAS_RELFILENODES:
        (count,) = _I32.unpack_from(data, at)
        rels = tuple(RelFileLocator(*_RELFILENODE.unpack_from(data, at + 4 + 12 * i))
                     for i in range(count))
        at += 4 + 12 * count
    if xinfo & XACT_XINFO_HAS_INVALS:
        (invals,) = _I32.unpack_from(data, at)
        at += 4 + 16 * invals
    if xinfo & XACT_XINFO_HAS_TWOPHASE:
        (twophase,) = _U32.unpack_from(data, at)
    return ParsedXact(xact_time, xinfo, database, tuple(subxids), rels, invals, twophase)


def settled_xids(rec) -> list[int]:
    """The xids whose outcome this XACT record decides (for recovery's bookkeeping of
    which xids finished): the record's xid and listed subxids for a commit or abort, the
    prepared transaction's for COMMIT/ROLLBACK PREPARED, none for a PREPARE."""
    op = rec.info & XLOG_XACT_OPMASK
    if op in (XLOG_XACT_COMMIT, XLOG_XACT_ABORT):
        return ([rec.xid] if rec.xid else []) + list(parse(rec.info, rec.main_data).subxids)
    if op in (XLOG_XACT_COMMIT_PREPARED, XLOG_XACT_ABORT_PREPARED):
        parsed = parse(rec.info, rec.main_data)
        return [parsed.twophase_xid, *parsed.subxids]
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
        parsed = parse(rec.info, rec.main_data)
        xids = list(parsed.subxids) + xids   # children before the parent
        status = commit_log.COMMITTED if op == XLOG_XACT_COMMIT else commit_log.ABORTED
        if op == XLOG_XACT_COMMIT and rec.xid:
            from pgsnake.access.transam import commit_timestamps
            commit_timestamps.set_commit_ts(rec.xid, parsed.subxids, parsed.xact_time)
        for xid in xids:
            commit_log.set_status(xid, status)
        if parsed.rels:
            # After the outcome is recorded, as xact_redo_commit's DropRelationFiles.
            from pgsnake.access.transam import pending_deletes
            pending_deletes.remove_files_quietly(parsed.rels)
    if xids:
        xc.advance("next_xid", max(xids) + 1)


def _format_time(xact_time: int) -> str:
    when = POSTGRES_EPOCH + datetime.timedelta(microseconds=xact_time)
    return when.strftime("%Y-%m-%d %H:%M:%S.%f") + " UTC"


def describe(rec) -> str:
    """pg_waldump's text (xact_desc_commit / xact_desc_abort)."""
    op = rec.info & XLOG_XACT_OPMASK
    if op == XLOG_XACT_PREPARE:
        from pgsnake.access.transam import twophase_records
        return twophase_records.describe_prepare(rec.main_data, _format_time)
    parsed = parse(rec.info, rec.main_data)
    text = ""
    if parsed.twophase_xid:
        text = f"{parsed.twophase_xid}: "
    text += _format_time(parsed.xact_time)
    if parsed.rels:
        text += "; rels:" + "".join(" " + _relation_path(r) for r in parsed.rels)
    if parsed.subxids:
        text += "; subxacts:" + "".join(f" {x}" for x in parsed.subxids)
    if parsed.invalidations:
        text += "; inval msgs: relcache 0"
    return text


def _relation_path(rel: RelFileLocator) -> str:
    spc, db, node = rel[:3]
    if spc == 1664:
        return f"global/{node}"
    if spc == DEFAULT_TABLESPACE_OID:
        return f"base/{db}/{node}"
    return f"pg_tblspc/{spc}/PG_15_202209061/{db}/{node}"


def identify(info: int) -> str:
    return {XLOG_XACT_COMMIT: "COMMIT", XLOG_XACT_ABORT: "ABORT", XLOG_XACT_PREPARE: "PREPARE",
            XLOG_XACT_COMMIT_PREPARED: "COMMIT_PREPARED",
            XLOG_XACT_ABORT_PREPARED: "ABORT_PREPARED"}.get(info & XLOG_XACT_OPMASK, "UNKNOWN")


wal.register_rmgr(wal.RmgrId.XACT, "Transaction", redo, describe)
waldump.register_identify(wal.RmgrId.XACT, identify)
