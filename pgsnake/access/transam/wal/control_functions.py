"""The control file from SQL: pg_control_system(), pg_control_checkpoint(),
pg_control_recovery() and pg_control_init(), what pg_controldata prints, one record each.

Each reads global/pg_control from disk (not the copy in shared memory), as PostgreSQL's
functions do, so they show what a crash restart would start from: the last checkpoint's
LSN and redo point, the next xid (epoch:xid) and OID it recorded, the recovery and backup
points, and the build's compiled-in sizes.

Entry point: register_sql_functions() (catalog/sql_functions.py calls it).

PostgreSQL: utils/misc/pg_controldata.c (pg_control_system, pg_control_checkpoint,
pg_control_recovery, pg_control_init).
"""
from __future__ import annotations

import datetime as dt

from pgsnake.access.transam.wal import control_file
from pgsnake.access.transam.wal import lsn as lsnmod

INT4, INT8, BOOL, TEXT, OID, XID, TIMESTAMPTZ, PG_LSN, RECORD = (23, 20, 16, 25, 26, 28,
                                                                 1184, 3220, 2249)


def _time(seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc)


def control_system() -> tuple:
    cf = control_file.read()
    return (cf.pg_control_version, cf.catalog_version, cf.system_identifier, _time(cf.time))


def control_checkpoint() -> tuple:
    cf = control_file.read()
    redo_file = lsnmod.segment_file_name(cf.timeline, lsnmod.segment_number(cf.redo_lsn))
    epoch, xid = divmod(cf.next_xid, 2**32)
    return (cf.checkpoint_lsn, cf.redo_lsn, redo_file, cf.timeline, cf.prev_timeline,
            cf.full_page_writes, f"{epoch}:{xid}", cf.next_oid, cf.next_multi,
            cf.next_multi_offset, cf.oldest_xid, cf.oldest_xid_db, cf.oldest_active_xid,
            cf.oldest_multi, cf.oldest_multi_db, cf.oldest_commit_ts_xid,
            cf.newest_commit_ts_xid, _time(cf.checkpoint_time))


def control_recovery() -> tuple:
    cf = control_file.read()
    return (cf.min_recovery_point, cf.min_recovery_point_tli, cf.backup_start_point,
            cf.backup_end_point, cf.backup_end_required)


def control_init() -> tuple:
    cf = control_file.read()
    return (cf.max_align, cf.block_size, cf.relseg_size, cf.wal_block_size,
            cf.wal_segment_size, cf.name_data_len, cf.index_max_keys,
            cf.toast_max_chunk_size, cf.large_object_chunk_size, cf.float8_by_value,
            cf.data_checksum_version)


def register_sql_functions() -> None:
    from pgsnake.datatypes import functions
    for oid, name, fn, columns in (
            (3441, "pg_control_system", control_system, (
                ("pg_control_version", INT4), ("catalog_version_no", INT4),
                ("system_identifier", INT8), ("pg_control_last_modified", TIMESTAMPTZ))),
            (3442, "pg_control_checkpoint", control_checkpoint, (
                ("checkpoint_lsn", PG_LSN), ("redo_lsn", PG_LSN), ("redo_wal_file", TEXT),
                ("timeline_id", INT4), ("prev_timeline_id", INT4), ("full_page_writes", BOOL),
                ("next_xid", TEXT), ("next_oid", OID), ("next_multixact_id", XID),
                ("next_multi_offset", XID), ("oldest_xid", XID), ("oldest_xid_dbid", OID),
                ("oldest_active_xid", XID), ("oldest_multi_xid", XID),
                ("oldest_multi_dbid", OID), ("oldest_commit_ts_xid", XID),
                ("newest_commit_ts_xid", XID), ("checkpoint_time", TIMESTAMPTZ))),
            (3443, "pg_control_recovery", control_recovery, (
                ("min_recovery_end_lsn", PG_LSN), ("min_recovery_end_timeline", INT4),
                ("backup_start_lsn", PG_LSN), ("backup_end_lsn", PG_LSN),
                ("end_of_backup_record_required", BOOL))),
            (3444, "pg_control_init", control_init, (
                ("max_data_alignment", INT4), ("database_block_size", INT4),
                ("blocks_per_segment", INT4), ("wal_block_size", INT4),
                ("bytes_per_wal_segment", INT4), ("max_identifier_length", INT4),
                ("max_index_columns", INT4), ("max_toast_chunk_size", INT4),
                ("large_object_chunk_size", INT4), ("float8_pass_by_value", BOOL),
                ("data_page_checksum_version", INT4)))):
        functions.register(name, [], RECORD, fn, oid=oid, volatility="v", out_columns=columns)
