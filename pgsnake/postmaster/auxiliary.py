"""The auxiliary processes' main loops: startup, checkpointer, background writer, WAL
writer and autovacuum launcher.

Each loop does its one job, then sleeps on its latch until the next round is due:

    startup             replay WAL from the last checkpoint's redo point, then exit 0
    checkpointer        a checkpoint every checkpoint_timeout, or when a backend asks
                        (checkpoint.request_checkpoint sets this process's latch); on
                        SIGUSR2 the shutdown checkpoint, then exit
    background writer   every bgwriter_delay, write some dirty buffers so backends rarely
                        have to write a victim themselves
    walwriter           every wal_writer_delay, flush WAL that asynchronous commits
                        (synchronous_commit=off) left unflushed: this bounds their loss
    autovacuum launcher every autovacuum_naptime, ask the postmaster for a worker for the
                        next database (postmaster/autovacuum.py)

Rules
1. Every auxiliary process holds its own proc-array slot (proc_array.auxiliary_slot),
   so its latch is the slot's and other processes can wake it; it releases the slot
   when its loop ends.
2. A sleep is a latch wait (`_nap`), never a sleep loop: it ends when the latch is set
   (by another process, or by our own SIGTERM/SIGUSR2/SIGHUP handler, which set a flag
   and then the latch), when the time is up, or when the postmaster dies.
3. The postmaster's death ends the process at once with exit code 1, without a
   checkpoint or a last flush: nobody supervises it any more, and a new postmaster may
   start only when it is gone (data_directory_lock.py). Committed work is in WAL.
4. SIGTERM asks a loop to finish; SIGQUIT (crash-restart or immediate shutdown) exits at
   once with code 2, touching nothing shared, as PostgreSQL's quickdie does.
5. An ERROR in a round of the checkpointer or the background writer (a buffer write
   that hit ENOSPC or EIO) is logged, the round's LWLocks and buffer pins are released,
   and the process sleeps a second and goes on: the buffer stays dirty and the work is
   retried later. A failed checkpoint counts as a failed request (a waiting CHECKPOINT
   reports "checkpoint request failed") and the next one is not postponed. A PANIC (a
   failed fsync, a WAL write) is logged and ends the process with code 2: the
   postmaster crash-restarts the cluster.

PostgreSQL: postmaster/startup.c, checkpointer.c, bgwriter.c, walwriter.c, autovacuum.c,
postmaster/auxprocess.c (AuxiliaryProcessMain: InitAuxiliaryProcess).
"""
from __future__ import annotations

import os
import signal
import time

from pgsnake.storage.ipc import latch, proc_array
from pgsnake.utils import elog, process_state, process_title, settings
from pgsnake.utils.errors import PgError

ERROR_RETRY_DELAY = 1.0        # rule 5: seconds to wait after an ERROR (PostgreSQL's too)


class _Flags:
    stop = False          # SIGTERM
    shutdown_checkpoint = False   # SIGUSR2 (checkpointer)
    reload = False        # SIGHUP


def _quickdie(signum, frame) -> None:
    os._exit(2)


def _install_handlers() -> None:
    # Rule 2: flag first, then the latch, so the woken loop sees the flag.
    def on_term(signum, frame):
        _Flags.stop = True
        latch.set_my_latch()

    def on_usr2(signum, frame):
        _Flags.shutdown_checkpoint = True
        latch.set_my_latch()

    def on_hup(signum, frame):
        _Flags.reload = True
        latch.set_my_latch()

    signal.signal(signal.SIGQUIT, _quickdie)
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGUSR2, on_usr2)
    signal.signal(signal.SIGHUP, on_hup)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _nap(seconds: float | None, wake=lambda: False) -> None:
    """Rule 2: sleep up to `seconds` (None: until woken), or less if a flag is raised or
    `wake()` holds. The latch protocol: reset, check, wait; a set in between is kept."""
    end = None if seconds is None else time.monotonic() + seconds
    while True:
        latch.reset_my_latch()
        if _Flags.stop or _Flags.shutdown_checkpoint or _Flags.reload or wake():
            return
        remaining = None if end is None else end - time.monotonic()
        if remaining is not None and remaining <= 0:
            return
        events = latch.wait(remaining, postmaster_death=False)
        if latch.WL_POSTMASTER_DEATH in events:
            raise SystemExit(1)          # rule 3
        if latch.WL_TIMEOUT in events:
            return


def _maybe_reload() -> None:
    if _Flags.reload:
        _Flags.reload = False
        from pgsnake.postmaster import subsystems
        subsystems.reload_config()


def run(kind: str) -> int:
    process_title.set_title(kind)
    _install_handlers()
    slot = proc_array.auxiliary_slot(kind)          # rule 1
    proc_array.claim_slot(process_state.pid, kind, among=range(slot, slot + 1))
    try:
        return MAIN_LOOPS[kind]()
    except PgError as e:             # rule 5: a PANIC (or FATAL) ends the process
        elog.log_error(e)
        return 2
    finally:
        proc_array.release_slot(slot)


def _survive_error(round_fn) -> bool:
    """Run one round; an ERROR is logged and cleaned up after, and False returned
    (rule 5). PANIC and FATAL propagate."""
    try:
        round_fn()
        return True
    except PgError as e:
        if e.severity != "ERROR":
            raise
        elog.log_error(e)
        from pgsnake.storage.buffer import buffer_manager
        from pgsnake.storage.lmgr import lwlock
        lwlock.release_all()
        buffer_manager.release_all_pins()
        _nap(ERROR_RETRY_DELAY)
        return False


def startup_main() -> int:
    signal.signal(signal.SIGTERM, _quickdie)   # shutdown during recovery: just stop
    from pgsnake.access.transam import recovery
    from pgsnake.access.transam.wal import control_file
    from pgsnake.utils.activity import pgstat_file
    clean = control_file.read().state in (control_file.DBState.SHUTDOWNED,
                                          control_file.DBState.SHUTDOWNED_IN_RECOVERY)
    recovery.startup_recovery()
    if not clean:
        # Files of DDL the crash cut short (pgsnake's addition: PostgreSQL keeps them).
        from pgsnake.catalog import orphan_files
        orphan_files.remove_orphans()
    # The statistics survive a clean shutdown only (pgstat_restore_stats/discard_stats).
    if clean:
        pgstat_file.restore_at_startup()
    else:
        pgstat_file.discard()
    from pgsnake.utils.activity import pgstat_io
    pgstat_io.set_reset_time_at_start()
    pgstat_io.flush()                       # the replay's block I/O, under "startup"
    return 0


def checkpointer_main() -> int:
    from pgsnake.access.transam import checkpoint, recovery
    from pgsnake.storage.smgr import storage_manager, sync_requests
    from pgsnake.utils.activity import pgstat, pgstat_kinds
    # The checkpointer outlives every other process: the postmaster ends it with
    # SIGUSR2 (shutdown checkpoint) after the rest have gone; SIGTERM means nothing here.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    last = time.monotonic()
    while True:
        _maybe_reload()
        if _Flags.shutdown_checkpoint:
            elog.log("shutting down")
            recovery.shutdown_checkpoint()
            pgstat.flush_process_counters()     # the shutdown checkpoint's writes too
            from pgsnake.utils.activity import pgstat_file
            try:
                pgstat_file.write_at_shutdown()
            except (OSError, PgError) as e:    # the data is safe; only the counts are lost
                elog.log(f"could not write statistics file: {e}", "LOG")
            return 0
        # A failed checkpoint leaves `last` alone, so a timed one is tried again after
        # the error delay (rule 5).
        if checkpoint.pending_request():
            if _survive_error(checkpoint.run_requested_checkpoint):
                last = time.monotonic()
                pgstat.add_globals({pgstat_kinds.G_REQUESTED_CHECKPOINTS: 1})
        elif time.monotonic() - last >= settings.get("checkpoint_timeout"):
            if _survive_error(checkpoint.run_timed_checkpoint):
                last = time.monotonic()
                pgstat.add_globals({pgstat_kinds.G_TIMED_CHECKPOINTS: 1})
        pgstat.flush_process_counters()
        # fsync requests wait in our own set, not the shared queue (AbsorbSyncRequests).
        storage_manager.absorb_sync_requests()
        due = last + settings.get("checkpoint_timeout") - time.monotonic()
        _nap(max(due, 0.0), wake=lambda: checkpoint.pending_request()
             or sync_requests.half_full())


def background_writer_main() -> int:
    from pgsnake.storage.buffer import buffer_manager
    from pgsnake.utils.activity import pgstat, pgstat_kinds

    def write_round() -> None:
        maximum = settings.get("bgwriter_lru_maxpages")
        written = buffer_manager.write_some_dirty(maximum) or 0
        if written:                       # pg_stat_bgwriter.buffers_clean / maxwritten_clean
            pgstat.add_globals({pgstat_kinds.G_BUF_WRITTEN_CLEAN: written,
                                pgstat_kinds.G_MAXWRITTEN_CLEAN: int(written >= maximum)})
        pgstat.flush_process_counters()
    while not _Flags.stop:
        _maybe_reload()
        if _survive_error(write_round):
            _nap(settings.get("bgwriter_delay") / 1000.0)
    return 0


def walwriter_main() -> int:
    from pgsnake.access.transam.wal import wal
    from pgsnake.utils.activity import pgstat
    while not _Flags.stop:
        _maybe_reload()
        wal.write_and_flush_all()
        pgstat.flush_process_counters()
        _nap(settings.get("wal_writer_delay") / 1000.0)
    wal.write_and_flush_all()
    return 0


def autovacuum_launcher_main() -> int:
    from pgsnake.postmaster import autovacuum
    return autovacuum.launcher_main(_nap, _Flags, _survive_error)


MAIN_LOOPS = {
    "startup": startup_main,
    "checkpointer": checkpointer_main,
    "background writer": background_writer_main,
    "walwriter": walwriter_main,
    "autovacuum launcher": autovacuum_launcher_main,
}
