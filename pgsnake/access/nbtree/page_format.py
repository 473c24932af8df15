"""B-tree pages: the special space every index page ends with, and the page edits nbtree
needs beyond storage/page's (inserting a line pointer in the middle, overwriting an item,
dropping the high-key slot).

Every B-tree page is a slotted page (storage/page/page_layout.py) whose special space is
BTPageOpaqueData, 16 bytes at offset 8176:

    btpo_prev   u32   left sibling, 0 (P_NONE) on the leftmost page of a level
    btpo_next   u32   right sibling, 0 on the rightmost page of a level
    btpo_level  u32   0 for leaves, counting up to the root
    btpo_flags  u16   BTP_* bits below
    btpo_cycleid u16  vacuum cycle of the latest split (always 0: no VACUUM yet)

Item 1 of a page that is not the rightmost of its level is its high key (README rule
B2); data items start at offset 2 there and at offset 1 on a rightmost page. Block 0 is
the metapage (meta_page.py); it has the same special space with BTP_META set.

Entry points: Opaque (read/write the special space of a page view), init_page,
first_data_offset, insert_item (PageAddItem with shuffling), overwrite_item
(PageIndexTupleOverwrite), slide_left (_bt_slideleft), tuple_area / restore_page (the
"all tuples of a page" format of split and new-root WAL records), free_space,
exact_free_space, max_item_size.

PostgreSQL: include/access/nbtree.h (BTPageOpaqueData, P_* macros, BTMaxItemSize),
access/nbtree/nbtpage.c (_bt_pageinit), access/nbtree/nbtsort.c (_bt_slideleft),
access/nbtree/nbtxlog.c (_bt_restore_page), storage/page/bufpage.c (PageAddItemExtended,
PageIndexTupleOverwrite, PageGetFreeSpace, PageGetExactFreeSpace).
"""
from __future__ import annotations

import struct

from pgsnake.storage.page import page_layout as pl

BLCKSZ = pl.BLCKSZ
SPECIAL_SIZE = 16                       # sizeof(BTPageOpaqueData)
SPECIAL_OFFSET = BLCKSZ - SPECIAL_SIZE  # 8176
P_NONE = 0                              # "no block": the metapage is never a sibling
P_HIKEY = 1
P_FIRSTKEY = 2

# btpo_flags
BTP_LEAF = 1 << 0               # leaf page (level 0)
BTP_ROOT = 1 << 1               # the root (has no parent)
BTP_DELETED = 1 << 2            # deleted from the tree (VACUUM; never set by pgsnake yet)
BTP_META = 1 << 3               # the metapage
BTP_HALF_DEAD = 1 << 4          # empty, being deleted (never set by pgsnake yet)
BTP_SPLIT_END = 1 << 5          # rightmost page of a split group (vacuum cycle ids)
BTP_HAS_GARBAGE = 1 << 6        # has LP_DEAD items
BTP_INCOMPLETE_SPLIT = 1 << 7   # the right sibling's downlink is not in the parent yet

_OPAQUE = struct.Struct("<IIIHH")
_U16 = struct.Struct("<H")
_U32 = struct.Struct("<I")
_LOWER_UPPER = struct.Struct("<HH")
_ITEM_ID = 4

# BTMaxItemSize: three items plus a high key with a heap TID must fit on a page, so one
# item may take a third of what is left after the header, three line pointers, three
# heap TIDs (_bt_truncate may add one) and the special space.
MAX_ITEM_SIZE = ((BLCKSZ - pl.maxalign(pl.SIZE_OF_PAGE_HEADER + 3 * _ITEM_ID + 3 * 6)
                  - pl.maxalign(SPECIAL_SIZE)) // 3) & ~(pl.MAXIMUM_ALIGNOF - 1)
MAX_ITEM_SIZE_NO_HEAP_TID = ((BLCKSZ - pl.maxalign(pl.SIZE_OF_PAGE_HEADER + 3 * _ITEM_ID)
                              - pl.maxalign(SPECIAL_SIZE)) // 3) & ~(pl.MAXIMUM_ALIGNOF - 1)


class Opaque:
    """The special space of one page, read once and written back field by field.

    `Opaque(page)` reads the five fields; the setters write straight into the page, so
    the caller must hold the buffer's exclusive content lock (or own a private copy)."""

    __slots__ = ("page", "prev", "next", "level", "flags", "cycleid")

    def __init__(self, page) -> None:
        self.page = page
        self.prev, self.next, self.level, self.flags, self.cycleid = \
            _OPAQUE.unpack_from(page, SPECIAL_OFFSET)

    def write(self) -> None:
        _OPAQUE.pack_into(self.page, SPECIAL_OFFSET, self.prev, self.next, self.level,
                          self.flags, self.cycleid)

    @property
    def is_leaf(self) -> bool:
        return bool(self.flags & BTP_LEAF)

    @property
    def is_root(self) -> bool:
        return bool(self.flags & BTP_ROOT)

    @property
    def is_leftmost(self) -> bool:
        return self.prev == P_NONE

    @property
    def is_rightmost(self) -> bool:
        return self.next == P_NONE

    @property
    def is_ignored(self) -> bool:
        """Deleted or half-dead (P_IGNORE): searches step over such pages."""
        return bool(self.flags & (BTP_DELETED | BTP_HALF_DEAD))

    @property
    def is_deleted(self) -> bool:
        return bool(self.flags & BTP_DELETED)

    @property
    def has_incomplete_split(self) -> bool:
        return bool(self.flags & BTP_INCOMPLETE_SPLIT)

    @property
    def first_data_offset(self) -> int:
        """P_FIRSTDATAKEY: 1 on a rightmost page (no high key), else 2."""
        return P_HIKEY if self.next == P_NONE else P_FIRSTKEY


def read_flags(page) -> int:
    return _U16.unpack_from(page, SPECIAL_OFFSET + 12)[0]


def write_flags(page, flags: int) -> None:
    _U16.pack_into(page, SPECIAL_OFFSET + 12, flags)


def write_prev(page, blkno: int) -> None:
    _U32.pack_into(page, SPECIAL_OFFSET, blkno)


def first_data_offset(page) -> int:
    return P_HIKEY if _U32.unpack_from(page, SPECIAL_OFFSET + 4)[0] == P_NONE else P_FIRSTKEY


def init_page(page, *, prev: int = P_NONE, next: int = P_NONE, level: int = 0,
              flags: int | None = None) -> None:
    """Zero the page, write an empty header with a 16-byte special space (_bt_pageinit)
    and fill in the special space; `flags` defaults to BTP_LEAF for level 0."""
    pl.init_page(page, SPECIAL_SIZE)
    if flags is None:
        flags = BTP_LEAF if level == 0 else 0
    _OPAQUE.pack_into(page, SPECIAL_OFFSET, prev, next, level, flags, 0)


def is_btree_page(page) -> bool:
    """Does the page have a B-tree-sized special space (pageinspect's check)?"""
    return pl.header(page).special == SPECIAL_OFFSET


# ---- item edits ---------------------------------------------------------------------------

def insert_item(page, item: bytes, offnum: int) -> bool:
    """Put `item` at `offnum`, moving the line pointers at and after it up one slot
    (PageAddItem without overwrite). False when it does not fit. Items are stored
    MAXALIGNed below pd_upper, exactly where PostgreSQL puts them, so pages built the
    same way are byte-identical."""
    lower, upper = _LOWER_UPPER.unpack_from(page, 12)
    limit = (lower - pl.SIZE_OF_PAGE_HEADER) // _ITEM_ID + 1
    if not 1 <= offnum <= limit:
        raise ValueError(f"invalid item offset {offnum} (max {limit})")
    size = len(item)
    aligned = pl.maxalign(size)
    new_upper = upper - aligned
    new_lower = lower + _ITEM_ID
    if new_lower > new_upper:
        return False
    slot = pl.SIZE_OF_PAGE_HEADER + (offnum - 1) * _ITEM_ID
    if offnum < limit:
        page[slot + _ITEM_ID:lower + _ITEM_ID] = bytes(page[slot:lower])
    page[new_upper:new_upper + size] = item
    if aligned > size:
        page[new_upper + size:new_upper + aligned] = bytes(aligned - size)
    _U32.pack_into(page, slot, new_upper | (pl.LP_NORMAL << 15) | (size << 17))
    _LOWER_UPPER.pack_into(page, 12, new_lower, new_upper)
    return True


def append_item(page, item: bytes) -> int:
    """Add `item` after the last line pointer; returns its offset. Raises when the page
    is full (callers have checked the room)."""
    offnum = pl.max_offset(page) + 1
    if not insert_item(page, item, offnum):
        raise ValueError("index item does not fit on the page")
    return offnum


def overwrite_item(page, offnum: int, item: bytes) -> None:
    """Replace the item at `offnum` in place (PageIndexTupleOverwrite): the item keeps
    its line pointer; when its aligned size changes, the tuple data stored below it
    moves so that the free space stays in one piece."""
    lower, upper = _LOWER_UPPER.unpack_from(page, 12)
    offset, flags, length = pl.item_id(page, offnum)
    old_size = pl.maxalign(length)
    new_size = pl.maxalign(len(item))
    shift = old_size - new_size
    if shift:
        if upper - shift < lower:
            raise ValueError("index item does not fit on the page")
        # Move the data between pd_upper and this item, and every line pointer into it.
        page[upper + shift:offset + shift] = bytes(page[upper:offset])
        for other in range(1, (lower - pl.SIZE_OF_PAGE_HEADER) // _ITEM_ID + 1):
            o_off, o_flags, o_len = pl.item_id(page, other)
            if o_len and o_off <= offset and other != offnum:
                _U32.pack_into(page, pl.SIZE_OF_PAGE_HEADER + (other - 1) * _ITEM_ID,
                               (o_off + shift) | (o_flags << 15) | (o_len << 17))
        upper += shift
        offset += shift
        _LOWER_UPPER.pack_into(page, 12, lower, upper)
    page[offset:offset + len(item)] = item
    if new_size > len(item):
        page[offset + len(item):offset + new_size] = bytes(new_size - len(item))
    _U32.pack_into(page, pl.SIZE_OF_PAGE_HEADER + (offnum - 1) * _ITEM_ID,
                   offset | (flags << 15) | (len(item) << 17))


def slide_left(page) -> None:
    """Drop the line pointer slot reserved for a high key: a page that turned out to be
    the rightmost of its level keeps its data items from offset 1 (_bt_slideleft)."""
    lower = _U16.unpack_from(page, 12)[0]
    start = pl.SIZE_OF_PAGE_HEADER
    if lower > start + _ITEM_ID:
        page[start:lower - _ITEM_ID] = bytes(page[start + _ITEM_ID:lower])
    _U16.pack_into(page, 12, lower - _ITEM_ID)


def items(page, start: int = 1) -> list[bytes]:
    """Copies of the items from `start` to the last (for building pages and WAL)."""
    return [bytes(pl.get_item(page, off)) for off in range(start, pl.max_offset(page) + 1)]


def tuple_area(page) -> bytes:
    """The bytes from pd_upper to the special space: every tuple of a page built in
    offset order, highest offset first. Split and new-root records carry the new
    page this way (_bt_restore_page's input)."""
    _lower, upper = _LOWER_UPPER.unpack_from(page, 12)
    return bytes(page[upper:SPECIAL_OFFSET])


def restore_page(page, data: bytes) -> None:
    """Add the tuples of a `tuple_area` to an empty page so that each lands where it was
    (_bt_restore_page): the tuples are stored highest offset first, so they are read
    forward and added in reverse."""
    tuples = []
    position = 0
    while position < len(data):
        size = pl.maxalign(_U16.unpack_from(data, position + 6)[0] & 0x1FFF)
        tuples.append(data[position:position + size])
        position += size
    count = len(tuples)
    for i in range(count - 1, -1, -1):
        if not insert_item(page, tuples[i], count - i):
            raise ValueError("restore_page: cannot add item to page")


def free_space(page) -> int:
    """Room for one more item, its line pointer paid (PageGetFreeSpace)."""
    return pl.free_space(page)


def exact_free_space(page) -> int:
    """pd_upper - pd_lower (PageGetExactFreeSpace)."""
    lower, upper = _LOWER_UPPER.unpack_from(page, 12)
    return upper - lower if upper >= lower else 0
