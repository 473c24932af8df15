"""Catalog cache invalidation across backends, and work deferred to transaction end.

pgsnake's invalidation is deliberately coarse: one 64-bit counter in shared memory (the
region "CatalogInvalidation"). A transaction that changed catalogs bumps it when it
commits; every backend compares it with the value it last saw when a transaction starts
(`catalog_cache.accept_invalidations()`) and drops *all* its caches if it moved.

Deferred work: DROP TABLE must unlink files only if its transaction commits, and a
rolled-back transaction must not leave its uncommitted catalog rows in this backend's
caches. `at_commit(fn)` queues such work; one transaction callback (registered with xact
on first use) runs it and then forgets it.

Rules
1. The counter is bumped after the commit record is durable (the 'commit' event), so a
   backend that sees the new value and re-reads the catalogs also sees the committed rows.
2. Local caches are dropped at the end of every transaction that changed catalogs,
   committed or aborted, and after every DDL command (its own changes must be visible to
   the next statement of the same transaction).

Entry points: note_catalog_change(), at_commit(fn), shared_counter(), add_cache_reset(fn).

PostgreSQL: utils/cache/inval.c (CacheInvalidateRelcache, AtEOXact_Inval,
AcceptInvalidationMessages), storage/ipc/sinval.c; catalog/storage.c (pending deletes).
"""
from __future__ import annotations

from typing import Callable

from pgsnake.storage.ipc import shared_memory

_REGION = "CatalogInvalidation"
_region: shared_memory.Region | None = None


def _init_region(region: shared_memory.Region) -> None:
    global _region
    region.view[:8] = bytes(8)
    _region = region


shared_memory.request_region(_REGION, lambda: 8, _init_region)


def shared_counter() -> int | None:
    """The cluster-wide invalidation counter (None when no segment exists: unit tests)."""
    if _region is None:
        return None
    return _region.atomics.load_u64(_region.offset)


def _bump_shared_counter() -> None:
    if _region is not None:
        _region.atomics.fetch_add_u64(_region.offset, 1)


_cache_resets: list[Callable[[], None]] = []
_pending_commit: list[tuple[int, Callable[[], None]]] = []   # (savepoint depth, action)
_pending_abort: list[tuple[int, Callable[[], None]]] = []    # run if that level aborts
_changed_in_transaction = False
_callback_registered = False


def add_cache_reset(fn: Callable[[], None]) -> None:
    """Register a function that drops one local cache (called by catalog_cache)."""
    _cache_resets.append(fn)


def reset_local_caches() -> None:
    for fn in _cache_resets:
        fn()


def _ensure_callback() -> None:
    # xact callbacks are process-lifetime registrations (like RegisterXactCallback), so
    # one is enough; it does nothing in transactions that changed no catalogs.
    global _callback_registered
    if not _callback_registered:
        from pgsnake.access.transam import xact
        xact.register_callback(_transaction_callback)
        xact.register_subxact_callback(_subtransaction_callback)
        _callback_registered = True


def note_catalog_change() -> None:
    """Called after this backend inserted/updated/deleted catalog rows (rule 2)."""
    global _changed_in_transaction
    from pgsnake.access.transam import xact
    _ensure_callback()
    xact.mark_catalog_changed()
    _changed_in_transaction = True
    reset_local_caches()


def at_commit(fn: Callable[[], None]) -> None:
    """Run fn after this transaction commits; forget it if the transaction aborts, or if
    the savepoint level it was registered in is rolled back (a DROP TABLE undone by
    ROLLBACK TO must not unlink the table's files at commit)."""
    from pgsnake.access.transam import xact
    _ensure_callback()
    _pending_commit.append((xact.subtransaction_depth(), fn))


def at_abort(fn: Callable[[], None]) -> None:
    """Run fn if this transaction, or the savepoint level it was registered in, rolls
    back (a CREATE TABLE undone must not leave its file behind); forget it at commit."""
    from pgsnake.access.transam import xact
    _ensure_callback()
    _pending_abort.append((xact.subtransaction_depth(), fn))


def _run_all(actions) -> None:
    for _, fn in actions:
        try:
            fn()
        except Exception as e:       # clean-up must never turn an abort into a crash
            from pgsnake.utils import elog
            elog.log(f"could not clean up after abort: {e}", "WARNING")


def _subtransaction_callback(event: str, depth: int) -> None:
    if event == "abort":
        _run_all([(d, fn) for d, fn in _pending_abort if d >= depth])
        _pending_abort[:] = [(d, fn) for d, fn in _pending_abort if d < depth]
        _pending_commit[:] = [(d, fn) for d, fn in _pending_commit if d < depth]
    elif event == "release":
        _pending_abort[:] = [(min(d, depth - 1), fn) for d, fn in _pending_abort]
        _pending_commit[:] = [(min(d, depth - 1), fn) for d, fn in _pending_commit]


def _transaction_callback(event: str) -> None:
    global _changed_in_transaction
    if event not in ("commit", "abort"):
        return
    pending = list(_pending_commit)
    undo = list(_pending_abort)
    _pending_commit.clear()
    _pending_abort.clear()
    changed = _changed_in_transaction
    _changed_in_transaction = False
    if event == "commit":
        if changed:
            _bump_shared_counter()       # rule 1
        for _, fn in pending:
            fn()
    else:
        _run_all(undo)
    if changed:
        reset_local_caches()
