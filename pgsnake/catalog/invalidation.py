"""Catalog cache invalidation across backends.

pgsnake's invalidation is deliberately coarse: one 64-bit counter in shared memory (the
region "CatalogInvalidation"). A transaction that changed catalogs bumps it when it
commits; every backend compares it with the value it last saw when a transaction starts
(`catalog_cache.accept_invalidations()`) and drops *all* its caches if it moved. A
rolled-back transaction must not leave its uncommitted catalog rows in this backend's
caches, so they are dropped then too. (Files to remove at commit or abort are
access/transam/pending_deletes.py's.)

Rules
1. The counter is bumped after the commit record is durable (the 'commit' event), so a
   backend that sees the new value and re-reads the catalogs also sees the committed rows.
2. Local caches are dropped at the end of every transaction that changed catalogs,
   committed, aborted or prepared, and after every DDL command (its own changes must be
   visible to the next statement of the same transaction).
3. A prepared transaction that changed catalogs bumps the counter when COMMIT PREPARED
   makes it durable, from whichever backend runs it (its state says it changed them);
   PREPARE itself does not, since nobody may see its rows yet.

Entry points: note_catalog_change(), shared_counter(), add_cache_reset(fn),
reset_local_caches().

PostgreSQL: utils/cache/inval.c (CacheInvalidateRelcache, AtEOXact_Inval,
PostPrepare_Inval, AcceptInvalidationMessages), storage/ipc/sinval.c,
access/transam/twophase.c (FinishPreparedTransaction sends the saved messages).
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
        _callback_registered = True


def note_catalog_change() -> None:
    """Called after this backend inserted/updated/deleted catalog rows (rule 2)."""
    global _changed_in_transaction
    from pgsnake.access.transam import xact
    _ensure_callback()
    xact.mark_catalog_changed()
    _changed_in_transaction = True
    reset_local_caches()


def _transaction_callback(event: str) -> None:
    global _changed_in_transaction
    if event not in ("commit", "abort", "prepare"):
        return
    changed = _changed_in_transaction
    _changed_in_transaction = False
    if changed and event == "commit":
        _bump_shared_counter()           # rule 1
    if changed:
        reset_local_caches()             # rule 2


def _prepared_transaction_finished(committed: bool, state) -> None:
    """Rule 3 (registered with twophase.py): runs in the backend that finishes it."""
    if committed and state.catalog_changed:
        _bump_shared_counter()
        reset_local_caches()


def _register_with_twophase() -> None:
    from pgsnake.access.transam import twophase
    twophase.register_finish_callback(_prepared_transaction_finished)


_register_with_twophase()
