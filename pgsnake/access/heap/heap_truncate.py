"""Cutting empty pages off the end of a heap (VACUUM's last step) and its redo.

`empty_tail_start(rel, nonempty_pages)` re-reads the pages VACUUM found empty, from the
end backwards (count_nondeletable_pages): only pages without any used line pointer may
go, and the caller holds ACCESS EXCLUSIVE, so none can gain a tuple meanwhile.
`truncate(rel, new_nblocks)` is RelationTruncate:
  1. the visibility map and the free space map forget the removed pages on the map page
     that stays (visibility_map.prepare_truncate, free_space_map.prepare_truncate): a
     page added later must never inherit an all-visible bit;
  2. XLOG_SMGR_TRUNCATE (heap, _vm and _fsm flags) is inserted and flushed before any
     file shrinks: a crash after the truncation must not find WAL that writes into the
     removed pages without the record that removes them again;
  3. the buffers of the removed pages are dropped unwritten and each fork is cut
     (smgr.truncate); the free space map's upper levels are refreshed.
`redo_truncate` repeats 1 and 3 from the record (smgr_records calls it).

`truncate_visibility_map(rel)` cuts the map fork alone (pg_visibility's
pg_truncate_visibility_map); its record carries only the _vm flag, and redo cuts the map
alone for such a record.

Entry points: empty_tail_start, should_truncate, truncate, truncate_visibility_map,
redo_truncate.

PostgreSQL: catalog/storage.c (RelationTruncate, smgr_redo's truncate case),
access/heap/vacuumlazy.c (should_attempt_truncation, lazy_truncate_heap,
count_nondeletable_pages).
"""
from __future__ import annotations

from typing import NamedTuple

from pgsnake.access.heap import visibility_map
from pgsnake.access.transam import smgr_records
from pgsnake.access.transam.wal import wal
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.free_space_map import free_space_map
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.smgr import storage_manager as smgr
from pgsnake.storage.smgr.relation_path import ForkNumber, RelFileLocator

REL_TRUNCATE_MINIMUM = 1000
REL_TRUNCATE_FRACTION = 16
_END = 0xFFFFFFFF                         # InvalidBlockNumber: "to the end"


class _Fork(NamedTuple):
    """What the map modules need of a relation: its files."""
    locator: RelFileLocator


def should_truncate(rel_pages: int, nonempty_pages: int) -> bool:
    """should_attempt_truncation: enough empty pages at the end to be worth the lock."""
    freeable = rel_pages - nonempty_pages
    return freeable > 0 and (freeable >= REL_TRUNCATE_MINIMUM
                             or freeable >= rel_pages // REL_TRUNCATE_FRACTION)


def empty_tail_start(rel, nonempty_pages: int) -> int:
    """count_nondeletable_pages: the block number from which every page is empty."""
    blockno = bufmgr.nblocks(rel.locator, ForkNumber.MAIN)
    while blockno > nonempty_pages:
        buf = bufmgr.read_buffer(rel.locator, ForkNumber.MAIN, blockno - 1)
        bufmgr.lock_buffer(buf, bufmgr.SHARE)
        try:
            page = bufmgr.page(buf)
            used = not pl.is_new(page) and any(
                pl.item_id(page, offnum)[1] != pl.LP_UNUSED
                for offnum in range(1, pl.max_offset(page) + 1))
        finally:
            bufmgr.unlock_buffer(buf)
            bufmgr.release_buffer(buf)
        if used:
            break
        blockno -= 1
    return blockno


def _cut(locator: RelFileLocator, new_nblocks: int, vm_blocks, fsm_blocks) -> None:
    bufmgr.drop_buffers_from(locator, ForkNumber.MAIN, new_nblocks)
    smgr.truncate(locator, ForkNumber.MAIN, new_nblocks)
    if fsm_blocks is not None:
        bufmgr.drop_buffers_from(locator, ForkNumber.FSM, fsm_blocks)
        smgr.truncate(locator, ForkNumber.FSM, fsm_blocks)
    if vm_blocks is not None:
        _cut_map(locator, vm_blocks)


def _cut_map(locator: RelFileLocator, vm_blocks: int) -> None:
    bufmgr.drop_buffers_from(locator, ForkNumber.VISIBILITY_MAP, vm_blocks)
    smgr.truncate(locator, ForkNumber.VISIBILITY_MAP, vm_blocks)


def truncate_visibility_map(rel) -> None:
    """pg_truncate_visibility_map's cut: the whole map goes (the heap pages keep their
    PD_ALL_VISIBLE; VACUUM sets the bits again). The caller holds ACCESS EXCLUSIVE.
    Logged as a truncation of the map fork alone, flushed before the file shrinks."""
    vm_blocks = visibility_map.prepare_truncate(rel.locator, 0)
    if rel.needs_wal:
        wal.flush(smgr_records.log_truncate(rel.locator, 0,
                                            flags=smgr_records.SMGR_TRUNCATE_VM))
    if vm_blocks is not None:
        _cut_map(rel.locator, vm_blocks)


def truncate(rel, new_nblocks: int) -> None:
    """RelationTruncate: the caller holds ACCESS EXCLUSIVE on the table."""
    vm_blocks = visibility_map.prepare_truncate(rel.locator, new_nblocks)
    fsm_blocks = free_space_map.prepare_truncate(rel, new_nblocks)
    if rel.needs_wal:
        wal.flush(smgr_records.log_truncate(rel.locator, new_nblocks,
                                            flags=smgr_records.SMGR_TRUNCATE_ALL))
    _cut(rel.locator, new_nblocks, vm_blocks, fsm_blocks)
    if fsm_blocks is not None:
        free_space_map.vacuum_range(rel, new_nblocks, _END)


def redo_truncate(locator: RelFileLocator, new_nblocks: int, flags: int) -> None:
    """smgr_redo for XLOG_SMGR_TRUNCATE: the same map clean-up and cuts."""
    if not smgr.exists(locator, ForkNumber.MAIN):
        return
    fork = _Fork(locator)
    vm_blocks = fsm_blocks = None
    if flags & smgr_records.SMGR_TRUNCATE_VM:
        vm_blocks = visibility_map.prepare_truncate(locator, new_nblocks)
    if flags & smgr_records.SMGR_TRUNCATE_FSM:
        fsm_blocks = free_space_map.prepare_truncate(fork, new_nblocks)
    if flags & smgr_records.SMGR_TRUNCATE_HEAP:
        _cut(locator, new_nblocks, vm_blocks, fsm_blocks)
    elif vm_blocks is not None:                 # the map alone (pg_truncate_visibility_map)
        _cut_map(locator, vm_blocks)
    if fsm_blocks is not None:
        free_space_map.vacuum_range(fork, new_nblocks, _END)
