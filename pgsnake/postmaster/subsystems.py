"""Which modules own shared state, and bringing them all up at once.

Importing a subsystem registers its shared-memory regions (`request_region`) and its WAL
redo functions (`register_rmgr`). The postmaster and initdb import them all through
`load_all()` before `create_shared_state()`, so the segment's layout is complete before
anything forks (design.md §1).

PostgreSQL: storage/ipc/ipci.c (CalculateShmemSize, CreateSharedMemoryAndSemaphores).
"""
from __future__ import annotations

import importlib
import os

from pgsnake.storage.ipc import shared_memory
from pgsnake.storage.lmgr import lwlock
from pgsnake.utils import settings

# Every module that registers a region or a resource manager, lowest layer first.
SUBSYSTEM_MODULES = (
    "pgsnake.storage.lmgr.lwlock",
    "pgsnake.storage.ipc.proc_array",
    "pgsnake.storage.ipc.backend_status",
    "pgsnake.storage.ipc.backend_progress",
    "pgsnake.storage.ipc.pgstat_shmem",
    "pgsnake.storage.ipc.pmsignal",
    "pgsnake.storage.ipc.notify_queue",
    "pgsnake.storage.ipc.latch",
    "pgsnake.storage.lmgr.condition_variable",
    "pgsnake.storage.lmgr.lock_table",
    "pgsnake.storage.lmgr.fast_path",
    "pgsnake.storage.lmgr.predicate_table",
    "pgsnake.access.transam.wal.wal",
    "pgsnake.storage.buffer.buffer_manager",
    "pgsnake.access.transam.commit_log",
    "pgsnake.access.transam.subtrans",
    "pgsnake.access.transam.multixact",
    "pgsnake.access.transam.transaction_ids",
    "pgsnake.access.transam.xact",
    "pgsnake.access.transam.checkpoint",
    "pgsnake.access.transam.recovery",
    "pgsnake.access.transam.twophase",
    "pgsnake.access.heap.heapam",
    "pgsnake.access.heap.heap_wal",
    "pgsnake.access.nbtree.wal_records",
    "pgsnake.access.hash.wal_records",
    "pgsnake.access.gist.wal_records",
    "pgsnake.access.gin.wal_records",
    "pgsnake.access.sequence.sequence_page",
    "pgsnake.access.transam.database_files",
    "pgsnake.catalog.catalog_cache",
    "pgsnake.catalog.relation_map",
    "pgsnake.postmaster.autovacuum",
)

_loaded = False


def load_all() -> None:
    global _loaded
    if _loaded:
        return
    for name in SUBSYSTEM_MODULES:
        importlib.import_module(name)
    _loaded = True


def create_shared_state() -> None:
    """Create (or, after a crash, re-create) the shared memory segment."""
    load_all()
    from pgsnake.access.transam.wal import control_file
    if os.path.exists(control_file.PG_CONTROL_PATH):
        # WAL segment size and friends are facts of the cluster, fixed at initdb.
        control_file.apply_to_settings(control_file.read())
    shared_memory.create_segment()
    settings.set_shared_memory_size(shared_memory.segment_size())


def after_fork() -> None:
    """First thing in every child: it holds no locks, whatever its parent's lists say."""
    from pgsnake.storage.ipc import postmaster_alive
    postmaster_alive.close_write_end_in_child()
    lwlock.forget_held_after_fork()
    from pgsnake.storage.lmgr import lock
    lock.forget_after_fork()
    from pgsnake.storage.buffer import buffer_manager
    buffer_manager.forget_pins_after_fork()
    from pgsnake.utils import io_counters
    io_counters.forget()        # the postmaster's own reads (catalog warmer) are not ours


def load_hba_file(at_start: bool) -> None:
    """Parse pg_hba.conf in the postmaster, as PostgreSQL does, so that every backend
    inherits the parsed rules instead of reading the file per connection; a change takes
    effect at the next SIGHUP. A broken file stops the start ("could not load
    pg_hba.conf"); at a reload the old rules stay ("pg_hba.conf was not reloaded")."""
    from pgsnake.protocol import hba
    from pgsnake.tcop import backend_startup
    from pgsnake.utils import elog
    from pgsnake.utils.errors import FatalError, PgError
    path = os.path.join(os.getcwd(), "pg_hba.conf")
    try:
        backend_startup.hba_rules = hba.load_hba(path)
    except PgError as e:
        elog.log(e.message, "LOG", detail=e.detail)
        if at_start:
            raise FatalError("XX000", "could not load pg_hba.conf") from None
        elog.log("pg_hba.conf was not reloaded")


def reload_config() -> None:
    """SIGHUP: re-read postgresql.conf and postgresql.auto.conf (the working directory is
    the data directory). Errors are logged by settings; a bad edit never stops the server."""
    try:
        settings.process_config_files(os.getcwd(), reload=True)
    except Exception as e:   # a bug, not a bad file
        from pgsnake.utils import elog
        elog.log(f"could not reload configuration files: {e}", "WARNING")
