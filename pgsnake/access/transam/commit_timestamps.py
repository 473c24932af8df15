"""Commit timestamps (pg_commit_ts): with track_commit_timestamp on, the commit time (and
replication origin, always 0 here) of every transaction, kept in SLRU buffers.

Layout, PostgreSQL's byte for byte: one 10-byte entry per xid (TimestampTz i64 in
microseconds since 2000-01-01, RepOriginId u16), 819 entries per 8 KB page (the last 2
bytes unused), 32 pages per segment file `pg_commit_ts/%04X`.

Durability: the timestamps are WAL-logged through the commit records themselves. A
commit sets its entries (and its subtransactions') from the timestamp its commit record
carries, after the record is durable; replaying a commit record sets them again
(xact_records.redo). A page is zeroed before its first xid is handed out, logged first
(COMMIT_TS_ZEROPAGE, the CommitTs rmgr), as pg_xact's pages are. Checkpoints write the
dirty pages and record the range of xids that have data (oldest / newest) in pg_control,
where startup finds them again.

Activation, as PostgreSQL's ActivateCommitTs / DeactivateCommitTs at start-up: with the
setting on, the oldest xid with data is the first xid after the last time it was off
(pg_control's, else the next xid); with it off, the range is forgotten and the files are
removed, and the SQL functions fail with PostgreSQL's 55000.

Shared state (region "CommitTs shared"): active flag, oldest and newest xid with data,
and the latest commit (xid, timestamp) for pg_last_committed_xact; the newest xid and
the latest commit are set under the SLRU's lock with the entries.

Entry points: set_commit_ts(xid, subxids, timestamp), extend(xid), startup(next_xid,
oldest, newest), flush_at_checkpoint(), range_for_checkpoint(), register_sql_functions().

Where we differ from PostgreSQL: no replication origins (roident always 0); the SLRU is
never truncated (there is no freeze horizon yet), so oldest only moves at activation.

PostgreSQL: access/transam/commit_ts.c (TransactionTreeSetCommitTsData,
TransactionIdGetCommitTsData, GetLatestCommitTsData, ExtendCommitTs, ActivateCommitTs,
DeactivateCommitTs, commit_ts_redo, pg_xact_commit_timestamp, pg_last_committed_xact,
pg_xact_commit_timestamp_origin), access/rmgrdesc/committsdesc.c.
"""
from __future__ import annotations

import datetime as dt
import os
import struct

from pgsnake.access.transam import slru
from pgsnake.access.transam.wal import wal, waldump
from pgsnake.storage.ipc import shared_memory
from pgsnake.utils import settings
from pgsnake.utils.errors import PgError

DIRECTORY = "pg_commit_ts"
FIRST_NORMAL_XID = 3
ENTRY = struct.Struct("<qH")
ENTRY_SIZE = 10
XACTS_PER_PAGE = slru.PAGE_SIZE // ENTRY_SIZE
COMMIT_TS_ZEROPAGE = 0x00
COMMIT_TS_TRUNCATE = 0x10
POSTGRES_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)


def buffer_count() -> int:
    """PostgreSQL 15's CommitTsShmemBuffers()."""
    return min(256, max(4, settings.get("shared_buffers") // 128))


COMMIT_TS_LOG = slru.Slru("CommitTs", DIRECTORY, buffer_count)

# the shared words: active, oldest xid, newest xid, latest commit's xid and timestamp
_FIELDS = ("active", "oldest", "newest", "latest_xid", "latest_time")
_region: shared_memory.Region | None = None


def _init(region: shared_memory.Region) -> None:
    global _region
    region.view[:] = bytes(region.size)
    _region = region


shared_memory.request_region("CommitTs shared", lambda: 8 * len(_FIELDS), _init)


def _load(field: str) -> int:
    return _region.atomics.load_u64(_region.offset + 8 * _FIELDS.index(field))


def _store(field: str, value: int) -> None:
    _region.atomics.store_u64(_region.offset + 8 * _FIELDS.index(field), value & (2**64 - 1))


def is_active() -> bool:
    return _region is not None and _load("active") == 1


def _locate(xid: int) -> tuple[int, int]:
    page, entry = divmod(xid, XACTS_PER_PAGE)
    return page, entry * ENTRY_SIZE


# ---- writing -------------------------------------------------------------------------------

def set_commit_ts(xid: int, subxids, timestamp: int) -> None:
    """TransactionTreeSetCommitTsData: the commit time of a transaction and its
    committed subtransactions (timestamp: microseconds since 2000-01-01)."""
    if not is_active() or xid < FIRST_NORMAL_XID:
        return
    entry = ENTRY.pack(timestamp, 0)
    for one in [*subxids, xid]:
        if one < FIRST_NORMAL_XID:
            continue
        page_number, offset = _locate(one)
        with COMMIT_TS_LOG.page_to_change(page_number, one) as page:
            page[offset:offset + ENTRY_SIZE] = entry
    newest = max([xid, *subxids])
    if newest > _load("newest"):
        _store("newest", newest)
    _store("latest_xid", xid)
    _store("latest_time", timestamp)


def extend(xid: int) -> None:
    """ExtendCommitTs: a new xid that is the first of its page gets the page zeroed,
    logged first."""
    if not is_active() or (xid % XACTS_PER_PAGE != 0 and xid != FIRST_NORMAL_XID):
        return
    page = xid // XACTS_PER_PAGE
    wal.insert_record(wal.RmgrId.COMMIT_TS, COMMIT_TS_ZEROPAGE, struct.pack("<i", page))
    COMMIT_TS_LOG.zero_page(page)


# ---- start-up and checkpoints --------------------------------------------------------------

def startup(next_xid: int, oldest: int, newest: int) -> None:
    """Before redo: activate with the range pg_control recorded (ActivateCommitTs), or
    deactivate and remove the files (DeactivateCommitTs)."""
    if _region is None:
        return
    if not settings.get("track_commit_timestamp"):
        for field in _FIELDS:
            _store(field, 0)
        try:
            for name in os.listdir(DIRECTORY):
                os.unlink(os.path.join(DIRECTORY, name))
        except OSError:
            pass
        return
    if not oldest or not COMMIT_TS_LOG.page_exists(oldest // XACTS_PER_PAGE):
        # never on, or turned off since (its files are gone): data starts now
        oldest = newest = next_xid
    _store("oldest", oldest)
    _store("newest", newest)
    _store("latest_xid", 0)
    _store("latest_time", 0)
    page = next_xid // XACTS_PER_PAGE
    COMMIT_TS_LOG.set_latest_page(page)
    os.makedirs(DIRECTORY, exist_ok=True)
    if not COMMIT_TS_LOG.page_exists(page):
        COMMIT_TS_LOG.zero_page(page, write=True)
    _store("active", 1)


def flush_at_checkpoint() -> None:
    if is_active():
        COMMIT_TS_LOG.write_all()


def range_for_checkpoint() -> tuple[int, int]:
    """(oldest, newest) xid with commit timestamp data for pg_control; (0, 0) when off."""
    if not is_active():
        return 0, 0
    return _load("oldest"), _load("newest")


# ---- reading -------------------------------------------------------------------------------

def _not_enabled() -> PgError:
    return PgError("55000", "could not get commit timestamp data",
                   hint='Make sure the configuration parameter "track_commit_timestamp" '
                        'is set.')


def _timestamptz(value: int) -> dt.datetime:
    return POSTGRES_EPOCH + dt.timedelta(microseconds=value)


def commit_data(xid: int) -> tuple[dt.datetime | None, int | None]:
    """TransactionIdGetCommitTsData: (timestamp or None, origin or None)."""
    if xid == 0:
        raise PgError("22023", f"cannot retrieve commit timestamp for transaction {xid}")
    if xid < FIRST_NORMAL_XID:
        return None, None          # frozen and bootstrap xids: committed far in the past
    if not is_active():
        raise _not_enabled()
    oldest, newest = _load("oldest"), _load("newest")
    if not oldest or xid < oldest or xid > newest:
        return None, None
    page, offset = _locate(xid)
    timestamp, origin = ENTRY.unpack(COMMIT_TS_LOG.read_bytes(page, offset, ENTRY_SIZE, xid))
    if timestamp == 0:
        return None, None
    return _timestamptz(timestamp), origin


def xact_commit_timestamp(xid: int):
    return commit_data(xid)[0]


def xact_commit_timestamp_origin(xid: int):
    timestamp, origin = commit_data(xid)
    return (timestamp, origin)


def last_committed_xact():
    if not is_active():
        raise _not_enabled()
    xid = _load("latest_xid")
    if xid < FIRST_NORMAL_XID:
        return (None, None, None)
    return (xid, _timestamptz(_load("latest_time")), 0)


def register_sql_functions() -> None:
    from pgsnake.datatypes import functions
    xid, tz, oid, record = 28, 1184, 26, 2249
    functions.register("pg_xact_commit_timestamp", [xid], tz, xact_commit_timestamp,
                       oid=3581)
    functions.register("pg_last_committed_xact", [], record, last_committed_xact, oid=3583,
                       out_columns=(("xid", xid), ("timestamp", tz), ("roident", oid)))
    functions.register("pg_xact_commit_timestamp_origin", [xid], record,
                       xact_commit_timestamp_origin, oid=6168,
                       out_columns=(("timestamp", tz), ("roident", oid)))


# ---- the CommitTs resource manager -----------------------------------------------------------

def redo(rec) -> None:
    if rec.info & 0xF0 == COMMIT_TS_ZEROPAGE:
        (page,) = struct.unpack_from("<i", rec.main_data)
        os.makedirs(DIRECTORY, exist_ok=True)
        COMMIT_TS_LOG.zero_page(page, write=True)


def describe(rec) -> str:
    if rec.info & 0xF0 == COMMIT_TS_ZEROPAGE:
        return str(struct.unpack_from("<i", rec.main_data)[0])
    return ""


def identify(info: int) -> str:
    return {COMMIT_TS_ZEROPAGE: "ZEROPAGE", COMMIT_TS_TRUNCATE: "TRUNCATE"}.get(
        info & 0xF0, "UNKNOWN")


wal.register_rmgr(wal.RmgrId.COMMIT_TS, "CommitTs", redo, describe)
waldump.register_identify(wal.RmgrId.COMMIT_TS, identify)
