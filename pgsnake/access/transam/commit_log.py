"""The commit log (pg_xact): two status bits per transaction id, kept in SLRU buffers.

    status   bits   meaning
    in_progress 00  not finished (or crashed before finishing)
    committed   01
    aborted     10
    (11 is PostgreSQL's "sub-committed", unused here)

xid -> page xid // 32768 (8192 bytes x 4 xids), byte (xid % 32768) // 4 in it, bit shift
(xid % 4) * 2; 32 pages per segment file `pg_xact/%04X` (1,048,576 xids per file). This is
PostgreSQL's layout, byte for byte, so either server reads the other's files.

Entry points:
    xid_status(xid)          'in_progress' | 'committed' | 'aborted'
    set_status(xid, status)
    extend(xid)              a new xid: zero its page if it is the first on it (ExtendCLOG)
    bootstrap()              initdb: page 0 zeroed and written (BootStrapCLOG)
    trim(next_xid)           start-up: zero the current page from next_xid on (TrimCLOG)
    flush_at_checkpoint()    write every dirty page and fsync (CheckPointCLOG)
    forget_cache()           drop this process's cache of final answers
    XACT_LOG                 the Slru (buffers: min(128, max(4, shared_buffers / 512)))

Invariants
1. xids below FirstNormalTransactionId (3) are committed (bootstrap / frozen).
2. A commit is recorded here only after its commit record is durable (xact.py), unless
   synchronous_commit is off; an abort may be recorded at any time.
3. Updates are read-modify-write of one byte of a buffered page under CommitLogLock
   exclusive (slru.page_to_change), so two processes setting neighbouring xids in one
   byte never lose each other's bits.
4. committed/aborted are final: this process caches them; in_progress is never cached.
5. A page is zeroed before any xid on it is handed out, and the zeroing is WAL-logged
   (CLOG_ZEROPAGE) first, so replay zeroes it at the same point in history and a page
   left over from a lost future (xids assigned, never logged, then reissued after a
   crash) cannot leak stale bits. `trim` does the same for the rest of the current page.
6. pg_xact pages reach disk when evicted or at a checkpoint; a checkpoint writes them
   only after every commit whose record precedes its redo point has set its bits
   (proc_array invariant 6), so redo from the redo point restores everything else.

Where we differ from PostgreSQL: with synchronous_commit=off the bits are set at once,
before the commit record is durable, and a pg_xact page may be written before WAL reaches
that record (PostgreSQL keeps a group LSN per page and flushes WAL up to it before
writing). Instead recovery marks aborted any xid that has records after the redo point,
no surviving commit record, and a "committed" pg_xact entry (recovery.py), so a lost
asynchronous commit is never half-visible. pg_xact is never truncated yet (that needs
VACUUM's freeze horizon), so no CLOG_TRUNCATE records.

PostgreSQL: access/transam/clog.c (TransactionIdGetStatus, TransactionIdSetTreeStatus,
ExtendCLOG, BootStrapCLOG, TrimCLOG, CheckPointCLOG, clog_redo), access/rmgrdesc/
clogdesc.c, access/transam/transam.c (TransactionIdDidCommit).
"""
from __future__ import annotations

import os
import struct

from pgsnake.access.transam import slru
from pgsnake.access.transam.wal import wal, waldump
from pgsnake.utils import settings

COMMIT_LOG_DIRECTORY = "pg_xact"
FIRST_NORMAL_XID = 3
BITS_PER_XACT = 2
XACTS_PER_BYTE = 4
PAGE_SIZE = slru.PAGE_SIZE
PAGES_PER_SEGMENT = slru.PAGES_PER_SEGMENT
XACTS_PER_PAGE = PAGE_SIZE * XACTS_PER_BYTE
XACTS_PER_SEGMENT = XACTS_PER_PAGE * PAGES_PER_SEGMENT

IN_PROGRESS = "in_progress"
COMMITTED = "committed"
ABORTED = "aborted"
_CODE = {IN_PROGRESS: 0, COMMITTED: 1, ABORTED: 2}
_NAME = {0: IN_PROGRESS, 1: COMMITTED, 2: ABORTED, 3: COMMITTED}

CLOG_ZEROPAGE = 0x00
CLOG_TRUNCATE = 0x10


def buffer_count() -> int:
    """PostgreSQL 15's CLOGShmemBuffers()."""
    return min(128, max(4, settings.get("shared_buffers") // 512))


XACT_LOG = slru.Slru("Xact", COMMIT_LOG_DIRECTORY, buffer_count, lock_name="CommitLogLock")

_final: dict[int, str] = {}                 # invariant 4 (per process)
_final_pid = os.getpid()


def _locate(xid: int) -> tuple[int, int, int]:
    """(page number, byte offset in the page, bit shift)."""
    page, within = divmod(xid, XACTS_PER_PAGE)
    return page, within // XACTS_PER_BYTE, (xid % XACTS_PER_BYTE) * BITS_PER_XACT


def xid_status(xid: int) -> str:
    global _final_pid
    if xid < FIRST_NORMAL_XID:
        return COMMITTED
    if _final_pid != os.getpid():      # a forked child starts with an empty cache
        _final.clear()
        _final_pid = os.getpid()
    known = _final.get(xid)
    if known is not None:
        return known
    page, offset, shift = _locate(xid)
    byte = XACT_LOG.read_bytes(page, offset, 1, xid)[0]
    status = _NAME[(byte >> shift) & 3]
    if status != IN_PROGRESS:
        _final[xid] = status
    return status


def set_status(xid: int, status: str) -> None:
    """Record a transaction's outcome (invariants 2, 3)."""
    if xid < FIRST_NORMAL_XID:
        return
    code = _CODE[status]
    page_number, offset, shift = _locate(xid)
    with XACT_LOG.page_to_change(page_number, xid) as page:
        page[offset] = (page[offset] & ~(3 << shift) & 0xFF) | (code << shift)
    if status != IN_PROGRESS and _final_pid == os.getpid():
        _final[xid] = status


def extend(xid: int) -> None:
    """Called for every new xid under XidGenLock, before it is handed out: the first xid
    of a page gets the page zeroed, logged first (invariant 5). No WAL flush is needed:
    until the record is durable no xid on the page can have committed durably."""
    if xid % XACTS_PER_PAGE != 0 and xid != FIRST_NORMAL_XID:
        return
    page = xid // XACTS_PER_PAGE
    wal.insert_record(wal.RmgrId.CLOG, CLOG_ZEROPAGE, struct.pack("<i", page))
    XACT_LOG.zero_page(page)


def bootstrap() -> None:
    """initdb: pg_xact/0000 with page 0 zeroed."""
    XACT_LOG.zero_page(0, write=True)


def trim(next_xid: int) -> None:
    """Start-up, after recovery: nothing at or after next_xid has an outcome. Zero those
    bits on the current page (a crash may have left bits of xids that were handed out,
    never WAL-logged, and will now be handed out again); later pages are zeroed by
    `extend` when reached (invariant 5)."""
    page_number, offset, shift = _locate(next_xid)
    XACT_LOG.set_latest_page(page_number)
    if next_xid % XACTS_PER_PAGE == 0:
        return                  # the page will be zeroed when its first xid is assigned
    with XACT_LOG.page_to_change(page_number, next_xid) as page:
        page[offset] &= (1 << shift) - 1
        page[offset + 1:] = bytes(PAGE_SIZE - offset - 1)
    _final.clear()


def flush_at_checkpoint() -> None:
    """Write every dirty pg_xact page and fsync the files (invariant 6)."""
    XACT_LOG.write_all()


def forget_cache() -> None:
    """Drop this process's cache of final answers (after crash recovery, in tests)."""
    _final.clear()


# ---- the CLOG resource manager ------------------------------------------------------------

def redo(rec) -> None:
    if rec.info & 0xF0 == CLOG_ZEROPAGE:
        (page,) = struct.unpack_from("<i", rec.main_data)
        XACT_LOG.zero_page(page, write=True)


def describe(rec) -> str:
    (page,) = struct.unpack_from("<i", rec.main_data)
    return f"page {page}"


def identify(info: int) -> str:
    return {CLOG_ZEROPAGE: "ZEROPAGE", CLOG_TRUNCATE: "TRUNCATE"}.get(info & 0xF0, "UNKNOWN")


wal.register_rmgr(wal.RmgrId.CLOG, "CLOG", redo, describe)
waldump.register_identify(wal.RmgrId.CLOG, identify)
