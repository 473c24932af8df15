"""The free space map: a relation's `_fsm` fork, telling inserters which pages have room.

The fork is a three-level tree of FSM pages (fsm_page.py), each with SLOTS_PER_PAGE
slots: a bottom-level page's slots are heap blocks, an upper page's slots are the pages
below it, and the single root page sits at level 2. Pages are laid out depth-first
(the root, then the first level-1 page, then its first leaf pages, ...), exactly as
PostgreSQL's fsm_logical_to_physical numbers them, so PostgreSQL can read our `_fsm`
files and we theirs.

Who writes what:
  - VACUUM records each page's free space (`record_page`), then propagates the maxima up
    the tree (`vacuum_range`): recording touches only the bottom level.
  - An inserter asks for a page with `needed` bytes (`page_with_free_space`), and when
    the page it tried turns out full, records what it found and asks again in one step
    (`record_and_get_page`).
The map is never WAL-logged and never trusted: every answer is re-checked on the heap
page, and a search that finds an upper level lying repairs it. A missing fork means
"no information" (it is created, without WAL, by the first write). Changes mark the
buffer dirty as hints do (bufmgr.mark_dirty_hint).

Entry points: page_with_free_space, record_page, record_and_get_page, vacuum_range,
prepare_truncate, space_to_category, recorded_free_space (pg_freespacemap).

PostgreSQL: storage/freespace/freespace.c (GetPageWithFreeSpace,
RecordAndGetPageWithFreeSpace, RecordPageWithFreeSpace, FreeSpaceMapVacuumRange,
fsm_search, fsm_set_and_search, fsm_vacuum_page, fsm_readbuf, fsm_extend,
fsm_logical_to_physical, fsm_space_avail_to_cat, fsm_space_needed_to_cat,
FreeSpaceMapPrepareTruncateRel, GetRecordedFreeSpace).
"""
from __future__ import annotations

from typing import NamedTuple

from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.free_space_map import fsm_page
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.smgr import storage_manager as smgr
from pgsnake.storage.smgr.relation_path import ForkNumber

FSM = ForkNumber.FSM
SLOTS = fsm_page.SLOTS_PER_PAGE
TREE_DEPTH = 3
ROOT_LEVEL = TREE_DEPTH - 1
BOTTOM_LEVEL = 0
CAT_STEP = pl.BLCKSZ // 256                   # 32 bytes per category
MAX_REQUEST = pl.MAX_HEAP_TUPLE_SIZE          # MaxFSMRequestSize


class Address(NamedTuple):
    level: int
    logpageno: int


ROOT = Address(ROOT_LEVEL, 0)


def space_to_category(avail: int) -> int:
    """fsm_space_avail_to_cat: round down; a whole empty page is 255."""
    if avail >= MAX_REQUEST:
        return 255
    return min(avail // CAT_STEP, 254)


def _needed_to_category(needed: int) -> int:
    """fsm_space_needed_to_cat: round up, so any page offering the category has room."""
    if needed == 0:
        return 1
    return min((needed + CAT_STEP - 1) // CAT_STEP, 255)


def _physical(addr: Address) -> int:
    """fsm_logical_to_physical: the block of an FSM page in depth-first order."""
    leafno = addr.logpageno
    for _ in range(addr.level):
        leafno *= SLOTS
    pages = 0
    for _ in range(TREE_DEPTH):
        pages += leafno + 1
        leafno //= SLOTS
    pages -= addr.level
    return pages - 1


def _location(heap_block: int) -> tuple[Address, int]:
    return Address(BOTTOM_LEVEL, heap_block // SLOTS), heap_block % SLOTS


def _parent(addr: Address) -> tuple[Address, int]:
    return Address(addr.level + 1, addr.logpageno // SLOTS), addr.logpageno % SLOTS


def _child(addr: Address, slot: int) -> Address:
    return Address(addr.level - 1, addr.logpageno * SLOTS + slot)


def _heap_block(addr: Address, slot: int) -> int:
    return addr.logpageno * SLOTS + slot


def _fork_blocks(rel) -> int:
    if not smgr.exists(rel.locator, FSM):
        return 0
    return bufmgr.nblocks(rel.locator, FSM)


def _read(rel, addr: Address, extend: bool) -> int | None:
    """fsm_readbuf: the FSM page's buffer, pinned (not locked); None when it does not
    exist and `extend` is False. A new (zero) page is initialised on first use."""
    blkno = _physical(addr)
    if blkno >= _fork_blocks(rel):
        if not extend:
            return None
        _extend(rel, blkno + 1)
    buf = bufmgr.read_buffer(rel.locator, FSM, blkno)
    page = bufmgr.page(buf)
    if pl.is_new(page):
        bufmgr.lock_buffer(buf, bufmgr.EXCLUSIVE)
        if pl.is_new(page):
            fsm_page.init(page)
            bufmgr.mark_dirty_hint(buf)
        bufmgr.unlock_buffer(buf)
    return buf


def _extend(rel, blocks: int) -> None:
    """fsm_extend: create the fork if missing (no WAL: the map is only hints) and add
    zero pages up to `blocks`."""
    if not smgr.exists(rel.locator, FSM):
        smgr.create(rel.locator, FSM)
    while bufmgr.nblocks(rel.locator, FSM) < blocks:
        buf, _blkno = bufmgr.extend_relation(rel.locator, FSM)
        bufmgr.unlock_buffer(buf)
        bufmgr.release_buffer(buf)


def _set_and_search(rel, addr: Address, slot: int, value: int, min_cat: int) -> int:
    """fsm_set_and_search: set one slot and, with `min_cat`, search the same page under
    the same exclusive lock."""
    buf = _read(rel, addr, True)
    bufmgr.lock_buffer(buf, bufmgr.EXCLUSIVE)
    try:
        page = bufmgr.page(buf)
        if fsm_page.set_avail(page, slot, value):
            bufmgr.mark_dirty_hint(buf)
        if min_cat:
            return fsm_page.search(page, min_cat, addr.level == BOTTOM_LEVEL)
        return -1
    finally:
        bufmgr.unlock_buffer(buf)
        bufmgr.release_buffer(buf)


def _search(rel, min_cat: int) -> int | None:
    """fsm_search: descend from the root to a heap block offering `min_cat`; an upper
    slot that promised more than its child page has is corrected and the walk restarts."""
    addr = ROOT
    restarts = 0
    while True:
        buf = _read(rel, addr, False)
        max_avail = 0
        if buf is None:
            slot = -1
        else:
            bufmgr.lock_buffer(buf, bufmgr.SHARE)
            try:
                page = bufmgr.page(buf)
                slot = fsm_page.search(page, min_cat, addr.level == BOTTOM_LEVEL)
                if slot == -1:
                    max_avail = fsm_page.max_avail(page)
            finally:
                bufmgr.unlock_buffer(buf)
                bufmgr.release_buffer(buf)
        if slot != -1:
            if addr.level == BOTTOM_LEVEL:
                return _heap_block(addr, slot)
            addr = _child(addr, slot)
        elif addr.level == ROOT_LEVEL:
            return None
        else:
            parent, parent_slot = _parent(addr)
            _set_and_search(rel, parent, parent_slot, max_avail, 0)
            restarts += 1
            if restarts > 1000:
                return None
            addr = ROOT


def page_with_free_space(rel, needed: int) -> int | None:
    """GetPageWithFreeSpace: a heap block the map says has `needed` bytes, or None."""
    return _search(rel, _needed_to_category(needed))


def record_and_get_page(rel, old_block: int, old_avail: int, needed: int) -> int | None:
    """RecordAndGetPageWithFreeSpace: `old_block` turned out to have only `old_avail`
    bytes; record that and look for another block, on the same map page first."""
    addr, slot = _location(old_block)
    search_cat = _needed_to_category(needed)
    found = _set_and_search(rel, addr, slot, space_to_category(old_avail), search_cat)
    if found != -1:
        return _heap_block(addr, found)
    return _search(rel, search_cat)


def recorded_free_space(rel, heap_block: int) -> int:
    """GetRecordedFreeSpace: the bytes the map records for a heap page (its category
    times 32; 0 when the map has no page for it)."""
    addr, slot = _location(heap_block)
    buf = _read(rel, addr, False)
    if buf is None:
        return 0
    try:
        return fsm_page.get_avail(bufmgr.page(buf), slot) * CAT_STEP
    finally:
        bufmgr.release_buffer(buf)


def record_page(rel, heap_block: int, avail: int) -> None:
    """RecordPageWithFreeSpace: bottom level only; vacuum_range propagates upwards."""
    addr, slot = _location(heap_block)
    _set_and_search(rel, addr, slot, space_to_category(avail), 0)


def prepare_truncate(rel, heap_blocks: int) -> int | None:
    """FreeSpaceMapPrepareTruncateRel: forget the heap pages >= heap_blocks on the
    bottom page that keeps some, and return the map's new length in pages (None: it is
    already that short). The caller truncates the fork, then calls vacuum_range from
    heap_blocks on to fix the upper levels."""
    addr, slot = _location(heap_blocks)
    if slot > 0:
        buf = _read(rel, addr, False)
        if buf is None:
            return None
        bufmgr.lock_buffer(buf, bufmgr.EXCLUSIVE)
        try:
            fsm_page.truncate_avail(bufmgr.page(buf), slot)
            bufmgr.mark_dirty_hint(buf)
        finally:
            bufmgr.unlock_buffer(buf)
            bufmgr.release_buffer(buf)
        return _physical(addr) + 1
    new_blocks = _physical(addr)
    return new_blocks if _fork_blocks(rel) > new_blocks else None


def _slot_range(addr: Address, start: int, end: int) -> tuple[int, int]:
    """The slots of upper page `addr` covering heap blocks start .. end - 1."""
    first, first_slot = _location(start)
    last, last_slot = _location(end - 1)
    while first.level < addr.level:
        first, first_slot = _parent(first)
        last, last_slot = _parent(last)
    if first.logpageno == addr.logpageno:
        start_slot = first_slot
    else:
        start_slot = SLOTS if first.logpageno > addr.logpageno else 0
    if last.logpageno == addr.logpageno:
        end_slot = last_slot
    else:
        end_slot = SLOTS - 1 if last.logpageno > addr.logpageno else -1
    return start_slot, end_slot


def _vacuum_page(rel, addr: Address, start: int, end: int) -> tuple[int, bool]:
    """fsm_vacuum_page: (the page's maximum, False) after refreshing, above the bottom,
    the slots for heap blocks [start, end) from their children; (0, True) past EOF."""
    buf = _read(rel, addr, False)
    if buf is None:
        return 0, True
    try:
        page = bufmgr.page(buf)
        if addr.level > BOTTOM_LEVEL:
            start_slot, end_slot = _slot_range(addr, start, end)
            eof = False
            for slot in range(start_slot, end_slot + 1):
                child_avail = 0
                if not eof:
                    child_avail, eof = _vacuum_page(rel, _child(addr, slot), start, end)
                if fsm_page.get_avail(page, slot) != child_avail:
                    bufmgr.lock_buffer(buf, bufmgr.EXCLUSIVE)
                    fsm_page.set_avail(page, slot, child_avail)
                    bufmgr.mark_dirty_hint(buf)
                    bufmgr.unlock_buffer(buf)
        max_avail = fsm_page.max_avail(page)
        fsm_page.set_next_slot(page, 0)    # a hint: favour low blocks (later truncation)
        return max_avail, False
    finally:
        bufmgr.release_buffer(buf)


def vacuum_range(rel, start: int, end: int) -> None:
    """FreeSpaceMapVacuumRange: bring the upper levels up to date for heap blocks
    [start, end) after VACUUM recorded them."""
    if end > start:
        _vacuum_page(rel, ROOT, start, end)
