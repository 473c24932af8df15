"""Lazy VACUUM's heap passes: prune every page and collect dead line pointers, then (after
the indexes have forgotten them) make those line pointers reusable.

  pass 1  `scan_heap`: every page is pruned under a cleanup lock (pruning.prune_page);
          the LP_DEAD line pointers left are collected, and the tuples counted by
          HeapTupleSatisfiesVacuum (live, recently dead, ...). A page whose cleanup lock
          is not free at once (another process holds a pin) is not pruned, only counted
          and its LP_DEAD items collected (lazy_scan_noprune). A table without indexes
          needs no second pass: each page's LP_DEAD items become LP_UNUSED at once.
  pass 2  `vacuum_heap_pages`: after every index dropped its entries for the collected
          TIDs (commands/vacuum.py runs the index bulk deletes), each LP_DEAD line
          pointer becomes LP_UNUSED and the unused tail of the line-pointer array is cut
          off (XLOG_HEAP2_VACUUM). Only an exclusive lock is needed: no tuple moves.
  freeze  tuples whose xids precede the freeze limit are frozen (access/heap/freeze.py),
          and the oldest xid left unfrozen becomes the table's new relfrozenxid.
  vm      a page whose tuples are all visible to everyone (inserters committed before
          the horizon, nothing dead) gets PD_ALL_VISIBLE and its visibility-map bit
          (access/heap/visibility_map.py), after pass 1 or, for pages with dead items,
          after pass 2.
  map     every page's free space goes into the free space map (storage/free_space_map)
          as soon as it is final, and the map's upper levels are refreshed at the end.

Invariant: a heap TID becomes LP_UNUSED (reusable for another row) only after no index
entry points at it any more, so an index never leads to a stranger's row.

Record XLOG_HEAP2_VACUUM (0x20): main data xl_heap_vacuum {nunused u16}; block 0 data:
the offsets made unused.

Entry points: scan_heap, vacuum_heap_pages, update_free_space_map, all_visible_pages,
redo_vacuum,
describe_vacuum, HeapScanCounts.

PostgreSQL: access/heap/vacuumlazy.c (lazy_scan_heap, lazy_scan_prune, lazy_scan_noprune,
lazy_vacuum_heap_rel, lazy_vacuum_heap_page, lazy_truncate_heap, count_nondeletable_pages),
access/heap/heapam.c (heap_xlog_vacuum), catalog/storage.c (RelationTruncate).
"""
from __future__ import annotations

import dataclasses
import struct

from pgsnake.access.common.heap_tuple import (HEAP_XMIN_COMMITTED, HEAP_XMIN_FROZEN,
                                              HeapTupleHeader)
from pgsnake.access.heap import freeze, pruning, vacuum_cost, visibility_map
from pgsnake.access.transam.wal import wal
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.free_space_map import free_space_map
from pgsnake.storage.ipc import backend_progress
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.smgr.relation_path import ForkNumber
from pgsnake.utils.critical_section import critical_section
from pgsnake.utils.interrupts import check_for_interrupts

# pg_stat_progress_vacuum's parameters (PostgreSQL's PROGRESS_VACUUM_*, 0-based)
PROGRESS_HEAP_BLKS_SCANNED = 2
PROGRESS_HEAP_BLKS_VACUUMED = 3

XLOG_HEAP2_VACUUM = 0x20
VACUUM = struct.Struct("<H")        # xl_heap_vacuum
MAIN = ForkNumber.MAIN
FIRST_NORMAL_XID = 3


@dataclasses.dataclass
class HeapScanCounts:
    """What pass 1 found, in the terms of VACUUM VERBOSE's report."""
    rel_pages: int = 0
    removed_pages: int = 0           # cut off the end afterwards (heap_truncate.py)
    scanned_pages: int = 0
    tuples_deleted: int = 0
    live_tuples: int = 0
    recently_dead_tuples: int = 0
    lpdead_items: int = 0            # LP_DEAD line pointers found (or made) by pass 1
    lpdead_item_pages: int = 0
    nonempty_pages: int = 0          # 1 + the last page that has a tuple or redirect
    missed_dead_tuples: int = 0      # dead, but on a page we could not prune
    frozen_pages: int = 0
    frozen_tuples: int = 0
    oldest_unfrozen: list = dataclasses.field(default_factory=list)   # [new relfrozenxid]


def _count_page(page, blockno: int, oldest_xmin: int,
                counts: HeapScanCounts) -> tuple[list[int], bool, int]:
    """Count one (pruned or not) page's tuples. Returns its LP_DEAD offsets, whether
    every tuple on it is visible to everyone (dead line pointers aside), and the
    newest xmin among them (the all-visible cutoff)."""
    dead = []
    hastup = False
    all_visible = True
    cutoff = 0
    for offnum in range(1, pl.max_offset(page) + 1):
        _off, flags, _len = pl.item_id(page, offnum)
        if flags == pl.LP_UNUSED:
            continue
        if flags == pl.LP_REDIRECT:
            hastup = True
            continue
        if flags == pl.LP_DEAD:
            dead.append(offnum)
            continue
        hastup = True
        header = HeapTupleHeader(pl.get_item(page, offnum))
        state = pruning.tuple_vacuum_state(header, oldest_xmin)
        if state == pruning.LIVE:
            counts.live_tuples += 1
            visible, xmin = _visible_to_all(header, oldest_xmin)
            all_visible = all_visible and visible
            cutoff = max(cutoff, xmin)
            continue
        all_visible = False
        if state == pruning.DELETE_IN_PROGRESS:
            counts.live_tuples += 1
        elif state == pruning.RECENTLY_DEAD:
            counts.recently_dead_tuples += 1
        elif state == pruning.DEAD:
            # Only on a page we could not prune (or a tuple that died since).
            counts.missed_dead_tuples += 1
    if hastup:
        counts.nonempty_pages = blockno + 1
    return dead, all_visible, cutoff


def _visible_to_all(header: HeapTupleHeader, oldest_xmin: int) -> tuple[bool, int]:
    """A live tuple is visible to every snapshot when its inserter committed before the
    horizon (lazy_scan_prune's all_visible test); (answer, its xmin)."""
    xmin = header.xmin
    if not header.infomask & HEAP_XMIN_COMMITTED:
        return False, xmin
    if header.infomask & HEAP_XMIN_FROZEN == HEAP_XMIN_FROZEN or xmin < FIRST_NORMAL_XID:
        return True, 0
    return xmin < oldest_xmin, xmin


def _set_all_visible(rel, buf: int, blockno: int, cutoff: int, all_frozen: bool) -> None:
    """PD_ALL_VISIBLE on the page and ALL_VISIBLE (and ALL_FROZEN when every tuple is
    frozen) in the map (visibility_map rule V1), unless the map already says so. The
    caller holds the page exclusively locked."""
    wanted = visibility_map.ALL_VISIBLE | (visibility_map.ALL_FROZEN if all_frozen else 0)
    status = visibility_map.get_status(rel, blockno)
    if status & wanted == wanted:
        return
    page = bufmgr.page(buf)
    if not pl.get_flags(page) & pl.PD_ALL_VISIBLE:
        pl.set_flags(page, pl.get_flags(page) | pl.PD_ALL_VISIBLE)
        bufmgr.mark_dirty(buf)
    visibility_map.set_bits(rel, buf, blockno, cutoff, wanted & ~status)


def _freeze_plans(page, cutoff_xid: int, oldest: list[int]):
    """The page's freeze plans, and whether every tuple will be frozen afterwards."""
    plans = []
    all_frozen = True
    for offnum in range(1, pl.max_offset(page) + 1):
        if pl.item_id(page, offnum)[1] != pl.LP_NORMAL:
            continue
        plan, totally_frozen = freeze.prepare(HeapTupleHeader(pl.get_item(page, offnum)),
                                              cutoff_xid, oldest)
        if plan is not None:
            plans.append((offnum, plan))
        all_frozen = all_frozen and totally_frozen
    return plans, all_frozen


def _page_all_visible(page, oldest_xmin: int) -> tuple[bool, int]:
    """heap_page_is_all_visible, after pass 2 removed the dead line pointers."""
    cutoff = 0
    for offnum in range(1, pl.max_offset(page) + 1):
        _off, flags, _len = pl.item_id(page, offnum)
        if flags == pl.LP_DEAD:
            return False, 0
        if flags != pl.LP_NORMAL:
            continue
        header = HeapTupleHeader(pl.get_item(page, offnum))
        if pruning.tuple_vacuum_state(header, oldest_xmin) != pruning.LIVE:
            return False, 0
        visible, xmin = _visible_to_all(header, oldest_xmin)
        if not visible:
            return False, 0
        cutoff = max(cutoff, xmin)
    return True, cutoff


def _vacuum_page(rel, buf: int, blockno: int, offsets: list[int]) -> None:
    """lazy_vacuum_heap_page: LP_DEAD -> LP_UNUSED, cut the unused tail of the array."""
    page = bufmgr.page(buf)
    with critical_section("heap vacuum"):
        for offnum in offsets:
            pl.set_item_unused(page, offnum)
        pl.truncate_line_pointer_array(page)
        bufmgr.mark_dirty(buf)
        if rel.needs_wal:
            lsn = wal.insert_record(
                wal.RmgrId.HEAP2, XLOG_HEAP2_VACUUM, VACUUM.pack(len(offsets)),
                [wal.BlockRef(0, rel.locator, MAIN, blockno, page,
                              struct.pack(f"<{len(offsets)}H", *offsets))])
            pl.set_lsn(page, lsn)


def scan_heap(rel, oldest_xmin: int, freeze_limit: int, *,
              one_pass: bool) -> tuple[HeapScanCounts, dict]:
    """Pass 1 over every page. Returns the counts and the dead TIDs still to be removed
    from the indexes, as {blockno: [offnum, ...]} (empty when `one_pass`: a table
    without indexes, whose dead line pointers are freed page by page at once).
    Tuples whose xids precede `freeze_limit` are frozen (freeze.py)."""
    counts = HeapScanCounts()
    counts.oldest_unfrozen = [oldest_xmin]
    dead_items: dict[int, list[int]] = {}
    free_space: dict[int, int] = {}
    nblocks = bufmgr.nblocks(rel.locator, MAIN)
    counts.rel_pages = nblocks
    for blockno in range(nblocks):
        check_for_interrupts()
        vacuum_cost.delay_point()
        backend_progress.update_param(PROGRESS_HEAP_BLKS_SCANNED, blockno + 1)
        buf = vacuum_cost.read_page(rel.locator, MAIN, blockno)
        try:
            cleanup = bufmgr.conditional_lock_for_cleanup(buf)
            if not cleanup:
                bufmgr.lock_buffer(buf, bufmgr.SHARE)
            try:
                page = bufmgr.page(buf)
                counts.scanned_pages += 1
                if pl.is_new(page):
                    free_space[blockno] = pl.BLCKSZ - pl.SIZE_OF_PAGE_HEADER
                    continue
                if cleanup:
                    result = pruning.prune_page(rel, buf, oldest_xmin)
                    counts.tuples_deleted += result.ndeleted
                # Freeze what is old enough (only with the cleanup lock: otherwise
                # nothing changes and every xid left counts for relfrozenxid).
                plans, all_frozen = _freeze_plans(
                    page, freeze_limit if cleanup else freeze.FIRST_NORMAL_TRANSACTION_ID,
                    counts.oldest_unfrozen)
                if plans:
                    freeze.freeze_page(rel, buf, blockno, plans, freeze_limit)
                    counts.frozen_tuples += len(plans)
                    counts.frozen_pages += 1
                dead, all_visible, cutoff = _count_page(page, blockno, oldest_xmin, counts)
                if dead:
                    counts.lpdead_items += len(dead)
                    counts.lpdead_item_pages += 1
                    if one_pass and cleanup:
                        _vacuum_page(rel, buf, blockno, dead)
                        dead = []
                    elif not one_pass:
                        dead_items[blockno] = dead
                if cleanup and all_visible and not dead:
                    _set_all_visible(rel, buf, blockno, cutoff, all_frozen)
                if blockno not in dead_items:
                    # Pages still holding dead items are recorded after pass 2.
                    free_space[blockno] = pl.heap_free_space(page)
            finally:
                bufmgr.unlock_buffer(buf)
        finally:
            bufmgr.release_buffer(buf)
        if blockno in free_space:
            free_space_map.record_page(rel, blockno, free_space.pop(blockno))
    return counts, dead_items


def vacuum_heap_pages(rel, dead_items: dict, oldest_xmin: int) -> None:
    """Pass 2: the indexes no longer point at these TIDs; free their line pointers, and
    mark the pages that are now all-visible."""
    for done, blockno in enumerate(sorted(dead_items), 1):
        check_for_interrupts()
        vacuum_cost.delay_point()
        backend_progress.update_param(PROGRESS_HEAP_BLKS_VACUUMED, done)
        buf = vacuum_cost.read_page(rel.locator, MAIN, blockno)
        bufmgr.lock_buffer(buf, bufmgr.EXCLUSIVE)
        try:
            _vacuum_page(rel, buf, blockno, dead_items[blockno])
            all_visible, cutoff = _page_all_visible(bufmgr.page(buf), oldest_xmin)
            if all_visible:
                _plans, all_frozen = _freeze_plans(bufmgr.page(buf), 0, [0])
                _set_all_visible(rel, buf, blockno, cutoff, all_frozen)
            free = pl.heap_free_space(bufmgr.page(buf))
        finally:
            bufmgr.unlock_buffer(buf)
            bufmgr.release_buffer(buf)
        free_space_map.record_page(rel, blockno, free)


def all_visible_pages(rel, nblocks: int) -> int:
    """visibilitymap_count: how many of the table's pages are all-visible
    (pg_class.relallvisible)."""
    return sum(1 for blockno in range(nblocks) if visibility_map.all_visible(rel, blockno))


def update_free_space_map(rel, nblocks: int) -> None:
    """After both passes: bring the map's upper levels up to date
    (FreeSpaceMapVacuumRange), so that inserters find the space recorded."""
    free_space_map.vacuum_range(rel, 0, nblocks)


def redo_vacuum(record) -> None:
    """heap_xlog_vacuum: the same line pointers become unused, the array's tail is cut."""
    (nunused,) = VACUUM.unpack_from(record.main_data, 0)
    action, buf = bufmgr.read_buffer_for_redo(record, 0)
    if action != "needs_redo":
        bufmgr.unlock_release_buffer(buf)
        return
    page = bufmgr.page(buf)
    for offnum in struct.unpack_from(f"<{nunused}H", record.blocks[0].data, 0):
        pl.set_item_unused(page, offnum)
    pl.truncate_line_pointer_array(page)
    bufmgr.finish_redo(buf, record)


def describe_vacuum(record) -> str:
    (nunused,) = VACUUM.unpack_from(record.main_data, 0)
    return f"VACUUM nunused {nunused}"
