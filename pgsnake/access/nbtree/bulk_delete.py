"""VACUUM's B-tree pass: remove every leaf entry that points at a dead heap TID.

`bulk_delete(index, is_dead)` reads the index in physical block order (btvacuumscan),
then again over the pages added meanwhile, and on each leaf page, under its exclusive
lock, asks `is_dead(heap_tid)` of every TID: a plain tuple whose TID is dead is deleted;
a posting list loses its dead TIDs (rewritten in place: PageIndexTupleOverwrite), or is
deleted when none is left. Pages are never deleted
or recycled (no page deletion yet), so a scan that follows right links never lands on a
page that left the tree.

Record XLOG_BTREE_VACUUM (0xC0): main data xl_btree_vacuum {ndeleted u16, nupdated u16};
block 0 data: the deleted offsets, the updated offsets, then per updated posting list
xl_btree_update {ndeletedtids u16} followed by the positions (u16) of the TIDs it lost.
Redo rebuilds each updated posting list from the page's tuple and the positions, then
deletes, exactly as the original did. BTP_HAS_GARBAGE is cleared and btpo_cycleid reset.

Entry points: bulk_delete, redo_vacuum, describe_vacuum, BulkDeleteResult.

PostgreSQL: access/nbtree/nbtree.c (btbulkdelete, btvacuumscan, btvacuumpage,
btreevacuumposting), access/nbtree/nbtpage.c (_bt_delitems_vacuum),
access/nbtree/nbtdedup.c (_bt_update_posting), access/nbtree/nbtxlog.c (btree_xlog_vacuum).
"""
from __future__ import annotations

import dataclasses
import struct

from pgsnake.access.heap import vacuum_cost
from pgsnake.access.nbtree import buffers, index_tuple as it
from pgsnake.access.nbtree import page_format as pf
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.smgr.relation_path import ForkNumber
from pgsnake.utils.critical_section import critical_section
from pgsnake.utils.interrupts import check_for_interrupts

XLOG_BTREE_VACUUM = 0xC0
VACUUM = struct.Struct("<HH")          # xl_btree_vacuum
_U16 = struct.Struct("<H")
MAIN = ForkNumber.MAIN


@dataclasses.dataclass
class BulkDeleteResult:
    """IndexBulkDeleteResult, as far as VACUUM VERBOSE reports it."""
    num_pages: int = 0
    tuples_removed: int = 0
    num_index_tuples: int = 0
    pages_newly_deleted: int = 0
    pages_deleted: int = 0
    pages_free: int = 0


def _without(item: bytes, positions: list[int]) -> bytes:
    """_bt_update_posting: the posting list `item` without the TIDs at `positions`."""
    tids = it.posting_tids(item)
    gone = set(positions)
    return it.form_posting(item, [tid for i, tid in enumerate(tids) if i not in gone])


def _apply(page, deleted: list[int], updated: list[tuple[int, bytes]]) -> None:
    """_bt_delitems_vacuum's page edits: overwrite the updated posting lists, delete the
    dead tuples, clear BTP_HAS_GARBAGE and the vacuum cycle id."""
    for offnum, item in updated:
        pf.overwrite_item(page, offnum, item)
    if deleted:
        pl.index_multi_delete(page, deleted)
    opaque = pf.Opaque(page)
    opaque.flags &= ~pf.BTP_HAS_GARBAGE
    opaque.cycleid = 0
    opaque.write()


def _vacuum_page(index, buf: int, blkno: int, is_dead, result: BulkDeleteResult) -> None:
    page = bufmgr.page(buf)
    opaque = pf.Opaque(page)
    if not opaque.is_leaf or opaque.is_ignored:
        return
    deleted: list[int] = []
    updated: list[tuple[int, bytes, list[int]]] = []
    for offnum in range(opaque.first_data_offset, pl.max_offset(page) + 1):
        item = bytes(pl.get_item(page, offnum))
        if it.is_posting(item):
            tids = it.posting_tids(item)
            positions = [i for i, tid in enumerate(tids) if is_dead(tid)]
            if len(positions) == len(tids):
                deleted.append(offnum)
            elif positions:
                updated.append((offnum, _without(item, positions), positions))
            result.tuples_removed += len(positions)
            result.num_index_tuples += len(tids) - len(positions)
        elif is_dead(it.raw_tid(item)):
            deleted.append(offnum)
            result.tuples_removed += 1
        else:
            result.num_index_tuples += 1
    if not deleted and not updated:
        return
    data = struct.pack(f"<{len(deleted)}H", *deleted)
    data += struct.pack(f"<{len(updated)}H", *(u[0] for u in updated))
    for _offnum, _item, positions in updated:
        data += struct.pack(f"<H{len(positions)}H", len(positions), *positions)
    with critical_section("btree vacuum"):
        _apply(page, deleted, [(offnum, item) for offnum, item, _ in updated])
        buffers.log_change(index, XLOG_BTREE_VACUUM, VACUUM.pack(len(deleted), len(updated)),
                           [buffers.PageChange(0, buf, blkno, data)])


def bulk_delete(index, is_dead) -> BulkDeleteResult:
    """btbulkdelete: drop the entries whose heap TID `is_dead`; block 0 is the metapage.
    A split during the scan moves items to a new page at the end of the index (pages
    are never recycled), so the scan goes on until it has seen every page that exists
    when it looks again (btvacuumscan's loop): no dead entry can escape it."""
    result = BulkDeleteResult()
    blkno = 1
    while True:
        nblocks = bufmgr.nblocks(index.locator, MAIN)
        if blkno >= nblocks:
            break
        for blkno in range(blkno, nblocks):
            check_for_interrupts()
            vacuum_cost.delay_point()
            buf = vacuum_cost.read_page(index.locator, MAIN, blkno)
            bufmgr.lock_buffer(buf, bufmgr.EXCLUSIVE)
            try:
                if not pl.is_new(bufmgr.page(buf)):
                    _vacuum_page(index, buf, blkno, is_dead, result)
            finally:
                buffers.release(buf)
        blkno = nblocks
    result.num_pages = nblocks
    return result


def redo_vacuum(record) -> None:
    """btree_xlog_vacuum."""
    ndeleted, nupdated = VACUUM.unpack_from(record.main_data, 0)
    action, buf = bufmgr.read_buffer_for_redo(record, 0)
    if action != "needs_redo":
        buffers.release(buf)
        return
    page = bufmgr.page(buf)
    data = record.blocks[0].data
    deleted = list(struct.unpack_from(f"<{ndeleted}H", data, 0))
    at = 2 * ndeleted
    offsets = struct.unpack_from(f"<{nupdated}H", data, at)
    at += 2 * nupdated
    updated = []
    for offnum in offsets:
        (count,) = _U16.unpack_from(data, at)
        positions = list(struct.unpack_from(f"<{count}H", data, at + 2))
        at += 2 + 2 * count
        updated.append((offnum, _without(bytes(pl.get_item(page, offnum)), positions)))
    _apply(page, deleted, updated)
    bufmgr.finish_redo(buf, record)


def describe_vacuum(record) -> str:
    ndeleted, nupdated = VACUUM.unpack_from(record.main_data, 0)
    return f"ndeleted {ndeleted}; nupdated {nupdated}"
