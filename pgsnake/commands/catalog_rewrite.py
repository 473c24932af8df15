"""VACUUM FULL and CLUSTER of a system catalog: new files for it and its indexes.

A mapped catalog (pg_class, pg_attribute, pg_proc, pg_type and the shared catalogs:
catalog/relation_map.py) has no pg_class.relfilenode of its own to change: finding its
file must not need its own row. Its rewrite copies the surviving rows into a new
relfilenode, names that file in this transaction's pending map change (seen by this
backend at once, written to pg_filenode.map at commit after its XLOG_RELMAP_UPDATE
record is flushed), and does the same for the catalog's indexes (all mapped), built
from the new file. Any other catalog's new files go into pg_class.relfilenode, which
definitions.catalog_locator and catalog_indexes.index_relation read (through
catalog_cache) as they read a user table's. The old files are removed by the commit;
the new ones by an abort, so a crash leaves the old files or the new ones, never
neither (the map and pg_class change only with a commit record, and the new files'
pages are WAL-logged or synced before it: relation_map.py rule 1).

Order, and why:
1. The catalog is locked AccessExclusive by the caller and its indexes here: every
   other backend's catalog read or write waits (catalog/catalog_locks.py), and reads
   the new files after our commit (it accepts the map's invalidation on waking).
2. The rows are copied and every index's new file built from the new heap while the
   map still names the old files: whatever this backend reads meanwhile (the catalog
   itself, to build) comes from the old heap through the old indexes, a consistent
   pair, and nothing writes the catalog.
3. Then the map (or pg_class) names the new heap and all the new index files at once
   (every index of a mapped catalog is mapped; pg_class changes reach this backend's
   caches at one note_catalog_change), so no read ever pairs a new heap with an old
   index.
4. Only then the statistics rows (pg_class.reltuples / relpages of the indexes, then
   the caller's of the table) are written, into the new files.

Entry point: rewrite_catalog(oid, rows, on_index_rebuilt=None, freeze_cutoff=None)
-> (tuples, pages), the catalogs' counterpart of table_rewrite.rewrite_table
(commands/cluster.py chooses).

PostgreSQL: commands/cluster.c (rebuild_relation, make_new_heap, swap_relation_files
with its relmapper branch, finish_heap_swap), utils/cache/relmapper.c
(RelationMapUpdateMap).
"""
from __future__ import annotations

import dataclasses
from typing import Callable, Iterable

from pgsnake.access.heap import heapam, rewrite_heap
from pgsnake.access.heap.rewrite_heap import TupleVersion as Row
from pgsnake.access.transam import pending_deletes, transaction_ids, xact
from pgsnake.catalog import catalog_indexes, invalidation, relation_locks, relation_map
from pgsnake.catalog import definitions as d
from pgsnake.storage.lmgr import lock_modes


def rewrite_catalog(oid: int, rows: Callable[[object], Iterable], *,
                    on_index_rebuilt: Callable[[int], None] | None = None,
                    freeze_cutoff: int | None = None) -> tuple[int, int]:
    """Copy `rows(old relation)` into a new file of catalog `oid` (locked
    AccessExclusive by the caller), build its indexes' new files from it, switch the
    map (or pg_class.relfilenode) to all of them; (tuples written, pages written)."""
    from pgsnake.access import index_am
    from pgsnake.catalog import catalog_cache as cc
    from pgsnake.catalog import catalog_writes, index_creation
    from pgsnake.executor.index_entries import entry_function
    from pgsnake.storage.buffer import buffer_manager as bufmgr
    from pgsnake.storage.smgr.relation_path import ForkNumber
    definition = d.catalog_by_oid(oid)
    index_oids = [index.oid for index in catalog_indexes.indexes_of(definition.name)]
    for index_oid in index_oids:                                     # step 1
        relation_locks.lock_relation_oid(index_oid, lock_modes.ACCESS_EXCLUSIVE)
    old = d.catalog_relation(definition.name)
    contents = list(rows(old))
    if old.toast_oid:
        # Its values (read whole above) are stored again below, into new TOAST files
        # (pg_statistic's), as a user table's rewrite does.
        from pgsnake.catalog import toast_creation
        toast_creation.truncate_toast_table(oid)
    new = _new_file(old)
    heapam.heap_create_storage(new)
    pending_deletes.schedule(new.locator, at_commit=False)
    writer = rewrite_heap.HeapRewriter(new, freeze_cutoff)
    try:
        for row in contents:
            writer.add(Row(*row))
    except BaseException:
        writer.abandon()
        raise
    pages = writer.finish()
    built = []                                                      # step 2
    for count, index_oid in enumerate(index_oids, start=1):
        old_index = catalog_indexes.index_relation(index_oid)
        new_index = _new_file(old_index)
        index_am.create_storage(new_index)
        pending_deletes.schedule(new_index.locator, at_commit=False)
        _heap_tuples, entries = index_creation.build_index(
            new_index, new, list(cc.index_row(index_oid).indkey), entry_function(new_index))
        built.append((old_index, new_index, entries))
        if on_index_rebuilt is not None:
            on_index_rebuilt(count)
    pending_deletes.schedule(old.locator, at_commit=True)           # step 3
    _switch(oid, definition.is_shared, new.locator.relfilenode)
    for old_index, new_index, _entries in built:
        pending_deletes.schedule(old_index.locator, at_commit=True)
        _switch(old_index.oid, definition.is_shared, new_index.locator.relfilenode)
    heapam.forget_target_blocks()
    invalidation.note_catalog_change()
    xact.command_counter_increment()
    for _old_index, new_index, entries in built:                    # step 4
        catalog_writes.update_rows(
            "pg_class", lambda r, o=new_index.oid: r.oid == o, key=("oid", new_index.oid),
            reltuples=float(entries),
            relpages=bufmgr.nblocks(new_index.locator, ForkNumber.MAIN))
    invalidation.note_catalog_change()
    xact.command_counter_increment()
    return writer.tuples, pages


def _switch(oid: int, shared: bool, filenode: int) -> None:
    """Name the relation's new file: in the relation map if it is mapped, else in its
    pg_class row (which this backend's caches, and with them the catalog's locator,
    see only at the note_catalog_change() after every switch)."""
    if relation_map.is_mapped(oid):
        relation_map.update(oid, shared, filenode)
        return
    from pgsnake.catalog import catalog_writes
    catalog_writes.update_rows("pg_class", lambda r: r.oid == oid, key=("oid", oid),
                               relfilenode=filenode)


def _new_file(relation):
    return dataclasses.replace(relation, locator=relation.locator._replace(
        relfilenode=transaction_ids.get_new_oid()))
