"""Locking relations by name or OID, and noticing what changed while we waited.

Every statement locks the relations it uses before it reads their definitions, in the
mode its kind needs (lock_modes.py's table): a SELECT takes AccessShareLock, DML takes
RowExclusiveLock on its target, DROP TABLE takes AccessExclusiveLock. Because DDL holds
its lock until commit and invalidates catalog caches at commit *before* it releases the
lock (xact.py), a backend that waited for a lock only has to accept invalidations after
it gets the lock to see the new definition: if the table it named was dropped (or
dropped and re-created under another OID), the name is looked up again.

Rules
1. Lock, then accept invalidations, then trust the catalog cache (`lock_relation_oid`).
2. A name is resolved, locked, and resolved again until the OID is stable
   (`open_relation`); a lock on an OID that no longer carries the name is given back.
3. Shared catalogs (pg_database, pg_authid, ...) are locked with database 0, so every
   database's backends see the same lock, as PostgreSQL does.
4. Outside a server (initdb's bootstrap, in-process unit tests) there is no lock table
   and nothing to lock against: the functions only resolve names.

Entry points: lock_relation_oid(oid, mode), lock_indexes_of(oid, mode),
conditional_lock_relation_oid(oid, mode),
lock_database_object(class_oid, object_oid, mode),
lock_shared_object(class_oid, object_oid, mode),
unlock_relation_oid(oid, mode), open_relation(name, schema, mode) -> Relation | None,
relation_lock_tag(oid).

PostgreSQL: storage/lmgr/lmgr.c (LockRelationOid, ConditionalLockRelationOid,
UnlockRelationOid, SetLocktagRelationOid, LockSharedObject), catalog/namespace.c (RangeVarGetRelidExtended).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import definitions
from pgsnake.storage.lmgr import lock, lock_table, lock_tag
from pgsnake.utils import process_state


def _locking_enabled() -> bool:
    return (process_state.proc_number >= 0 and not process_state.is_bootstrap
            and lock_table.is_ready())


def relation_lock_tag(oid: int) -> lock_tag.LockTag:
    database = 0 if definitions.is_shared_catalog(oid) else process_state.database_oid
    return lock_tag.relation(database, oid)


def lock_relation_oid(oid: int, mode: int) -> None:
    """Wait for and take `mode` on the relation; then make sure the catalog cache shows
    what was committed before we got it (rule 1)."""
    if not _locking_enabled():
        return
    tag = relation_lock_tag(oid)
    already = lock.holds(tag, mode)
    lock.acquire(tag, mode)
    if not already:
        cc.accept_invalidations()


def lock_indexes_of(oid: int, mode: int) -> None:
    """Take `mode` on each index of the relation, after the relation itself (as the
    planner and executor open a table's indexes with the table's lock mode)."""
    if not _locking_enabled():
        return
    for index_oid in cc.index_oids_of(oid):
        lock_relation_oid(index_oid, mode)


def conditional_lock_relation_oid(oid: int, mode: int) -> bool:
    """As lock_relation_oid, but False at once instead of waiting (NOWAIT)."""
    if not _locking_enabled():
        return True
    tag = relation_lock_tag(oid)
    already = lock.holds(tag, mode)
    if not lock.acquire(tag, mode, dont_wait=True):
        return False
    if not already:
        cc.accept_invalidations()
    return True


def lock_database_object(class_oid: int, object_oid: int, mode: int, sub_id: int = 0) -> None:
    """Lock a non-relation object of this database (a schema, a type, ...), as DDL does
    before it depends on or removes it (LockDatabaseObject)."""
    if _locking_enabled():
        lock.acquire(lock_tag.object_(process_state.database_oid, class_oid, object_oid, sub_id),
                     mode)


def lock_shared_object(class_oid: int, object_oid: int, mode: int) -> None:
    """Lock a cluster-wide object (a database, a role) with database 0, so every
    database's backends see the same lock (LockSharedObject); then accept invalidations,
    as the holder of a conflicting lock may have changed the object's row."""
    if not _locking_enabled():
        return
    tag = lock_tag.object_(0, class_oid, object_oid)
    already = lock.holds(tag, mode)
    lock.acquire(tag, mode)
    if not already:
        cc.accept_invalidations()


def unlock_relation_oid(oid: int, mode: int) -> None:
    if _locking_enabled():
        lock.release(relation_lock_tag(oid), mode)


def open_relation_oid(name: str, schema: str | None, mode: int, *, nowait: bool = False,
                      on_nowait=None) -> int | None:
    """The OID `name` resolves to, locked in `mode` (rule 2), or None if there is no such
    relation. With `nowait`, `on_nowait(oid)` is called (and must raise) when the lock
    is not free."""
    if schema is not None:
        from pgsnake.catalog import object_permissions
        object_permissions.check_explicit_schema(schema)
    oid = cc.lookup_relation_oid(name, schema)
    while oid is not None:
        if nowait:
            if not conditional_lock_relation_oid(oid, mode):
                on_nowait(oid)
        else:
            lock_relation_oid(oid, mode)
        again = cc.lookup_relation_oid(name, schema)
        if again == oid:
            return oid
        unlock_relation_oid(oid, mode)      # the name now means something else
        oid = again
    return None


def open_relation(name: str, schema: str | None, mode: int):
    """The Relation `name` resolves to, locked in `mode`, or None."""
    oid = open_relation_oid(name, schema, mode)
    return None if oid is None else cc.get_relation(oid)
