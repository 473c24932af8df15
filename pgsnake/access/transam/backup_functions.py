"""WAL control functions: pg_switch_wal, pg_create_restore_point, pg_backup_start and
pg_backup_stop (non-exclusive base backups).

pg_switch_wal ends the current WAL segment: an XLOG_SWITCH record, the rest of the
segment skipped (its pages get headers and stay zero; readers jump to the next segment
after a switch record), everything flushed to the segment's end. It returns the end of the
switch record, or, when the insert position is already at a segment's start, that start
(nothing inserted), as PostgreSQL's RequestXLogSwitch.

pg_backup_start(label, fast) forces full-page images for every change while a backup runs
(the shared counter xlog_control "forced_page_writes", read by wal/insert.py: a page copied
mid-change must be repairable from WAL whatever full_page_writes says), switches segment,
has the checkpointer run a checkpoint and returns its redo point. The backup label text
(START WAL LOCATION, CHECKPOINT LOCATION, BACKUP METHOD, BACKUP FROM, START TIME, LABEL,
START TIMELINE) and the tablespace map (one "oid path" line per pg_tblspc link) are kept
for this session; pg_backup_stop(wait_for_archive) writes an XLOG_BACKUP_END record
carrying the start point, switches segment and returns (end of that record, label,
map). A session that exits with a backup running ends it with a WARNING.

Privileges: EXECUTE is revoked from PUBLIC for all four (catalog/initial_privileges.py).

Entry points: register_sql_functions() (catalog/sql_functions.py), abort_at_exit()
(tcop/session.py, when the backend exits).

Where we differ from PostgreSQL: no WAL archiving, so pg_backup_stop never waits for
segments to be archived (with wait_for_archive it gives PostgreSQL's NOTICE that archiving
is off), and the backup history file PostgreSQL writes and at once removes again when
archiving is off is not written at all.

PostgreSQL: access/transam/xlogfuncs.c (pg_switch_wal, pg_create_restore_point,
pg_backup_start, pg_backup_stop), access/transam/xlog.c (RequestXLogSwitch,
XLogRestorePoint, do_pg_backup_start, do_pg_backup_stop, do_pg_abort_backup).
"""
from __future__ import annotations

import datetime as dt
import os
import time

from pgsnake.access.transam import checkpoint
from pgsnake.access.transam.wal import control_file, lsn as lsnmod, wal, xlog_records
from pgsnake.access.transam.wal import xlog_control as xc
from pgsnake.utils import elog, notices, settings
from pgsnake.utils.errors import INVALID_PARAMETER_VALUE, PgError

OBJECT_NOT_IN_PREREQUISITE_STATE = "55000"
MAXPGPATH = 1024
PG_LSN, TEXT, BOOL, RECORD = 3220, 25, 16, 2249

# This session's running backup: (start LSN, label text, tablespace map text) or None.
_backup: tuple[int, str, str] | None = None


def _not_in_recovery() -> None:
    if wal.in_recovery():
        raise PgError(OBJECT_NOT_IN_PREREQUISITE_STATE, "recovery is in progress",
                      hint="WAL control functions cannot be executed during recovery.")


def _wal_level_hint() -> str:
    return 'wal_level must be set to "replica" or "logical" at server start.'


def switch_wal() -> int:
    _not_in_recovery()
    placed = wal.switch_segment()
    return placed[1] if placed is not None else wal.insert_lsn()


def create_restore_point(name: str) -> int:
    _not_in_recovery()
    if settings.get("wal_level") == "minimal":
        raise PgError(OBJECT_NOT_IN_PREREQUISITE_STATE,
                      "WAL level not sufficient for creating a restore point",
                      hint=_wal_level_hint())
    if len(name.encode("utf-8")) >= xlog_records.MAXFNAMELEN:
        raise PgError(INVALID_PARAMETER_VALUE, "value too long for restore point (maximum "
                      f"{xlog_records.MAXFNAMELEN - 1} characters)")
    now_usec = int((time.time() - 946684800) * 1_000_000)     # since 2000-01-01
    end = wal.insert_record(wal.RmgrId.XLOG, xlog_records.XLOG_RESTORE_POINT,
                            xlog_records.pack_restore_point(now_usec, name))
    elog.log(f'restore point "{name}" created at {lsnmod.format_lsn(end)}', "LOG")
    return end


def _check_backup_wal_level() -> None:
    if settings.get("wal_level") == "minimal":
        raise PgError(OBJECT_NOT_IN_PREREQUISITE_STATE,
                      "WAL level not sufficient for making an online backup",
                      hint=_wal_level_hint())


def _tablespace_map() -> str:
    lines = []
    try:
        names = sorted(os.listdir("pg_tblspc"))
    except OSError:
        return ""
    for name in names:
        try:
            target = os.readlink(os.path.join("pg_tblspc", name))
        except OSError:
            continue
        escaped = "".join("\\" + ch if ch in "\n\r" else ch for ch in target)
        lines.append(f"{name} {escaped}\n")
    return "".join(lines)


def _start_time_text() -> str:
    from pgsnake.datatypes import datetime_types
    zone = datetime_types.zone_by_name(settings.get("log_timezone")) or dt.timezone.utc
    return dt.datetime.now(zone).strftime("%Y-%m-%d %H:%M:%S %Z")


def backup_start(label: str, fast: bool = False) -> int:
    global _backup
    _not_in_recovery()
    if _backup is not None:
        raise PgError(OBJECT_NOT_IN_PREREQUISITE_STATE,
                      "a backup is already in progress in this session")
    _check_backup_wal_level()
    if len(label.encode("utf-8")) > MAXPGPATH:
        raise PgError(INVALID_PARAMETER_VALUE, f"backup label too long (max {MAXPGPATH} bytes)")
    xc.add("forced_page_writes", 1)
    try:
        # A new segment, then a checkpoint whose redo point starts the backup: every
        # change after it is logged with full-page images.
        wal.switch_segment()
        from pgsnake.access.transam.checkpoint_log import FORCE, IMMEDIATE
        checkpoint.request_checkpoint(wait=True, flags=FORCE | (IMMEDIATE if fast else 0))
        cf = control_file.read()
    except BaseException:
        xc.add("forced_page_writes", -1)
        raise
    start, location, timeline = cf.redo_lsn, cf.checkpoint_lsn, cf.timeline
    segment = lsnmod.segment_file_name(timeline, lsnmod.segment_number(start))
    label_text = (f"START WAL LOCATION: {lsnmod.format_lsn(start)} (file {segment})\n"
                  f"CHECKPOINT LOCATION: {lsnmod.format_lsn(location)}\n"
                  "BACKUP METHOD: streamed\n"
                  "BACKUP FROM: primary\n"
                  f"START TIME: {_start_time_text()}\n"
                  f"LABEL: {label}\n"
                  f"START TIMELINE: {timeline}\n")
    _backup = (start, label_text, _tablespace_map())
    return start


def backup_stop(wait_for_archive: bool = True):
    global _backup
    if _backup is None:
        raise PgError(OBJECT_NOT_IN_PREREQUISITE_STATE, "backup is not in progress",
                      hint="Did you call pg_backup_start()?")
    _not_in_recovery()
    start, label_text, map_text = _backup
    _backup = None
    xc.add("forced_page_writes", -1)
    stop = wal.insert_record(wal.RmgrId.XLOG, xlog_records.XLOG_BACKUP_END,
                             xlog_records.pack_backup_end(start))
    wal.switch_segment()
    if wait_for_archive:
        notices.emit("00000", "WAL archiving is not enabled; you must ensure that all "
                     "required WAL segments are copied through other means to complete "
                     "the backup")
    return stop, label_text, map_text


def abort_at_exit() -> None:
    """do_pg_abort_backup: a session leaving with its backup running ends it."""
    global _backup
    if _backup is None:
        return
    _backup = None
    xc.add("forced_page_writes", -1)
    elog.log("aborting backup due to backend exiting before pg_backup_stop was called",
             "WARNING")


def register_sql_functions() -> None:
    from pgsnake.datatypes import functions
    functions.register("pg_switch_wal", [], PG_LSN, switch_wal, oid=2848)
    functions.register("pg_create_restore_point", [TEXT], PG_LSN, create_restore_point,
                       oid=3098)
    # the defaults (fast false, wait_for_archive true) as shorter signatures, same OID
    for arg_types in ([TEXT, BOOL], [TEXT]):
        functions.register("pg_backup_start", arg_types, PG_LSN, backup_start, oid=2172)
    for arg_types in ([BOOL], []):
        functions.register("pg_backup_stop", arg_types, RECORD, backup_stop, oid=2739,
                           out_columns=(("lsn", PG_LSN), ("labelfile", TEXT),
                                        ("spcmapfile", TEXT)))
