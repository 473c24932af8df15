"""WAL segment files on disk: create them full-size, open them, fsync them, remove old ones.

A segment is created zero-filled at its full size under a temporary name, fsynced, then
renamed into place and the directory fsynced, so a crash never leaves a short segment
and a later fdatasync never has to update file-size metadata. Each process caches its own
descriptors. All file I/O goes through storage/file/file_io.py.

Errors: creating a segment fails with an ERROR carrying PostgreSQL's text and SQLSTATE
("could not write to file "pg_wal/xlogtemp.N": No space left on device", 53100); its
callers write WAL inside a critical section, so it ends as a PANIC there, as in
PostgreSQL. A failed fdatasync of WAL is a PANIC here already ("could not fdatasync file
"<segment>": ...", PostgreSQL's issue_xlog_fsync).

Entry points: `open_segment(segno, create)`, `sync_segment(segno)`, `remove_segments_before`,
`zero_segment_tail`, `close_all`, `segment_name`.

PostgreSQL: access/transam/xlog.c (XLogFileInit, XLogFileOpen, RemoveOldXlogFiles,
issue_xlog_fsync), access/transam/xlogutils.c.
"""
from __future__ import annotations

import errno
import os

from pgsnake.access.transam.wal import lsn as lsnmod
from pgsnake.storage.file import file_io
from pgsnake.utils import settings
from pgsnake.utils.errors import file_access_error

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
        fd = file_io.open_file(path, os.O_RDWR)
    except FileNotFoundError:
        if not create:
            return None
        _create_full_size(path)
        try:
            fd = file_io.open_file(path, os.O_RDWR)
        except OSError as e:
            raise file_access_error(e, f'could not open file "{path}"') from None
    except OSError as e:
        raise file_access_error(e, f'could not open file "{path}"') from None
    cache[(timeline, segno)] = fd
    return fd


def _create_full_size(path: str) -> None:
    """Zero-fill to the full segment size under a temporary name, fsync, rename (atomic),
    fsync the directory (XLogFileInitInternal, durable_rename). On failure the temporary
    file is removed, to give the space back."""
    temporary = f"{WAL_DIRECTORY}/xlogtemp.{os.getpid()}"
    try:
        file_io.make_directories(WAL_DIRECTORY)
        fd = file_io.open_file(temporary, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as e:
        raise file_access_error(e, f'could not create file "{temporary}"') from None
    try:
        offset, size = 0, lsnmod.wal_segment_size()
        while offset < size:
            chunk = _ZERO_CHUNK[:min(size - offset, len(_ZERO_CHUNK))]
            n = file_io.pwrite(fd, chunk, offset)
            if n <= 0:                       # no errno: PostgreSQL assumes a full disk
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            offset += n
    except OSError as e:
        file_io.close_file(fd)
        _unlink_quietly(temporary)
        raise file_access_error(e, f'could not write to file "{temporary}"') from None
    try:
        if settings.get("fsync"):
            file_io.fsync(fd)
    except OSError as e:
        file_io.close_file(fd)
        _unlink_quietly(temporary)
        raise file_access_error(e, f'could not fsync file "{temporary}"') from None
    file_io.close_file(fd)
    try:
        file_io.rename(temporary, path)
    except OSError as e:
        _unlink_quietly(temporary)
        raise file_access_error(e, f'could not rename file "{temporary}" to "{path}"') from None
    sync_directory()


def _unlink_quietly(path: str) -> None:
    try:
        file_io.unlink(path)
    except OSError:
        pass


def sync_directory() -> None:
    if not settings.get("fsync"):
        return
    try:
        file_io.fsync_directory(WAL_DIRECTORY)
    except OSError as e:
        raise file_access_error(e, f'could not fsync file "{WAL_DIRECTORY}"') from None


def segment_name(timeline: int, segno: int) -> str:
    """The segment's file name without the directory, as PostgreSQL's WAL messages say."""
    return os.path.basename(lsnmod.segment_path(timeline, segno))


def sync_segment(timeline: int, segno: int) -> None:
    """fdatasync one segment. Failure is a PANIC: the kernel may have dropped WAL it could
    not write, and a retry could succeed without it (issue_xlog_fsync)."""
    fd = open_segment(timeline, segno, create=False)
    if fd is not None and settings.get("fsync"):
        try:
            file_io.fdatasync(fd)
        except OSError as e:
            raise file_access_error(e, f'could not fdatasync file '
                                       f'"{segment_name(timeline, segno)}"',
                                    severity="PANIC") from None


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
            _remove(name)
            removed.append(name)
    return removed


def _remove(name: str) -> None:
    """Remove a segment nobody needs; failing to is a LOG, as in RemoveXlogFile."""
    from pgsnake.utils import elog
    try:
        file_io.unlink(f"{WAL_DIRECTORY}/{name}")
    except FileNotFoundError:
        pass
    except OSError as e:
        elog.log(file_access_error(e, f'could not remove file "{WAL_DIRECTORY}/{name}"').message)


def remove_segments_after(segno: int) -> list[str]:
    """Delete segments after `segno` (end of recovery: they hold only garbage)."""
    removed = []
    for name, tli, number in existing_segments():
        if number > segno:
            _forget(tli, number)
            _remove(name)
            removed.append(name)
    return removed


def zero_segment_tail(timeline: int, position: int) -> None:
    """Overwrite the segment containing `position` with zeros from `position` to its end,
    so bytes from before a crash can never be read as records after the new end of WAL."""
    segno = lsnmod.segment_number(position)
    fd = open_segment(timeline, segno, create=True)
    offset = lsnmod.segment_offset(position)
    size = lsnmod.wal_segment_size()
    path = lsnmod.segment_path(timeline, segno)
    try:
        while offset < size:
            n = file_io.pwrite(fd, _ZERO_CHUNK[:min(size - offset, len(_ZERO_CHUNK))], offset)
            if n <= 0:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            offset += n
    except OSError as e:
        raise file_access_error(e, f'could not write to file "{path}"') from None
    sync_segment(timeline, segno)


def _forget(timeline: int, segno: int) -> None:
    fd = _cache().pop((timeline, segno), None)
    if fd is not None:
        file_io.close_file(fd)


def close_all() -> None:
    cache = _cache()
    for fd in cache.values():
        file_io.close_file(fd)
    cache.clear()
