"""The B-tree access method's entry points: what the catalog, executor and commands
layers call (docs/contracts.md, "L4 B-tree").

    create_storage(index_rel)                       the index's file (WAL-logged)
    drop_storage(index_rel)                         forget buffers, unlink files
    build(index_rel, heap_rel, tuples) -> int       CREATE INDEX: bulk load, bottom-up
    insert(index_rel, values, heap_tid, *, unique=False, check_callback=None,
           heap_rel=None, index_unchanged=False) -> bool   one new index entry
    begin_scan(index_rel, scan_keys, direction=FORWARD, *, want_values=False)
        -> IndexScan with next_batch() / rescan() / end()
        (keys with strategy array_keys.EQ_ANY: one scan per element, array_keys.py)
    bt_index_check(index_rel, ...)                  amcheck (verify.py)
    bt_metap / bt_page_stats / bt_page_items        pageinspect (page_inspect.py)

An index is a Relation with relkind 'i' and an IndexDescription (access/common/
tuple_descriptor.py): its descriptor lists the index columns (key columns first, then
INCLUDE columns) with their types, and the description gives the key count, unique /
NULLS NOT DISTINCT, indoption (DESC, NULLS FIRST), fillfactor and the heap's OID.

PostgreSQL: access/nbtree/nbtree.c (btbuild, btinsert, btbeginscan, btrescan,
btgettuple, btendscan), catalog/storage.c (RelationCreateStorage).
"""
from __future__ import annotations

from typing import Iterable

from pgsnake.access.common.tuple_descriptor import Relation
from pgsnake.access.nbtree import array_keys
from pgsnake.access.nbtree import build as build_module
from pgsnake.access.nbtree import insert as insert_module
from pgsnake.access.nbtree import search
from pgsnake.access.nbtree import wal_records  # noqa: F401  (registers the Btree rmgr)
from pgsnake.access.nbtree.key_comparison import index_keys
from pgsnake.access.nbtree.parallel_scan import ParallelArrayKeyScan, ParallelBtreeScan
from pgsnake.access.nbtree.scan import BACKWARD, FORWARD, IndexScan, ScanItem  # noqa: F401
from pgsnake.access.nbtree.scan_keys import ScanKey  # noqa: F401
from pgsnake.access.nbtree.unique_check import HeapTupleCheck, UniqueCheck
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.smgr import storage_manager as smgr
from pgsnake.storage.smgr.relation_path import ForkNumber
from pgsnake.utils.errors import WRONG_OBJECT_TYPE, PgError


def _check_index(rel: Relation) -> None:
    if rel.relkind != "i" or rel.index is None:
        raise PgError(WRONG_OBJECT_TYPE, f'"{rel.name}" is not an index')


def create_storage(rel: Relation) -> None:
    """Create the index's main fork, WAL-logged so that recovery recreates it before
    replaying records into it (RelationCreateStorage)."""
    smgr.create(rel.locator, ForkNumber.MAIN)
    if rel.needs_wal:
        from pgsnake.access.transam import smgr_records
        smgr_records.log_create(rel.locator, ForkNumber.MAIN)
    if rel.persistence == "u":            # an unlogged index's init fork: btbuildempty
        from pgsnake.access.common import init_fork
        from pgsnake.access.nbtree import meta_page
        from pgsnake.storage.page.page_layout import BLCKSZ
        metapage = bytearray(BLCKSZ)
        meta_page.init_meta_page(metapage, meta_page.MetaData(
            allequalimage=index_keys(rel).allequalimage))
        init_fork.create_init_fork(rel, [metapage])


def drop_storage(rel: Relation) -> None:
    """Forget the index's buffers (unwritten) and unlink its files; the caller decides
    when (commit of DROP INDEX, abort of CREATE INDEX)."""
    bufmgr.drop_relation_buffers(rel.locator)
    smgr.unlink(rel.locator)
    search.forget_cached_roots(rel.locator)


def build(rel: Relation, heap_rel: Relation | None, tuples: Iterable) -> int:
    """Fill the empty index (storage created) from `tuples`: (heap TID, values) or
    (heap TID, values, is_live), in any order; `values` are the index columns' values.
    Returns the number of index entries. A unique index raises 23505 'could not create
    unique index' on duplicate live keys."""
    _check_index(rel)
    return build_module.build_index(rel, index_keys(rel), heap_rel, tuples)


def insert(rel: Relation, values: list, heap_tid: tuple[int, int], *,
           unique: bool | UniqueCheck = False, check_callback: HeapTupleCheck | None = None,
           heap_rel: Relation | None = None, index_unchanged: bool = False) -> bool:
    """Insert the entry (values, heap_tid). With `unique` (True = UniqueCheck.YES),
    `check_callback(tid) -> (state, xid)` says whether an existing entry's heap tuple is
    'live', 'dead' or 'in_progress' (with the running xid), as SnapshotDirty sees it
    (unique_check.py); a live duplicate raises 23505, an in-progress one is waited for.
    Returns False only for UniqueCheck.PARTIAL when a duplicate may exist.
    `index_unchanged`: the executor's hint that this entry comes from an UPDATE that
    did not change the index's columns (indexUnchanged: a full leaf then tries
    bottom-up deletion before deduplicating)."""
    _check_index(rel)
    if unique is True:
        mode = UniqueCheck.YES
    elif unique is False:
        mode = UniqueCheck.NO
    else:
        mode = unique
    return insert_module.insert_tuple(rel, index_keys(rel), list(values), tuple(heap_tid),
                                      mode, check_callback, heap_rel, index_unchanged)


def begin_scan(rel: Relation, scan_keys: Iterable[ScanKey] = (), direction: int = FORWARD,
               *, want_values: bool = False) -> IndexScan:
    """An index scan: `next_batch()` returns the ScanItems of the next leaf page with
    matches (heap TID, plus the index columns' values if `want_values`), None at the
    end; `rescan(scan_keys=None, direction=None)` starts over; `end()` finishes."""
    _check_index(rel)
    scan_keys = list(scan_keys)
    if array_keys.has_array_keys(scan_keys):
        return array_keys.ArrayKeyScan(rel, index_keys(rel), scan_keys, direction,
                                       want_values=want_values)
    return IndexScan(rel, index_keys(rel), scan_keys, direction, want_values=want_values)


def begin_parallel_scan(rel: Relation, scan_keys: Iterable[ScanKey], atomics, offset: int,
                        *, want_values: bool = False):
    """This process's part of a forward scan shared with other processes through the
    zeroed 64-bit word at `offset` of `atomics` (parallel_scan.py)."""
    _check_index(rel)
    scan_keys = list(scan_keys)
    kind = ParallelArrayKeyScan if array_keys.has_array_keys(scan_keys) else ParallelBtreeScan
    return kind(rel, index_keys(rel), scan_keys, atomics, offset, want_values=want_values)
