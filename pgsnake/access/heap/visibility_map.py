"""The visibility map: a relation's `_vm` fork, two bits per heap page.

ALL_VISIBLE (bit 0) says every tuple on the heap page is visible to every snapshot that
exists or will (so an index-only scan need not visit the page); ALL_FROZEN (bit 1) says
every tuple's xmin is frozen. Each map page is a page header followed by MAPSIZE bytes,
four heap pages per byte, lowest bits first (PostgreSQL's exact layout).

Rules:
  V1 Only VACUUM sets bits (`set_bits`), with the heap page exclusively locked and its
     PD_ALL_VISIBLE flag set first; the change is logged as XLOG_HEAP2_VISIBLE (block 0
     the map page, block 1 the heap page), whose redo sets both the bits and
     PD_ALL_VISIBLE. The heap page gets the record's LSN too, so a torn write of it is
     repaired by redo like any logged change.
  V2 Whoever changes a heap page that has PD_ALL_VISIBLE (insert, update, delete) clears
     the flag and the page's bits (`clear_bits`) under the heap page's exclusive lock, in
     the same critical section, and says so in its WAL record (XLH_*_ALL_VISIBLE_CLEARED);
     its redo clears the bits whatever the map page's LSN. Clearing is not logged itself.
  V3 A reader may trust a set ALL_VISIBLE bit without locking the map page (index-only
     scans): the bit is cleared before the writer's heap page lock is released.
  V4 ALL_FROZEN is set by VACUUM when every tuple on an all-visible page is frozen; a
     row lock on such a page clears ALL_FROZEN only (XLH_LOCK_ALL_FROZEN_CLEARED).

The fork is created (without WAL, like PostgreSQL's vm_extend) when a bit is first set;
a missing fork means "nothing is all-visible".

Record XLOG_HEAP2_VISIBLE (0x40): main data xl_heap_visible {cutoff_xid u32, flags u8}.

Entry points: get_status, all_visible, set_bits, clear_bits, clear_if_all_visible,
clear_all_frozen_if_visible, prepare_truncate, redo_visible, describe_visible, redo_clear,
ALL_VISIBLE, ALL_FROZEN.

PostgreSQL: access/heap/visibilitymap.c (visibilitymap_set, visibilitymap_clear,
visibilitymap_prepare_truncate,
visibilitymap_get_status, vm_readbuf, vm_extend), access/heap/heapam.c (log_heap_visible,
heap_xlog_visible), include/access/visibilitymapdefs.h.
"""
from __future__ import annotations

import struct

from pgsnake.access.transam.wal import wal
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.smgr import storage_manager as smgr
from pgsnake.storage.smgr.relation_path import ForkNumber

VM = ForkNumber.VISIBILITY_MAP
ALL_VISIBLE = 0x01
ALL_FROZEN = 0x02
VALID_BITS = 0x03
XLOG_HEAP2_VISIBLE = 0x40
VISIBLE = struct.Struct("<IB")            # xl_heap_visible (SizeOfHeapVisible = 5)

_CONTENTS = pl.maxalign(pl.SIZE_OF_PAGE_HEADER)
MAPSIZE = pl.BLCKSZ - _CONTENTS
HEAPBLOCKS_PER_BYTE = 4
HEAPBLOCKS_PER_PAGE = MAPSIZE * HEAPBLOCKS_PER_BYTE


def _where(heap_block: int) -> tuple[int, int, int]:
    """(map block, byte offset in the page, bit shift) of a heap page's two bits."""
    return (heap_block // HEAPBLOCKS_PER_PAGE,
            _CONTENTS + (heap_block % HEAPBLOCKS_PER_PAGE) // HEAPBLOCKS_PER_BYTE,
            (heap_block % HEAPBLOCKS_PER_BYTE) * 2)


def _map_blocks(locator) -> int:
    if not smgr.exists(locator, VM):
        return 0
    return bufmgr.nblocks(locator, VM)


def _read(locator, map_block: int, extend: bool) -> int | None:
    """vm_readbuf: the map page's buffer, pinned; None when it does not exist and
    `extend` is False. A new page is initialised under the exclusive lock."""
    if map_block >= _map_blocks(locator):
        if not extend:
            return None
        if not smgr.exists(locator, VM):
            smgr.create(locator, VM)
        while bufmgr.nblocks(locator, VM) <= map_block:
            buf, _blkno = bufmgr.extend_relation(locator, VM)
            bufmgr.unlock_buffer(buf)
            bufmgr.release_buffer(buf)
    buf = bufmgr.read_buffer(locator, VM, map_block)
    page = bufmgr.page(buf)
    if pl.is_new(page):
        bufmgr.lock_buffer(buf, bufmgr.EXCLUSIVE)
        if pl.is_new(page):
            pl.init_page(page)
            bufmgr.mark_dirty_hint(buf)
        bufmgr.unlock_buffer(buf)
    return buf


def get_status(rel, heap_block: int) -> int:
    """visibilitymap_get_status: the page's two bits (0 when the map has no page)."""
    map_block, byte, shift = _where(heap_block)
    buf = _read(rel.locator, map_block, False)
    if buf is None:
        return 0
    try:
        return (bufmgr.page(buf)[byte] >> shift) & VALID_BITS
    finally:
        bufmgr.release_buffer(buf)


def all_visible(rel, heap_block: int) -> bool:
    """Is the heap page all-visible (rule V3: read without the map page's lock)?"""
    return bool(get_status(rel, heap_block) & ALL_VISIBLE)


def set_bits(rel, heap_buf: int, heap_block: int, cutoff_xid: int, flags: int) -> None:
    """visibilitymap_set (rule V1). The caller holds `heap_buf` exclusively locked and
    has set PD_ALL_VISIBLE on it."""
    map_block, byte, shift = _where(heap_block)
    vm_buf = _read(rel.locator, map_block, True)
    bufmgr.lock_buffer(vm_buf, bufmgr.EXCLUSIVE)
    try:
        vm_page = bufmgr.page(vm_buf)
        if (vm_page[byte] >> shift) & flags == flags:
            return
        from pgsnake.utils.critical_section import critical_section
        with critical_section("visibility map set"):
            vm_page[byte] |= flags << shift
            bufmgr.mark_dirty(vm_buf)
            bufmgr.mark_dirty(heap_buf)
            if rel.needs_wal:
                heap_page = bufmgr.page(heap_buf)
                lsn = wal.insert_record(
                    wal.RmgrId.HEAP2, XLOG_HEAP2_VISIBLE, VISIBLE.pack(cutoff_xid, flags),
                    [wal.BlockRef(0, rel.locator, VM, map_block, vm_page),
                     wal.BlockRef(1, rel.locator, ForkNumber.MAIN, heap_block, heap_page)])
                pl.set_lsn(vm_page, lsn)
                pl.set_lsn(heap_page, lsn)
    finally:
        bufmgr.unlock_buffer(vm_buf)
        bufmgr.release_buffer(vm_buf)


def clear_bits(locator, heap_block: int, flags: int = VALID_BITS) -> None:
    """visibilitymap_clear (rule V2): not logged; the heap record that made it necessary
    carries the flag that makes its redo clear the bits again."""
    map_block, byte, shift = _where(heap_block)
    vm_buf = _read(locator, map_block, False)
    if vm_buf is None:
        return
    bufmgr.lock_buffer(vm_buf, bufmgr.EXCLUSIVE)
    try:
        vm_page = bufmgr.page(vm_buf)
        if vm_page[byte] & (flags << shift):
            vm_page[byte] &= ~(flags << shift) & 0xFF
            bufmgr.mark_dirty(vm_buf)
    finally:
        bufmgr.unlock_buffer(vm_buf)
        bufmgr.release_buffer(vm_buf)


def clear_if_all_visible(rel, page, heap_block: int) -> bool:
    """A writer about to change `page` (exclusively locked, inside its critical
    section): clear PD_ALL_VISIBLE and the map bits if the flag is set. Returns whether
    it was, for the WAL record's ALL_VISIBLE_CLEARED flag."""
    flags = pl.get_flags(page)
    if not flags & pl.PD_ALL_VISIBLE:
        return False
    pl.set_flags(page, flags & ~pl.PD_ALL_VISIBLE)
    clear_bits(rel.locator, heap_block)
    return True


def clear_all_frozen_if_visible(rel, page, heap_block: int) -> bool:
    """A row lock on an all-visible page (rule V4): the page stays all-visible but is no
    longer all-frozen (the locker's xid is in an xmax). Returns whether the bit was set,
    for the lock record's ALL_FROZEN_CLEARED flag."""
    if not pl.get_flags(page) & pl.PD_ALL_VISIBLE:
        return False
    if not get_status(rel, heap_block) & ALL_FROZEN:
        return False
    clear_bits(rel.locator, heap_block, ALL_FROZEN)
    return True


def redo_clear(locator, heap_block: int, flags: int = VALID_BITS) -> None:
    """Redo of a heap record with an ALL_VISIBLE_CLEARED (or ALL_FROZEN_CLEARED) flag:
    clear the bits whatever the map page's LSN says (its last logged change may
    predate the clearing)."""
    clear_bits(locator, heap_block, flags)


def redo_visible(record) -> None:
    """heap_xlog_visible: PD_ALL_VISIBLE on the heap page, the bits on the map page."""
    cutoff_xid, flags = VISIBLE.unpack_from(record.main_data, 0)
    action, buf = bufmgr.read_buffer_for_redo(record, 1)
    if action == "needs_redo":
        page = bufmgr.page(buf)
        pl.set_flags(page, pl.get_flags(page) | pl.PD_ALL_VISIBLE)
        bufmgr.finish_redo(buf, record)
    else:
        bufmgr.unlock_buffer(buf)
        bufmgr.release_buffer(buf)
    action, vm_buf = bufmgr.read_buffer_for_redo(record, 0)
    if action == "needs_redo":
        vm_page = bufmgr.page(vm_buf)
        if pl.is_new(vm_page):
            pl.init_page(vm_page)
        _map_block, byte, shift = _where(record.blocks[1].blockno)
        vm_page[byte] |= flags << shift
        bufmgr.finish_redo(vm_buf, record)
    else:
        bufmgr.unlock_buffer(vm_buf)
        bufmgr.release_buffer(vm_buf)


def prepare_truncate(locator, heap_blocks: int) -> int | None:
    """visibilitymap_prepare_truncate: clear the bits of heap pages >= heap_blocks on
    the map page that keeps some, and return the map's new length in pages (None: the
    map is already that short). Not logged: the truncation record's redo does the same."""
    map_block, byte, shift = _where(heap_blocks)
    if byte != _CONTENTS or shift:
        vm_buf = _read(locator, map_block, False)
        if vm_buf is None:
            return None
        bufmgr.lock_buffer(vm_buf, bufmgr.EXCLUSIVE)
        try:
            vm_page = bufmgr.page(vm_buf)
            vm_page[byte + 1:pl.BLCKSZ] = bytes(pl.BLCKSZ - byte - 1)
            vm_page[byte] &= (1 << shift) - 1
            bufmgr.mark_dirty(vm_buf)
        finally:
            bufmgr.unlock_buffer(vm_buf)
            bufmgr.release_buffer(vm_buf)
        new_blocks = map_block + 1
    else:
        new_blocks = map_block
    return new_blocks if _map_blocks(locator) > new_blocks else None


def describe_visible(record) -> str:
    cutoff_xid, flags = VISIBLE.unpack_from(record.main_data, 0)
    return f"VISIBLE cutoff xid {cutoff_xid} flags 0x{flags:02X}"
