"""A parallel worker's life: forked by the postmaster for a bgworker slot a leader
filled in (storage/ipc/bgworker_slots.py), it becomes a session of the leader's database
and user, runs the leader's plan fragment (executor/parallel_query.run_worker) and exits.

1. It takes a proc-array slot among bgworker_slots.proc_slots() (kind "parallel
   worker": pg_stat_activity's backend_type, with leader_pid from its bgworker slot),
   marks its bgworker slot RUNNING, and GONE as its last act (then the leader's latch).
   No proc slot free: it exits at once (GONE), and the leader runs without it.
2. Its transaction only reads catalogs (its own snapshot); the rows it scans are judged
   by the leader's snapshot from the segment. It never takes an xid.
3. SIGTERM (the leader ending the Gather early, or shutdown) ends it with FATAL 57P01,
   exit code 1; an ERROR goes to the leader through the queue, is logged, and the exit
   code is 1 too: both are normal exits for the postmaster. Any other death is a crash
   (postmaster rule 2), as for any backend.
4. It joins its leader's lock group before it takes a lock: the relations its fragment
   scans are locked in AccessShareLock as the leader's are (pg_locks shows them), and
   never conflict with what the leader holds (storage/lmgr/lock_table.py).

PostgreSQL: postmaster/bgworker.c (StartBackgroundWorker), access/transam/parallel.c
(ParallelWorkerMain).
"""
from __future__ import annotations

from pgsnake.storage.ipc import bgworker_slots
from pgsnake.utils import elog, process_state, process_title

KIND = "parallel worker"


def _connect(session, database_oid: int, user_oid: int) -> bool:
    from pgsnake.catalog import catalog_cache as cc
    from pgsnake.storage.ipc import backend_status, proc_array
    databases = [r for r in cc.scan_catalog("pg_database") if r.oid == database_oid]
    roles = [r for r in cc.scan_catalog("pg_authid") if r.oid == user_oid]
    if not databases or not roles:
        return False
    process_state.user_oid = process_state.session_user_oid = user_oid
    process_state.user_name = process_state.session_user_name = roles[0].rolname
    process_state.is_superuser = bool(roles[0].rolsuper)
    process_state.database_oid = database_oid
    process_state.database_name = databases[0].datname
    proc_array.set_identity(session.proc_slot, database_oid, user_oid)
    session.set_identity(roles[0].rolname, databases[0].datname, "")
    backend_status.report_session_start("", "", 0)
    process_title.set_title(f"parallel worker for PID {process_state_leader}")
    return True


process_state_leader = 0


def worker_main(slot: int) -> int:
    """Run the worker of bgworker slot `slot`; returns the exit code."""
    global process_state_leader
    from pgsnake.executor import parallel_query
    from pgsnake.storage.ipc import backend_status, proc_array
    from pgsnake.tcop.session import Session
    from pgsnake.utils import interrupts
    from pgsnake.utils.errors import FatalError, PgError
    interrupts.install_backend_handlers()
    details = bgworker_slots.details(slot)
    process_state_leader = details["leader_pid"]
    process_title.set_title(f"parallel worker for PID {process_state_leader}")
    session = Session(None)
    try:
        try:
            session.proc_slot = proc_array.claim_slot(process_state.pid, KIND,
                                                      among=bgworker_slots.proc_slots())
        except FatalError:
            return 0                   # no slot: the leader runs without this worker
        process_state.proc_number = session.proc_slot
        backend_status.clear(session.proc_slot)
        bgworker_slots.worker_started(slot)
        try:
            if not _connect(session, details["database"], details["user"]):
                return 0
            from pgsnake.storage.lmgr import lock
            lock.join_lock_group(details["leader_proc"])     # rule 4
            session.start_transaction()
            backend_status.report_activity("active", None)
            parallel_query.run_worker(details)
            session.finish_transaction()
            return 0
        except FatalError as e:
            if e.sqlstate == "57P01":
                e.message = "terminating background worker \"parallel worker\" due to " \
                            "administrator command"
            elog.log_error(e)
            session.abort_after_error(quiet=True)
            return 1
        except PgError as e:
            elog.log_error(e)
            session.abort_after_error(quiet=True)
            return 1
        finally:
            session.release_proc_slot()
    finally:
        bgworker_slots.worker_exiting(slot)
