"""The commit log (pg_xact): two status bits per transaction id.

    status   bits   meaning
    in_progress 00  not finished (or crashed before finishing)
    committed   01
    aborted     10
    (11 is PostgreSQL's "sub-committed", unused here)

xid -> file `pg_xact/%04X` (32 pages x 8192 bytes = 1,048,576 xids per file), byte
(xid % 1048576) // 4 in that file, bit shift (xid % 4) * 2.

Entry points: `xid_status(xid)`, `set_status(xid, status)`, `checkpoint_sync()`.

Invariants
1. xids below FirstNormalTransactionId (3) are committed (bootstrap / frozen).
2. A commit is recorded here only after its commit record is durable (xact.py), unless
   synchronous_commit is off; an abort may be recorded at any time.
3. Updates are read-modify-write of one byte under CommitLogLock exclusive, so two
   processes setting neighbouring xids in the same byte never lose each other's bits.
4. committed/aborted are final: this process caches them; in_progress is never cached.

Where we differ from PostgreSQL: PostgreSQL keeps recent pg_xact pages in shared SLRU
buffers and writes them back at checkpoint. We pread/pwrite the byte through the OS page
cache under CommitLogLock, which is simple and correct across processes; pg_xact files are
fsynced at checkpoint (`checkpoint_sync`), and redo of commit/abort records restores any
bits lost in a crash. No CLOG_ZEROPAGE records: a pwrite past the end extends with zeros
(= in progress).

PostgreSQL: access/transam/clog.c (TransactionIdGetStatus, TransactionIdSetTreeStatus,
CheckPointCLOG), access/transam/transam.c (TransactionIdDidCommit).
"""
from __future__ import annotations

import os

from pgsnake.storage.lmgr import lwlock
from pgsnake.utils import settings

COMMIT_LOG_DIRECTORY = "pg_xact"
FIRST_NORMAL_XID = 3
BITS_PER_XACT = 2
XACTS_PER_BYTE = 4
PAGE_SIZE = 8192
PAGES_PER_SEGMENT = 32
XACTS_PER_PAGE = PAGE_SIZE * XACTS_PER_BYTE
XACTS_PER_SEGMENT = XACTS_PER_PAGE * PAGES_PER_SEGMENT

IN_PROGRESS = "in_progress"
COMMITTED = "committed"
ABORTED = "aborted"
_CODE = {IN_PROGRESS: 0, COMMITTED: 1, ABORTED: 2}
_NAME = {0: IN_PROGRESS, 1: COMMITTED, 2: ABORTED, 3: COMMITTED}

_final: dict[int, str] = {}                 # invariant 4 (per process)
_fds: dict[int, int] = {}
_fd_pid = os.getpid()


def _fd(segment: int, create: bool) -> int | None:
    global _fd_pid
    if _fd_pid != os.getpid():     # a forked child gets its own descriptors and cache
        _fds.clear()
        _final.clear()
        _fd_pid = os.getpid()
    fd = _fds.get(segment)
    if fd is None:
        path = f"{COMMIT_LOG_DIRECTORY}/{segment:04X}"
        try:
            fd = os.open(path, os.O_RDWR | (os.O_CREAT if create else 0), 0o600)
        except FileNotFoundError:
            if not create:
                return None
            os.makedirs(COMMIT_LOG_DIRECTORY, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        _fds[segment] = fd
    return fd


def _locate(xid: int) -> tuple[int, int, int]:
    """(segment file number, byte offset in the file, bit shift)."""
    segment, within = divmod(xid, XACTS_PER_SEGMENT)
    return segment, within // XACTS_PER_BYTE, (xid % XACTS_PER_BYTE) * BITS_PER_XACT


def xid_status(xid: int) -> str:
    if xid < FIRST_NORMAL_XID:
        return COMMITTED
    known = _final.get(xid)
    if known is not None and _fd_pid == os.getpid():
        return known
    segment, offset, shift = _locate(xid)
    fd = _fd(segment, create=False)
    if fd is None:
        return IN_PROGRESS
    # A one-byte pread cannot see a half-done one-byte pwrite, so no lock is needed.
    data = os.pread(fd, 1, offset)
    status = _NAME[(data[0] >> shift) & 3] if data else IN_PROGRESS
    if status != IN_PROGRESS:
        _final[xid] = status
    return status


def set_status(xid: int, status: str) -> None:
    """Record a transaction's outcome (invariants 2, 3)."""
    if xid < FIRST_NORMAL_XID:
        return
    code = _CODE[status]
    segment, offset, shift = _locate(xid)
    lock = lwlock.named("CommitLogLock")
    lock.acquire(lwlock.EXCLUSIVE)
    try:
        fd = _fd(segment, create=True)
        data = os.pread(fd, 1, offset)
        old = data[0] if data else 0
        new = (old & ~(3 << shift)) | (code << shift)
        if new != old or not data:
            os.pwrite(fd, bytes((new,)), offset)
    finally:
        lock.release()
    if status != IN_PROGRESS:
        _final[xid] = status


def checkpoint_sync() -> None:
    """fsync every pg_xact file (checkpoint: bits set before the redo point must survive)."""
    if not settings.get("fsync"):
        return
    try:
        names = os.listdir(COMMIT_LOG_DIRECTORY)
    except FileNotFoundError:
        return
    for name in names:
        fd = os.open(f"{COMMIT_LOG_DIRECTORY}/{name}", os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def forget_cache() -> None:
    """Drop this process's cache and descriptors (after crash recovery, in tests)."""
    _final.clear()
    for fd in _fds.values():
        os.close(fd)
    _fds.clear()
