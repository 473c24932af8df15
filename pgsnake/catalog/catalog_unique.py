"""Uniqueness of catalog keys against concurrent transactions.

PostgreSQL's catalogs have unique indexes (pg_class_relname_nsp_index,
pg_type_typname_nsp_index, ...). Their insertion check sees rows that other transactions
are still inserting: a second CREATE TABLE of the same name waits for the first creator's
transaction and then fails with 23505 if it committed, or goes ahead if it rolled back.
The insert itself makes that check (catalog_indexes.insert_entries); DDL that wants
the error before it writes anything (CREATE TABLE's row type name, a schema's or a
role's name) probes the same unique index first: each equal entry's heap tuple is asked
about under SnapshotDirty rules, a running inserter (or deleter) is waited for, exactly
as the insertion check waits, and the probe repeats. Under tests/catalog's fake heaps
(no index files) the same is done by scanning the catalog (heapam.heap_scan_dirty,
decoding only tuples whose first key column matches: catalog_cache.key_prefilter).

Entry point: check_unique(catalog, index_name, columns, values).

PostgreSQL: access/nbtree/nbtinsert.c (_bt_check_unique), the error from
_bt_check_unique / BuildIndexValueDescription.
"""
from __future__ import annotations

from pgsnake.catalog import definitions as d
from pgsnake.utils.errors import UNIQUE_VIOLATION, PgError


def check_unique(catalog: str, index_name: str, columns: tuple[str, ...], values: tuple) -> None:
    """Raise 23505 if a committed row of `catalog` has `values` in `columns`; wait for
    any transaction still inserting or deleting such a row, then look again."""
    from pgsnake.access.heap import heapam
    from pgsnake.access.transam import transaction_ids
    from pgsnake.catalog import catalog_indexes
    if catalog_indexes.USABLE:
        _probe_index(catalog_indexes.by_name(index_name), catalog, index_name, columns,
                     values)
        return
    rel = d.catalog_relation(catalog)
    definition = d.catalog(catalog)
    positions = [definition.attnum(c) - 1 for c in columns]
    from pgsnake.catalog import catalog_cache
    prefilter = catalog_cache.key_prefilter(catalog, columns[0], values[0])   # the name
    while True:
        wait_for = 0
        for _tid, row, inserting, deleting in heapam.heap_scan_dirty(rel, prefilter):
            if tuple(row[p] for p in positions) != tuple(values):
                continue
            wait_for = inserting or deleting
            if wait_for:
                break
            _duplicate(catalog, index_name, columns, values)
        if not wait_for:
            return
        transaction_ids.wait_for_xid(wait_for)


def _duplicate(catalog: str, index_name: str, columns, values) -> None:
    shown = ", ".join(str(v) for v in values)
    raise PgError(UNIQUE_VIOLATION,
                  f'duplicate key value violates unique constraint "{index_name}"',
                  detail=f"Key ({', '.join(columns)})=({shown}) already exists.",
                  schema="pg_catalog", table=catalog, constraint=index_name)


def _probe_index(index, catalog: str, index_name: str, columns, values) -> None:
    """The check through the unique index itself: each entry with an equal key leads
    to a heap tuple that is live (23505), dead, or being inserted or deleted by a
    running transaction (wait for it, then look again), as _bt_check_unique asks."""
    from pgsnake.access.heap import heapam
    from pgsnake.access.transam import transaction_ids
    from pgsnake.catalog import catalog_indexes
    heap = d.catalog_relation(catalog)
    key = tuple(values[columns.index(c.name)] for c in index.columns)
    while True:
        wait_for = 0
        for tid in catalog_indexes.equal_key_tids(index, key):
            state, xid = heapam.heap_unique_check_state(heap, tid)
            if state == "in_progress":
                wait_for = xid
                break
            if state == "live":
                _duplicate(catalog, index_name, columns, values)
        if not wait_for:
            return
        transaction_ids.wait_for_xid(wait_for)
