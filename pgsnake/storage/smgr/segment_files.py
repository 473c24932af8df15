"""The files behind one relation fork: 1 GB segments and this process's open descriptors.

A fork is stored as `<relfilenode>`, `<relfilenode>.1`, `<relfilenode>.2` ..., each holding
RELSEG_SIZE blocks of 8 kB (1 GB). Block b lives in segment b // RELSEG_SIZE at byte
(b % RELSEG_SIZE) * BLCKSZ. Only the last segment may be shorter than RELSEG_SIZE blocks.

Descriptors are cached per process in `_open_files` (path -> fd). The cache is private,
so a file unlinked by another process may still be open here: `close_all()` drops the
cache (after DROP, at checkpoint) and `forget(path)` one entry.

Descriptors are opened and closed through storage/file/file_io.py, like every durable
file's, so tests can fault them; an OSError other than "no such file" propagates to the
storage manager, which reports it as PostgreSQL does.

Entry points: RELSEG_SIZE, open_segment, close_segment, close_all, segment_of,
segment_nblocks.

PostgreSQL: storage/smgr/md.c (_mdfd_getseg, _mdnblocks, mdopenfork), storage/file/fd.c.
"""
from __future__ import annotations

import os

from pgsnake.storage.file import file_io
from pgsnake.storage.page.page_layout import BLCKSZ

RELSEG_SIZE = 131072          # blocks per segment: 1 GB / 8 kB

_open_files: dict[str, int] = {}


def segment_of(blockno: int) -> tuple[int, int]:
    """(segment number, byte offset inside the segment) of a block."""
    segno, block_in_segment = divmod(blockno, RELSEG_SIZE)   # module global: tests shrink it
    return segno, block_in_segment * BLCKSZ


def open_segment(path: str, create: bool = False) -> int | None:
    """This process's descriptor for `path`; None if the file does not exist and
    `create` is false."""
    fd = _open_files.get(path)
    if fd is not None:
        return fd
    flags = os.O_RDWR | (os.O_CREAT if create else 0)
    try:
        fd = file_io.open_file(path, flags, 0o600)
    except FileNotFoundError:
        if create:
            raise
        return None
    _open_files[path] = fd
    return fd


def segment_nblocks(path: str) -> int:
    """Whole blocks in one segment file (0 if missing)."""
    fd = open_segment(path)
    if fd is None:
        return 0
    return file_io.file_size(fd) // BLCKSZ


def close_segment(path: str) -> None:
    fd = _open_files.pop(path, None)
    if fd is not None:
        file_io.close_file(fd)


def close_all() -> None:
    while _open_files:
        _, fd = _open_files.popitem()
        try:
            file_io.close_file(fd)
        except OSError:
            pass


def open_paths() -> list[str]:
    return list(_open_files)
