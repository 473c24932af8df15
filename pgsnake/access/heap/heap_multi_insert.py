"""Heap multi-insert: many new tuples, a page at a time, one WAL record per page.

heap_multi_insert(rel, rows) puts a batch of rows into the heap the way heap_insert puts
one, but fills each page it locks with as many of the rows as fit, under that one
exclusive lock and one critical section, and logs the page's share of the batch as one
XLOG_HEAP2_MULTI_INSERT record (README rule H1, once per page instead of once per row).
COPY FROM and multi-row INSERT use it through executor/multi_insert.py.

Pages are chosen as heap_insert chooses them (heapam._get_page_with_room: the target
block, the free space map, the last page, extension), so a batch lands exactly where the
same rows inserted one by one would: only the number of locks and WAL records changes.
Every tuple of a batch gets the same xmin and command id (one statement).

Record (rmgr Heap2, info 0x50, +0x80 XLOG_HEAP_INIT_PAGE when the page was empty):
  main: flags u8, pad u8, ntuples u16, then ntuples offsets u16 -- left out with
        INIT_PAGE, where the tuples are at offsets 1..ntuples
  block 0: the page, data = for each tuple its length u16 and the whole tuple
Flags: XLH_INSERT_ALL_VISIBLE_CLEARED 0x01, XLH_INSERT_LAST_IN_MULTI 0x02 (the batch's
last record), as PostgreSQL's.

Redo is idempotent (bufmgr.read_buffer_for_redo): the page is rebuilt when the record
initialised it, otherwise each tuple goes back at its offset.

Entry points: heap_multi_insert(rel, rows) -> list of TIDs; prepare_tuple(rel, values)
and insert_prepared(rel, tuples), the same in two steps (a buffer forms each row as it
arrives); redo, describe (registered in heap_wal's heap2 table).

PostgreSQL: access/heap/heapam.c (heap_multi_insert, heap_multi_insert_pages,
heap_xlog_multi_insert), access/rmgrdesc/heapdesc.c (heap2_desc),
include/access/heapam_xlog.h (xl_heap_multi_insert).
Where we differ: the block data carries whole tuples (as pgsnake's XLOG_HEAP_INSERT
does), not xl_multi_insert_tuple headers with the data after the fixed tuple header;
PostgreSQL's COPY FREEZE marks the pages it fills all-frozen (ALL_FROZEN_SET); pgsnake's
COPY FREEZE does not freeze rows, with either insert path.
"""
from __future__ import annotations

import struct

from pgsnake.access.common.heap_tuple import HeapTupleHeader
from pgsnake.access.common.tuple_descriptor import Relation
from pgsnake.access.heap import heap_wal, heapam, visibility_map
from pgsnake.access.transam import xact
from pgsnake.access.transam.wal import wal
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.lmgr import predicate
from pgsnake.storage.page import page_layout as pl
from pgsnake.utils.activity import pgstat
from pgsnake.utils.critical_section import critical_section
from pgsnake.utils.errors import INTERNAL_ERROR, PgError

XLOG_HEAP2_MULTI_INSERT = 0x50
XLH_INSERT_LAST_IN_MULTI = 0x02
HEADER = struct.Struct("<BxH")           # flags, pad, ntuples
_U16 = struct.Struct("<H")
_U32 = struct.Struct("<I")
_LOWER_UPPER = struct.Struct("<HH")     # pd_lower, pd_upper
_CTID = struct.Struct("<HHH")           # t_ctid: block hi, block lo, offset


def heap_multi_insert(rel: Relation, rows: list[list]) -> list[tuple[int, int]]:
    """Insert every row of `rows` (column values); returns their TIDs in order."""
    return insert_prepared(rel, [prepare_tuple(rel, values) for values in rows])


def prepare_tuple(rel: Relation, values: list, cid: int | None = None) -> bytes:
    """The tuple heap_multi_insert will store for `values`: formed, TOASTed (its
    out-of-line values are already in the TOAST table), xmin and cmin set
    (heap_prepare_insert). Callers that buffer rows form each as it comes, so that an
    error about one row (too big) is raised while that row is current. `cid`: the
    inserting statement's command id (es_output_cid), else the current one."""
    xid = xact.get_current_xid()
    if cid is None:                  # (the statement's own was marked used when it began)
        cid = xact.current_command_id(used=True)
    return heapam._prepare_tuple_bytes(rel, values, xid, cid, 0)[0]


def insert_prepared(rel: Relation, tuples: list[bytes],
                    strategy=None) -> list[tuple[int, int]]:
    """Put tuples made by prepare_tuple (in this command) into the heap, filling each
    page it locks; returns their TIDs in order. `strategy`: COPY FROM's BULKWRITE ring
    (buffer_strategy.py), through which the pages are read and added."""
    if not tuples:
        return []
    xid = xact.get_current_xid()
    tids: list[tuple[int, int]] = []
    done = 0
    while done < len(tuples):
        buf, blockno, was_new = heapam._get_page_with_room(rel, len(tuples[done]),
                                                            strategy=strategy)
        try:
            if predicate.tracking:
                predicate.check_for_conflict_in(rel)       # as heap_insert, page locked
            done = _fill_page(rel, buf, blockno, was_new, tuples, done, tids, xid)
        finally:
            bufmgr.unlock_buffer(buf)
            bufmgr.release_buffer(buf)
    pgstat.count_insert(rel, len(tuples))
    return tids


def _fill_page(rel, buf: int, blockno: int, was_new: bool, tuples: list[bytes], start: int,
               tids: list, xid: int) -> int:
    """Add tuples[start:] to the locked page while they fit (the first always does);
    returns the index of the first one left over."""
    page = bufmgr.page(buf)
    placed: list[tuple[int, memoryview]] = []
    with critical_section("heap multi insert"):     # rule H1: page, WAL, LSN, or PANIC
        cleared = visibility_map.clear_if_all_visible(rel, page, blockno)
        reserve = heapam.save_free_space(rel)
        if pl.get_flags(page) & pl.PD_HAS_FREE_LINES:
            next_index = _add_reusing_lines(page, blockno, tuples, start, placed, reserve)
        else:
            next_index = _append(page, blockno, tuples, start, placed, reserve)
        for offnum, _ in placed:
            tids.append((blockno, offnum))
        bufmgr.mark_dirty(buf)
        if rel.needs_wal:
            offsets = [offnum for offnum, _ in placed]
            will_init = was_new and offsets[0] == 1
            flags = heap_wal.XLH_INSERT_ALL_VISIBLE_CLEARED if cleared else 0
            if next_index == len(tuples):
                flags |= XLH_INSERT_LAST_IN_MULTI
            main = HEADER.pack(flags, len(placed))
            if not will_init:
                main += struct.pack(f"<{len(offsets)}H", *offsets)
            block_data = b"".join(_U16.pack(len(item)) + bytes(item) for _, item in placed)
            info = XLOG_HEAP2_MULTI_INSERT | (heap_wal.XLOG_HEAP_INIT_PAGE if will_init else 0)
            lsn = wal.insert_record(
                wal.RmgrId.HEAP2, info, main,
                [wal.BlockRef(0, rel.locator, heapam.MAIN, blockno, page, block_data,
                              will_init)],
                xid=xid)
            pl.set_lsn(page, lsn)
    return next_index


def _add_reusing_lines(page, blockno: int, tuples: list[bytes], start: int,
                       placed: list, reserve: int) -> int:
    """Tuples onto a page with unused line pointers (VACUUM freed them): pl.add_item
    picks each one, as heap_insert's would; after the first, each while `reserve`
    bytes (the fillfactor's) stay free besides it."""
    index = start
    while index < len(tuples):
        data = tuples[index]
        if placed and pl.heap_free_space(page) < pl.maxalign(len(data)) + reserve:
            break
        offnum = pl.add_item(page, data)
        if offnum is None:
            raise PgError(INTERNAL_ERROR, "failed to add tuple to page")
        item = pl.get_item(page, offnum)
        HeapTupleHeader(item).ctid = (blockno, offnum)
        placed.append((offnum, item))
        index += 1
    return index


def _append(page, blockno: int, tuples: list[bytes], start: int, placed: list,
            reserve: int) -> int:
    """Tuples onto a page whose line pointers are all in use: each gets the next line
    pointer and the space just below the last tuple (what pl.add_item does, with the
    page's lower and upper bounds kept in locals and written back once), while it fits
    as heap_free_space counts room with `reserve` bytes (the fillfactor's) left over.
    The first tuple always fits and needs no reserve (the caller found the page for
    it)."""
    lower, upper = _LOWER_UPPER.unpack_from(page, 12)
    nline = (lower - pl.SIZE_OF_PAGE_HEADER) // pl.ITEM_ID_SIZE
    view = page if isinstance(page, memoryview) else memoryview(page)
    index = start
    item_id_at = lower
    ctid_hi, ctid_lo = blockno >> 16, blockno & 0xFFFF
    while index < len(tuples):
        data = tuples[index]
        size = len(data)
        aligned = (size + 7) & ~7
        room = upper - lower - pl.ITEM_ID_SIZE
        if nline >= pl.MAX_HEAP_TUPLES_PER_PAGE or room < aligned + (reserve if placed else 0):
            if not placed:
                raise PgError(INTERNAL_ERROR, "failed to add tuple to page")
            break
        upper -= aligned
        lower += pl.ITEM_ID_SIZE
        nline += 1
        view[upper:upper + size] = data
        if aligned > size:
            view[upper + size:upper + aligned] = bytes(aligned - size)
        _CTID.pack_into(view, upper + 12, ctid_hi, ctid_lo, nline)
        _U32.pack_into(view, item_id_at, upper | (pl.LP_NORMAL << 15) | (size << 17))
        item_id_at += pl.ITEM_ID_SIZE
        placed.append((nline, view[upper:upper + size]))
        index += 1
    _LOWER_UPPER.pack_into(page, 12, lower, upper)
    return index


# ---- redo and description --------------------------------------------------------------

def _decode(record) -> tuple[int, list[int]]:
    flags, ntuples = HEADER.unpack_from(record.main_data, 0)
    if record.info & heap_wal.XLOG_HEAP_INIT_PAGE:
        return flags, list(range(1, ntuples + 1))
    return flags, list(struct.unpack_from(f"<{ntuples}H", record.main_data, HEADER.size))


def redo(record) -> None:
    flags, offsets = _decode(record)
    heap_wal._redo_clear_map(record, 0, flags, heap_wal.XLH_INSERT_ALL_VISIBLE_CLEARED)
    action, buf = bufmgr.read_buffer_for_redo(record, 0)
    if action != "needs_redo":
        bufmgr.unlock_release_buffer(buf)
        return
    page = bufmgr.page(buf)
    if record.info & heap_wal.XLOG_HEAP_INIT_PAGE or pl.is_new(page):
        pl.init_page(page)
    heap_wal._clear_all_visible(page)
    data = record.blocks[0].data
    at = 0
    for offnum in offsets:
        (length,) = _U16.unpack_from(data, at)
        at += 2
        if pl.add_item(page, data[at:at + length], offnum) != offnum:
            bufmgr.unlock_release_buffer(buf)
            raise RuntimeError(f"heap2 redo: failed to add tuple at offset {offnum}")
        at += length
    if at != len(data):
        bufmgr.unlock_release_buffer(buf)
        raise RuntimeError("heap2 redo: multi-insert record has the wrong data length")
    bufmgr.finish_redo(buf, record)


def describe(record) -> str:
    """heap2_desc: "MULTI_INSERT+INIT 61 tuples flags 0x02"."""
    flags, ntuples = HEADER.unpack_from(record.main_data, 0)
    init = "+INIT" if record.info & heap_wal.XLOG_HEAP_INIT_PAGE else ""
    return f"MULTI_INSERT{init} {ntuples} tuples flags 0x{flags:02X}"
