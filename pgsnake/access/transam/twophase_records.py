"""The bytes of a prepared transaction: its state (the XLOG_XACT_PREPARE record and the
pg_twophase/<XID> file) and the COMMIT PREPARED / ROLLBACK PREPARED records.

The state is PostgreSQL 15's layout, section by section, each padded to 8 bytes
(MAXALIGN), all little-endian:

    TwoPhaseFileHeader (72 bytes)  magic 0x57F94534, total_len (the whole file, CRC
                                   included), xid, database, prepared_at (TimestampTz),
                                   owner, nsubxacts, ncommitrels, nabortrels,
                                   ncommitstats, nabortstats, ninvalmsgs, initfileinval,
                                   gidlen (with the NUL), origin_lsn, origin_timestamp
    gid                            gidlen bytes, NUL-terminated
    subxids                        nsubxacts x u32
    commit rels, abort rels        RelFileNode (spc, db, rel: 3 x u32) each
    commit / abort stats           12 bytes each (pgsnake writes none)
    invalidation messages          16 bytes each
    records                        TwoPhaseRecordOnDisk (len u32, rmid u8, pad, info
                                   u16) then len bytes, per resource manager, ended by
                                   a record of rmid 0 (END)
    CRC-32C                        of everything before it: only in the file; the WAL
                                   record has its own CRC

The lock manager's records (rmid 1) are a LOCKTAG (16 bytes) and a LOCKMODE (i32).
pgsnake invalidates catalog caches coarsely, so "this transaction changed catalogs" is
written as one relcache message for all relations of the database (id -2, relId 0),
which is what PostgreSQL's CacheInvalidateRelcacheAll sends.

COMMIT PREPARED / ROLLBACK PREPARED records have the commit/abort layout
(xact_records.pack with the prepared xid as the HAS_TWOPHASE part); they carry no xl_xid
(the finishing backend may have none).

Entry points: PreparedState, pack_state, parse_state, with_crc, check_crc,
describe_prepare, pack_lock_record, unpack_lock_record.

PostgreSQL: access/transam/twophase.c (TwoPhaseFileHeader, StartPrepare, EndPrepare,
RegisterTwoPhaseRecord, ReadTwoPhaseFile), access/transam/xact.c
(XactLogCommitRecord, XactLogAbortRecord), access/rmgrdesc/xactdesc.c
(ParsePrepareRecord, ParseCommitRecord, xact_desc_prepare), include/access/twophase_rmgr.h.
"""
from __future__ import annotations

import dataclasses
import struct

import crc32c

from pgsnake.storage.smgr.relation_path import RelFileLocator
from pgsnake.utils.errors import PgError

TWOPHASE_MAGIC = 0x57F94534
GIDSIZE = 200                   # a gid is at most GIDSIZE - 1 bytes
DATA_CORRUPTED = "XX001"

# Two-phase resource managers (TwoPhaseRmgrId).
RM_END = 0
RM_LOCK = 1
RM_PGSTAT = 2
RM_MULTIXACT = 3
RM_PREDICATELOCK = 4


SHAREDINVALRELCACHE_ID = -2

_HEADER = struct.Struct("<IIIIqIiiiiiiBxHQq")        # TwoPhaseFileHeader, 72 bytes
_RECORD = struct.Struct("<IBxH")                     # TwoPhaseRecordOnDisk, 8 bytes
_RELFILENODE = struct.Struct("<III")
_INVAL = struct.Struct("<b3xII4x")                   # SharedInvalRelcacheMsg in 16 bytes
_LOCK_RECORD = struct.Struct("<16si")                # TwoPhaseLockRecord
_STAT_SIZE = 12
_CRC = struct.Struct("<I")


def _maxalign(n: int) -> int:
    return (n + 7) & ~7


def _padded(data: bytes) -> bytes:
    return data + bytes(_maxalign(len(data)) - len(data))


@dataclasses.dataclass(frozen=True, slots=True)
class PreparedState:
    """What a prepared transaction needs to be finished later, by any backend, after
    any number of restarts."""
    xid: int
    database: int
    prepared_at: int                  # TimestampTz: microseconds since 2000-01-01 UTC
    owner: int
    gid: str
    subxids: tuple[int, ...] = ()
    commit_rels: tuple[RelFileLocator, ...] = ()     # files to remove at COMMIT PREPARED
    abort_rels: tuple[RelFileLocator, ...] = ()      # ... at ROLLBACK PREPARED
    catalog_changed: bool = False
    records: tuple[tuple[int, int, bytes], ...] = ()  # (rmid, info, data), no END record


def pack_state(state: PreparedState) -> bytes:
    """The XLOG_XACT_PREPARE record's main data (the file without its CRC)."""
    gid = state.gid.encode("utf-8") + b"\0"
    invals = (_INVAL.pack(SHAREDINVALRELCACHE_ID, state.database, 0)
              if state.catalog_changed else b"")
    body = [_padded(gid)]
    if state.subxids:
        body.append(_padded(struct.pack(f"<{len(state.subxids)}I", *state.subxids)))
    for rels in (state.commit_rels, state.abort_rels):
        if rels:
            body.append(_padded(b"".join(_RELFILENODE.pack(*rel[:3]) for rel in rels)))
    if invals:
        body.append(_padded(invals))
    for rmid, info, data in (*state.records, (RM_END, 0, b"")):
        body.append(_RECORD.pack(len(data), rmid, info))
        if data:
            body.append(_padded(data))
    payload = b"".join(body)
    total_len = _HEADER.size + len(payload) + _CRC.size
    header = _HEADER.pack(TWOPHASE_MAGIC, total_len, state.xid, state.database,
                          state.prepared_at, state.owner, len(state.subxids),
                          len(state.commit_rels), len(state.abort_rels), 0, 0,
                          1 if state.catalog_changed else 0, 0, len(gid), 0, 0)
    return header + payload


def parse_state(data: bytes) -> PreparedState:
    """Read a state back (from the WAL record, or a file without its CRC). XX001 if
    the bytes are not a well-formed state."""
    try:
        return _parse_state(memoryview(data))
    except (struct.error, UnicodeDecodeError, ValueError) as e:
        raise PgError(DATA_CORRUPTED, f"invalid two-phase state data: {e}") from None


def _parse_state(view: memoryview) -> PreparedState:
    (magic, _total, xid, database, prepared_at, owner, nsubxacts, ncommitrels,
     nabortrels, ncommitstats, nabortstats, ninvalmsgs, _initfile, gidlen, _olsn,
     _ots) = _HEADER.unpack_from(view, 0)
    if magic != TWOPHASE_MAGIC:
        raise ValueError(f"bad magic number {magic:#x}")
    at = _HEADER.size
    gid = bytes(view[at:at + gidlen]).rstrip(b"\0").decode("utf-8")
    at += _maxalign(gidlen)
    subxids = struct.unpack_from(f"<{nsubxacts}I", view, at)
    at += _maxalign(4 * nsubxacts)
    rels = []
    for count in (ncommitrels, nabortrels):
        rels.append(tuple(RelFileLocator(*_RELFILENODE.unpack_from(view, at + 12 * i))
                          for i in range(count)))
        at += _maxalign(12 * count)
    at += _maxalign(_STAT_SIZE * ncommitstats) + _maxalign(_STAT_SIZE * nabortstats)
    catalog_changed = ninvalmsgs > 0
    at += _maxalign(_INVAL.size * ninvalmsgs)
    records = []
    while True:
        length, rmid, info = _RECORD.unpack_from(view, at)
        at += _RECORD.size
        if rmid == RM_END:
            break
        if at + length > len(view):
            raise ValueError("record runs past the end of the state")
        records.append((rmid, info, bytes(view[at:at + length])))
        at += _maxalign(length)
    return PreparedState(xid, database, prepared_at, owner, gid, tuple(subxids), rels[0],
                         rels[1], catalog_changed, tuple(records))


def with_crc(state_bytes: bytes) -> bytes:
    """The pg_twophase file's content: the state, then its CRC-32C."""
    return state_bytes + _CRC.pack(crc32c.crc32c(state_bytes))


def check_crc(file_bytes: bytes, xid: int) -> bytes:
    """The state inside a pg_twophase file, after checking its length and CRC (XX001
    with PostgreSQL's wording when they are wrong)."""
    if len(file_bytes) < _HEADER.size + _RECORD.size + _CRC.size:
        raise PgError(DATA_CORRUPTED, f"incorrect size of file \"pg_twophase/{xid:08X}\": "
                                      f"{len(file_bytes)} bytes")
    total_len = struct.unpack_from("<I", file_bytes, 4)[0]
    if total_len != len(file_bytes):
        raise PgError(DATA_CORRUPTED, f"corrupted two-phase state file for transaction {xid}")
    state_bytes = file_bytes[:-_CRC.size]
    (stored,) = _CRC.unpack_from(file_bytes, len(file_bytes) - _CRC.size)
    if crc32c.crc32c(state_bytes) != stored:
        raise PgError(DATA_CORRUPTED, "calculated CRC checksum does not match value stored "
                                      f"in file \"pg_twophase/{xid:08X}\"")
    return state_bytes


# ---- lock records ------------------------------------------------------------------------

def pack_lock_record(tag_bytes: bytes, mode: int) -> bytes:
    return _LOCK_RECORD.pack(tag_bytes, mode)


def unpack_lock_record(data: bytes) -> tuple[bytes, int]:
    return _LOCK_RECORD.unpack_from(data, 0)


# ---- descriptions (as PostgreSQL's pg_waldump prints them) --------------------------------

def _rel_path(rel: RelFileLocator) -> str:
    spc, db, node = rel[:3]
    return f"base/{db}/{node}" if spc == 1663 else (
        f"global/{node}" if spc == 1664 else f"pg_tblspc/{spc}/{db}/{node}")


def _describe_rels(label: str, rels) -> str:
    return f"; {label}:" + "".join(" " + _rel_path(r) for r in rels) if rels else ""


def _describe_subxids(subxids) -> str:
    return "; subxacts:" + "".join(f" {x}" for x in subxids) if subxids else ""


def describe_prepare(data: bytes, format_time) -> str:
    state = parse_state(data)
    text = f"gid {state.gid}: {format_time(state.prepared_at)}"
    text += _describe_rels("rels(commit)", state.commit_rels)
    text += _describe_rels("rels(abort)", state.abort_rels)
    text += _describe_subxids(state.subxids)
    if state.catalog_changed:
        text += "; inval msgs: relcache 0"
    return text
