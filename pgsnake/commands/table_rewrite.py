"""Rewriting a table into a new relfilenode: the step VACUUM FULL, CLUSTER and the ALTER
TABLE forms that change stored values (ALTER COLUMN TYPE, ADD COLUMN with a volatile
DEFAULT) share.

`rewrite_table(heap_oid, rows)`:
  1. the table's indexes are locked AccessExclusive (the caller holds that lock on the
     table already, so no reader or writer is inside);
  2. `rows(old_relation)` gives the new contents: (values, xmin, cid, xmin hint bits)
     per row, each value whole (deform_tuple fetches TOASTed values), and they are all
     taken before anything changes: the old TOAST table is emptied next;
  3. the table, its TOAST table and its TOAST index get new relfilenodes with new, empty
     files (table_alteration.set_new_storage: pg_class.relfilenode changes, the new
     file's creation is WAL-logged, the old files are listed for removal in the commit
     record and the new ones in the abort record);
  4. the rows go into the new file page by page (access/heap/rewrite_heap.py, each page
     WAL-logged whole), wide values into the new TOAST table;
  5. every index gets a new relfilenode and is built from the new file.
So a crash before the commit record leaves the old file in use (the catalog change is
not committed) and one after it the new file, rebuilt by redo from its page images.

`live_rows(relation)` is the source of ALTER TABLE's rewrites: every tuple that is
present (committed and not deleted, or inserted by this transaction; with
AccessExclusiveLock held nobody else has changes in progress), in physical order, with
its xmin kept. `surviving_rows_with_tids(relation, oldest_xmin, counts)` is VACUUM FULL's
and CLUSTER's: also the versions a snapshot older than the deleter may still read, with
their xmax and update chains, so both commands are MVCC-safe, as in PostgreSQL.

Entry points: rewrite_table(heap_oid, rows) -> (tuples, pages), rewrite_filling_columns(heap_oid,
fill) (ADD COLUMN: every row widened, its new columns filled), Row, live_rows(relation),
live_rows_with_tids(relation, counts), surviving_rows_with_tids(relation, oldest_xmin, counts), count_live_rows, rebuild_index(index_oid), set_table_stats,
default_is_volatile (ADD COLUMN ... DEFAULT random() rewrites the table, each row's value
computed as it is copied).

PostgreSQL: commands/cluster.c (make_new_heap, copy_table_data, finish_heap_swap,
swap_relation_files), commands/tablecmds.c (ATRewriteTable), catalog/index.c
(reindex_relation, index_update_stats). Where we differ: the new file is the same
pg_class row's new relfilenode (PostgreSQL builds a transient table and swaps the two
rows' files); the rows are held in memory between reading and writing; ALTER TABLE's
rewrites keep each row's xmin (PostgreSQL gives the copies the rewriting transaction's
xid, which is why it calls them not MVCC-safe).
"""
from __future__ import annotations

from typing import Callable, Iterable, Iterator

from pgsnake.access.common.heap_tuple import SIZEOF_HEAP_TUPLE_HEADER, HeapTupleHeader
from pgsnake.access.heap import heapam, pruning, rewrite_heap
from pgsnake.access.heap.visibility import tuple_dirty_state
from pgsnake.access.transam import xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import (catalog_writes, index_creation, invalidation, relation_locks,
                             table_alteration, toast_creation)
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.lmgr import lock_modes
from pgsnake.storage.smgr.relation_path import ForkNumber

MAIN = ForkNumber.MAIN

# One tuple version of a rewrite (values, xmin, cid, infomask bits, and for a version
# older snapshots may still need: xmax, old TID, successor's old TID).
Row = rewrite_heap.TupleVersion


def _present(header) -> bool:
    """Committed and not deleted, or this transaction's own (SnapshotDirty's view, under
    the AccessExclusiveLock that keeps everyone else out)."""
    return tuple_dirty_state(header, heapam.is_own_xid)[0]


def live_rows_with_tids(rel, counts=None) -> Iterator[tuple[tuple[int, int], Row]]:
    """((blockno, offnum), row) for every present tuple, in physical order. `counts`,
    when given, gets .scanned (tuples looked at) and .removed (those left behind)."""
    def classify(header):
        present = _present(header)
        if counts is not None:
            counts.scanned += 1
            counts.removed += not present
        if not present:
            return None
        return header.xmin, header.cid, header.infomask
    for tid, values, (xmin, cid, bits) in heapam.scan_with(rel, classify):
        yield tid, Row(values, xmin, cid, bits)


def surviving_rows_with_tids(rel, oldest_xmin: int, counts
                             ) -> Iterator[tuple[tuple[int, int], Row]]:
    """What VACUUM FULL and CLUSTER copy (copy_table_data's HeapTupleSatisfiesVacuum
    switch): live versions, and versions whose deleter committed after `oldest_xmin`
    (some snapshot may still need them: recently dead) or is this transaction (delete
    in progress), with their xmax and update-chain links. `counts` gets .scanned,
    .removed and .recently_dead."""
    def classify(header):
        counts.scanned += 1
        header = HeapTupleHeader(bytearray(header.data[:SIZEOF_HEAP_TUPLE_HEADER]))  # hints: a copy
        state = pruning.tuple_vacuum_state(header, oldest_xmin)
        if state == pruning.DEAD:
            counts.removed += 1
            return None
        keep_xmax = state in (pruning.RECENTLY_DEAD, pruning.DELETE_IN_PROGRESS)
        if state == pruning.RECENTLY_DEAD:
            counts.recently_dead += 1
        ctid = header.ctid
        return (header.xmin, header.cid, header.infomask,
                header.xmax if keep_xmax else 0, ctid if keep_xmax else None)
    for tid, values, (xmin, cid, infomask, xmax, successor) in heapam.scan_with(rel, classify):
        yield tid, Row(values, xmin, cid, infomask, xmax, tid, successor)


def count_live_rows(rel) -> int:
    """How many tuples live_rows would give, without decoding them."""
    return sum(1 for _ in heapam.scan_with(rel, lambda h: True if _present(h) else None,
                                           decode=False))


def live_rows(rel) -> Iterator[Row]:
    for _tid, row in live_rows_with_tids(rel):
        yield row


def rewrite_filling_columns(heap_oid: int, fill: Callable[[list], None]) -> None:
    """ALTER TABLE ADD COLUMN's rewrite (ATRewriteTable): every live row widened to the
    table's columns and given its new values by fill(values), in place; the copies are
    the rewriting transaction's. No trigger fires, as in PostgreSQL."""
    width = len(cc.get_relation(heap_oid).attributes)
    xid = xact.get_current_xid()
    cid = xact.current_command_id(used=True)

    def new_rows(old_relation):
        out = []
        for row in live_rows(old_relation):
            values = list(row.values) + [None] * (width - len(row.values))
            fill(values)
            out.append((values, xid, cid, 0))
        return out
    rewrite_table(heap_oid, new_rows)


def _new_relfilenode(oid: int) -> None:
    catalog_writes.update_rows("pg_class", lambda r: r.oid == oid,
                               relfilenode=_new_oid())
    invalidation.note_catalog_change()
    xact.command_counter_increment()


def _new_oid() -> int:
    from pgsnake.access.transam import transaction_ids
    return transaction_ids.get_new_oid()


def rebuild_index(index_oid: int) -> int:
    """A new relfilenode for the index, built from its table's current file (reindex);
    returns the number of entries. The caller holds AccessExclusiveLock on the table."""
    from pgsnake.access.transam import pending_deletes
    from pgsnake.executor.index_entries import entry_function
    relation_locks.lock_relation_oid(index_oid, lock_modes.ACCESS_EXCLUSIVE)
    row = cc.index_row(index_oid)
    old = cc.get_relation(index_oid)
    _new_relfilenode(index_oid)
    index = cc.get_relation(index_oid)
    from pgsnake.access import index_am
    index_am.create_storage(index)
    pending_deletes.schedule(index.locator, at_commit=False)
    pending_deletes.schedule(old.locator, at_commit=True)
    heap = cc.get_relation(index.index.heap_oid)
    heap_tuples, index_tuples = index_creation.build_index(
        index, heap, list(row.indkey), entry_function(index))
    catalog_writes.update_rows(
        "pg_class", lambda r: r.oid == index_oid, reltuples=float(index_tuples),
        relpages=bufmgr.nblocks(index.locator, MAIN))
    catalog_writes.update_rows(
        "pg_class", lambda r: r.oid == heap.oid, reltuples=float(heap_tuples),
        relpages=bufmgr.nblocks(heap.locator, MAIN))
    invalidation.note_catalog_change()
    xact.command_counter_increment()
    return index_tuples


def rewrite_table(heap_oid: int, rows: Callable[[object], Iterable[Row]], *,
                  on_index_rebuilt: Callable[[int], None] | None = None,
                  freeze_cutoff: int | None = None) -> tuple[int, int]:
    """Replace the table's contents with `rows(old relation)` (Rows or plain (values,
    xmin, cid, infomask) tuples) in a new relfilenode and rebuild its indexes; returns
    (tuples written, pages written). on_index_rebuilt(n) is called as the n-th index is
    rebuilt (progress reporting); with freeze_cutoff, copies are frozen
    (rewrite_heap)."""
    index_oids = cc.index_oids_of(heap_oid)
    for index_oid in index_oids:
        relation_locks.lock_relation_oid(index_oid, lock_modes.ACCESS_EXCLUSIVE)
    old = cc.get_relation(heap_oid)
    contents = list(rows(old))
    table_alteration.set_new_storage(heap_oid)
    toast_creation.truncate_toast_table(heap_oid)
    writer = rewrite_heap.HeapRewriter(cc.get_relation(heap_oid), freeze_cutoff)
    try:
        for row in contents:
            writer.add(Row(*row))
    except BaseException:
        writer.abandon()
        raise
    pages = writer.finish()
    heapam.forget_target_blocks()
    for count, index_oid in enumerate(index_oids, start=1):
        rebuild_index(index_oid)
        if on_index_rebuilt is not None:
            on_index_rebuilt(count)
    return writer.tuples, pages


def default_is_volatile(default_sql: str, type_oid: int, typmod: int, column: str) -> bool:
    """Does a stored DEFAULT call a volatile function (random(), clock_timestamp(),
    nextval())? ADD COLUMN then rewrites the table, as PostgreSQL does."""
    from pgsnake.parser.default_expressions import analyze_default
    from pgsnake.parser.expression_nodes import FuncExpr, OpExpr, walk
    from pgsnake.parser.raw_parser import parse_sql
    (statement,) = parse_sql(f"SELECT {default_sql}")
    node = statement.node["SelectStmt"]["targetList"][0]["ResTarget"]["val"]
    expr = analyze_default(node, None, type_oid, typmod, column)
    return any(isinstance(n, (FuncExpr, OpExpr)) and getattr(n, "volatility", "i") == "v"
               for n in walk(expr))


def set_table_stats(heap_oid: int, tuples: int, pages: int) -> None:
    """VACUUM FULL / CLUSTER: relpages and reltuples from what the copy wrote."""
    catalog_writes.update_rows("pg_class", lambda r: r.oid == heap_oid,
                               reltuples=float(tuples), relpages=pages)
    invalidation.note_catalog_change()
    xact.command_counter_increment()
