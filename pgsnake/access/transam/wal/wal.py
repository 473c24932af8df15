"""The WAL facade: what other packages call to log changes, flush, and read WAL back.

    insert_record(rmid, info, main_data, blocks=(), xid=0) -> end LSN
    log_new_page(locator, fork, blockno, page) -> end LSN   (an XLOG_FPI record)
    flush(lsn) ; flushed_lsn() ; insert_lsn() ; redo_pointer()
    register_rmgr(rmid, name, redo, describe) ; read_records(start_lsn)
    RmgrId, BlockRef, DecodedRecord, DecodedBlock

The WAL-logged change recipe (caller's side; README.md has the why):
    lock buffer exclusive -> change the page -> mark dirty -> end = insert_record(...)
    -> set the page LSN to `end` -> unlock.

PostgreSQL: access/transam/xloginsert.c (XLogInsert), access/transam/xlog.c (XLogFlush,
GetXLogInsertRecPtr, GetFlushRecPtr, GetRedoRecPtr).
"""
from __future__ import annotations

from pgsnake.access.transam.wal import flush as _flush
from pgsnake.access.transam.wal import insert as _insert
from pgsnake.access.transam.wal import xlog_control as _xc
from pgsnake.access.transam.wal import xlog_records as _xlog_records  # noqa: F401  (registers XLOG rmgr)
from pgsnake.access.transam.wal.reader import WalReader, read_record_at, read_records
from pgsnake.access.transam.wal.record import BlockRef, DecodedBlock, DecodedRecord
from pgsnake.access.transam.wal.resource_managers import (RmgrId, get_rmgr, register_rmgr,
                                                          rmgr_name)
from pgsnake.access.transam.wal.lsn import format_lsn, parse_lsn

__all__ = ["RmgrId", "BlockRef", "DecodedRecord", "DecodedBlock", "insert_record", "flush",
           "flushed_lsn", "insert_lsn", "redo_pointer", "register_rmgr", "get_rmgr",
           "rmgr_name", "read_records", "read_record_at", "WalReader", "format_lsn",
           "parse_lsn", "insert_record_returning_start", "in_recovery",
           "write_and_flush_all", "log_new_page", "switch_segment"]


def insert_record(rmid: int, info: int, main_data: bytes, blocks=(), xid: int = 0) -> int:
    """Insert a record; returns its END LSN (what the caller stores as the page LSN)."""
    return _insert.insert(rmid, info, main_data, blocks, xid)[1]


def insert_record_returning_start(rmid: int, info: int, main_data: bytes, blocks=(),
                                  xid: int = 0) -> tuple[int, int]:
    """(start LSN, end LSN): for callers that must know where the record begins
    (the checkpoint record's location goes into pg_control)."""
    return _insert.insert(rmid, info, main_data, blocks, xid)


def switch_segment() -> tuple[int, int] | None:
    """pg_switch_wal's XLOG_SWITCH record (insert.insert_switch), flushed with the rest of
    its segment: (start, end) of the record, or None when the insert position is already
    at a segment's start (nothing inserted)."""
    placed = _insert.insert_switch(RmgrId.XLOG, _xlog_records.XLOG_SWITCH)
    if placed is not None:
        _flush.flush(_xc.load("insert_position"))
    return placed


def log_new_page(locator, fork: int, blockno: int, page) -> int:
    """An XLOG_FPI record whose block carries the whole page, whatever full_page_writes
    says (log_newpage): how a page written outside the normal change recipe (an index
    build) becomes durable through redo. Returns the end LSN, for the page's LSN."""
    return insert_record(RmgrId.XLOG, _xlog_records.XLOG_FPI, b"",
                         [BlockRef(0, locator, fork, blockno, page, force_image=True)])


def flush(lsn: int) -> None:
    _flush.flush(lsn)


def flushed_lsn() -> int:
    return _xc.load("flushed_position")


def insert_lsn() -> int:
    return _xc.load("insert_position")


def redo_pointer() -> int:
    return _xc.load("redo_pointer")


def write_and_flush_all() -> int:
    """WAL writer: make everything inserted so far durable (covers synchronous_commit=off
    commits); returns the flushed LSN."""
    return _flush.write_and_flush_all()


def in_recovery() -> bool:
    return bool(_xc.load("in_recovery"))
