"""The storage manager: reads and writes 8 kB blocks of relation forks on disk.

Every server process has the data directory as its working directory, so paths are
relative (`base/5/16384`). Blocks are addressed by (locator, fork, blockno) and mapped to
1 GB segment files by `segment_files`. All file I/O goes through storage/file/file_io.py.

Rules (see README.md)
1. `extend()` writes the new block to the file at once, so the file length is the
   relation's true size for every process, and `nblocks()` is just a file-size probe:
   no process caches a relation's size.
2. Every write, extension, truncation or creation of a relation file (not a temporary
   relation's) registers the file for the next checkpoint's fsync: in the shared fsync
   request queue (sync_requests.py) under a postmaster, else in this process's
   `_pending_sync`; a removal registers its directory. The checkpoint calls
   `sync_all_relation_files()`, which fsyncs what was registered, and the directories
   those files are in. `sync_all_pending()` syncs only this process's own set.
3. With the `fsync` setting off nothing is fsynced (as PostgreSQL).
4. I/O errors are reported as PostgreSQL's md.c reports them (errcode_for_file_access):
   a failed or short write of a data file is an ERROR (53100 for ENOSPC, with the hint
   "Check free disk space."), and so is a failed read (58030 for EIO): the statement
   fails and the server goes on. A failed fsync is a PANIC: the kernel may have dropped
   the dirty pages it could not write, so retrying could report success for data that
   is gone (PostgreSQL's data_sync_retry = off).

Entry points: create, exists, unlink, nblocks, read, write, extend, truncate, sync,
sync_all_pending, sync_all_relation_files, close_all.

PostgreSQL: storage/smgr/smgr.c (smgrcreate, smgrread, smgrwrite, smgrextend,
smgrnblocks, smgrimmedsync, smgrtruncate), storage/smgr/md.c (mdcreate, mdunlinkfork, mdread,
mdwrite, mdtruncate, mdextend, mdimmedsync, mdsyncfiletag), storage/sync/sync.c
(ProcessSyncRequests).
"""
from __future__ import annotations

import os
import time

from pgsnake.storage.file import file_io
from pgsnake.storage.page.page_layout import BLCKSZ
from pgsnake.storage.smgr import segment_files, sync_requests
from pgsnake.storage.smgr.relation_path import ForkNumber, RelFileLocator, segment_path
from pgsnake.storage.smgr.segment_files import segment_of
from pgsnake.utils import elog, io_counters, settings
from pgsnake.utils.errors import (DATA_CORRUPTED, DISK_FULL, UNDEFINED_FILE, PgError,
                                  file_access_error)

CHECK_FREE_DISK_SPACE = "Check free disk space."

_pending_sync: set[str] = set()
_pending_directories: set[str] = set()   # names removed from them (unlink)


FILE, DIRECTORY = "F", "D"          # what a sync request names (sync_requests.py)
_PENDING = {FILE: _pending_sync, DIRECTORY: _pending_directories}


def _register(locator: RelFileLocator, path: str, kind: str = FILE) -> None:
    """Rule 2: the next checkpoint fsyncs `path`, a file or a directory whose names
    changed (a temporary relation needs no fsync)."""
    if locator.is_temporary:
        return
    if not sync_requests.uses_queue():
        _PENDING[kind].add(path)
    elif not sync_requests.forward(kind + path) and _fsync_enabled():
        # The queue is full: fsync it ourselves (register_dirty_segment's fallback); a
        # file with its directory, in case the file is new.
        if kind == FILE:
            fd = _open(path)
            if fd is None:
                return
            _fsync_counted(fd, path)
            path = os.path.dirname(path)
        _fsync_directory_or_panic(path)


def absorb_sync_requests() -> None:
    """The checkpointer, between checkpoints: move the queue into its own pending set."""
    for entry in sync_requests.absorb():
        _PENDING[entry[0]].add(entry[1:])


def _fsync_enabled() -> bool:
    try:
        return bool(settings.get("fsync"))
    except Exception:       # settings not loaded (tools): be safe
        return True


def create(locator: RelFileLocator, fork: int = ForkNumber.MAIN) -> None:
    """Create the fork's first segment (empty). Idempotent: WAL redo of a create record
    may find the file already there."""
    path = segment_path(locator, fork, 0)
    try:
        directory = os.path.dirname(path)
        if directory and not os.path.isdir(directory):
            file_io.make_directories(directory)
        segment_files.open_segment(path, create=True)
    except OSError as e:
        raise file_access_error(e, f'could not create file "{path}"') from None
    _register(locator, path)


def exists(locator: RelFileLocator, fork: int = ForkNumber.MAIN) -> bool:
    path = segment_path(locator, fork, 0)
    return path in segment_files._open_files or os.path.exists(path)


def unlink(locator: RelFileLocator) -> None:
    """Remove every segment of every fork (DROP TABLE at commit, or abort of CREATE).
    Runs after the outcome is decided, so a failure is only a WARNING (mdunlinkfork)."""
    for fork in ForkNumber:
        segno = 0
        while True:
            path = segment_path(locator, fork, segno)
            segment_files.close_segment(path)
            _pending_sync.discard(path)
            try:
                file_io.unlink(path)
            except FileNotFoundError:
                break
            except OSError as e:
                error = file_access_error(e, f'could not remove file "{path}"')
                elog.log(error.message, "WARNING")
                break
            if fork == ForkNumber.MAIN and segno == 0:
                _register(locator, os.path.dirname(path), DIRECTORY)
            segno += 1


def nblocks(locator: RelFileLocator, fork: int = ForkNumber.MAIN) -> int:
    """Blocks in the fork, from the segment files' sizes (rule 1). A relation whose
    first segment is missing is an error (58P01), never an empty table: reading a lost
    file as "no rows" would hide data loss."""
    first = segment_path(locator, fork, 0)
    if _open(first) is None:
        raise PgError(UNDEFINED_FILE, f'could not open file "{first}": No such file or directory')
    total = 0
    segno = 0
    while True:
        path = segment_path(locator, fork, segno)
        try:
            n = segment_files.segment_nblocks(path)
        except OSError as e:
            raise file_access_error(e, f'could not open file "{path}"') from None
        if n < segment_files.RELSEG_SIZE:
            return total + n
        total += segment_files.RELSEG_SIZE
        segno += 1


def _open(path: str, create: bool = False) -> int | None:
    try:
        return segment_files.open_segment(path, create=create)
    except OSError as e:
        raise file_access_error(e, f'could not open file "{path}"') from None


def _fd_for_block(locator, fork, blockno, create: bool = False) -> tuple[int, int, str]:
    segno, offset = segment_of(blockno)
    path = segment_path(locator, fork, segno)
    fd = _open(path, create)
    if fd is None:
        raise PgError(UNDEFINED_FILE, f'could not open file "{path}": No such file or directory')
    return fd, offset, path


def read(locator: RelFileLocator, fork: int, blockno: int, into: memoryview) -> None:
    """Read one block into `into` (8192 bytes). PgError XX001 if the block is beyond
    the end of the file, with PostgreSQL's message; an I/O error is an ERROR (rule 4)."""
    fd, offset, path = _fd_for_block(locator, fork, blockno)
    try:
        got = file_io.read_into(fd, into, offset)
    except OSError as e:
        raise file_access_error(e, f'could not read block {blockno} in file "{path}"') from None
    if got != BLCKSZ:
        raise PgError(DATA_CORRUPTED, f'could not read block {blockno} in file "{path}": '
                                      f'read only {got} of {BLCKSZ} bytes')


def write(locator: RelFileLocator, fork: int, blockno: int, data) -> None:
    """Overwrite an existing block (the buffer manager, after flushing WAL)."""
    fd, offset, path = _fd_for_block(locator, fork, blockno)
    try:
        written = file_io.pwrite(fd, data, offset)
    except OSError as e:
        raise file_access_error(e, f'could not write block {blockno} in file "{path}"') from None
    if written != BLCKSZ:
        # PostgreSQL's FileWrite: a write that stops short without an errno is a full disk.
        raise PgError(DISK_FULL, f'could not write block {blockno} in file "{path}": '
                                 f'wrote only {written} of {BLCKSZ} bytes',
                      hint=CHECK_FREE_DISK_SPACE)
    _register(locator, path)


def extend(locator: RelFileLocator, fork: int, blockno: int, data) -> None:
    """Write block `blockno` at the end of the fork, creating its segment file if this
    block starts one (rule 1). A short write leaves a partial block past the end, which
    nblocks() ignores and the next extension overwrites."""
    fd, offset, path = _fd_for_block(locator, fork, blockno, create=True)
    try:
        written = file_io.pwrite(fd, data, offset)
    except OSError as e:
        raise file_access_error(e, f'could not extend file "{path}"',
                                hint=CHECK_FREE_DISK_SPACE) from None
    if written != BLCKSZ:
        raise PgError(DISK_FULL, f'could not extend file "{path}": wrote only {written} of '
                                 f'{BLCKSZ} bytes at block {blockno}',
                      hint=CHECK_FREE_DISK_SPACE)
    _register(locator, path)


def truncate(locator: RelFileLocator, fork: int, new_nblocks: int) -> None:
    """Cut the fork down to `new_nblocks` blocks (mdtruncate): the segment holding the
    new end is shortened, later segments are emptied (kept, as PostgreSQL keeps them,
    so other processes' open descriptors stay valid). Every changed segment is synced
    at the next checkpoint. The caller has dropped the buffers of the removed blocks and
    logged XLOG_SMGR_TRUNCATE first."""
    old_nblocks = nblocks(locator, fork)
    segno = 0
    while segno * segment_files.RELSEG_SIZE < old_nblocks:
        first = segno * segment_files.RELSEG_SIZE
        keep = min(max(new_nblocks - first, 0), segment_files.RELSEG_SIZE)
        path = segment_path(locator, fork, segno)
        if keep < segment_files.RELSEG_SIZE:
            fd = _open(path)
            if fd is None:
                break
            try:
                file_io.truncate(fd, keep * BLCKSZ)
            except OSError as e:
                raise file_access_error(e, f'could not truncate file "{path}" to {keep} '
                                           f'blocks') from None
            _register(locator, path)
        segno += 1


def _fsync_or_panic(fd: int, path: str) -> None:
    """Rule 4: a failed fsync of a data file is a PANIC."""
    try:
        file_io.fsync(fd)
    except OSError as e:
        raise file_access_error(e, f'could not fsync file "{path}"', severity="PANIC") from None


def _fsync_counted(fd: int, path: str) -> None:
    """A relation file's fsync that pg_stat_io counts (as "fsyncs" of this process's
    relation I/O, with its time under track_io_timing)."""
    if settings.get("track_io_timing"):
        started = time.perf_counter()
        _fsync_or_panic(fd, path)
        io_counters.times_us[io_counters.RELATION_FSYNC] += int(
            (time.perf_counter() - started) * 1e6)
    else:
        _fsync_or_panic(fd, path)
    io_counters.counts[io_counters.RELATION_FSYNC] += 1


def sync(locator: RelFileLocator, fork: int = ForkNumber.MAIN) -> None:
    """fsync every segment of one fork now (smgrimmedsync)."""
    segno = 0
    while True:
        path = segment_path(locator, fork, segno)
        fd = _open(path)
        if fd is None:
            return
        if _fsync_enabled():
            _fsync_or_panic(fd, path)
        _pending_sync.discard(path)
        segno += 1


def sync_directory_of(locator: RelFileLocator) -> None:
    """fsync the directory holding the relation's files, so that a new file's name
    survives a power failure (wal_level = minimal's commit of a file it did not log)."""
    if _fsync_enabled():
        _fsync_directory_or_panic(os.path.dirname(segment_path(locator, ForkNumber.MAIN, 0)))


def sync_all_pending() -> int:
    """fsync the files this process wrote since the last call (rule 2). Returns how
    many files were synced. Files unlinked in the meantime are skipped."""
    count = 0
    enabled = _fsync_enabled()
    while _pending_sync:
        path = _pending_sync.pop()
        fd = _open(path)
        if fd is not None and enabled:
            _fsync_counted(fd, path)
            count += 1
    return count


def sync_all_relation_files() -> int:
    """The checkpoint's sync (ProcessSyncRequests): fsync every file registered since the
    last one (rule 2: this process's own, and the queue's), then the directories they are
    in and those names were removed from, so new and removed names are durable too.
    Files dropped meanwhile are skipped. Any failure is a PANIC (rule 4). Returns how
    many files were synced."""
    absorb_sync_requests()
    files, directories = set(_pending_sync), set(_pending_directories)
    _pending_sync.clear()
    _pending_directories.clear()
    if not _fsync_enabled():
        return 0
    count = 0
    timed = settings.get("track_io_timing")
    for path in sorted(files):
        try:
            started = time.perf_counter() if timed else 0.0
            if file_io.fsync_path(path):      # False: dropped since it was registered
                count += 1
                directories.add(os.path.dirname(path))
                io_counters.counts[io_counters.RELATION_FSYNC] += 1
                if timed:
                    io_counters.times_us[io_counters.RELATION_FSYNC] += int(
                        (time.perf_counter() - started) * 1e6)
        except OSError as e:
            raise file_access_error(e, f'could not fsync file "{path}"',
                                    severity="PANIC") from None
    for directory in sorted(directories):
        _fsync_directory_or_panic(directory)
    return count


def _fsync_directory_or_panic(directory: str) -> None:
    try:
        file_io.fsync_directory(directory or ".")
    except FileNotFoundError:
        pass                                  # a database dropped meanwhile
    except OSError as e:
        raise file_access_error(e, f'could not fsync file "{directory}"',
                                severity="PANIC") from None


def close_all() -> None:
    """Drop this process's cached descriptors (after DROP, at checkpoint)."""
    segment_files.close_all()
