"""The heavyweight locks catalog reads and writes take, as PostgreSQL's do.

PostgreSQL opens a catalog with table_open(catalog, AccessShareLock) to read it and
RowExclusiveLock to change it, and systable_beginscan opens the catalog index it
descends with AccessShareLock. So REINDEX of a catalog index, VACUUM FULL or CLUSTER
of a catalog (AccessExclusiveLock) wait for every transaction reading the catalog, and
a reader that comes later waits for them: nobody reads a file that is being replaced
or removed, and nobody inserts a row into a heap that is being copied.

Entry points (context managers: the lock is held while the body runs, then given
back, as PostgreSQL's table_close(rel, lockmode) and systable_endscan give it back):
    reading(catalog_oid, index_oid=0)   AccessShareLock on the catalog (and the index a
                                        lookup descends)
    writing(catalog_oid)                RowExclusiveLock on the catalog

Rules
1. Locks are taken only inside a transaction of a backend with a proc slot (not at
   initdb's bootstrap, not in the postmaster's catalog warmer), for the current owner.
   They are given back when the read or write is over (so pg_locks shows catalog
   locks only while a command holds them, as PostgreSQL's does); an error on the way
   gives them back too (or the transaction's abort does).
2. Take the lock before computing the catalog's Relation: if the lock had to wait,
   whoever held it may have given the catalog a new file (relation_map.py), and the
   invalidations it committed are accepted before the file is looked up
   (LockRelationOid's AcceptInvalidationMessages). A lock that did not wait accepts
   none: nothing that conflicts with it committed in between, and catalog caches are
   being filled right now (accepting messages in the middle of a cache fill would drop
   what the fill is building).
3. A request for a lock already held is a dict lookup (lock.py's local table); a new
   one usually takes a fast-path slot (storage/lmgr/fast_path.py), else a trip to
   the shared table (the costs measured in storage/lmgr/README.md).

PostgreSQL: access/table/table.c (table_open), access/index/genam.c
(systable_beginscan's index_open), storage/lmgr/lmgr.c (LockRelationOid).
"""
from __future__ import annotations

from pgsnake.catalog import definitions as d
from pgsnake.storage.lmgr import lock, lock_modes, lock_table, lock_tag, lwlock
from pgsnake.utils import process_state

_tags: dict[tuple[int, int], lock_tag.LockTag] = {}      # (database, oid) -> its tag


def _enabled() -> bool:
    if process_state.proc_number < 0 or process_state.is_bootstrap \
            or not lock_table.is_ready():
        return False
    from pgsnake.access.transam import xact
    return xact.transaction_state() is not xact.TransState.DEFAULT


def _tag(oid: int, shared: bool) -> lock_tag.LockTag:
    database = 0 if shared else process_state.database_oid
    tag = _tags.get((database, oid))
    if tag is None:
        tag = _tags[(database, oid)] = lock_tag.relation(database, oid)
    return tag


def _index_is_shared(index_oid: int) -> bool:
    from pgsnake.catalog import catalog_indexes
    index = catalog_indexes.INDEXES.get(index_oid)
    return index is not None and index.is_shared


def _take(tag: lock_tag.LockTag, mode: int) -> lock_tag.LockTag:
    if lock.holds(tag, mode):
        lock.acquire(tag, mode)
        return tag
    waits = lock.wait_count()
    lock.acquire(tag, mode)
    if lock.wait_count() != waits:              # rule 2
        from pgsnake.catalog import catalog_cache
        catalog_cache.accept_invalidations()
    return tag


class _Held:
    """The locks one read or write took, given back when it ends (a plain context
    manager: catalog reads are hot, a generator-based one costs more)."""
    __slots__ = ("tags", "mode")

    def __init__(self, tags: tuple, mode: int) -> None:
        self.tags = tags
        self.mode = mode

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc) -> None:
        for tag in reversed(self.tags):
            lock.release(tag, self.mode)


_NOTHING = _Held((), lock_modes.ACCESS_SHARE)


def reading(catalog_oid: int, index_oid: int = 0) -> _Held:
    """AccessShareLock on the catalog (and on the catalog index a lookup descends),
    held for the `with` block that reads it; given back at its end, as
    table_close(rel, AccessShareLock) / systable_endscan do."""
    if not catalog_oid or not _enabled():
        return _NOTHING
    if lwlock.held_count():
        # A lookup made while a buffer is locked (a value detoasted, a type looked up,
        # while its heap page is share-locked by the scan): no heavyweight lock may be
        # waited for here, and PostgreSQL makes no such lookup. It reads unlocked, as
        # every lookup did before catalog locks; a REINDEX / VACUUM FULL of the catalog
        # right then is the one case this does not hold off.
        return _NOTHING
    mode = lock_modes.ACCESS_SHARE
    first = _take(_tag(catalog_oid, d.is_shared_catalog(catalog_oid)), mode)
    if not index_oid:
        return _Held((first,), mode)
    try:
        return _Held((first, _take(_tag(index_oid, _index_is_shared(index_oid)), mode)), mode)
    except BaseException:
        lock.release(first, mode)
        raise


def writing(catalog_oid: int) -> _Held:
    """RowExclusiveLock on the catalog, held for the `with` block that inserts, updates
    or deletes its rows (and their index entries); given back at its end, as
    table_close(rel, RowExclusiveLock) does."""
    if not _enabled():
        return _NOTHING
    mode = lock_modes.ROW_EXCLUSIVE
    return _Held((_take(_tag(catalog_oid, d.is_shared_catalog(catalog_oid)), mode),), mode)
