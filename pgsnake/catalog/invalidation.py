"""Catalog cache invalidation: per catalog and per object, within and across backends.

Every catalog row that catalog_writes.py inserts, updates or deletes becomes one
invalidation *message* (catalog OID, key): the key is the row's first column, which for
the catalogs the caches hold by object is the object's OID (pg_class.oid, pg_type.oid,
pg_index.indexrelid, pg_attribute.attrelid: the relation). A message (0, 0) means "drop
everything". Caches say what a message costs them:

- `add_invalidation_handler(fn)`: fn(messages) drops exactly the entries the messages
  name (catalog_cache.py: one relation's rows, one type, ...);
- `add_cache_reset(fn, catalogs)`: fn() drops a whole cache when a message names one of
  `catalogs` (None: any catalog, the conservative default).

Across backends the messages go through a ring in shared memory (the region
"CatalogInvalidation", PostgreSQL's sinval queue): a 64-bit count of messages ever
written, then RING_SLOTS slots of (catalog, key). A backend remembers how many it has
read; `accept()` (at transaction start and when a relation lock is first taken,
catalog_cache.accept_invalidations) applies the ones written since, or drops every
cache when the writers lapped it (PostgreSQL's reset of a backend that fell behind).

Rules
1. A transaction's messages are written to the ring in the xact 'commit' callback, after
   the commit record is durable and the commit-log bit set, so a backend that reads a
   message and re-reads the catalogs sees the committed rows. The count is stored after
   the slots, under CatalogCacheLock, so a reader never sees a slot before its message.
2. This backend applies a command's messages to its own caches when the command calls
   `note_catalog_change()` (its own changes must be visible to its next statement), and
   all of a transaction's messages again when it aborts or is prepared (its uncommitted
   rows must leave the caches). A subtransaction rollback drops every cache
   (reset_local_caches, tcop/utility.py and PL/pgSQL's exception blocks).
3. A prepared transaction that changed catalogs writes a (0, 0) message when COMMIT
   PREPARED makes it durable, from whichever backend runs it; PREPARE writes nothing,
   since nobody may see its rows yet.
4. A transaction with more than MAX_TRANSACTION_MESSAGES messages writes one (0, 0)
   instead (PostgreSQL's cache reset for big transactions). A command that changed
   catalogs without catalog_writes (no messages recorded) makes note_catalog_change()
   drop every local cache.

`shared_counter()` is the count of messages written: it only grows, and plan caches
(executor/portal_query.py, pl/spi.py) keep a plan while it stands still.

Entry points: note_catalog_change(), record_change(catalog_oid, key), accept(),
accept_from(position),
shared_counter(), add_cache_reset(fn, catalogs=None), add_invalidation_handler(fn),
reset_local_caches().

PostgreSQL: utils/cache/inval.c (CacheInvalidateHeapTuple, CommandEndInvalidationMessages,
AtEOXact_Inval, PostPrepare_Inval, AcceptInvalidationMessages),
storage/ipc/sinvaladt.c (the ring, SIInsertDataEntries, SIGetDataEntries, the reset of
a backend that fell behind), access/transam/twophase.c (FinishPreparedTransaction).
"""
from __future__ import annotations

import struct
from typing import Callable, Iterable

from pgsnake.storage.ipc import shared_memory

RESET_ALL = (0, 0)
RING_SLOTS = 4096
MAX_TRANSACTION_MESSAGES = RING_SLOTS // 4
_SLOT = struct.Struct("<II")
_HEADER = 8

_REGION = "CatalogInvalidation"
_region: shared_memory.Region | None = None


def _init_region(region: shared_memory.Region) -> None:
    global _region
    region.view[:] = bytes(region.size)
    _region = region


shared_memory.request_region(_REGION, lambda: _HEADER + RING_SLOTS * _SLOT.size, _init_region)


def shared_counter() -> int | None:
    """How many messages were ever written (None when no segment exists: unit tests)."""
    if _region is None:
        return None
    return _region.atomics.load_u64(_region.offset)


# ---------------------------------------------------------------------------------------
# What the caches registered

_cache_resets: list[tuple[Callable[[], None], frozenset | None]] = []
_handlers: list[Callable[[list], None]] = []


def add_cache_reset(fn: Callable[[], None], catalogs: Iterable[int] | None = None) -> None:
    """fn() drops one local cache; it runs for every message naming one of `catalogs`
    (catalog OIDs; None: any message)."""
    _cache_resets.append((fn, None if catalogs is None else frozenset(catalogs)))


def add_invalidation_handler(fn: Callable[[list], None]) -> None:
    """fn(messages) drops what a list of (catalog, key) messages names; it never sees
    (0, 0) (that calls reset_local_caches instead)."""
    _handlers.append(fn)


def reset_local_caches() -> None:
    """Drop every local cache (a (0, 0) message, a lapped reader, a subtransaction
    rollback)."""
    for fn, _catalogs in _cache_resets:
        fn()
    for handler in _handlers:
        handler([RESET_ALL])


def apply_messages(messages: list) -> None:
    """Drop what `messages` name from this backend's caches."""
    if not messages:
        return
    if RESET_ALL in messages:
        reset_local_caches()
        return
    catalogs = {catalog for catalog, _key in messages}
    for fn, wanted in _cache_resets:
        if wanted is None or not wanted.isdisjoint(catalogs):
            fn()
    for handler in _handlers:
        handler(messages)


# ---------------------------------------------------------------------------------------
# This backend's changes (rule 2)

_command_messages: dict[tuple[int, int], None] = {}     # ordered sets
_transaction_messages: dict[tuple[int, int], None] = {}
_changed_in_transaction = False
_callback_registered = False


def record_change(catalog_oid: int, key: int) -> None:
    """catalog_writes.py: a row of `catalog_oid` with first column `key` was inserted,
    updated or deleted."""
    _ensure_callback()
    _command_messages[(catalog_oid, key & 0xFFFFFFFF)] = None


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
    messages = list(_command_messages) or [RESET_ALL]          # rule 4
    _command_messages.clear()
    _transaction_messages.update(dict.fromkeys(messages))
    apply_messages(messages)


def _transaction_callback(event: str) -> None:
    global _changed_in_transaction
    if event not in ("commit", "abort", "prepare"):
        return
    changed = _changed_in_transaction or bool(_command_messages)
    _changed_in_transaction = False
    unapplied = list(_command_messages)       # rows written without note_catalog_change
    _transaction_messages.update(dict.fromkeys(_command_messages))
    _command_messages.clear()
    messages = list(_transaction_messages)
    _transaction_messages.clear()
    if not changed:
        return
    if event == "commit":
        apply_messages(unapplied)
        _publish(messages)               # rule 1
    else:
        apply_messages(messages or [RESET_ALL])   # rule 2


def _prepared_transaction_finished(committed: bool, state) -> None:
    """Rule 3 (registered with twophase.py): runs in the backend that finishes it."""
    if committed and state.catalog_changed:
        _publish([RESET_ALL])
        reset_local_caches()


# ---------------------------------------------------------------------------------------
# The shared ring

_read_upto: int | None = None        # messages of the ring this backend has applied


def _publish(messages: list) -> None:
    global _read_upto
    if _region is None or not messages:
        return
    if len(messages) > MAX_TRANSACTION_MESSAGES:
        messages = [RESET_ALL]                                   # rule 4
    from pgsnake.storage.lmgr import lwlock
    lock = lwlock.named("CatalogCacheLock")
    lock.acquire(lwlock.EXCLUSIVE)
    try:
        start = _region.atomics.load_u64(_region.offset)
        for number, message in enumerate(messages, start):
            _SLOT.pack_into(_region.view, _HEADER + (number % RING_SLOTS) * _SLOT.size,
                            *message)
        _region.atomics.store_u64(_region.offset, start + len(messages))
    finally:
        lock.release()
    # Our own messages were applied when we wrote the rows; if nobody wrote in between,
    # skip them rather than drop the caches again.
    if _read_upto == start:
        _read_upto = start + len(messages)


def accept() -> None:
    """Apply every message other backends wrote since this backend last looked
    (AcceptInvalidationMessages). The first call in a process drops every cache."""
    global _read_upto
    if _region is None:
        return
    count = _region.atomics.load_u64(_region.offset)
    if count == _read_upto:
        return
    if _read_upto is None or count - _read_upto > RING_SLOTS or count < _read_upto:
        _read_upto = count
        reset_local_caches()
        return
    from pgsnake.storage.lmgr import lwlock
    lock = lwlock.named("CatalogCacheLock")
    lock.acquire(lwlock.SHARED)
    try:
        count = _region.atomics.load_u64(_region.offset)
        lapped = count - _read_upto > RING_SLOTS
        messages = [] if lapped else [
            _SLOT.unpack_from(_region.view, _HEADER + (number % RING_SLOTS) * _SLOT.size)
            for number in range(_read_upto, count)]
    finally:
        lock.release()
    _read_upto = count
    if lapped:
        reset_local_caches()
    else:
        apply_messages(list(dict.fromkeys(messages)))


def accept_from(position: int) -> None:
    """Take `position` as what this backend has read, then accept(): a backend given
    caches that were current at that ring position (catalog/warm_caches.py) applies
    every message written since, or drops every cache if the ring lapped it."""
    global _read_upto
    if _region is None:
        return
    _read_upto = position
    accept()


def _register_with_twophase() -> None:
    from pgsnake.access.transam import twophase
    twophase.register_finish_callback(_prepared_transaction_finished)


_register_with_twophase()
