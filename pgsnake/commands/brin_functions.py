"""BRIN's control functions and the heap rows its summarisation reads.

    brin_summarize_new_values(index regclass) -> int4      every unsummarised range
    brin_summarize_range(index regclass, blk int8) -> int4 the range holding blk
                                                           (4294967295: all of them)
    brin_desummarize_range(index regclass, blk int8)       forget that range's summary

They lock the table, then the index, in ShareUpdateExclusiveLock, and need the index's
owner, as PostgreSQL's do; an invalid index is left alone. `range_rows(index)` gives
access/brin the rows of some heap blocks as the index sees them (expression values,
partial predicate): the summarisation by these functions and by VACUUM reads them.

Entry points: range_rows(index), heap_blocks(index); registration at import
(commands/__init__.py imports it).

PostgreSQL: access/brin/brin.c (brin_summarize_new_values, brin_summarize_range,
brin_desummarize_range, summarize_range's heap scan).
"""
from __future__ import annotations

from pgsnake.access.brin import access_method as brin
from pgsnake.access.heap import heapam
from pgsnake.access.transam.wal import wal
from pgsnake.catalog import brin_index_catalog  # noqa: F401 (registers with access/brin)
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import object_permissions, relation_locks
from pgsnake.datatypes import functions
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.lmgr import lock_modes
from pgsnake.storage.smgr.relation_path import ForkNumber
from pgsnake.utils.errors import (NUMERIC_VALUE_OUT_OF_RANGE, UNDEFINED_TABLE,
                                  WRONG_OBJECT_TYPE, PgError)

ALL_BLOCK_RANGES = 0xFFFFFFFF
MAX_BLOCK_NUMBER = 0xFFFFFFFE
_REGCLASS, _INT8, _INT4, _VOID = 2205, 20, 23, 2278


def range_rows(index):
    """rows(first_blk, count) -> (tid, entry values) of the live and recently dead
    tuples of those heap blocks that the index has an entry for."""
    from pgsnake.executor.index_entries import IndexEntryForm
    heap = cc.get_relation(index.index.heap_oid)
    form = IndexEntryForm(index)

    def rows(first: int, count: int):
        for tid, values, _live in heapam.heap_scan_for_index_build(
                heap, range(first, first + count)):
            entry = form.entry(values)
            if entry is not None:
                yield tid, entry
    return rows


def heap_blocks(index) -> int:
    heap = cc.get_relation(index.index.heap_oid)
    return bufmgr.nblocks(heap.locator, ForkNumber.MAIN)


def _open(index_oid: int):
    """The BRIN index and its table, locked in ShareUpdateExclusiveLock (the table
    first), checked as brin_summarize_range checks them."""
    if wal.in_recovery():
        raise PgError("55000", "recovery is in progress",
                      hint="BRIN control functions cannot be executed during recovery.")
    row = cc.class_row(index_oid)
    if row is None:
        raise PgError(UNDEFINED_TABLE, f"could not open relation with OID {index_oid}")
    index = cc.get_relation(index_oid)
    if index.relkind != "i" or index.index is None:
        raise PgError(WRONG_OBJECT_TYPE, f'"{index.name}" is not an index')
    mode = lock_modes.SHARE_UPDATE_EXCLUSIVE
    relation_locks.lock_relation_oid(index.index.heap_oid, mode)
    relation_locks.lock_relation_oid(index_oid, mode)
    if index.index.access_method != brin.BRIN_ACCESS_METHOD:
        raise PgError(WRONG_OBJECT_TYPE, f'"{index.name}" is not a BRIN index')
    object_permissions.check_relation_owner(index_oid)
    return index


def _block(value: int, limit: int) -> int:
    if value < 0 or value > limit:
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, f"block number out of range: {value}")
    return value


def brin_summarize_range(index_oid: int, heap_blk: int) -> int:
    heap_blk = _block(heap_blk, ALL_BLOCK_RANGES)
    index = _open(index_oid)
    if not cc.index_row(index_oid).indisvalid:
        return 0
    summarized, _existing = brin.summarize(
        index, range_rows(index), heap_blocks(index),
        None if heap_blk == ALL_BLOCK_RANGES else heap_blk, include_partial=True)
    return summarized


def brin_summarize_new_values(index_oid: int) -> int:
    return brin_summarize_range(index_oid, ALL_BLOCK_RANGES)


def brin_desummarize_range(index_oid: int, heap_blk: int) -> str:
    heap_blk = _block(heap_blk, MAX_BLOCK_NUMBER)
    index = _open(index_oid)
    if cc.index_row(index_oid).indisvalid:
        brin.desummarize(index, heap_blk)
    return ""


def _vacuum_rows(index):
    return range_rows(index), heap_blocks(index)


functions.register("brin_summarize_new_values", (_REGCLASS,), _INT4,
                   brin_summarize_new_values, oid=3952)
functions.register("brin_summarize_range", (_REGCLASS, _INT8), _INT4,
                   brin_summarize_range, oid=3999)
functions.register("brin_desummarize_range", (_REGCLASS, _INT8), _VOID,
                   brin_desummarize_range, oid=4014)
brin.set_heap_rows(_vacuum_rows)
