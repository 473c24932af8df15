"""Uniqueness of catalog keys against concurrent transactions.

PostgreSQL's catalogs have unique indexes (pg_class_relname_nsp_index,
pg_type_typname_nsp_index, ...). Their insertion check sees rows that other transactions
are still inserting: a second CREATE TABLE of the same name waits for the first creator's
transaction and then fails with 23505 if it committed, or goes ahead if it rolled back.
pgsnake's catalogs have no indexes yet, so the same check is made by scanning the
catalog with SnapshotDirty rules (heapam.heap_scan_dirty, decoding only the tuples whose
first key column, a name, matches: catalog_cache.key_prefilter): a matching row whose inserter
(or deleter) is still running is waited for, exactly as the index check waits, and the
scan repeats.

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
            shown = ", ".join(str(v) for v in values)
            raise PgError(UNIQUE_VIOLATION,
                          f'duplicate key value violates unique constraint "{index_name}"',
                          detail=f"Key ({', '.join(columns)})=({shown}) already exists.",
                          schema="pg_catalog", table=catalog, constraint=index_name)
        if not wait_for:
            return
        transaction_ids.wait_for_xid(wait_for)
