"""`pgsnake controldata [-D DIR]`: print global/pg_control as pg_controldata does.

The output is pg_controldata's, line for line (same labels, same value formats), produced
from pgsnake's own reader (access/transam/wal/control_file.py), so the two tools can be
compared on the same data directory. Like pg_controldata it reads a damaged file anyway
and prints a warning first, rather than refusing.

Entry points: `controldata_command(args)` (from cli/main.py), `describe(data) -> str`.

PostgreSQL: bin/pg_controldata/pg_controldata.c (main, dbState, wal_level_str).
"""
from __future__ import annotations

import os
import sys
import time

from pgsnake.access.transam.wal import control_file as cfmod
from pgsnake.access.transam.wal.control_file import DBState

PROGRAM = "pgsnake controldata"
_WAL_LEVEL_TEXT = {0: "minimal", 1: "replica", 2: "logical"}
_CRC_WARNING = ("WARNING: Calculated CRC checksum does not match value stored in file.\n"
                "Either the file is corrupt, or it has a different layout than this program\n"
                "is expecting.  The results below are untrustworthy.\n\n")


def _lsn(value: int) -> str:
    return f"{value >> 32:X}/{value & 0xFFFFFFFF:X}"


def _time(seconds: int) -> str:
    # pg_controldata: strftime("%c") in local time.
    return time.strftime("%c", time.localtime(seconds))


def _on_off(flag: bool) -> str:
    return "on" if flag else "off"


def _segment_size_is_valid(size: int) -> bool:
    return size & (size - 1) == 0 and 1024 * 1024 <= size <= 1024 * 1024 * 1024


def _wal_file_name(timeline: int, lsn: int, segment_size: int) -> str:
    if segment_size <= 0:
        return "???"
    segno = lsn // segment_size
    per_xlogid = 0x100000000 // segment_size if segment_size <= 0x100000000 else 1
    return f"{timeline:08X}{segno // per_xlogid:08X}{segno % per_xlogid:08X}"


def describe(data: bytes) -> str:
    """pg_controldata's report for the raw bytes of a pg_control file."""
    out = []
    if not cfmod.crc_matches(data):
        out.append(_CRC_WARNING)
    cf = cfmod.decode(data, check_crc=False)
    if not _segment_size_is_valid(cf.wal_segment_size):
        out.append("WARNING: invalid WAL segment size\n"
                   f"The WAL segment size stored in the file, {cf.wal_segment_size} bytes, is "
                   "not a power of two\nbetween 1 MB and 1 GB.  The file is corrupt and the "
                   "results below are\nuntrustworthy.\n\n")
    state = cf.state.describe() if isinstance(cf.state, DBState) else "unrecognized status code"
    next_xid = f"{cf.next_xid >> 32}:{cf.next_xid & 0xFFFFFFFF}"
    lines = [
        ("pg_control version number:            ", cf.pg_control_version),
        ("Catalog version number:               ", cf.catalog_version),
        ("Database system identifier:           ", cf.system_identifier),
        ("Database cluster state:               ", state),
        ("pg_control last modified:             ", _time(cf.time)),
        ("Latest checkpoint location:           ", _lsn(cf.checkpoint_lsn)),
        ("Latest checkpoint's REDO location:    ", _lsn(cf.redo_lsn)),
        ("Latest checkpoint's REDO WAL file:    ",
         _wal_file_name(cf.timeline, cf.redo_lsn, cf.wal_segment_size)),
        ("Latest checkpoint's TimeLineID:       ", cf.timeline),
        ("Latest checkpoint's PrevTimeLineID:   ", cf.prev_timeline),
        ("Latest checkpoint's full_page_writes: ", _on_off(cf.full_page_writes)),
        ("Latest checkpoint's NextXID:          ", next_xid),
        ("Latest checkpoint's NextOID:          ", cf.next_oid),
        ("Latest checkpoint's NextMultiXactId:  ", cf.next_multi),
        ("Latest checkpoint's NextMultiOffset:  ", cf.next_multi_offset),
        ("Latest checkpoint's oldestXID:        ", cf.oldest_xid),
        ("Latest checkpoint's oldestXID's DB:   ", cf.oldest_xid_db),
        ("Latest checkpoint's oldestActiveXID:  ", cf.oldest_active_xid),
        ("Latest checkpoint's oldestMultiXid:   ", cf.oldest_multi),
        ("Latest checkpoint's oldestMulti's DB: ", cf.oldest_multi_db),
        ("Latest checkpoint's oldestCommitTsXid:", cf.oldest_commit_ts_xid),
        ("Latest checkpoint's newestCommitTsXid:", cf.newest_commit_ts_xid),
        ("Time of latest checkpoint:            ", _time(cf.checkpoint_time)),
        ("Fake LSN counter for unlogged rels:   ", _lsn(cf.unlogged_lsn)),
        ("Minimum recovery ending location:     ", _lsn(cf.min_recovery_point)),
        ("Min recovery ending loc's timeline:   ", cf.min_recovery_point_tli),
        ("Backup start location:                ", _lsn(cf.backup_start_point)),
        ("Backup end location:                  ", _lsn(cf.backup_end_point)),
        ("End-of-backup record required:        ", "yes" if cf.backup_end_required else "no"),
        ("wal_level setting:                    ",
         _WAL_LEVEL_TEXT.get(cf.wal_level, "unrecognized wal_level")),
        ("wal_log_hints setting:                ", _on_off(cf.wal_log_hints)),
        ("max_connections setting:              ", cf.max_connections),
        ("max_worker_processes setting:         ", cf.max_worker_processes),
        ("max_wal_senders setting:              ", cf.max_wal_senders),
        ("max_prepared_xacts setting:           ", cf.max_prepared_xacts),
        ("max_locks_per_xact setting:           ", cf.max_locks_per_xact),
        ("track_commit_timestamp setting:       ", _on_off(cf.track_commit_timestamp)),
        ("Maximum data alignment:               ", cf.max_align),
        ("Database block size:                  ", cf.block_size),
        ("Blocks per segment of large relation: ", cf.relseg_size),
        ("WAL block size:                       ", cf.wal_block_size),
        ("Bytes per WAL segment:                ", cf.wal_segment_size),
        ("Maximum length of identifiers:        ", cf.name_data_len),
        ("Maximum columns in an index:          ", cf.index_max_keys),
        ("Maximum size of a TOAST chunk:        ", cf.toast_max_chunk_size),
        ("Size of a large-object chunk:         ", cf.large_object_chunk_size),
        # Integer timestamps have been the only kind since PostgreSQL 10.
        ("Date/time type storage:               ", "64-bit integers"),
        ("Float8 argument passing:              ",
         "by value" if cf.float8_by_value else "by reference"),
        ("Data page checksum version:           ", cf.data_checksum_version),
        ("Mock authentication nonce:            ", bytes(cf.mock_authentication_nonce).hex()),
    ]
    out.extend(f"{label}{value}\n" for label, value in lines)
    return "".join(out)


def controldata_command(args) -> int:
    datadir = args.datadir or args.datadir_positional or os.environ.get("PGDATA")
    if not datadir:
        print(f"{PROGRAM}: error: no data directory specified", file=sys.stderr)
        print(f'{PROGRAM}: hint: Try "{PROGRAM} --help" for more information.', file=sys.stderr)
        return 1
    path = os.path.join(datadir, cfmod.PG_CONTROL_PATH)
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        print(f'{PROGRAM}: error: could not open file "{path}" for reading: {exc.strerror}',
              file=sys.stderr)
        return 1
    if len(data) < cfmod.CONTENT_SIZE:
        print(f'{PROGRAM}: error: could not read file "{path}": read {len(data)} of '
              f"{cfmod.CONTENT_SIZE}", file=sys.stderr)
        return 1
    sys.stdout.write(describe(data))
    return 0
