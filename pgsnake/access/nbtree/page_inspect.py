"""pageinspect's B-tree functions: the metapage, page statistics and the items of a page,
as PostgreSQL 15's pageinspect returns them (same columns, types, values and errors).

    bt_metap(index_rel) -> row
    bt_page_stats(index_rel, blkno) -> row
    bt_page_items(index_rel, blkno) -> rows      (a page read through shared buffers)
    bt_page_items_bytea(page) -> rows            (bt_page_items(bytea): any page image)

Rows are tuples of Python values in the column order of the *_COLUMNS lists, which
also give each column's name and type OID, so that registering them as SQL functions
(once index relations are in the catalogs) is a matter of resolving the name and
calling these. `tid` values are (block, offset) pairs; `data` is the tuple's key bytes
in hex, separated by spaces, without a pivot's heap TID or a posting list.

PostgreSQL: contrib/pageinspect/btreefuncs.c (bt_metap, bt_page_stats_internal,
bt_page_items_internal, bt_page_items_bytea, bt_page_print_tuples), rawpage.c
(get_page_from_raw).
"""
from __future__ import annotations

from pgsnake.access.common.tuple_descriptor import Relation
from pgsnake.access.nbtree import buffers, index_tuple as it, meta_page
from pgsnake.access.nbtree import page_format as pf
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl
from pgsnake.utils.errors import (INTERNAL_ERROR, INVALID_PARAMETER_VALUE, WRONG_OBJECT_TYPE,
                                  PgError)

INDEX_CORRUPTED = "XX002"
_INT2, _INT4, _INT8, _FLOAT8, _BOOL, _TEXT, _CHAR, _TID, _TID_ARRAY = (
    21, 23, 20, 701, 16, 25, 18, 27, 1010)

BT_METAP_COLUMNS = (("magic", _INT4), ("version", _INT4), ("root", _INT8), ("level", _INT8),
                    ("fastroot", _INT8), ("fastlevel", _INT8),
                    ("last_cleanup_num_delpages", _INT8),
                    ("last_cleanup_num_tuples", _FLOAT8), ("allequalimage", _BOOL))
BT_PAGE_STATS_COLUMNS = (("blkno", _INT8), ("type", _CHAR), ("live_items", _INT4),
                         ("dead_items", _INT4), ("avg_item_size", _INT4),
                         ("page_size", _INT4), ("free_size", _INT4), ("btpo_prev", _INT8),
                         ("btpo_next", _INT8), ("btpo_level", _INT8), ("btpo_flags", _INT4))
BT_PAGE_ITEMS_COLUMNS = (("itemoffset", _INT2), ("ctid", _TID), ("itemlen", _INT2),
                         ("nulls", _BOOL), ("vars", _BOOL), ("data", _TEXT), ("dead", _BOOL),
                         ("htid", _TID), ("tids", _TID_ARRAY))
MAX_BLOCK_NUMBER = 0xFFFFFFFE


def _check_btree(rel: Relation) -> None:
    if rel.relkind != "i" or rel.index is None:
        raise PgError(WRONG_OBJECT_TYPE, f'"{rel.name}" is not a btree index')


def _page_copy(rel: Relation, blkno: int) -> bytes:
    """A copy of the block, read under a share lock."""
    buf = bufmgr.read_buffer(rel.locator, buffers.MAIN, blkno)
    bufmgr.lock_buffer(buf, bufmgr.SHARE)
    try:
        return bytes(bufmgr.page(buf))
    finally:
        buffers.release(buf)


def _validate_block(rel: Relation, blkno: int) -> None:
    """bt_index_block_validate."""
    if blkno < 0 or blkno > MAX_BLOCK_NUMBER:
        raise PgError(INVALID_PARAMETER_VALUE, "invalid block number")
    _check_btree(rel)
    if blkno == 0:
        raise PgError(INVALID_PARAMETER_VALUE, "block 0 is a meta page")
    if blkno >= bufmgr.nblocks(rel.locator, buffers.MAIN):
        raise PgError(INTERNAL_ERROR, "block number out of range")


def bt_metap(rel: Relation) -> tuple:
    _check_btree(rel)
    page = _page_copy(rel, meta_page.BTREE_METAPAGE)
    meta = meta_page.read_meta(page, rel.name)
    return (meta.magic, meta.version, meta.root, meta.level, meta.fastroot, meta.fastlevel,
            meta.last_cleanup_num_delpages, meta.last_cleanup_num_heap_tuples,
            meta.allequalimage)


def bt_page_stats(rel: Relation, blkno: int) -> tuple:
    _validate_block(rel, blkno)
    page = _page_copy(rel, blkno)
    opaque = pf.Opaque(page)
    if opaque.is_deleted:
        kind = "d"
    elif opaque.is_ignored:
        kind = "e"
    elif opaque.is_leaf:
        kind = "l"
    elif opaque.is_root:
        kind = "r"
    else:
        kind = "i"
    live = dead = total_size = 0
    for offnum in range(1, pl.max_offset(page) + 1):
        lp_off, lp_flags, lp_len = pl.item_id(page, offnum)
        total_size += it.tuple_size(page[lp_off:lp_off + lp_len])
        if lp_flags == pl.LP_DEAD:
            dead += 1
        else:
            live += 1
    average = total_size // (live + dead) if live + dead else 0
    return (blkno, kind, live, dead, average, pl.BLCKSZ, pf.free_space(page), opaque.prev,
            opaque.next, opaque.level, opaque.flags)


def bt_page_items(rel: Relation, blkno: int) -> list[tuple]:
    _validate_block(rel, blkno)
    page = _page_copy(rel, blkno)
    opaque = pf.Opaque(page)
    if opaque.is_deleted:
        from pgsnake.utils.notices import emit
        emit("00000", "page is deleted")
    return _items(page, opaque)


def bt_page_items_bytea(raw: bytes) -> list[tuple]:
    """bt_page_items(page bytea): for a page image from anywhere (get_raw_page)."""
    if len(raw) != pl.BLCKSZ:
        raise PgError(INVALID_PARAMETER_VALUE, "invalid page size",
                      detail=f"Expected {pl.BLCKSZ} bytes, got {len(raw)}.")
    page = bytes(raw)
    if pl.is_new(page):
        return []
    special_size = pl.BLCKSZ - pl.header(page).special
    if special_size != pf.SPECIAL_SIZE:
        raise PgError(INVALID_PARAMETER_VALUE, "input page is not a valid btree page",
                      detail=f"Expected special size {pf.SPECIAL_SIZE}, got {special_size}.")
    opaque = pf.Opaque(page)
    if opaque.flags & pf.BTP_META:
        raise PgError(INVALID_PARAMETER_VALUE, "block is a meta page")
    if opaque.is_leaf and opaque.level != 0:
        raise PgError(INDEX_CORRUPTED, "block is not a valid btree leaf page")
    if opaque.is_deleted:
        from pgsnake.utils.notices import emit
        emit("00000", "page is deleted")
    return _items(page, opaque)


def _items(page: bytes, opaque: pf.Opaque) -> list[tuple]:
    """bt_page_print_tuples for every item."""
    rows = []
    for offnum in range(1, pl.max_offset(page) + 1):
        lp_off, lp_flags, lp_len = pl.item_id(page, offnum)
        item = page[lp_off:lp_off + lp_len]
        info = it.t_info(item)
        size = info & it.INDEX_SIZE_MASK
        start = it.data_offset(info)
        data_len = size - start
        if it.is_posting(item):
            data_len -= size - it.raw_tid(item)[0]
        elif it.is_pivot(item) and it.heap_tid(item) is not None:
            data_len -= 8
        if data_len < 0 or data_len > it.INDEX_SIZE_MASK:
            raise PgError(INTERNAL_ERROR, f"invalid tuple length {data_len} for tuple at "
                                          f"offset number {offnum}")
        data = " ".join(f"{b:02x}" for b in item[start:start + data_len])
        is_pivot_slot = not opaque.is_leaf or (not opaque.is_rightmost and offnum == pf.P_HIKEY)
        dead = None if is_pivot_slot else lp_flags == pl.LP_DEAD
        htid = it.heap_tid(item)
        if is_pivot_slot and not it.is_pivot(item):
            htid = None
        tids = it.posting_tids(item) if it.is_posting(item) else None
        rows.append((offnum, it.raw_tid(item), size, bool(info & it.INDEX_NULL_MASK),
                     bool(info & it.INDEX_VAR_MASK), data, dead, htid, tids))
    return rows
