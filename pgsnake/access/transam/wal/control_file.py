"""global/pg_control: the cluster's identity and the location of the last checkpoint.

The file is 8192 bytes; the real content is well under 512 bytes and ends with a CRC-32C
of everything before it, so a write is one sector and cannot be torn (the assumption
PostgreSQL makes). `write` writes the whole file in place and fsyncs it.

Layout (little endian):
    system_identifier u64, pg_control_version u32, catalog_version u32, state u32, pad,
    time i64, checkpoint_lsn u64, redo_lsn u64, timeline u32, prev_timeline u32,
    next_xid u64, next_oid u32, wal_segment_size u32, block_size u32, wal_block_size u32,
    relseg_size u32, data_checksum_version u32, min_recovery_point u64, checkpoint_time i64,
    full_page_writes u8, 7 pad, crc u32

Entry points: `ControlFile`, `DBState`, `read(path)`, `write(cf, path)`, `encode`, `decode`.

PostgreSQL: include/catalog/pg_control.h (ControlFileData, DBState),
common/controldata_utils.c (get_controlfile, update_controlfile).
"""
from __future__ import annotations

import dataclasses
import os
import struct
import time
from enum import IntEnum

import crc32c

from pgsnake.utils import settings
from pgsnake.utils.errors import PgError

PG_CONTROL_VERSION = 1300
CATALOG_VERSION_NO = 202209061
PG_CONTROL_FILE_SIZE = 8192
PG_CONTROL_PATH = "global/pg_control"

_LAYOUT = struct.Struct("<QIII4xqQQIIQIIIIIIQqB7x")
_CRC = struct.Struct("<I")


class DBState(IntEnum):
    STARTUP = 0
    SHUTDOWNED = 1
    SHUTDOWNED_IN_RECOVERY = 2
    SHUTDOWNING = 3
    IN_CRASH_RECOVERY = 4
    IN_ARCHIVE_RECOVERY = 5
    IN_PRODUCTION = 6

    def describe(self) -> str:
        """The words pg_controldata prints for 'Database cluster state'."""
        return _STATE_TEXT[self]


_STATE_TEXT = {
    DBState.STARTUP: "starting up", DBState.SHUTDOWNED: "shut down",
    DBState.SHUTDOWNED_IN_RECOVERY: "shut down in recovery", DBState.SHUTDOWNING: "shutting down",
    DBState.IN_CRASH_RECOVERY: "in crash recovery", DBState.IN_ARCHIVE_RECOVERY: "in archive recovery",
    DBState.IN_PRODUCTION: "in production",
}


@dataclasses.dataclass(slots=True)
class ControlFile:
    system_identifier: int = 0
    state: DBState = DBState.STARTUP
    checkpoint_lsn: int = 0
    redo_lsn: int = 0
    timeline: int = 1
    next_xid: int = 3
    next_oid: int = 16384
    time: int = 0                      # seconds since the epoch of the last update
    pg_control_version: int = PG_CONTROL_VERSION
    catalog_version: int = CATALOG_VERSION_NO
    prev_timeline: int = 1
    wal_segment_size: int = 16 * 1024 * 1024
    block_size: int = 8192
    wal_block_size: int = 8192
    relseg_size: int = 131072
    data_checksum_version: int = 0
    min_recovery_point: int = 0
    checkpoint_time: int = 0
    full_page_writes: bool = True


def encode(cf: ControlFile) -> bytes:
    body = _LAYOUT.pack(cf.system_identifier, cf.pg_control_version, cf.catalog_version,
                        int(cf.state), cf.time, cf.checkpoint_lsn, cf.redo_lsn, cf.timeline,
                        cf.prev_timeline, cf.next_xid, cf.next_oid, cf.wal_segment_size,
                        cf.block_size, cf.wal_block_size, cf.relseg_size, cf.data_checksum_version,
                        cf.min_recovery_point, cf.checkpoint_time, int(cf.full_page_writes))
    content = body + _CRC.pack(crc32c.crc32c(body))
    assert len(content) <= 512, "pg_control content must fit one sector"
    return content + bytes(PG_CONTROL_FILE_SIZE - len(content))


def decode(data: bytes) -> ControlFile:
    if len(data) < _LAYOUT.size + _CRC.size:
        raise PgError("XX000", "could not read file \"global/pg_control\": read "
                      f"{len(data)} of {PG_CONTROL_FILE_SIZE}", severity="PANIC")
    body = data[:_LAYOUT.size]
    (stored_crc,) = _CRC.unpack_from(data, _LAYOUT.size)
    version = struct.unpack_from("<I", body, 8)[0]
    if version != PG_CONTROL_VERSION:
        raise PgError("XX000", f"database files are incompatible with server",
                      detail=f"The database cluster was initialized with PG_CONTROL_VERSION "
                             f"{version}, but the server was compiled with PG_CONTROL_VERSION "
                             f"{PG_CONTROL_VERSION}.", severity="FATAL")
    if crc32c.crc32c(body) != stored_crc:
        raise PgError("XX000", "incorrect checksum in control file", severity="FATAL")
    f = _LAYOUT.unpack(body)
    return ControlFile(system_identifier=f[0], pg_control_version=f[1], catalog_version=f[2],
                       state=DBState(f[3]), time=f[4], checkpoint_lsn=f[5], redo_lsn=f[6],
                       timeline=f[7], prev_timeline=f[8], next_xid=f[9], next_oid=f[10],
                       wal_segment_size=f[11], block_size=f[12], wal_block_size=f[13],
                       relseg_size=f[14], data_checksum_version=f[15], min_recovery_point=f[16],
                       checkpoint_time=f[17], full_page_writes=bool(f[18]))


def read(path: str = PG_CONTROL_PATH) -> ControlFile:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise PgError("58P01", f'could not open file "{path}": No such file or directory',
                      severity="FATAL") from None
    return decode(data)


def write(cf: ControlFile, path: str = PG_CONTROL_PATH) -> None:
    """Write the whole file in place and fsync it (one-sector content: never torn)."""
    cf.time = int(time.time())
    data = encode(cf)
    directory = os.path.dirname(path)
    if directory:
        os.makedirs(directory, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        os.pwrite(fd, data, 0)
        if settings.get("fsync"):
            os.fsync(fd)
    finally:
        os.close(fd)


def apply_to_settings(cf: ControlFile) -> None:
    """Make this process's wal_segment_size/block_size agree with the cluster's
    (the postmaster calls this before forking; startup_recovery does it too)."""
    settings.set_value("wal_segment_size", str(cf.wal_segment_size), source="default",
                       check_context=False)
