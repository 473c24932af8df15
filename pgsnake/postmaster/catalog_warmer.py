"""The catalog warmer: a short-lived child that reads the catalogs whose caches the
postmaster keeps for every backend it forks (catalog/warm_caches.py).

Life of a warmer (rule 15 of the README):
 1. the postmaster makes an anonymous memory file (memfd) and forks the warmer when it
    enters RUN (also after a crash-restart's recovery), and again when a backend asked
    for it (its database had no caches, or they were far behind the invalidation ring:
    warm_caches.install raises pmsignal WARM_CATALOG_CACHES), at most once per
    REWARM_INTERVAL seconds;
 2. the warmer takes its own auxiliary proc slot (its snapshots' xmin is published like
    any reader's), reads the ring position, then the rows of
    warm_caches.WARM_CATALOGS of each database that accepts connections (at most
    MAX_DATABASES: `choose_databases`), writes
    them pickled to the memory file and exits 0;
 3. on that exit the postmaster reads the file, builds the caches (warm_caches.build)
    and freezes them (preload.freeze), so that every later fork shares them.
The postmaster itself never reads a catalog or takes a lock for this: it only reads
the file its own child wrote, and the request flag (one atomic exchange, pmsignal). The warmer is a reader like any backend: an exit other
than 0 or 1 (FATAL: SIGTERM at shutdown) is a crash (rule 2). It does not appear in
pg_stat_activity (PostgreSQL has no such process) and announces its database to
nobody (proc slot database 0), so DROP DATABASE never waits for it; a database dropped
while it reads is skipped.

Entry points:
    KIND                       the process kind (title "pgsnake: catalog warmer")
    warmer_main(fd) -> int     in the child
    collect(fd)                in the postmaster, after the warmer exited 0
    note_request(), next_start(now)   in the postmaster: a backend's request, and when
                               to act on it
    forget_caches()            in the postmaster, when shared memory is re-created

PostgreSQL has no such process: its backends write the relcache init file
(utils/cache/relcache.c, write_relcache_init_file) for the next ones to read.
"""
from __future__ import annotations

import os
import pickle
import time

from pgsnake.utils import elog, process_state, process_title, settings

KIND = "catalog warmer"
MAX_DATABASES = 4
# A backend asks for a new warmer (pmsignal WARM_CATALOG_CACHES, warm_caches.install)
# when its database has no caches or they are this far behind the ring (it replays that
# many messages; past invalidation.RING_SLOTS it drops them all). The postmaster starts
# at most one warmer per REWARM_INTERVAL seconds.
REWARM_INTERVAL = 5.0
BOOTSTRAP_SUPERUSER = 10

_last_started = 0.0
_requested = False


def note_started() -> None:
    global _last_started, _requested
    _last_started = time.monotonic()
    _requested = False


def warmer_main(fd: int) -> int:
    """Step 2; returns the exit code."""
    from pgsnake.catalog import catalog_cache as cc
    from pgsnake.catalog import invalidation, warm_caches
    from pgsnake.storage.ipc import backend_status, proc_array, shared_memory
    from pgsnake.tcop.session import Session
    from pgsnake.utils import interrupts
    from pgsnake.utils.errors import FatalError, PgError
    interrupts.install_backend_handlers()
    process_title.set_title(KIND)
    session = Session(None)
    slot = proc_array.auxiliary_slot(KIND)
    try:
        session.proc_slot = proc_array.claim_slot(process_state.pid, KIND,
                                                  among=range(slot, slot + 1))
    except FatalError:
        return 0            # an older warmer still holds the slot: nothing to do
    process_state.proc_number = session.proc_slot
    backend_status.clear(session.proc_slot)
    process_state.user_oid = BOOTSTRAP_SUPERUSER
    process_state.is_superuser = True
    try:
        position = invalidation.shared_counter()       # before any snapshot: the invariant
        generation = shared_memory.generation
        found = {}
        chosen = choose_databases(cc.scan_catalog("pg_database"))
        for database_oid in chosen:
            if not warm_caches.needs_reading(database_oid, position):
                continue                 # the postmaster's caches of it are recent enough
            interrupts.check_for_interrupts()
            process_state.database_oid = database_oid
            try:
                session.start_transaction()      # one transaction, a snapshot per catalog
                found[database_oid] = warm_caches.read_database_rows()
                session.finish_transaction()
            except FatalError:
                raise
            except PgError:                  # dropped while we read it: skip it
                session.abort_after_error(quiet=True)
        process_state.database_oid = 0
        _write_all(fd, pickle.dumps((position, generation, chosen, found),
                                    pickle.HIGHEST_PROTOCOL))
        return 0
    except FatalError as e:
        if e.sqlstate != "57P01":            # SIGTERM at shutdown is not worth a line
            elog.log_error(e)
        session.abort_after_error(quiet=True)
        return 1
    except Exception as e:
        # A bug here must not crash-restart the cluster: what the warmer held (LWLocks,
        # pins, its transaction) is released as after a backend's ERROR, and no caches
        # are handed out this time.
        elog.log(f"catalog warmer failed: {type(e).__name__}: {e}", "LOG")
        session.abort_after_error(quiet=True)
        return 1
    finally:
        session.release_proc_slot()


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def collect(fd: int) -> None:
    """Step 3, in the postmaster. Whatever goes wrong leaves the postmaster without warm
    caches (backends then read the catalogs themselves), never stops it."""
    from pgsnake.catalog import warm_caches
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        chunks = []
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        if not chunks:
            return
        position, generation, chosen, found = pickle.loads(b"".join(chunks))
        warm_caches.build(position, generation, found, keep=chosen)
        if str(settings.get("log_min_messages")).startswith("debug"):
            elog.log(f"catalog caches of databases {sorted(found)} made before fork, "
                     f"current at invalidation {position} "
                     f"({time.monotonic() - _last_started:.3f} s)", "DEBUG")
    except Exception as e:
        warm_caches.forget()
        elog.log(f"could not build the catalog caches made before fork: {type(e).__name__}: {e}",
                 "LOG")


def forget_caches() -> None:
    """In the postmaster, when shared memory is re-created (crash-restart)."""
    from pgsnake.catalog import warm_caches
    warm_caches.forget()


def note_request() -> None:
    """In the postmaster, on SIGUSR1: did a backend ask for fresh caches?"""
    global _requested
    from pgsnake.storage.ipc import pmsignal
    if pmsignal.check_and_clear(pmsignal.WARM_CATALOG_CACHES):
        _requested = True


def next_start(now: float) -> float | None:
    """When the postmaster should start the requested warmer (None: none requested);
    at most one every REWARM_INTERVAL seconds."""
    if not _requested:
        return None
    return max(now, _last_started + REWARM_INTERVAL)


def choose_databases(rows) -> list[int]:
    """The databases to warm, from pg_database rows: those that accept connections and
    are not templates (template1: connected to rarely, and CREATE DATABASE copies its
    files without connecting), `postgres` first, then the newest (highest OID: in a test
    suite, the databases in use), at most MAX_DATABASES."""
    from pgsnake.catalog import database_validity
    allowed = [r for r in rows if r.datallowconn and not r.datistemplate
               and not database_validity.is_invalid(r)]
    allowed.sort(key=lambda r: (r.datname != "postgres", -r.oid))
    return [r.oid for r in allowed[:MAX_DATABASES]]
