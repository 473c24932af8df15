"""The actual smallest and largest value of a column, read from a B-tree index that
leads with it: the planner's way to see past the ends of an old histogram.

Entry points:
    actual_range(table, index: index_paths.TableIndex) -> (min, max) | None
    is_descending(index_relation) -> bool

The index is scanned from each end for the first entry with a non-NULL key whose heap
tuple is not dead to every transaction (PostgreSQL's SnapshotNonVacuumable: recently
dead and in-progress rows count, as they may still be somebody's min or max). At most
VISITED_TUPLES_LIMIT entries are looked at from each end; past that the answer is
None and the histogram's own bounds are used.

PostgreSQL: utils/adt/selfuncs.c (get_actual_variable_range,
get_actual_variable_endpoint).
"""
from __future__ import annotations

from pgsnake.access.common.heap_tuple import HeapTupleHeader
from pgsnake.access.heap import pruning
from pgsnake.access.nbtree import access_method as btree
from pgsnake.access.nbtree.scan_keys import IS_NOT_NULL, ScanKey
from pgsnake.catalog import catalog_cache
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.smgr.relation_path import ForkNumber

VISITED_TUPLES_LIMIT = 100
INDOPTION_DESC = 0x0001


def is_descending(index_relation) -> bool:
    row = catalog_cache.index_row(index_relation.oid)
    options = tuple(row.indoption or ()) if row is not None else ()
    return bool(options and options[0] & INDOPTION_DESC)


def _not_dead(table, tid, oldest_xmin: int) -> bool:
    blockno, offnum = tid
    buf = bufmgr.read_buffer(table.locator, ForkNumber.MAIN, blockno)
    bufmgr.lock_buffer(buf, bufmgr.SHARE)
    try:
        page = bufmgr.page(buf)
        if offnum > pl.max_offset(page):
            return False
        lp_off, lp_flags, lp_len = pl.item_id(page, offnum)
        if lp_flags == pl.LP_REDIRECT:
            return True             # a HOT chain whose root was pruned: it has a member
        if lp_flags != pl.LP_NORMAL:
            return False
        header = HeapTupleHeader(page[lp_off:lp_off + lp_len])
        return pruning.tuple_vacuum_state(header, oldest_xmin) != pruning.DEAD
    finally:
        bufmgr.unlock_buffer(buf)
        bufmgr.release_buffer(buf)


def _endpoint(table, index, direction: int, oldest_xmin: int):
    scan = btree.begin_scan(index.relation, [ScanKey(1, IS_NOT_NULL)], direction,
                            want_values=True)
    visited = 0
    try:
        while True:
            batch = scan.next_batch()
            if batch is None:
                return None
            for item in batch:
                visited += 1
                if visited > VISITED_TUPLES_LIMIT:
                    return None
                if _not_dead(table, item.heap_tid, oldest_xmin):
                    return (item.values[0],)
    finally:
        scan.end()


def actual_range(table, index):
    if table is None or bufmgr.nblocks(index.relation.locator, ForkNumber.MAIN) <= 1:
        return None                 # an empty index (only its metapage)
    oldest_xmin = pruning.removal_horizon(table)
    first, last = btree.FORWARD, btree.BACKWARD
    if is_descending(index.relation):
        first, last = last, first
    low = _endpoint(table, index, first, oldest_xmin)
    if low is None:
        return None
    high = _endpoint(table, index, last, oldest_xmin)
    if high is None:
        return None
    return low[0], high[0]
