"""Durable files: the one door through which server processes open, read, write, fsync,
truncate, rename and remove the files that must survive a crash.

Relation segments (storage/smgr), WAL segments (access/transam/wal), the SLRUs (pg_xact,
pg_subtrans, pg_multixact), global/pg_control, pg_twophase/ state files and
postgresql.auto.conf all do their I/O through these functions. Each is a thin wrapper
around the `os` call of the same job and behaves exactly like it (same return values,
same OSError), so callers keep PostgreSQL's error handling: a short write is a short
write, an errno is an errno. Callers turn an OSError into a PgError with
`utils.errors.file_access_error` (PostgreSQL's errcode_for_file_access).

Why one door: tests must be able to make these calls fail (ENOSPC, EIO, torn and short
writes) and to simulate a power failure, which drops every write not yet fsynced. kill -9
alone cannot show a missing fsync, because the OS page cache survives it. Both facilities
live in fault_injection.py and power_loss.py; this module only routes to them.

Rules
1. Cost when the facility is off: one test of a module boolean per call. The facility is
   on only when the environment variable PGSNAKE_FAULT_INJECTION names a control
   directory when this module is imported (the postmaster imports it before forking, so
   every server process agrees), or when a test calls `enable_faults()` in-process.
   Normal use can never arm it by accident.
2. Every descriptor opened here is remembered with its path (`path_of(fd)`) until
   `close_file`, because faults are matched and writes journalled by path.
3. Paths are used as given: server processes pass paths relative to the data directory,
   which is their working directory, and fault patterns match those.

Entry points: open_file, close_file, pread, read_into, pwrite, fsync, fdatasync, truncate,
unlink, rename, make_directories, fsync_directory, fsync_path, path_of, file_size,
enable_faults, disable_faults, faults_enabled.

PostgreSQL: storage/file/fd.c (PathNameOpenFile, FileRead, FileWrite, FileSync,
FileTruncate, pg_fsync, fsync_fname, durable_rename, durable_unlink).
"""
from __future__ import annotations

import os

from pgsnake.storage.file import fault_injection as _faults

CONTROL_ENVIRONMENT_VARIABLE = "PGSNAKE_FAULT_INJECTION"

_enabled = False                    # rule 1: the only cost when no fault can be armed
_fd_paths: dict[int, str] = {}      # rule 2: this process's descriptors and their paths


# ---- opening and closing ----------------------------------------------------------------

def open_file(path: str, flags: int, mode: int = 0o600) -> int:
    """os.open(path, flags, mode); the descriptor is remembered with its path."""
    if _enabled:
        fd = _faults.open_file(path, flags, mode)
    else:
        fd = os.open(path, flags, mode)
    _fd_paths[fd] = path
    return fd


def close_file(fd: int) -> None:
    _fd_paths.pop(fd, None)
    os.close(fd)


def path_of(fd: int) -> str:
    """The path `fd` was opened with here ('' if it was not opened through this module)."""
    return _fd_paths.get(fd, "")


def file_size(fd: int) -> int:
    return os.fstat(fd).st_size


# ---- reading and writing ----------------------------------------------------------------

def pread(fd: int, length: int, offset: int) -> bytes:
    """os.pread: up to `length` bytes at `offset` (fewer at the end of the file)."""
    if _enabled:
        _faults.before_read(_fd_paths.get(fd, ""), length)
    return os.pread(fd, length, offset)


def read_into(fd: int, buffer, offset: int) -> int:
    """os.preadv into one writable buffer (a shared buffer page, without a copy);
    returns the bytes read."""
    if _enabled:
        _faults.before_read(_fd_paths.get(fd, ""), len(buffer))
    return os.preadv(fd, [buffer], offset)


def pwrite(fd: int, data, offset: int) -> int:
    """os.pwrite: returns the bytes written, which may be fewer than len(data) (a short
    write); the caller decides what that means, as PostgreSQL's callers of FileWrite do."""
    if _enabled:
        return _faults.pwrite(fd, _fd_paths.get(fd, ""), data, offset)
    return os.pwrite(fd, data, offset)


def truncate(fd: int, length: int) -> None:
    if _enabled:
        _faults.truncate(fd, _fd_paths.get(fd, ""), length)
        return
    os.ftruncate(fd, length)


# ---- making it durable ----------------------------------------------------------------

def fsync(fd: int) -> None:
    if _enabled:
        _faults.sync(fd, _fd_paths.get(fd, ""), data_only=False)
        return
    os.fsync(fd)


def fdatasync(fd: int) -> None:
    if _enabled:
        _faults.sync(fd, _fd_paths.get(fd, ""), data_only=True)
        return
    os.fdatasync(fd)


def fsync_path(path: str) -> bool:
    """Open `path` read-only, fsync it, close it (fsync_fname). False if it does not
    exist (dropped meanwhile); any other failure raises OSError."""
    try:
        fd = open_file(path, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fsync(fd)
    finally:
        close_file(fd)
    return True


def fsync_directory(path: str) -> None:
    """fsync a directory, making the creations, renames and removals of names in it
    durable. Missing directory: FileNotFoundError, as os.open."""
    if _enabled:
        _faults.sync_directory(path)
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# ---- names --------------------------------------------------------------------------------

def unlink(path: str) -> None:
    if _enabled:
        _faults.unlink(path)
        return
    os.unlink(path)


def rename(source: str, target: str) -> None:
    """os.rename (atomic replace of `target`); the caller fsyncs the directory."""
    if _enabled:
        _faults.rename(source, target)
        return
    os.rename(source, target)


def make_directories(path: str) -> None:
    """os.makedirs(path, exist_ok=True)."""
    if _enabled:
        _faults.make_directories(path)
        return
    os.makedirs(path, exist_ok=True)


# ---- the test facility (rule 1) ---------------------------------------------------------

def enable_faults(control_directory: str) -> None:
    """Route every call through fault_injection.py, armed from `control_directory`
    (see that module). Tests only: in-process, or through the environment variable."""
    global _enabled
    _faults.attach(os.path.abspath(control_directory))
    _enabled = True


def disable_faults() -> None:
    global _enabled
    _enabled = False
    _faults.detach()


def faults_enabled() -> bool:
    return _enabled


def _configure_from_environment() -> None:
    directory = os.environ.get(CONTROL_ENVIRONMENT_VARIABLE)
    if directory:
        enable_faults(directory)


_configure_from_environment()
