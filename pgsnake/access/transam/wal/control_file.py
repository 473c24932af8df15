"""global/pg_control: the cluster's identity and the location of the last checkpoint.

The file is PostgreSQL 15's ControlFileData, byte for byte as x86-64 lays it out, so
PostgreSQL's own pg_controldata reads a pgsnake data directory. The content is 296 bytes
(well inside one 512-byte sector, so a write cannot be torn: the assumption PostgreSQL
makes); the file is zero-padded to 8192 bytes. `write` writes it in place and fsyncs it.

Layout (little endian; offsets in brackets; "pad" bytes are always zero):
    [0] system_identifier u64, pg_control_version u32, catalog_version_no u32,
    [16] state u32 (DBState), pad 4, [24] time i64, [32] checkPoint u64,
    [40] checkPointCopy: the 88-byte CheckPoint struct that the checkpoint record carries
         (xlog_records._CHECKPOINT, reused so the two can never disagree),
    [128] unloggedLSN u64, minRecoveryPoint u64, minRecoveryPointTLI u32, pad 4,
    [152] backupStartPoint u64, backupEndPoint u64, backupEndRequired bool, pad 3,
    [172] wal_level i32, wal_log_hints bool, pad 3, MaxConnections i32,
    max_worker_processes i32, max_wal_senders i32, max_prepared_xacts i32,
    max_locks_per_xact i32, track_commit_timestamp bool, pad 3, [204] maxAlign u32,
    [208] floatFormat f64 (1234567.0), blcksz, relseg_size, xlog_blcksz, xlog_seg_size,
    nameDataLen, indexMaxKeys, toast_max_chunk_size, loblksize (u32 each),
    [248] float8ByVal bool, pad 3, data_checksum_version u32,
    [256] mock_authentication_nonce 32 bytes, [288] crc u32 (CRC-32C of bytes 0..287).

Invariant: the copy of the checkpoint in here always describes the record at
`checkpoint_lsn`; callers set both together under ControlFileLock.

Errors: failing to open, write or fsync the file while updating it is a PANIC (the
server cannot go on without knowing where recovery would start), as PostgreSQL's
update_controlfile; a short write counts as a full disk. All I/O goes through
storage/file/file_io.py.

Entry points: `ControlFile`, `DBState`, `WalLevel`, `read(path)`, `write(cf, path)`,
`encode`, `decode`, `crc_matches(data)`, `apply_to_settings(cf)` (wal_segment_size and
data_checksums from the file).

PostgreSQL: include/catalog/pg_control.h (ControlFileData, CheckPoint, DBState),
common/controldata_utils.c (get_controlfile, update_controlfile).
"""
from __future__ import annotations

import dataclasses
import errno
import os
import struct
import time
from enum import IntEnum

import crc32c

from pgsnake.access.transam.wal.xlog_records import _CHECKPOINT
from pgsnake.storage.file import file_io
from pgsnake.utils import settings
from pgsnake.utils.errors import PgError, file_access_error

PG_CONTROL_VERSION = 1300
CATALOG_VERSION_NO = 202209061
PG_CONTROL_FILE_SIZE = 8192
PG_CONTROL_MAX_SAFE_SIZE = 512
PG_CONTROL_PATH = "global/pg_control"
FLOATFORMAT_VALUE = 1234567.0      # lets a reader detect a different float format
MOCK_AUTH_NONCE_LEN = 32
FIRST_NORMAL_UNLOGGED_LSN = 1000   # the fake LSN counter for unlogged relations starts here
PG_DATA_CHECKSUM_VERSION = 1       # the only checksum algorithm PostgreSQL 15 knows

_HEAD = struct.Struct("<QIII4xqQ")                                        # bytes 0..39
_TAIL = struct.Struct("<QQI4xQQB3xiB3xiiiiiB3xIdIIIIIIIIB3xI32s")         # bytes 128..287
_CRC = struct.Struct("<I")
CRC_OFFSET = _HEAD.size + _CHECKPOINT.size + _TAIL.size                  # offsetof(crc)
CONTENT_SIZE = CRC_OFFSET + 8                                             # sizeof(ControlFileData)
assert _HEAD.size == 40 and _CHECKPOINT.size == 88 and CRC_OFFSET == 288


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


class WalLevel(IntEnum):
    MINIMAL = 0
    REPLICA = 1
    LOGICAL = 2


def _setting(name: str, fallback):
    """The current value of a GUC, or PostgreSQL's default where pgsnake lacks the GUC.
    PostgreSQL records these at initdb (and again at startup) so that a standby can
    check that it is configured at least as generously as its primary."""
    return settings.get(name) if settings.is_defined(name) else fallback


def _current_wal_level() -> int:
    return int(WalLevel[str(_setting("wal_level", "replica")).upper()])


def _field(factory):
    return dataclasses.field(default_factory=factory)


@dataclasses.dataclass(slots=True)
class ControlFile:
    system_identifier: int = 0
    state: DBState = DBState.STARTUP
    checkpoint_lsn: int = 0            # checkPoint
    redo_lsn: int = 0                  # checkPointCopy.redo
    timeline: int = 1                  # checkPointCopy.ThisTimeLineID
    next_xid: int = 3                  # checkPointCopy.nextXid (a FullTransactionId)
    next_oid: int = 16384              # checkPointCopy.nextOid
    time: int = 0                      # seconds since the epoch of the last update
    pg_control_version: int = PG_CONTROL_VERSION
    catalog_version: int = CATALOG_VERSION_NO
    prev_timeline: int = 1             # checkPointCopy.PrevTimeLineID
    wal_segment_size: int = 16 * 1024 * 1024
    block_size: int = 8192
    wal_block_size: int = 8192
    relseg_size: int = 131072
    # 1 when initdb -k turned data checksums on (PG_DATA_CHECKSUM_VERSION), else 0; taken
    # from the data_checksums setting when the object is made (initdb sets it first).
    data_checksum_version: int = _field(lambda: PG_DATA_CHECKSUM_VERSION
                                        if _setting("data_checksums", False) else 0)
    min_recovery_point: int = 0
    checkpoint_time: int = 0           # checkPointCopy.time
    full_page_writes: bool = True      # checkPointCopy.fullPageWrites
    # The rest of checkPointCopy: the next multixact and member offset (checkpoint.py
    # writes them); pgsnake truncates nothing and has no commit timestamps yet, so the
    # other fields hold the values xlog_records.CheckpointData writes into every checkpoint.
    next_multi: int = 1
    next_multi_offset: int = 0
    oldest_xid: int = 3
    oldest_xid_db: int = 1
    oldest_multi: int = 1
    oldest_multi_db: int = 1
    oldest_commit_ts_xid: int = 0
    newest_commit_ts_xid: int = 0
    oldest_active_xid: int = 0
    # Recovery and backup bookkeeping (no archive recovery or base backups yet).
    unlogged_lsn: int = FIRST_NORMAL_UNLOGGED_LSN
    min_recovery_point_tli: int = 0
    backup_start_point: int = 0
    backup_end_point: int = 0
    backup_end_required: bool = False
    # Settings a standby must match; taken from the GUCs when the object is made.
    wal_level: int = _field(_current_wal_level)
    wal_log_hints: bool = _field(lambda: bool(_setting("wal_log_hints", False)))
    max_connections: int = _field(lambda: int(_setting("max_connections", 100)))
    max_worker_processes: int = _field(lambda: int(_setting("max_worker_processes", 8)))
    max_wal_senders: int = _field(lambda: int(_setting("max_wal_senders", 10)))
    max_prepared_xacts: int = _field(lambda: int(_setting("max_prepared_transactions", 0)))
    max_locks_per_xact: int = _field(lambda: int(_setting("max_locks_per_transaction", 64)))
    track_commit_timestamp: bool = _field(lambda: bool(_setting("track_commit_timestamp", False)))
    # Compile-time facts of the build that wrote the file (x86-64 PostgreSQL's values).
    max_align: int = 8
    float_format: float = FLOATFORMAT_VALUE
    name_data_len: int = 64
    index_max_keys: int = 32
    toast_max_chunk_size: int = 1996
    large_object_chunk_size: int = 2048   # loblksize
    float8_by_value: bool = True
    mock_authentication_nonce: bytes = _field(lambda: os.urandom(MOCK_AUTH_NONCE_LEN))


def encode(cf: ControlFile) -> bytes:
    """The 8192-byte file image: ControlFileData, its CRC, zero padding."""
    body = (
        _HEAD.pack(cf.system_identifier, cf.pg_control_version, cf.catalog_version,
                   int(cf.state), cf.time, cf.checkpoint_lsn)
        + _CHECKPOINT.pack(cf.redo_lsn, cf.timeline, cf.prev_timeline, int(cf.full_page_writes),
                           cf.next_xid, cf.next_oid, cf.next_multi, cf.next_multi_offset,
                           cf.oldest_xid, cf.oldest_xid_db, cf.oldest_multi, cf.oldest_multi_db,
                           cf.checkpoint_time, cf.oldest_commit_ts_xid, cf.newest_commit_ts_xid,
                           cf.oldest_active_xid & 0xFFFFFFFF)
        + _TAIL.pack(cf.unlogged_lsn, cf.min_recovery_point, cf.min_recovery_point_tli,
                     cf.backup_start_point, cf.backup_end_point, int(cf.backup_end_required),
                     int(cf.wal_level), int(cf.wal_log_hints), cf.max_connections,
                     cf.max_worker_processes, cf.max_wal_senders, cf.max_prepared_xacts,
                     cf.max_locks_per_xact, int(cf.track_commit_timestamp), cf.max_align,
                     cf.float_format, cf.block_size, cf.relseg_size, cf.wal_block_size,
                     cf.wal_segment_size, cf.name_data_len, cf.index_max_keys,
                     cf.toast_max_chunk_size, cf.large_object_chunk_size,
                     int(cf.float8_by_value), cf.data_checksum_version,
                     bytes(cf.mock_authentication_nonce).ljust(MOCK_AUTH_NONCE_LEN, b"\0")))
    # The CRC sits at offsetof(crc); sizeof(ControlFileData) rounds up to 296 with zeros.
    content = body + _CRC.pack(crc32c.crc32c(body))
    assert len(content) <= PG_CONTROL_MAX_SAFE_SIZE, "pg_control content must fit one sector"
    return content + bytes(PG_CONTROL_FILE_SIZE - len(content))


def crc_matches(data: bytes) -> bool:
    """Does the stored CRC agree with the content? (pg_controldata warns when not.)"""
    if len(data) < CRC_OFFSET + _CRC.size:
        return False
    return crc32c.crc32c(data[:CRC_OFFSET]) == _CRC.unpack_from(data, CRC_OFFSET)[0]


def decode(data: bytes, check_crc: bool = True) -> ControlFile:
    """Parse a file image. Like the server, a wrong PG_CONTROL_VERSION or CRC is an
    error; `check_crc=False` is for pg_controldata-style inspection of a damaged file."""
    if len(data) < CRC_OFFSET + _CRC.size:
        raise PgError("XX000", "could not read file \"global/pg_control\": read "
                      f"{len(data)} of {PG_CONTROL_FILE_SIZE}", severity="PANIC")
    version = struct.unpack_from("<I", data, 8)[0]
    if check_crc and version != PG_CONTROL_VERSION:
        raise PgError("XX000", "database files are incompatible with server",
                      detail=f"The database cluster was initialized with PG_CONTROL_VERSION "
                             f"{version}, but the server was compiled with PG_CONTROL_VERSION "
                             f"{PG_CONTROL_VERSION}.", severity="FATAL")
    if check_crc and not crc_matches(data):
        raise PgError("XX000", "incorrect checksum in control file", severity="FATAL")
    (sysid, version, catversion, state, mtime, checkpoint_lsn) = _HEAD.unpack_from(data, 0)
    (redo, tli, prev_tli, fpw, next_xid, next_oid, next_multi, next_multi_offset, oldest_xid,
     oldest_xid_db, oldest_multi, oldest_multi_db, cp_time, oldest_ts, newest_ts,
     oldest_active) = _CHECKPOINT.unpack_from(data, _HEAD.size)
    (unlogged, min_recovery, min_recovery_tli, backup_start, backup_end, backup_end_required,
     wal_level, wal_log_hints, max_connections, max_workers, max_senders, max_prepared,
     max_locks, track_ts, max_align, float_format, blcksz, relseg_size, xlog_blcksz,
     xlog_seg_size, name_data_len, index_max_keys, toast_chunk, lo_chunk, float8_byval,
     checksum_version, nonce) = _TAIL.unpack_from(data, _HEAD.size + _CHECKPOINT.size)
    try:
        state = DBState(state)
    except ValueError:
        pass                        # keep the raw number; pg_controldata says "unrecognized"
    return ControlFile(
        system_identifier=sysid, state=state, checkpoint_lsn=checkpoint_lsn, redo_lsn=redo,
        timeline=tli, next_xid=next_xid, next_oid=next_oid, time=mtime,
        pg_control_version=version, catalog_version=catversion, prev_timeline=prev_tli,
        wal_segment_size=xlog_seg_size, block_size=blcksz, wal_block_size=xlog_blcksz,
        relseg_size=relseg_size, data_checksum_version=checksum_version,
        min_recovery_point=min_recovery, checkpoint_time=cp_time, full_page_writes=bool(fpw),
        next_multi=next_multi, next_multi_offset=next_multi_offset, oldest_xid=oldest_xid,
        oldest_xid_db=oldest_xid_db, oldest_multi=oldest_multi, oldest_multi_db=oldest_multi_db,
        oldest_commit_ts_xid=oldest_ts, newest_commit_ts_xid=newest_ts,
        oldest_active_xid=oldest_active, unlogged_lsn=unlogged,
        min_recovery_point_tli=min_recovery_tli, backup_start_point=backup_start,
        backup_end_point=backup_end, backup_end_required=bool(backup_end_required),
        wal_level=wal_level, wal_log_hints=bool(wal_log_hints), max_connections=max_connections,
        max_worker_processes=max_workers, max_wal_senders=max_senders,
        max_prepared_xacts=max_prepared, max_locks_per_xact=max_locks,
        track_commit_timestamp=bool(track_ts), max_align=max_align, float_format=float_format,
        name_data_len=name_data_len, index_max_keys=index_max_keys,
        toast_max_chunk_size=toast_chunk, large_object_chunk_size=lo_chunk,
        float8_by_value=bool(float8_byval), mock_authentication_nonce=nonce)


def read_bytes(path: str = PG_CONTROL_PATH) -> bytes:
    try:
        fd = file_io.open_file(path, os.O_RDONLY)
    except FileNotFoundError:
        raise PgError("58P01", f'could not open file "{path}": No such file or directory',
                      severity="FATAL") from None
    except OSError as e:
        raise file_access_error(e, f'could not open file "{path}"', severity="PANIC") from None
    try:
        return file_io.pread(fd, PG_CONTROL_FILE_SIZE, 0)
    except OSError as e:
        raise file_access_error(e, f'could not read file "{path}"', severity="PANIC") from None
    finally:
        file_io.close_file(fd)


def read(path: str = PG_CONTROL_PATH) -> ControlFile:
    return decode(read_bytes(path))


def write(cf: ControlFile, path: str = PG_CONTROL_PATH) -> None:
    """Write the whole file in place and fsync it (one-sector content: never torn)."""
    cf.time = int(time.time())
    data = encode(cf)
    directory = os.path.dirname(path)
    try:
        if directory:
            file_io.make_directories(directory)
        fd = file_io.open_file(path, os.O_WRONLY | os.O_CREAT, 0o600)
    except OSError as e:
        raise file_access_error(e, f'could not open file "{path}"', severity="PANIC") from None
    try:
        try:
            written = file_io.pwrite(fd, data, 0)
            if written != len(data):       # no errno: PostgreSQL assumes a full disk
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        except OSError as e:
            raise file_access_error(e, f'could not write file "{path}"', severity="PANIC") from None
        if settings.get("fsync"):
            try:
                file_io.fsync(fd)
            except OSError as e:
                raise file_access_error(e, f'could not fsync file "{path}"',
                                        severity="PANIC") from None
    finally:
        file_io.close_file(fd)


def apply_to_settings(cf: ControlFile) -> None:
    """Make this process's wal_segment_size and data_checksums agree with the cluster's
    (the postmaster calls this before forking; startup_recovery does it too). Both are
    facts of the cluster, fixed at initdb, so they are set as defaults: SHOW and
    pg_settings report them with source 'default', as PostgreSQL does."""
    settings.set_value("wal_segment_size", str(cf.wal_segment_size), source="default",
                       check_context=False)
    settings.set_value("data_checksums", "on" if cf.data_checksum_version else "off",
                       source="default", check_context=False)
