"""pg_visibility: the visibility map's bits, the heap pages' PD_ALL_VISIBLE flags, and
checks that the map tells the truth, as PostgreSQL 15's extension (version 1.2).

    pg_visibility_map(regclass [, blkno bigint]) -> (blkno,) all_visible, all_frozen
    pg_visibility(regclass [, blkno bigint]) -> (blkno,) all_visible, all_frozen,
        pd_all_visible
    pg_visibility_map_summary(regclass) -> all_visible bigint, all_frozen bigint
    pg_check_frozen(regclass) -> setof tid   tuples on all-frozen pages not frozen
    pg_check_visible(regclass) -> setof tid  tuples on all-visible pages not visible to all
    pg_truncate_visibility_map(regclass) -> void

The one-row forms answer for any block number up to MaxBlockNumber (a page past the end
has no bits and no flag); the set forms walk the relation's pages. Only tables,
materialized views and TOAST tables have a map (42809 otherwise). The checks read each
page the map marks, under a share lock, and name every tuple that contradicts the mark:
for all-frozen, a tuple with an xmin or xmax that will need freezing; for all-visible, a
tuple that is not live or whose inserter is not older than the removal horizon
(pruning.removal_horizon, this backend included, as GetOldestNonRemovableTransactionId).
pg_truncate_visibility_map empties the map (the heap pages keep PD_ALL_VISIBLE; the next
VACUUM sets the bits again) under AccessExclusiveLock, WAL-logged as an
XLOG_SMGR_TRUNCATE of the map fork only.

Locks: AccessShareLock for the readers. Privileges: the install script revokes EXECUTE
from PUBLIC and grants the readers to pg_stat_scan_tables (extensions.py).

PostgreSQL: contrib/pg_visibility/pg_visibility.c (pg_visibility_map,
pg_visibility_map_rel, collect_visibility_data, collect_corrupt_items,
tuple_all_visible, pg_truncate_visibility_map).
"""
from __future__ import annotations

from pgsnake.access.common.heap_tuple import (HEAP_XMAX_IS_MULTI, HEAP_XMIN_FROZEN,
                                              HeapTupleHeader)
from pgsnake.access.heap import heap_truncate, pruning, visibility_map
from pgsnake.contrib import extensions
from pgsnake.contrib.relation_args import check_block_number, check_relkind, open_relation
from pgsnake.datatypes import functions
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.lmgr import lock_modes
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.smgr.relation_path import ForkNumber

EXTENSION = "pg_visibility"
_REGCLASS, _INT8, _BOOL, _TID, _VOID, _RECORD = 2205, 20, 16, 27, 2278, 2249
_HAS_MAP = "rmt"
FIRST_NORMAL_XID = 3


def _open(oid: int, mode: int = lock_modes.ACCESS_SHARE):
    rel = open_relation(oid, mode)
    check_relkind(rel, _HAS_MAP)
    return rel


def _nblocks(rel) -> int:
    return bufmgr.nblocks(rel.locator, ForkNumber.MAIN)


def _bits(rel, blkno: int) -> tuple[bool, bool]:
    status = visibility_map.get_status(rel, blkno)
    return bool(status & visibility_map.ALL_VISIBLE), bool(status & visibility_map.ALL_FROZEN)


def _read_page(rel, blkno: int) -> bytes:
    """A copy of a heap page, read under a share lock."""
    buf = bufmgr.read_buffer(rel.locator, ForkNumber.MAIN, blkno)
    bufmgr.lock_buffer(buf, bufmgr.SHARE)
    try:
        return bytes(bufmgr.page(buf))
    finally:
        bufmgr.unlock_buffer(buf)
        bufmgr.release_buffer(buf)


def _pd_all_visible(rel, blkno: int) -> bool:
    return bool(pl.get_flags(_read_page(rel, blkno)) & pl.PD_ALL_VISIBLE)


def map_block(oid: int, blkno: int) -> tuple:
    rel = _open(oid)
    check_block_number(blkno)
    return _bits(rel, blkno)


def visibility_block(oid: int, blkno: int) -> tuple:
    rel = _open(oid)
    check_block_number(blkno)
    pd = _pd_all_visible(rel, blkno) if blkno < _nblocks(rel) else False
    return _bits(rel, blkno) + (pd,)


def map_rel(oid: int):
    rel = _open(oid)
    return [(blkno,) + _bits(rel, blkno) for blkno in range(_nblocks(rel))]


def visibility_rel(oid: int):
    rel = _open(oid)
    return [(blkno,) + _bits(rel, blkno) + (_pd_all_visible(rel, blkno),)
            for blkno in range(_nblocks(rel))]


def map_summary(oid: int) -> tuple:
    rel = _open(oid)
    visible = frozen = 0
    for blkno in range(_nblocks(rel)):
        all_visible, all_frozen = _bits(rel, blkno)
        visible += all_visible
        frozen += all_frozen
    return visible, frozen


def _needs_eventual_freeze(header: HeapTupleHeader) -> bool:
    """heap_tuple_needs_eventual_freeze: an xmin or xmax a future freeze must change."""
    if (header.infomask & HEAP_XMIN_FROZEN != HEAP_XMIN_FROZEN
            and header.xmin >= FIRST_NORMAL_XID):
        return True
    if header.infomask & HEAP_XMAX_IS_MULTI:
        return header.xmax != 0
    return header.xmax >= FIRST_NORMAL_XID


def _all_visible(header: HeapTupleHeader, oldest_xmin: int) -> bool:
    """tuple_all_visible: live, and inserted before the removal horizon."""
    if pruning.tuple_vacuum_state(header, oldest_xmin) != pruning.LIVE:
        return False
    xmin = FIRST_NORMAL_XID - 1 if (header.infomask & HEAP_XMIN_FROZEN
                                    == HEAP_XMIN_FROZEN) else header.xmin
    return xmin < oldest_xmin


def _corrupt_items(oid: int, check_visible: bool):
    rel = _open(oid)
    oldest_xmin = pruning.removal_horizon(rel)
    found = []
    for blkno in range(_nblocks(rel)):
        all_visible, all_frozen = _bits(rel, blkno)
        if not (all_visible if check_visible else all_frozen):
            continue
        page = _read_page(rel, blkno)
        for offnum in range(1, pl.max_offset(page) + 1):
            lp_off, lp_flags, lp_len = pl.item_id(page, offnum)
            if lp_flags != pl.LP_NORMAL:
                continue
            header = HeapTupleHeader(bytearray(page[lp_off:lp_off + lp_len]))
            if check_visible:
                bad = not _all_visible(header, oldest_xmin)
                if bad:             # the horizon may have moved on since: ask again
                    oldest_xmin = pruning.removal_horizon(rel)
                    bad = not _all_visible(header, oldest_xmin)
            else:
                bad = _needs_eventual_freeze(header)
            if bad:
                found.append((blkno, offnum))
    return found


def check_frozen(oid: int):
    return _corrupt_items(oid, False)


def check_visible(oid: int):
    return _corrupt_items(oid, True)


def truncate_visibility_map(oid: int) -> str:
    rel = _open(oid, lock_modes.ACCESS_EXCLUSIVE)
    heap_truncate.truncate_visibility_map(rel)
    return ""                   # void: a value that is not NULL


def _register(name, args, fn, result=_RECORD, columns=(), returns_set=False):
    functions.register(name, args, result, fn, oid=extensions.next_function_oid(),
                       volatility="v", returns_set=returns_set, out_columns=columns,
                       rows=1000.0, extension=EXTENSION)


_MAP = (("all_visible", _BOOL), ("all_frozen", _BOOL))
_PAGE = _MAP + (("pd_all_visible", _BOOL),)
_BLKNO = (("blkno", _INT8),)
_register("pg_visibility_map", (_REGCLASS, _INT8), map_block, columns=_MAP)
_register("pg_visibility", (_REGCLASS, _INT8), visibility_block, columns=_PAGE)
_register("pg_visibility_map", (_REGCLASS,), map_rel, columns=_BLKNO + _MAP,
          returns_set=True)
_register("pg_visibility", (_REGCLASS,), visibility_rel, columns=_BLKNO + _PAGE,
          returns_set=True)
_register("pg_visibility_map_summary", (_REGCLASS,), map_summary,
          columns=(("all_visible", _INT8), ("all_frozen", _INT8)))
_register("pg_check_frozen", (_REGCLASS,), check_frozen, _TID,
          columns=(("t_ctid", _TID),), returns_set=True)
_register("pg_check_visible", (_REGCLASS,), check_visible, _TID,
          columns=(("t_ctid", _TID),), returns_set=True)
_register("pg_truncate_visibility_map", (_REGCLASS,), truncate_visibility_map, _VOID)
extensions.set_arguments("pg_visibility_map", (_REGCLASS, _INT8), ("", "blkno"))
extensions.set_arguments("pg_visibility", (_REGCLASS, _INT8), ("", "blkno"))
