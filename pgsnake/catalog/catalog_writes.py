"""Writing catalog rows: insert, update in place (a new row version) and delete, with the
concurrency rule every DDL command needs.

A DDL command holds the lock that keeps other writers of the object away, so a catalog
row it changes can only have been changed under it by a transaction that committed after
its catalog snapshot was taken; that is reported as PostgreSQL's 40001 ("tuple
concurrently updated" in PostgreSQL's terms for catalogs), never silently ignored.

Every new heap tuple that is not heap-only (an insert, a non-HOT update) gets its entries
in the catalog's indexes (catalog_indexes.insert_entries: unique ones raise 23505 with
PostgreSQL's index name); an update that changes no indexed column may be HOT. Deletes
leave the entries for VACUUM, as everywhere.

Every row written is recorded as an invalidation message (catalog OID, the row's first
column: the object's OID, or pg_attribute's relation), which note_catalog_change() applies
to this backend's caches and the commit sends to the others (invalidation.py).

A change to a row with an owner, an ACL or policy roles also brings pg_shdepend in line
(shared_dependencies.row_changed).

Callers run `invalidation.note_catalog_change()` and `xact.command_counter_increment()`
after their changes (catalog README, invariant 6).

Entry points: insert_row(catalog, values) -> tid, update_rows(catalog, matches, key=None,
**changes) -> count, delete_rows(catalog, matches, key=None) -> count (key=(column, value)
makes the scan skip rows without that value undecoded); set_row_observer(fn) (commands/
event_trigger_firing.py: fn(catalog, new row, inserted) for each inserted or updated row, which
is how event triggers learn what a DDL command created or changed).

Each write first takes RowExclusiveLock on the catalog (catalog_locks.py), as
PostgreSQL's callers open it with table_open(..., RowExclusiveLock).

PostgreSQL: catalog/indexing.c (CatalogTupleInsert, CatalogTupleUpdate,
CatalogTupleDelete), access/heap/heapam.c (simple_heap_update, simple_heap_delete).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import definitions as d
from pgsnake.catalog import catalog_indexes, catalog_locks, invalidation, shared_dependencies
from pgsnake.utils.errors import SERIALIZATION_FAILURE, PgError


def _check(result) -> None:
    status = getattr(result, "status", "ok")
    if status not in ("ok", "self_modified"):
        raise PgError(SERIALIZATION_FAILURE, "could not serialize access due to concurrent update")


def _record(catalog_name: str, values) -> None:
    key = values[0]
    invalidation.record_change(d.catalog(catalog_name).oid, key if isinstance(key, int) else 0)


_row_observer = None


def set_row_observer(observer) -> None:
    """observer(catalog_name, row, inserted) is told of every row inserted (inserted
    true) or updated (None: no observer)."""
    global _row_observer
    _row_observer = observer


def insert_row(catalog_name: str, values: list) -> tuple[int, int]:
    from pgsnake.access.heap import heapam
    with catalog_locks.writing(d.catalog(catalog_name).oid):
        tid = heapam.heap_insert(d.catalog_relation(catalog_name), values)
        catalog_indexes.insert_entries(catalog_name, values, tid)
    _record(catalog_name, values)
    if catalog_name in shared_dependencies.TRACKED:
        shared_dependencies.row_changed(catalog_name, None,
                                        d.row_class(catalog_name)(*values))
    if _row_observer is not None:
        _row_observer(catalog_name, d.row_class(catalog_name)(*values), True)
    return tid


def update_rows(catalog_name: str, matches, key: tuple | None = None,
                **changes) -> int:
    """Give every visible row for which matches(row) is true the new column values;
    rows already equal to them are left alone. Returns how many rows matched. key=
    (column, value), or ((column, value), ...) on leading columns of one index, a
    condition matches implies: found through a catalog index (catalog_cache.
    scan_catalog_with_tids), else without decoding other rows (key_prefilter)."""
    with catalog_locks.writing(d.catalog(catalog_name).oid):
        return _update_rows(catalog_name, matches, key, changes)


def _update_rows(catalog_name: str, matches, key, changes: dict) -> int:
    from pgsnake.access.heap import heapam
    from pgsnake.access.transam import xact
    definition = d.catalog(catalog_name)
    rel = d.catalog_relation(catalog_name)
    positions = {name: definition.attnum(name) - 1 for name in changes}
    indexed = catalog_indexes.indexed_positions(catalog_name)
    count = 0
    for tid, row in cc.scan_catalog_with_tids(catalog_name, key):
        if not matches(row):
            continue
        count += 1
        values = list(row)
        for name, value in changes.items():
            values[positions[name]] = value
        if values != list(row):
            result = heapam.heap_update(rel, tid, values, xact.get_catalog_snapshot(),
                                        indexed_positions=indexed)
            _check(result)
            if result.status == "ok" and not result.hot:
                catalog_indexes.insert_entries(catalog_name, values, result.new_tid)
            _record(catalog_name, row)
            _record(catalog_name, values)
            if catalog_name in shared_dependencies.TRACKED:
                shared_dependencies.row_changed(catalog_name, row, type(row)(*values))
            if _row_observer is not None:
                _row_observer(catalog_name, type(row)(*values), False)
    return count


def delete_rows(catalog_name: str, matches, key: tuple | None = None) -> int:
    """Delete every visible row for which matches(row) is true; returns how many.
    key: as update_rows'."""
    with catalog_locks.writing(d.catalog(catalog_name).oid):
        return _delete_rows(catalog_name, matches, key)


def _delete_rows(catalog_name: str, matches, key) -> int:
    from pgsnake.access.heap import heapam
    from pgsnake.access.transam import xact
    rel = d.catalog_relation(catalog_name)
    snapshot = xact.get_catalog_snapshot()
    count = 0
    for tid, row in cc.scan_catalog_with_tids(catalog_name, key):
        if matches(row):
            _check(heapam.heap_delete(rel, tid, snapshot))
            _record(catalog_name, row)
            count += 1
            if catalog_name in shared_dependencies.TRACKED:
                shared_dependencies.row_changed(catalog_name, row, None)
    return count
