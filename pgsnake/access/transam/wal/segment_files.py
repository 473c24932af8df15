"""WAL segment files on disk: create them full-size, open them, fsync them, remove old ones.

A segment is created zero-filled at its full size under a temporary name, fsynced, then
renamed into place, so a crash never leaves a short segment and a later fdatasync never
has to update file-size metadata. Each process caches its own descriptors.

Entry points: `open_segment(segno, create)`, `sync_segment(segno)`, `remove_segments_before`,
`zero_segment_tail`, `close_all`.

PostgreSQL: access/transam/xlog.c (XLogFileInit, XLogFileOpen, RemoveOldXlogFiles),
access/transam/xlogutils.c.
"""
from __future__ import annotations

import os

from pgsnake.access.transam.wal import lsn as lsnmod
from pgsnake.utils import settings

WAL_DIRECTORY = "pg_wal"
_ZERO_CHUNK = bytes(1024 * 1024)

_fds: dict[tuple[int, int], int] = {}     # (timeline, segno) -> fd, this process only
_fd_pid = os.getpid()


def _cache() -> dict[tuple[int, int], int]:
    # Descriptors are per process: after fork the child must not share file offsets or
    # close its parent's descriptors by accident, so it starts a cache of its own.
    global _fd_pid
    if _fd_pid != os.getpid():
        _fds.clear()
        _fd_pid = os.getpid()
    return _fds


def open_segment(timeline: int, segno: int, create: bool) -> int | None:
    """A descriptor for the segment; None if it does not exist and not `create`."""
    cache = _cache()
    fd = cache.get((timeline, segno))
    if fd is not None:
        return fd
    path = lsnmod.segment_path(timeline, segno)
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        if not create:
            return None
        _create_full_size(path)
        fd = os.open(path, os.O_RDWR)
    cache[(timeline, segno)] = fd
    return fd


def _create_full_size(path: str) -> None:
    """Zero-fill to the full segment size under a temporary name, then rename (atomic)."""
    os.makedirs(WAL_DIRECTORY, exist_ok=True)
    temporary = f"{WAL_DIRECTORY}/xlogtemp.{os.getpid()}"
    fd = os.open(temporary, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        remaining = lsnmod.wal_segment_size()
        while remaining > 0:
            n = os.write(fd, _ZERO_CHUNK[:min(remaining, len(_ZERO_CHUNK))])
            remaining -= n
        if settings.get("fsync"):
            os.fsync(fd)
    finally:
        os.close(fd)
    os.rename(temporary, path)
    sync_directory()


def sync_directory() -> None:
    if not settings.get("fsync"):
        return
    fd = os.open(WAL_DIRECTORY, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_segment(timeline: int, segno: int) -> None:
    fd = open_segment(timeline, segno, create=False)
    if fd is not None and settings.get("fsync"):
        os.fdatasync(fd)


def existing_segments() -> list[tuple[str, int, int]]:
    """(file name, timeline, segno) of every segment file in pg_wal, in order."""
    out = []
    try:
        names = os.listdir(WAL_DIRECTORY)
    except FileNotFoundError:
        return []
    for name in names:
        try:
            tli, segno = lsnmod.parse_segment_file_name(name)
        except ValueError:
            continue
        out.append((name, tli, segno))
    return sorted(out, key=lambda t: (t[2], t[1]))


def remove_segments_before(segno: int) -> list[str]:
    """Delete segments wholly before `segno` (checkpoint: no longer needed for redo)."""
    removed = []
    for name, tli, number in existing_segments():
        if number < segno:
            _forget(tli, number)
            os.unlink(f"{WAL_DIRECTORY}/{name}")
            removed.append(name)
    return removed


def remove_segments_after(segno: int) -> list[str]:
    """Delete segments after `segno` (end of recovery: they hold only garbage)."""
    removed = []
    for name, tli, number in existing_segments():
        if number > segno:
            _forget(tli, number)
            os.unlink(f"{WAL_DIRECTORY}/{name}")
            removed.append(name)
    return removed


def zero_segment_tail(timeline: int, position: int) -> None:
    """Overwrite the segment containing `position` with zeros from `position` to its end,
    so bytes from before a crash can never be read as records after the new end of WAL."""
    segno = lsnmod.segment_number(position)
    fd = open_segment(timeline, segno, create=True)
    offset = lsnmod.segment_offset(position)
    size = lsnmod.wal_segment_size()
    while offset < size:
        n = os.pwrite(fd, _ZERO_CHUNK[:min(size - offset, len(_ZERO_CHUNK))], offset)
        offset += n
    if settings.get("fsync"):
        os.fdatasync(fd)


def _forget(timeline: int, segno: int) -> None:
    fd = _cache().pop((timeline, segno), None)
    if fd is not None:
        os.close(fd)


def close_all() -> None:
    cache = _cache()
    for fd in cache.values():
        os.close(fd)
    cache.clear()
