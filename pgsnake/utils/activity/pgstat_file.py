"""The cumulative statistics across a clean restart: written to pg_stat/pgstat.stat by
the checkpointer after the shutdown checkpoint, read back by the startup process, and
thrown away after crash recovery, as PostgreSQL 15 does.

The file is pgsnake's own (PostgreSQL's is not portable either): the magic
b"PGSNAKE-STATS-1", the cluster-wide counters, the number of entries, then each entry
(kind, database, object and its counters), all little-endian. It is written to a
temporary name, fsynced and renamed, so a crash while writing leaves the old file or
none; it is removed once read, so a later crash cannot bring back stale counts.

Entry points: write_at_shutdown(), restore_at_startup(), discard().

PostgreSQL: utils/activity/pgstat.c (pgstat_write_statsfile, pgstat_read_statsfile,
pgstat_restore_stats, pgstat_discard_stats, pgstat_before_server_shutdown).
"""
from __future__ import annotations

import os
import struct

from pgsnake.storage.file import file_io
from pgsnake.storage.ipc import pgstat_shmem as shm
from pgsnake.storage.lmgr import lwlock
from pgsnake.utils import elog

DIRECTORY = "pg_stat"
PATH = os.path.join(DIRECTORY, "pgstat.stat")
TEMP_PATH = os.path.join(DIRECTORY, "pgstat.tmp")
MAGIC = b"PGSNAKE-STATS-1\0"
_HEADER = struct.Struct(f"<16s{shm.GLOBAL_SLOTS}qI")
_ENTRY = struct.Struct(f"<III{shm.COUNTER_SLOTS}q")


def write_at_shutdown() -> None:
    """Called by the checkpointer after the shutdown checkpoint: nobody else runs."""
    with shm.locked(lwlock.SHARED):
        found = shm.entries()
        values = shm.read_globals()
    data = bytearray(_HEADER.pack(MAGIC, *values, len(found)))
    for kind, db, obj, counters in found:
        data += _ENTRY.pack(kind, db, obj, *counters)
    file_io.make_directories(DIRECTORY)
    fd = file_io.open_file(TEMP_PATH, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        file_io.pwrite(fd, bytes(data), 0)
        file_io.fsync(fd)
    finally:
        file_io.close_file(fd)
    file_io.rename(TEMP_PATH, PATH)


def restore_at_startup() -> None:
    """Load the file written at the last clean shutdown, then remove it. A file that is
    damaged is logged and ignored (the counts start from zero, as PostgreSQL's)."""
    if not os.path.exists(PATH):
        return
    try:
        fd = file_io.open_file(PATH, os.O_RDONLY)
        try:
            data = file_io.pread(fd, file_io.file_size(fd), 0)
        finally:
            file_io.close_file(fd)
        _load(data)
    except (OSError, struct.error, ValueError) as e:
        elog.log(f'corrupted statistics file "{PATH}": {e}', "LOG")
    discard()


def _load(data: bytes) -> None:
    header = _HEADER.unpack_from(data, 0)
    if header[0] != MAGIC:
        raise ValueError("wrong magic number")
    count = header[-1]
    if len(data) != _HEADER.size + count * _ENTRY.size:
        raise ValueError("wrong length")
    with shm.locked():
        shm.write_globals(list(header[1:-1]))
        for i in range(count):
            kind, db, obj, *counters = _ENTRY.unpack_from(data, _HEADER.size + i * _ENTRY.size)
            index = shm.find_or_create(kind, db, obj)
            if index >= 0:
                shm.write_counters(index, counters)


def discard() -> None:
    """pgstat_discard_stats: after crash recovery the counts are not trusted."""
    for path in (PATH, TEMP_PATH):
        if os.path.exists(path):
            file_io.unlink(path)
