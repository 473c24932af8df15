"""Checkpoints: bound crash recovery by making everything before a redo point durable.

Entry points:
    create_checkpoint(shutdown=False, end_of_recovery=False) -> checkpoint record LSN
    request_checkpoint(wait=True)     a backend's CHECKPOINT command
    pending_request() / run_requested_checkpoint()   the checkpointer's main loop
    delay_start() / delay_end()       around a commit (xact.py), see "Commits" below

The order, and why:
1. Under CheckpointLock (one checkpoint at a time).
2. Under WALInsertLock, the redo point = where the next record will start, and the shared
   redo pointer is set to it FIRST. From then on every first change to a page logs a
   full-page image, so a page written torn after this point can be rebuilt from WAL that
   replay (which starts at the redo point) will see.
3. Wait for the commits in progress when the redo point was chosen to have set their
   pg_xact bits ("Commits" below).
4. Flush every dirty buffer (the buffer manager flushes WAL up to each page's LSN first),
   fsync every relation file, write and fsync every dirty pg_xact and pg_multixact page,
   write the dirty pg_subtrans pages: all changes before the redo point are now on disk.
   Prepared transactions whose PREPARE record is before the redo point get their state
   copied into pg_twophase files (replay will not see the record again, and step 7 may
   remove it).
5. Write the checkpoint record (redo, timeline, next xid, next OID, next multixact and
   member offset) and flush it.
6. Update pg_control: checkpoint LSN, redo LSN, state. Only now does recovery start from
   the new redo point; a crash during 4-5 just replays from the previous one.
7. Remove WAL segments wholly before the redo point's segment, and pg_subtrans segments
   wholly before the oldest xmin.

Commits (PostgreSQL's DELAY_CHKPT_START). pg_xact pages live in shared buffers, so a
commit whose record lies before the redo point but whose bits are set only after step 4
wrote pg_xact would lose its bits in a crash: replay starts after its record. So a
committing backend calls `delay_start()` before inserting its commit record and
`delay_end()` once pg_xact has the outcome (proc_array.py invariant 6), and step 3 waits
for every commit that was in that window when the redo point was chosen. The waiting
checkpointer sleeps on its latch; `delay_end()` sets it when the checkpointer has a proc
slot, else the 10 ms timeout of each wait (PostgreSQL's own sleep here) ends it.

Checkpoint requests: a shared block holds `requested` and `completed` counters. A backend
bumps `requested`, sets the checkpointer's latch, and (with wait) polls until `completed`
reaches its number; the checkpointer copies `requested` before it starts and publishes
it as `completed` after.

PostgreSQL: access/transam/xlog.c (CreateCheckPoint, CheckPointGuts),
access/transam/twophase.c (CheckPointTwoPhase), postmaster/checkpointer.c
(RequestCheckpoint, CheckpointerMain).
"""
from __future__ import annotations

import time

from pgsnake.access.transam import (checkpoint_log, commit_log, commit_timestamps, multixact,
                                    subtrans, transaction_ids, twophase_recovery)
from pgsnake.access.transam.checkpoint_log import (CAUSE_TIME, END_OF_RECOVERY, FORCE, IMMEDIATE,
                                                   IS_SHUTDOWN, WAIT)
from pgsnake.access.transam.wal import control_file, insert, lsn as lsnmod, segment_files, wal
from pgsnake.access.transam.wal import xlog_control as xc
from pgsnake.access.transam.wal.xlog_records import (XLOG_CHECKPOINT_ONLINE,
                                                     XLOG_CHECKPOINT_SHUTDOWN, CheckpointData)
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.ipc import latch, proc_array, shared_memory
from pgsnake.storage.lmgr import condition_variable as cv
from pgsnake.storage.lmgr import lwlock
from pgsnake.storage.smgr import storage_manager as smgr
from pgsnake.utils import process_state, settings
from pgsnake.utils.errors import PgError
from pgsnake.utils.interrupts import check_for_interrupts

_REQUESTED, _COMPLETED, _FAILED = 0, 8, 16
_DONE = cv.key(cv.CHECKPOINT_DONE, 0)   # broadcast after every requested checkpoint
_DELAY_WAITER = 24          # proc number + 1 of a checkpointer waiting in step 3, or 0
_REQUEST_FLAGS = 32         # checkpoint_log flags OR-ed in by requesters, taken by the checkpointer
_DELAY_WAIT_TIMEOUT = 0.01
_region: shared_memory.Region | None = None

statistics = {"checkpoints": 0, "last_checkpoint_lsn": 0}


def _init(region: shared_memory.Region) -> None:
    global _region
    region.view[:] = bytes(region.size)
    _region = region


shared_memory.request_region("CheckpointerShmem", lambda: 40, _init)


# ---- the buffer manager and storage manager, through their contracts -----------------

def _flush_all_buffers(progress: checkpoint_log.CheckpointProgress) -> None:
    from pgsnake.utils.activity import pgstat, pgstat_kinds as k
    progress.write_started = time.monotonic()
    written = bufmgr.flush_all_buffers() or 0
    progress.buffers_written = written
    progress.sync_started = time.monotonic()
    pgstat.add_globals({k.G_BUF_WRITTEN_CHECKPOINTS: written,       # pg_stat_bgwriter
                        k.G_CHECKPOINT_WRITE_TIME: int((progress.sync_started
                                                        - progress.write_started) * 1e6)})


def _sync_relation_files(progress: checkpoint_log.CheckpointProgress) -> None:
    # Every relation file and directory under base/ and global/, through the durable-file
    # layer (storage/file): a failed fsync PANICs there (smgr rule 4).
    from pgsnake.utils.activity import pgstat, pgstat_kinds as k
    progress.sync_started = time.monotonic()
    progress.sync_files = smgr.sync_all_relation_files() or 0
    progress.sync_ended = time.monotonic()
    pgstat.add_globals({k.G_CHECKPOINT_SYNC_TIME: int((progress.sync_ended
                                                       - progress.sync_started) * 1e6)})
    # pg_stat_io's writes and fsyncs of this checkpoint, visible when CHECKPOINT
    # returns, as buffers_checkpoint is.
    from pgsnake.utils.activity import pgstat_io
    pgstat_io.flush()


# ---- the checkpoint ----------------------------------------------------------------------

def create_checkpoint(shutdown: bool = False, end_of_recovery: bool = False,
                      flags: int = IMMEDIATE | FORCE) -> int:
    """`flags` (checkpoint_log's bits) say why it runs, for its log line; a shutdown or
    end-of-recovery checkpoint has its own."""
    if shutdown:
        flags = IS_SHUTDOWN | IMMEDIATE
    elif end_of_recovery:
        flags = END_OF_RECOVERY | IMMEDIATE | WAIT
    lock = lwlock.named("CheckpointLock")
    lock.acquire(lwlock.EXCLUSIVE)
    try:
        return _create_checkpoint_locked(shutdown or end_of_recovery, shutdown, flags)
    finally:
        lock.release()


def _create_checkpoint_locked(shutdown_record: bool, shutting_down: bool, flags: int) -> int:
    progress = checkpoint_log.CheckpointProgress(flags)
    progress.log_start()
    insert_lock = lwlock.named("WALInsertLock")
    insert_lock.acquire(lwlock.EXCLUSIVE)
    try:
        redo = insert.next_record_start()
        insert.set_redo_pointer(redo)       # step 2: before any buffer is flushed
    finally:
        insert_lock.release()

    _wait_for_delaying_commits()         # step 3
    # Read after the wait: every multixact whose record precedes the redo point is
    # below it (multixact.py invariant 2).
    next_multi, next_multi_offset = multixact.next_ids()
    _flush_all_buffers(progress)
    _sync_relation_files(progress)
    commit_log.flush_at_checkpoint()
    commit_timestamps.flush_at_checkpoint()
    subtrans.flush_at_checkpoint()
    multixact.flush_at_checkpoint()
    twophase_recovery.checkpoint_state_files(redo)

    data = CheckpointData(redo=redo, timeline=xc.load("timeline"),
                          next_xid=transaction_ids.read_next_xid(),
                          next_oid=transaction_ids.logged_next_oid(), time=int(time.time()),
                          full_page_writes=settings.get("full_page_writes"),
                          next_multi=next_multi, next_multi_offset=next_multi_offset)
    info = XLOG_CHECKPOINT_SHUTDOWN if shutdown_record else XLOG_CHECKPOINT_ONLINE
    start, end = wal.insert_record_returning_start(wal.RmgrId.XLOG, info, data.pack())
    wal.flush(end)

    lock = lwlock.named("ControlFileLock")
    with lock.exclusive():
        cf = control_file.read()
        previous_redo = cf.redo_lsn
        cf.checkpoint_lsn = start
        cf.redo_lsn = redo
        cf.timeline = data.timeline
        cf.next_xid = data.next_xid
        cf.next_oid = data.next_oid
        cf.next_multi = data.next_multi
        cf.next_multi_offset = data.next_multi_offset
        cf.checkpoint_time = data.time
        cf.full_page_writes = data.full_page_writes
        cf.oldest_commit_ts_xid, cf.newest_commit_ts_xid = commit_timestamps.range_for_checkpoint()
        cf.state = (control_file.DBState.SHUTDOWNED if shutting_down
                    else control_file.DBState.IN_PRODUCTION)
        control_file.write(cf)
    xc.store("last_checkpoint", start)

    removed = segment_files.remove_segments_before(lsnmod.segment_number(redo))
    progress.segments_removed = len(removed or ())
    if proc_array.is_initialised():
        subtrans.truncate(proc_array.oldest_xmin(transaction_ids.read_next_xid()))
    progress.log_end(max(0, redo - previous_redo), int(settings.get("shared_buffers")))
    statistics["checkpoints"] += 1
    statistics["last_checkpoint_lsn"] = start
    return start


# ---- commits in flight (DELAY_CHKPT_START) --------------------------------------------

def delay_start() -> None:
    """A commit record is about to be inserted; pg_xact does not have it yet."""
    n = process_state.proc_number
    if n >= 0 and proc_array.is_initialised():
        proc_array.delay_checkpoint_start(n)


def delay_end() -> None:
    """pg_xact has the outcome (or the commit failed). Idempotent."""
    n = process_state.proc_number
    if n >= 0 and proc_array.is_initialised() and proc_array.delay_checkpoint_end(n):
        waiter = _region.atomics.load_u64(_region.offset + _DELAY_WAITER)
        if waiter:
            latch.set_latch(waiter - 1)


def _wait_for_delaying_commits() -> None:
    if not proc_array.is_initialised():
        return
    me = process_state.proc_number
    delayers = proc_array.checkpoint_delayers()
    delayers.pop(me, None)          # never wait for ourselves
    if not delayers:
        return
    waiter_word = _region.offset + _DELAY_WAITER
    if me >= 0:
        _region.atomics.store_u64(waiter_word, me + 1)
    try:
        while True:
            latch.reset_my_latch()
            if not proc_array.still_delaying(delayers):
                break
            latch.wait(_DELAY_WAIT_TIMEOUT)
    finally:
        if me >= 0:
            _region.atomics.store_u64(waiter_word, 0)


# ---- requests from backends ------------------------------------------------------------

def request_checkpoint(wait: bool = True, flags: int = IMMEDIATE | FORCE) -> None:
    """CHECKPOINT: ask the checkpointer; without a postmaster, do it here. Requests made
    before the checkpointer starts one are served by that one, with their flags OR-ed."""
    if wait:
        flags |= WAIT
    if not process_state.is_under_postmaster or process_state.process_kind == "checkpointer":
        create_checkpoint(flags=flags)
        return
    atomics, base = _region.atomics, _region.offset
    atomics.fetch_or_u32(base + _REQUEST_FLAGS, flags)
    mine = atomics.fetch_add_u64(base + _REQUESTED, 1) + 1
    failed_before = atomics.load_u64(base + _FAILED)
    # The request is in shared memory; now wake the checkpointer, which sleeps on its
    # latch (postmaster/auxiliary.py) instead of polling for requests.
    latch.set_latch(proc_array.auxiliary_slot("checkpointer"))
    if not wait:
        return
    # Sleep until the checkpointer says a checkpoint ended (it broadcasts the condition
    # variable after each one, done or failed). The wait is on our latch, so if the
    # postmaster dies meanwhile it raises FATAL 57P01 instead of waiting forever.
    # (A requester without a proc slot, in tests, cannot be woken: it naps instead.)
    sleeping = cv.can_sleep()
    if sleeping:
        cv.prepare_to_sleep(_DONE)
    try:
        while atomics.load_u64(base + _COMPLETED) < mine:
            if atomics.load_u64(base + _FAILED) != failed_before:
                raise PgError("XX000", "checkpoint request failed",
                              hint="Consult recent messages in the server log for details.")
            check_for_interrupts()
            if sleeping:
                cv.sleep()
            else:
                latch.wait(0.01)
    finally:
        if sleeping:
            cv.cancel_sleep()


def pending_request() -> bool:
    atomics, base = _region.atomics, _region.offset
    return atomics.load_u64(base + _REQUESTED) > atomics.load_u64(base + _COMPLETED)


def run_requested_checkpoint(shutdown: bool = False) -> int:
    """Checkpointer: serve every request made so far with one checkpoint."""
    atomics, base = _region.atomics, _region.offset
    serving = atomics.load_u64(base + _REQUESTED)
    flags = atomics.exchange_u32(base + _REQUEST_FLAGS, 0) or (IMMEDIATE | FORCE)
    try:
        lsn = create_checkpoint(shutdown=shutdown, flags=flags)
    except BaseException:
        atomics.fetch_add_u64(base + _FAILED, 1)
        cv.broadcast(_DONE)
        raise
    atomics.store_u64(base + _COMPLETED, max(serving, atomics.load_u64(base + _COMPLETED)))
    cv.broadcast(_DONE)
    return lsn


def run_timed_checkpoint() -> int:
    """Checkpointer: checkpoint_timeout has passed since the last one."""
    return create_checkpoint(flags=CAUSE_TIME)
