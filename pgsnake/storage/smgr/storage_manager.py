"""The storage manager: reads and writes 8 kB blocks of relation forks on disk.

Every server process has the data directory as its working directory, so paths are
relative (`base/5/16384`). Blocks are addressed by (locator, fork, blockno) and mapped to
1 GB segment files by `segment_files`.

Rules (see README.md)
1. `extend()` writes the new block to the file at once, so the file length is the
   relation's true size for every process, and `nblocks()` is just a file-size probe:
   no process caches a relation's size.
2. Every write records its file in this process's `_pending_sync` set; a checkpoint
   calls `sync_all_pending()` (this process's writes) or `sync_all_relation_files()`
   (every file under base/ and global/, because other processes wrote too).
3. With the `fsync` setting off nothing is fsynced (as PostgreSQL).

Entry points: create, exists, unlink, nblocks, read, write, extend, sync,
sync_all_pending, sync_all_relation_files, close_all.

PostgreSQL: storage/smgr/smgr.c (smgrcreate, smgrread, smgrwrite, smgrextend,
smgrnblocks, smgrimmedsync), storage/smgr/md.c (mdcreate, mdunlink, mdsyncfiletag).
"""
from __future__ import annotations

import os

from pgsnake.storage.page.page_layout import BLCKSZ
from pgsnake.storage.smgr import segment_files
from pgsnake.storage.smgr.relation_path import ForkNumber, RelFileLocator, segment_path
from pgsnake.storage.smgr.segment_files import segment_of
from pgsnake.utils import settings
from pgsnake.utils.errors import DATA_CORRUPTED, PgError

UNDEFINED_FILE = "58P01"
IO_ERROR = "58030"

_pending_sync: set[str] = set()


def _fsync_enabled() -> bool:
    try:
        return bool(settings.get("fsync"))
    except Exception:       # settings not loaded (tools): be safe
        return True


def create(locator: RelFileLocator, fork: int = ForkNumber.MAIN) -> None:
    """Create the fork's first segment (empty). Idempotent: WAL redo of a create record
    may find the file already there."""
    path = segment_path(locator, fork, 0)
    directory = os.path.dirname(path)
    if directory and not os.path.isdir(directory):
        os.makedirs(directory, exist_ok=True)
    segment_files.open_segment(path, create=True)
    _pending_sync.add(path)


def exists(locator: RelFileLocator, fork: int = ForkNumber.MAIN) -> bool:
    path = segment_path(locator, fork, 0)
    return path in segment_files._open_files or os.path.exists(path)


def unlink(locator: RelFileLocator) -> None:
    """Remove every segment of every fork (DROP TABLE at commit, or abort of CREATE)."""
    for fork in ForkNumber:
        segno = 0
        while True:
            path = segment_path(locator, fork, segno)
            segment_files.close_segment(path)
            _pending_sync.discard(path)
            try:
                os.unlink(path)
            except FileNotFoundError:
                break
            segno += 1


def nblocks(locator: RelFileLocator, fork: int = ForkNumber.MAIN) -> int:
    """Blocks in the fork, from the segment files' sizes (rule 1). A relation whose
    first segment is missing is an error (58P01), never an empty table: reading a lost
    file as "no rows" would hide data loss."""
    first = segment_path(locator, fork, 0)
    if segment_files.open_segment(first) is None:
        raise PgError("58P01", f'could not open file "{first}": No such file or directory')
    total = 0
    segno = 0
    while True:
        n = segment_files.segment_nblocks(segment_path(locator, fork, segno))
        if n < segment_files.RELSEG_SIZE:
            return total + n
        total += segment_files.RELSEG_SIZE
        segno += 1


def _fd_for_block(locator, fork, blockno, create: bool = False) -> tuple[int, int, str]:
    segno, offset = segment_of(blockno)
    path = segment_path(locator, fork, segno)
    fd = segment_files.open_segment(path, create=create)
    if fd is None:
        raise PgError(UNDEFINED_FILE, f'could not open file "{path}": No such file or directory')
    return fd, offset, path


def read(locator: RelFileLocator, fork: int, blockno: int, into: memoryview) -> None:
    """Read one block into `into` (8192 bytes). PgError XX001 if the block is beyond
    the end of the file, with PostgreSQL's message."""
    segno, offset = segment_of(blockno)
    path = segment_path(locator, fork, segno)
    fd = segment_files.open_segment(path)
    if fd is None:
        raise PgError(UNDEFINED_FILE, f'could not open file "{path}": No such file or directory')
    got = os.preadv(fd, [into], offset)
    if got != BLCKSZ:
        raise PgError(DATA_CORRUPTED, f'could not read block {blockno} in file "{path}": '
                                      f'read only {got} of {BLCKSZ} bytes')


def write(locator: RelFileLocator, fork: int, blockno: int, data) -> None:
    """Overwrite an existing block (the buffer manager, after flushing WAL)."""
    fd, offset, path = _fd_for_block(locator, fork, blockno)
    _write_fully(fd, data, offset, path, blockno)


def extend(locator: RelFileLocator, fork: int, blockno: int, data) -> None:
    """Write block `blockno` at the end of the fork, creating its segment file if this
    block starts one (rule 1)."""
    fd, offset, path = _fd_for_block(locator, fork, blockno, create=True)
    _write_fully(fd, data, offset, path, blockno)


def _write_fully(fd: int, data, offset: int, path: str, blockno: int) -> None:
    written = os.pwrite(fd, data, offset)
    if written != BLCKSZ:
        raise PgError(IO_ERROR, f'could not write block {blockno} in file "{path}": '
                                f'wrote only {written} of {BLCKSZ} bytes')
    _pending_sync.add(path)


def sync(locator: RelFileLocator, fork: int = ForkNumber.MAIN) -> None:
    """fsync every segment of one fork now (smgrimmedsync)."""
    segno = 0
    while True:
        path = segment_path(locator, fork, segno)
        fd = segment_files.open_segment(path)
        if fd is None:
            return
        if _fsync_enabled():
            os.fsync(fd)
        _pending_sync.discard(path)
        segno += 1


def sync_all_pending() -> int:
    """fsync the files this process wrote since the last call (rule 2). Returns how
    many files were synced. Files unlinked in the meantime are skipped."""
    count = 0
    enabled = _fsync_enabled()
    while _pending_sync:
        path = _pending_sync.pop()
        fd = segment_files.open_segment(path)
        if fd is not None and enabled:
            os.fsync(fd)
            count += 1
    return count


def sync_all_relation_files() -> int:
    """fsync every file (and directory) under base/ and global/: the checkpointer's
    sync, since backends and the background writer wrote pages too (rule 2)."""
    _pending_sync.clear()
    if not _fsync_enabled():
        return 0
    count = 0
    for top in ("base", "global"):
        if not os.path.isdir(top):
            continue
        for directory, _subdirs, files in os.walk(top):
            for name in files:
                path = os.path.join(directory, name)
                try:
                    fd = os.open(path, os.O_RDONLY)
                except FileNotFoundError:
                    continue          # dropped while we walked
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
                count += 1
            dir_fd = os.open(directory, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
    return count


def close_all() -> None:
    """Drop this process's cached descriptors (after DROP, at checkpoint)."""
    segment_files.close_all()
