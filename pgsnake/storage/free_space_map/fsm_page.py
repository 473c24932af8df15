"""One free-space-map page: a binary max-tree of one-byte free-space categories.

After the 24-byte page header comes FSMPageData: fp_next_slot (i32), then fp_nodes, a
complete binary tree stored as an array (node n's children are 2n+1 and 2n+2) of
NODES_PER_PAGE bytes. The last LEAF_NODES_PER_PAGE nodes are the leaves, one per slot
(a heap block on a bottom-level page, a child FSM page above); every inner node holds the
maximum of its children, so fp_nodes[0] is the most any slot of the page offers.

A category is free space / 32 (FSM_CAT_STEP), 255 meaning "a whole empty page". The
nodes are hints: nothing here is WAL-logged, and a wrong value only costs a wasted visit
(the searcher re-checks the page it was sent to, and fixes what misled it).

`search(page, min_cat, advance_next)` starts at fp_next_slot, climbs right and up until
a node offers enough, then descends preferring the left child, so successive inserters
spread over the page's slots in order instead of all hitting the same block.

Entry points: init, get_avail, set_avail, max_avail, search, truncate_avail,
next_slot / set_next_slot,
constants SLOTS_PER_PAGE, NON_LEAF_NODES_PER_PAGE, NODES_PER_PAGE.

PostgreSQL: storage/freespace/fsmpage.c (fsm_set_avail, fsm_get_avail, fsm_get_max_avail,
fsm_search_avail, rightneighbor), include/storage/fsm_internals.h.
"""
from __future__ import annotations

import struct

from pgsnake.storage.page import page_layout as pl

_CONTENTS = pl.maxalign(pl.SIZE_OF_PAGE_HEADER)          # PageGetContents
_NEXT_SLOT = struct.Struct("<i")
_NODES = _CONTENTS + 4                                    # offsetof(FSMPageData, fp_nodes)
NODES_PER_PAGE = pl.BLCKSZ - _NODES                       # 8164
NON_LEAF_NODES_PER_PAGE = pl.BLCKSZ // 2 - 1              # 4095
LEAF_NODES_PER_PAGE = NODES_PER_PAGE - NON_LEAF_NODES_PER_PAGE
SLOTS_PER_PAGE = LEAF_NODES_PER_PAGE                      # 4069


def init(page) -> None:
    """A new FSM page: zeroed, with a page header and no special space."""
    pl.init_page(page)


def next_slot(page) -> int:
    return _NEXT_SLOT.unpack_from(page, _CONTENTS)[0]


def set_next_slot(page, slot: int) -> None:
    _NEXT_SLOT.pack_into(page, _CONTENTS, slot)


def get_avail(page, slot: int) -> int:
    return page[_NODES + NON_LEAF_NODES_PER_PAGE + slot]


def max_avail(page) -> int:
    return page[_NODES]


def set_avail(page, slot: int, value: int) -> bool:
    """Set a leaf and repair the maxima above it; False if it already held `value`."""
    nodeno = NON_LEAF_NODES_PER_PAGE + slot
    if page[_NODES + nodeno] == value:
        return False
    page[_NODES + nodeno] = value
    while nodeno > 0:
        nodeno = (nodeno - 1) // 2
        left = 2 * nodeno + 1
        right = left + 1
        new = page[_NODES + left]
        if right < NODES_PER_PAGE:
            new = max(new, page[_NODES + right])
        if page[_NODES + nodeno] == new:
            break
        page[_NODES + nodeno] = new
    return True


def truncate_avail(page, first_removed_slot: int) -> None:
    """Zero the slots from `first_removed_slot` on and recompute the inner nodes
    (fsm_truncate_avail: the heap was truncated)."""
    start = _NODES + NON_LEAF_NODES_PER_PAGE + first_removed_slot
    page[start:_NODES + NODES_PER_PAGE] = bytes(_NODES + NODES_PER_PAGE - start)
    _rebuild(page)


def _right_neighbor(x: int) -> int:
    """One node to the right, wrapping to the leftmost node of the next level up."""
    x += 1
    if (x + 1) & x == 0:
        x = (x - 1) // 2
    return x


def _rebuild(page) -> None:
    """Recompute every inner node from the leaves (fsm_rebuild_page: a torn or stale
    page whose inner nodes lie)."""
    for nodeno in range(NON_LEAF_NODES_PER_PAGE - 1, -1, -1):
        left = 2 * nodeno + 1
        right = left + 1
        value = page[_NODES + left] if left < NODES_PER_PAGE else 0
        if right < NODES_PER_PAGE:
            value = max(value, page[_NODES + right])
        page[_NODES + nodeno] = value


def search(page, min_cat: int, advance_next: bool) -> int:
    """A slot offering at least `min_cat`, or -1 (fsm_search_avail). Updates fp_next_slot
    (a hint, changed without an exclusive lock as PostgreSQL does)."""
    for _attempt in range(2):
        if page[_NODES] < min_cat:
            return -1
        target = next_slot(page)
        if not 0 <= target < LEAF_NODES_PER_PAGE:
            target = 0
        nodeno = NON_LEAF_NODES_PER_PAGE + target
        while nodeno > 0:
            if page[_NODES + nodeno] >= min_cat:
                break
            nodeno = (_right_neighbor(nodeno) - 1) // 2
        corrupt = False
        while nodeno < NON_LEAF_NODES_PER_PAGE:
            child = 2 * nodeno + 1
            if child < NODES_PER_PAGE and page[_NODES + child] >= min_cat:
                nodeno = child
                continue
            child += 1
            if child < NODES_PER_PAGE and page[_NODES + child] >= min_cat:
                nodeno = child
            else:
                corrupt = True
                break
        if corrupt:
            _rebuild(page)
            continue
        slot = nodeno - NON_LEAF_NODES_PER_PAGE
        set_next_slot(page, slot + (1 if advance_next else 0))
        return slot
    return -1
