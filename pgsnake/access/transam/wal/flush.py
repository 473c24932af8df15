"""Writing WAL buffers to segment files and making them durable (group commit).

Entry points:
    write_upto(target)   caller holds WALWriteLock: write() everything before `target`
    flush(lsn)           make WAL durable up to at least `lsn`

Group commit: `flush` first checks the shared flushed position without a lock (already
durable: done). Otherwise it takes WALWriteLock and checks again, because while it waited
another committer may have flushed past `lsn` on its behalf. If not, it writes and fsyncs
everything inserted so far, not just up to `lsn`, so that the committers queued behind it
find their records already durable. One fdatasync thus serves many commits.

Invariants
1. written_position and flushed_position change only under WALWriteLock, and
   flushed_position <= written_position <= insert_position.
2. Only bytes before the insert position are ever written: they are complete and stable
   in the ring (a slot is reused only after its page is written, wal_buffers.py).
3. Any failure to write or fdatasync WAL is a PANIC (PostgreSQL's XLogWrite and
   issue_xlog_fsync): records other backends were told are durable, or are about to
   be, could be missing, and after a failed fsync the kernel may have dropped the pages
   it could not write, so a retry could "succeed" without them. Crash recovery starts
   again from what is really on disk. All I/O goes through storage/file/file_io.py.

PostgreSQL: access/transam/xlog.c (XLogFlush, XLogWrite, issue_xlog_fsync).
"""
from __future__ import annotations

import errno
import os

from pgsnake.access.transam.wal import lsn as lsnmod
from pgsnake.access.transam.wal import segment_files, wal_buffers
from pgsnake.access.transam.wal import xlog_control as xc
from pgsnake.storage.file import file_io
from pgsnake.storage.lmgr import lwlock
from pgsnake.utils import settings
from pgsnake.utils.errors import PanicError, PgError, file_access_error

statistics = {"writes": 0, "syncs": 0}   # this process's counts (pg_stat_wal-like)


def write_upto(target: int) -> None:
    """Write the ring's bytes from written_position to `target` (WALWriteLock held)."""
    written = xc.load("written_position")
    if written >= target:
        return
    ring = wal_buffers.ring()
    segment_size = lsnmod.wal_segment_size()
    timeline = xc.load("timeline")
    while written < target:
        # One pwrite per run that is contiguous both in the ring and in one segment.
        segno = written // segment_size
        upto = min(target, (segno + 1) * segment_size, wal_buffers.contiguous_end(written))
        start_in_ring = wal_buffers.slot_offset(written) + written % lsnmod.WAL_PAGE_SIZE
        try:
            fd = segment_files.open_segment(timeline, segno, create=True)
        except PgError as e:            # invariant 3: creating the segment failed
            raise PanicError(e.sqlstate, e.message, detail=e.detail, hint=e.hint) from None
        data = ring[start_in_ring:start_in_ring + (upto - written)]
        offset = written % segment_size
        while data:
            n = _write_wal(fd, data, offset, timeline, segno)
            data, offset = data[n:], offset + n
        statistics["writes"] += 1
        written = upto
    xc.store("written_position", written)


def _write_wal(fd: int, data, offset: int, timeline: int, segno: int) -> int:
    """One pwrite of WAL; PANIC if it fails or writes nothing (invariant 3). A short
    write just makes the caller write the rest."""
    try:
        n = file_io.pwrite(fd, data, offset)
        if n <= 0:                      # no errno: PostgreSQL assumes a full disk
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return n
    except OSError as e:
        raise file_access_error(
            e, f"could not write to log file {segment_files.segment_name(timeline, segno)} "
               f"at offset {offset}, length {len(data)}", severity="PANIC") from None


def flush(lsn: int) -> None:
    """Make WAL durable up to `lsn` (a record's end LSN). No-op if it already is."""
    if lsn <= xc.load("flushed_position"):
        return
    if xc.load("in_recovery"):
        # During redo the buffer manager flushes pages whose LSNs come from replayed
        # records; that WAL is on disk already (it is what we are replaying).
        return
    lock = lwlock.named("WALWriteLock")
    lock.acquire(lwlock.EXCLUSIVE)
    try:
        flushed = xc.load("flushed_position")
        if lsn <= flushed:
            return               # another committer flushed for us (group commit)
        target = xc.load("insert_position")
        if lsn > target:
            raise PgError("XX000", f"xlog flush request {lsnmod.format_lsn(lsn)} is not satisfied "
                                   f"--- flushed only to {lsnmod.format_lsn(target)}")
        write_upto(target)
        if settings.get("fsync"):
            segment_size = lsnmod.wal_segment_size()
            timeline = xc.load("timeline")
            for segno in range(flushed // segment_size, (target - 1) // segment_size + 1):
                segment_files.sync_segment(timeline, segno)
            statistics["syncs"] += 1
        xc.store("flushed_position", target)
    finally:
        lock.release()


def write_and_flush_all() -> int:
    """Flush everything inserted so far (WAL writer, shutdown). Returns the flushed LSN."""
    target = xc.load("insert_position")
    flush(target)
    return xc.load("flushed_position")
