"""Prepared transactions across checkpoints and restarts: pg_twophase state files, redo
of the PREPARE / COMMIT PREPARED / ROLLBACK PREPARED records, and giving every prepared
transaction back its dummy proc and locks before the server accepts connections.

Where a prepared transaction's state is (PostgreSQL 11 and later do the same):
- in WAL, in its XLOG_XACT_PREPARE record, while that record is after the last
  checkpoint's redo point: crash recovery replays it;
- in pg_twophase/<XID as 8 hex digits> once a checkpoint's redo point has passed the
  record (the WAL before the redo point may be removed): `checkpoint_state_files`
  copies it there, with a CRC-32C, fsynced, before the checkpoint record is written.

Startup, in the startup process (recovery.py calls these in this order):
1. `restore_state_files()` before redo: every pg_twophase file becomes an entry (files
   of xids at or past next_xid, or already committed/aborted in pg_xact, are stale
   leftovers and are removed, with PostgreSQL's warnings).
2. Redo: `redo_prepare` adds an entry for each PREPARE record (skipping a transaction
   already restored from its file), `redo_finish` settles pg_xact for a COMMIT/ROLLBACK
   PREPARED record, removes its entry and file, and the files it dropped.
3. `recover_prepared_transactions()` after redo: each entry's xid and subxids go into
   its dummy proc-array slot and its locks are taken again for its dummy proc; the
   entry becomes PREPARED. Only then may backends start.

Rules
1. A state file is written completely and fsynced (then its directory) before the
   checkpoint that needs it writes its record; it is deleted only after the prepared
   transaction's outcome is in WAL and pg_xact.
2. A file whose CRC or layout is wrong stops the startup (XX001): dropping it would
   silently lose a decided transaction.

This module is the other half of twophase.py, split off by operation (startup and
checkpoints here, the running server's commands there): it works on twophase.py's table
through that module's private helpers, under the same TwoPhaseStateLock rules.

Entry points: read_state_file, read_state_from_wal, write_state_file, remove_state_file,
restore_state_files, redo_prepare, redo_finish, recover_prepared_transactions,
checkpoint_state_files.

PostgreSQL: access/transam/twophase.c (restoreTwoPhaseData, PrepareRedoAdd,
PrepareRedoRemove, RecoverPreparedTransactions, CheckPointTwoPhase, RecreateTwoPhaseFile,
ReadTwoPhaseFile, XlogReadTwoPhaseData, RemoveTwoPhaseFile), access/transam/xact.c
(xact_redo_commit, xact_redo_abort for prepared transactions).
"""
from __future__ import annotations

import errno
import os
import re

from pgsnake.access.transam import commit_log, pending_deletes, subtrans, twophase
from pgsnake.access.transam import twophase_records as tr
from pgsnake.access.transam import xact_records
from pgsnake.access.transam.wal import lsn as lsnmod
from pgsnake.access.transam.wal import wal
from pgsnake.access.transam.wal import xlog_control as xc
from pgsnake.storage.file import file_io
from pgsnake.storage.ipc import proc_array
from pgsnake.utils import elog, settings
from pgsnake.utils.errors import FatalError, PgError, file_access_error

DIRECTORY = twophase.TWOPHASE_DIRECTORY
_FILE_NAME = re.compile(r"[0-9A-F]{8}")


def state_file_path(xid: int) -> str:
    return f"{DIRECTORY}/{xid:08X}"


# ---- state files -------------------------------------------------------------------------

def read_state_file(xid: int) -> tr.PreparedState:
    path = state_file_path(xid)
    try:
        fd = file_io.open_file(path, os.O_RDONLY)
    except OSError as e:
        raise file_access_error(e, f'could not open file "{path}"') from None
    try:
        content = file_io.pread(fd, file_io.file_size(fd), 0)
    except OSError as e:
        raise file_access_error(e, f'could not read file "{path}"') from None
    finally:
        file_io.close_file(fd)
    state = tr.parse_state(tr.check_crc(content, xid))
    if state.xid != xid:
        raise PgError(tr.DATA_CORRUPTED, f"corrupted two-phase state file for transaction {xid}")
    return state


def read_state_from_wal(lsn: int, xid: int) -> tr.PreparedState:
    rec = wal.read_record_at(lsn)
    if rec is None:
        raise PgError("58030", f"could not read two-phase state from WAL at {lsnmod.format_lsn(lsn)}")
    if (rec.rmid != wal.RmgrId.XACT
            or rec.info & xact_records.XLOG_XACT_OPMASK != xact_records.XLOG_XACT_PREPARE
            or rec.xid != xid):
        raise PgError("58030", "expected two-phase state data is not present in WAL at "
                               f"{lsnmod.format_lsn(lsn)}")
    return tr.parse_state(rec.main_data)


def write_state_file(xid: int, state_bytes: bytes) -> None:
    """RecreateTwoPhaseFile: the whole file, then fsync (rule 1; the caller fsyncs the
    directory once for all the files it wrote). Errors as PostgreSQL's: a failed fsync
    is a PANIC (data_sync_retry = off), the rest are ERRORs."""
    path = state_file_path(xid)
    try:
        file_io.make_directories(DIRECTORY)
        fd = file_io.open_file(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as e:
        raise file_access_error(e, f'could not recreate file "{path}"') from None
    try:
        content = tr.with_crc(state_bytes)
        try:
            written = file_io.pwrite(fd, content, 0)
            if written != len(content):     # no errno: PostgreSQL assumes a full disk
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        except OSError as e:
            raise file_access_error(e, f'could not write file "{path}"') from None
        if settings.get("fsync"):
            try:
                file_io.fsync(fd)
            except OSError as e:
                raise file_access_error(e, f'could not fsync file "{path}"',
                                        severity="PANIC") from None
    finally:
        file_io.close_file(fd)


def _fsync_directory() -> None:
    if not settings.get("fsync"):
        return
    try:
        file_io.fsync_directory(DIRECTORY)
    except OSError as e:
        raise file_access_error(e, f'could not fsync file "{DIRECTORY}"', severity="PANIC") from None


def remove_state_file(xid: int, *, warn: bool = True) -> None:
    path = state_file_path(xid)
    try:
        file_io.unlink(path)
    except FileNotFoundError:
        if warn:
            elog.log(f'could not remove file "{path}": No such file or directory', "WARNING")
    except OSError as e:
        elog.log(file_access_error(e, f'could not remove file "{path}"').message, "WARNING")


# ---- checkpoints ---------------------------------------------------------------------------

def checkpoint_state_files(redo_horizon: int) -> int:
    """CheckPointTwoPhase: copy into pg_twophase the state of every prepared transaction
    whose PREPARE record ends at or before the checkpoint's redo point; returns how many
    files were written. Exclusive TwoPhaseStateLock: a COMMIT PREPARED reading a state
    (twophase.read_state) never sees it move between WAL and file halfway."""
    if twophase._region is None or twophase._capacity == 0:
        return 0
    written = 0
    with twophase._state_lock().exclusive():
        for entry in twophase._entries():
            if entry.ondisk or not entry.prepare_end_lsn or entry.prepare_end_lsn > redo_horizon:
                continue
            rec = wal.read_record_at(entry.prepare_start_lsn)
            if rec is None or rec.xid != entry.xid:
                raise PgError("58030", "could not read two-phase state from WAL at "
                                       f"{lsnmod.format_lsn(entry.prepare_start_lsn)}")
            write_state_file(entry.xid, rec.main_data)
            entry.ondisk = True
            entry.prepare_start_lsn = entry.prepare_end_lsn = 0
            twophase._put(entry)
            written += 1
    if written:
        _fsync_directory()
        if not settings.is_defined("log_checkpoints") or settings.get("log_checkpoints"):
            elog.log(f"{written} two-phase state file{'s were' if written != 1 else ' was'} "
                     "written for long-running prepared transactions")
    return written


# ---- startup -----------------------------------------------------------------------------

def restore_state_files() -> None:
    """Step 1 (restoreTwoPhaseData): an entry per valid pg_twophase file."""
    try:
        names = sorted(os.listdir(DIRECTORY))
    except FileNotFoundError:
        return
    next_xid = xc.load("next_xid")
    for name in names:
        if not _FILE_NAME.fullmatch(name):
            continue
        xid = int(name, 16)
        if xid >= next_xid:
            elog.log(f"removing future two-phase state file for transaction {xid}", "WARNING")
            remove_state_file(xid)
            continue
        if commit_log.xid_status(xid) != commit_log.IN_PROGRESS:
            elog.log(f"removing stale two-phase state file for transaction {xid}", "WARNING")
            remove_state_file(xid)
            continue
        state = read_state_file(xid)                              # rule 2
        _add_redo_entry(state, ondisk=True, start=0, end=0)


def _add_redo_entry(state: tr.PreparedState, *, ondisk: bool, start: int, end: int) -> None:
    with twophase._state_lock().exclusive():
        if twophase._capacity == 0:
            raise FatalError(twophase.OUT_OF_MEMORY, twophase._too_many().message,
                             hint=twophase._too_many().hint)
        try:
            index = twophase._reserve(state.gid, state.xid, state.prepared_at, state.owner,
                                      state.database, locking_proc=twophase.NOBODY,
                                      inredo=True, ondisk=ondisk)
        except PgError as e:           # the table is full: the server cannot start
            raise FatalError(e.sqlstate, e.message, hint=e.hint) from None
        entry = twophase._get(index)
        entry.prepare_start_lsn, entry.prepare_end_lsn = start, end
        twophase._put(entry)
    if state.subxids:
        xc.advance("next_xid", max(state.subxids) + 1)


def _find(xid: int) -> twophase.Entry | None:
    for entry in twophase._entries():
        if entry.xid == xid:
            return entry
    return None


def redo_prepare(rec) -> None:
    """Step 2 for an XLOG_XACT_PREPARE record (PrepareRedoAdd)."""
    state = tr.parse_state(rec.main_data)
    with twophase._state_lock().shared():
        known = _find(state.xid) is not None
    if known:
        # A checkpoint wrote the file while this record was still to be replayed (a
        # crash during that checkpoint): the file was restored already.
        elog.log(f"could not recover two-phase state file for transaction {state.xid}",
                 "WARNING", detail="Two-phase state file has been found in WAL record "
                                   f"{lsnmod.format_lsn(rec.lsn)}, but this transaction has "
                                   "already been restored from disk.")
        return
    _add_redo_entry(state, ondisk=False, start=rec.lsn, end=rec.end_lsn)


def redo_finish(rec, committed: bool) -> list[int]:
    """Step 2 for COMMIT PREPARED / ROLLBACK PREPARED: pg_xact, then the entry and its
    file, then the relation files the outcome removes. Returns the xids it settled."""
    record = xact_records.parse(rec.info, rec.main_data)
    status = commit_log.COMMITTED if committed else commit_log.ABORTED
    xids = [*record.subxids, record.twophase_xid]
    if committed:
        from pgsnake.access.transam import commit_timestamps
        commit_timestamps.set_commit_ts(record.twophase_xid, record.subxids, record.xact_time)
    for xid in xids:
        commit_log.set_status(xid, status)
    xc.advance("next_xid", max(xids) + 1)
    with twophase._state_lock().exclusive():
        entry = _find(record.twophase_xid)
        ondisk = entry is not None and entry.ondisk
        if entry is not None:
            twophase._free(entry.index)
    if ondisk:
        remove_state_file(record.twophase_xid, warn=False)
    pending_deletes.remove_files_quietly(record.rels)
    return xids


def recover_prepared_transactions() -> int:
    """Step 3 (RecoverPreparedTransactions): returns how many were recovered."""
    recovered = 0
    for entry in twophase.entries():
        if entry.state != twophase.RESERVED or not entry.inredo:
            continue
        state = twophase.read_state(entry)
        elog.log(f"recovering prepared transaction {entry.xid} from shared memory")
        dummy = entry.dummy_proc
        # pg_subtrans was rebuilt empty at start-up: the subxids' parents go back first,
        # so an overflowed slot's subxids are found through it (proc_array invariant 5).
        for subxid in state.subxids:
            subtrans.set_parent(subxid, state.xid)
        proc_array.add_prepared_xact(dummy, state.xid, state.subxids, state.database,
                                     state.owner)
        for rmid, rm in sorted(twophase._resource_managers.items()):
            if rm.recover is not None:
                rm.recover(state.xid, dummy, twophase._records_of(state, rmid))
        with twophase._state_lock().exclusive():
            current = twophase._get(entry.index)
            current.state = twophase.PREPARED
            current.inredo = False
            current.locking_proc = twophase.NOBODY
            twophase._put(current)
        recovered += 1
    return recovered
