"""Creating the first WAL at initdb, and crash recovery at server start.

Entry points:
    bootstrap_wal(system_identifier)   initdb: first segment, a shutdown checkpoint,
                                       pg_control, pg_xact/0000, pg_subtrans/0000 and
                                       pg_multixact/{offsets,members}/0000;
                                       leaves shared WAL state ready for inserts
    startup_recovery()                 startup process: replay from pg_control's redo
                                       point to the end of valid WAL, then open for business
    shutdown_checkpoint()              postmaster shutdown: the last, "shut down" checkpoint
    new_system_identifier()

Recovery, step by step:
1. Read pg_control. If its state is not "shut down", the server crashed: fsync the whole
   data directory (what the crashed processes wrote may still be only in the page cache,
   and replay must not build on it), then mark pg_control "in crash recovery" (written at
   once, so a crash during recovery is recognisable).
2. Load the counters (next xid/OID/multixact, timeline, system id) and check that a valid
   checkpoint record exists at pg_control's checkpoint LSN. Prepared transactions whose
   state a checkpoint moved to pg_twophase are loaded from there (twophase_recovery.py).
3. Read records from the redo LSN to the end of valid WAL (the first torn/zero/invalid
   record) and hand each to its resource manager's redo function. Every xid seen moves
   next_xid past it. An xid seen without a commit/abort record that pg_xact nevertheless
   calls committed lost its (asynchronous) commit record: it is marked aborted.
4. Set the insert position right after the last valid record, zero the rest of that
   segment and delete later segments (nothing after the end of WAL may be read as WAL).
   Zero pg_xact's bits from next_xid to the end of its page (TrimCLOG), and the
   pg_subtrans pages from the oldest running xid (none is running: next_xid) through
   next_xid's (StartupSUBTRANS), and pg_multixact after the next multixact and member
   offset (TrimMultiXact): nothing a crash left there may be read.
5. Prepared transactions get their dummy procs and locks back: from here on their xids
   are running, before any backend can look at a tuple of theirs.
6. If WAL was replayed after a crash, write an end-of-recovery checkpoint (which flushes
   the replayed pages and copies prepared transactions' states into pg_twophase); mark
   pg_control "in production".

PostgreSQL: access/transam/xlog.c (BootStrapXLOG, StartupXLOG, ShutdownXLOG),
access/transam/xlogrecovery.c (InitWalRecovery, PerformWalRecovery),
access/transam/twophase.c (restoreTwoPhaseData, RecoverPreparedTransactions),
storage/file/fd.c (SyncDataDirectory).
"""
from __future__ import annotations

import os
import random
import time

from pgsnake.access.transam import (checkpoint, commit_log, multixact, smgr_records, subtrans,  # noqa: F401 (rmgrs)
                                    xact_records)
from pgsnake.access.transam import commit_timestamps, twophase_recovery
from pgsnake.access.transam.wal import control_file, insert, lsn as lsnmod, segment_files, wal
from pgsnake.access.transam.wal import page_header
from pgsnake.access.transam.wal import xlog_control as xc
from pgsnake.access.transam.wal.reader import WalReader
from pgsnake.access.transam.wal.xlog_records import (XLOG_CHECKPOINT_ONLINE,
                                                     XLOG_CHECKPOINT_SHUTDOWN, CheckpointData)
from pgsnake.storage.file import file_io
from pgsnake.storage.ipc import postmaster_alive, shared_memory
from pgsnake.storage.smgr import unlogged_reinit
from pgsnake.utils import elog, settings
from pgsnake.utils.errors import PanicError, file_access_error

DBState = control_file.DBState
FIRST_NORMAL_XID = 3
FIRST_NORMAL_OBJECT_ID = 16384

statistics = {"records_replayed": 0, "redo_start": 0, "redo_end": 0, "end_reason": ""}


def new_system_identifier() -> int:
    """Like PostgreSQL: seconds in the high 32 bits, microseconds and randomness below."""
    now = time.time()
    seconds, micros = int(now), int((now % 1) * 1_000_000)
    return (seconds << 32) | (micros << 12) | random.getrandbits(12)


def _ensure_shared_memory() -> None:
    if not xc.is_initialised():
        shared_memory.create_segment()      # single-process tool (initdb, tests)


def bootstrap_wal(system_identifier: int) -> int:
    """initdb: write segment 1 with one shutdown checkpoint and a matching pg_control.
    Returns the checkpoint LSN (0/1000028 with 16 MB segments, as PostgreSQL)."""
    _ensure_shared_memory()
    for directory in ("pg_wal", "pg_xact", "pg_subtrans", "pg_multixact/offsets",
                      "pg_multixact/members", "global"):
        file_io.make_directories(directory)
    segment_size = lsnmod.wal_segment_size()
    xc.store("system_identifier", system_identifier)
    xc.store("timeline", 1)
    xc.store("in_recovery", 0)
    xc.store("next_xid", FIRST_NORMAL_XID)
    xc.store("next_oid", FIRST_NORMAL_OBJECT_ID)
    xc.store("oid_count", 0)
    # WAL starts at segment 1, as PostgreSQL's: LSN 0 stays "invalid".
    insert.set_insert_position(segment_size, 0)
    redo = segment_size + page_header.LONG_HEADER_SIZE
    insert.set_redo_pointer(redo)
    data = CheckpointData(redo=redo, timeline=1, next_xid=FIRST_NORMAL_XID,
                          next_oid=FIRST_NORMAL_OBJECT_ID, time=int(time.time()),
                          full_page_writes=settings.get("full_page_writes"))
    start, end = wal.insert_record_returning_start(wal.RmgrId.XLOG, XLOG_CHECKPOINT_SHUTDOWN,
                                                   data.pack())
    if start != redo:
        raise PanicError("XX000", "bootstrap checkpoint is not at the start of WAL")
    wal.flush(end)
    cf = control_file.ControlFile(system_identifier=system_identifier, state=DBState.SHUTDOWNED,
                                  checkpoint_lsn=start, redo_lsn=redo, timeline=1,
                                  next_xid=FIRST_NORMAL_XID, next_oid=FIRST_NORMAL_OBJECT_ID,
                                  wal_segment_size=segment_size, checkpoint_time=data.time,
                                  full_page_writes=data.full_page_writes)
    control_file.write(cf)
    xc.store("last_checkpoint", start)
    commit_log.bootstrap()
    subtrans.bootstrap()
    multixact.bootstrap()
    return start


def startup_recovery() -> control_file.ControlFile:
    """Replay WAL from the last checkpoint's redo point; returns the final pg_control."""
    _ensure_shared_memory()
    cf = control_file.read()
    control_file.apply_to_settings(cf)
    crashed = cf.state not in (DBState.SHUTDOWNED, DBState.SHUTDOWNED_IN_RECOVERY)
    last_up = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(cf.time))
    if crashed:
        elog.log(f"database system was interrupted; last known up at {last_up}")
        elog.log("database system was not properly shut down; automatic recovery in progress")
        sync_data_directory()
        cf.state = DBState.IN_CRASH_RECOVERY
        control_file.write(cf)
        # Unlogged relations lose their contents: only their init forks stay for replay.
        unlogged_reinit.reset_unlogged_relations(unlogged_reinit.CLEANUP)
    else:
        elog.log(f"database system was shut down at {last_up}")

    xc.store("system_identifier", cf.system_identifier)
    xc.store("timeline", cf.timeline)
    xc.store("next_xid", max(cf.next_xid, FIRST_NORMAL_XID))
    xc.store("next_oid", max(cf.next_oid, FIRST_NORMAL_OBJECT_ID))
    xc.store("oid_count", 0)
    multixact.set_next_ids(cf.next_multi, cf.next_multi_offset)
    xc.store("redo_pointer", cf.redo_lsn)
    xc.store("last_checkpoint", cf.checkpoint_lsn)

    checkpoint_record = wal.read_record_at(cf.checkpoint_lsn, timeline=cf.timeline,
                                           system_identifier=cf.system_identifier)
    if (checkpoint_record is None or checkpoint_record.rmid != wal.RmgrId.XLOG
            or checkpoint_record.info & 0xF0 not in (XLOG_CHECKPOINT_SHUTDOWN, XLOG_CHECKPOINT_ONLINE)):
        raise PanicError("XX000", "could not locate a valid checkpoint record")
    checkpoint_data = CheckpointData.unpack(checkpoint_record.main_data)
    if checkpoint_data.redo != cf.redo_lsn:
        raise PanicError("XX000", "invalid redo record in checkpoint record")

    twophase_recovery.restore_state_files()
    commit_timestamps.startup(max(cf.next_xid, FIRST_NORMAL_XID), cf.oldest_commit_ts_xid,
                              cf.newest_commit_ts_xid)

    # Step 3: replay. Inserting WAL is refused while in_recovery is set.
    xc.store("in_recovery", 1)
    reader = WalReader(cf.redo_lsn, timeline=cf.timeline, system_identifier=cf.system_identifier)
    replayed = 0
    last_lsn = 0
    seen_xids: set[int] = set()       # xids with records after the redo point
    finished_xids: set[int] = set()   # ... and those whose commit/abort record we replayed
    try:
        for rec in reader:
            if replayed == 0 and crashed:
                elog.log(f"redo starts at {lsnmod.format_lsn(rec.lsn)}")
            rmgr = wal.get_rmgr(rec.rmid)
            if rmgr is None or rmgr.redo is None:
                raise PanicError("XX000", f"resource manager with ID {rec.rmid} not registered",
                                 hint="Include the extension module that implements this "
                                      "resource manager in shared_preload_libraries.")
            rmgr.redo(rec)
            if rec.xid >= FIRST_NORMAL_XID:
                xc.advance("next_xid", rec.xid + 1)
                seen_xids.add(rec.xid)
            if rec.rmid == wal.RmgrId.XACT:
                # A commit/abort record also settles the subtransactions it lists (they
                # have heap records but no XACT record of their own); COMMIT/ROLLBACK
                # PREPARED settles the prepared transaction's xids (its xl_xid is 0).
                finished_xids.update(xact_records.settled_xids(rec))
            replayed += 1
            last_lsn = rec.lsn
            if replayed % 1024 == 0 and not postmaster_alive.postmaster_is_alive():
                # A long replay must not outlive its postmaster (HandleStartupProcInterrupts):
                # a new one could not start while we hold the data directory.
                elog.log("terminating startup process: the postmaster died", "FATAL")
                raise SystemExit(1)
    finally:
        reader.close()
        xc.store("in_recovery", 0)
    end_of_wal = reader.end_of_wal
    if end_of_wal <= cf.checkpoint_lsn:
        raise PanicError("XX000", "WAL ends before the end of the checkpoint record")
    statistics.update(records_replayed=replayed, redo_start=cf.redo_lsn, redo_end=end_of_wal,
                      end_reason=reader.end_reason or "")

    if crashed:
        if replayed:
            elog.log(f"redo done at {lsnmod.format_lsn(last_lsn)}; {replayed} records replayed")
        else:
            elog.log("redo is not required")
        # ... and start empty, as their init forks (replay may have re-created those).
        unlogged_reinit.reset_unlogged_relations(unlogged_reinit.INIT)
    _abort_lost_async_commits(seen_xids - finished_xids)

    # Step 4: the next record goes right after the last valid one.
    segment_files.close_all()
    segment_files.zero_segment_tail(cf.timeline, end_of_wal)
    segment_files.remove_segments_after(lsnmod.segment_number(end_of_wal))
    insert.set_insert_position(end_of_wal, last_lsn)
    commit_log.forget_cache()
    next_xid = xc.load("next_xid")
    commit_log.trim(next_xid)
    subtrans.startup(next_xid, next_xid)      # no transaction survives a restart
    multixact.startup(*multixact.next_ids())

    # Step 5.
    twophase_recovery.recover_prepared_transactions()

    # Step 6.
    if crashed:
        checkpoint.create_checkpoint(end_of_recovery=True)
    lock_cf = control_file.read()
    lock_cf.state = DBState.IN_PRODUCTION
    control_file.write(lock_cf)
    return lock_cf


def sync_data_directory() -> None:
    """fsync every file and directory of the data directory before crash recovery reads
    anything (SyncDataDirectory). The crashed server's writes may still sit in the page
    cache unsynced, WAL included: replay must not build on them, and show their effects
    to clients, while a power failure could still take them away. A failed fsync is a
    PANIC, as everywhere (data_sync_retry = off); files we may not open, or that vanish,
    are skipped, as PostgreSQL's walkdir does."""
    if not settings.get("fsync"):
        return
    for directory, _subdirs, files in os.walk("."):
        for name in sorted(files):
            path = os.path.normpath(os.path.join(directory, name))
            try:
                file_io.fsync_path(path)
            except PermissionError:
                continue
            except OSError as e:
                raise file_access_error(e, f'could not fsync file "{path}"',
                                        severity="PANIC") from None
        try:
            file_io.fsync_directory(os.path.normpath(directory))
        except FileNotFoundError:
            continue
        except OSError as e:
            raise file_access_error(e, f'could not fsync file "{os.path.normpath(directory)}"',
                                    severity="PANIC") from None


def _abort_lost_async_commits(unfinished: set[int]) -> None:
    """An xid with records after the redo point but no commit record in the surviving WAL
    never committed durably. If pg_xact says committed anyway, it was a
    synchronous_commit=off commit whose record was lost with the WAL tail, and some of
    its changes may be lost too: mark it aborted, so it is never half-visible."""
    for xid in unfinished:
        if commit_log.xid_status(xid) == commit_log.COMMITTED:
            commit_log.set_status(xid, commit_log.ABORTED)


def shutdown_checkpoint() -> int:
    """The final checkpoint at a clean shutdown; pg_control ends "shut down"."""
    return checkpoint.create_checkpoint(shutdown=True)
