# Proves amcheck's bt_index_check (verify.py) catches what it claims to: a sound index
# passes, and each deliberate corruption of one page -- two items swapped within a leaf,
# a high key below the page's items, a left link that disagrees with its left page's
# right link, an item out of order across a page boundary, a wrong level, a downlink key
# above its child's items (parent check), a heap tuple without its entry
# (heapallindexed) -- raises PostgreSQL's SQLSTATE and amcheck's message.
from __future__ import annotations

import struct

import pytest

from nbtree_support import make_index
from pgsnake.access.nbtree import access_method as am
from pgsnake.access.nbtree import page_format as pf
from pgsnake.access.nbtree import search, verify
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl
from pgsnake.utils.errors import PgError

ROWS = 2000                # int4 keys 0, 2, 4, ...: five or so leaves under one root


def built_index():
    rel = make_index("victim")
    am.create_storage(rel)
    am.build(rel, None, [((i // 100, i % 100 + 1), [2 * i]) for i in range(ROWS)])
    verify.bt_index_check(rel, parent_check=True)           # sound before we break it
    return rel


def change_page(rel, blkno, change):
    """Apply change(page) to block blkno in the buffer pool (as a bad write would)."""
    buf = bufmgr.read_buffer(rel.locator, 0, blkno)
    bufmgr.lock_buffer(buf, bufmgr.EXCLUSIVE)
    try:
        change(bufmgr.page(buf))
        bufmgr.mark_dirty(buf)
    finally:
        bufmgr.unlock_buffer(buf)
        bufmgr.release_buffer(buf)
    search.forget_cached_roots()


def swap_line_pointers(page, a, b):
    start = pl.SIZE_OF_PAGE_HEADER
    pa, pb = start + 4 * (a - 1), start + 4 * (b - 1)
    page[pa:pa + 4], page[pb:pb + 4] = bytes(page[pb:pb + 4]), bytes(page[pa:pa + 4])


def set_key(page, offnum, value):
    """Overwrite the int4 key of the item at offnum (after its 8-byte header)."""
    lp_off, _flags, _len = pl.item_id(page, offnum)
    struct.pack_into("<i", page, lp_off + 8, value)


def leaves(rel):
    """Leaf block numbers, left to right."""
    out = []
    blkno = 1
    while True:
        buf = bufmgr.read_buffer(rel.locator, 0, blkno)
        opaque = pf.Opaque(bufmgr.page(buf))
        bufmgr.release_buffer(buf)
        if opaque.level != 0:
            return out
        out.append(blkno)
        if opaque.is_rightmost:
            return out
        blkno = opaque.next


def check_fails(rel, message, *, sqlstate="XX002", **kwargs):
    with pytest.raises(PgError) as info:
        verify.bt_index_check(rel, **kwargs)
    assert (info.value.sqlstate, info.value.message) == (sqlstate, message)


def test_items_out_of_order_within_a_leaf(btree_pool):
    rel = built_index()
    change_page(rel, leaves(rel)[1], lambda page: swap_line_pointers(page, 10, 11))
    check_fails(rel, 'item order invariant violated for index "victim"')


def test_item_above_the_high_key(btree_pool):
    rel = built_index()
    change_page(rel, leaves(rel)[0], lambda page: set_key(page, pf.P_HIKEY, -5))
    check_fails(rel, 'high key invariant violated for index "victim"')


def test_last_item_not_below_the_right_siblings_first(btree_pool):
    rel = built_index()
    second = leaves(rel)[1]
    # The right sibling's first item becomes smaller than everything on the left page
    # (still in order on its own page).
    change_page(rel, second, lambda page: set_key(page, pf.P_FIRSTKEY, -1))
    check_fails(rel, 'cross page item order invariant violated for index "victim"')


def test_sibling_links_disagree(btree_pool):
    rel = built_index()
    second, third = leaves(rel)[1:3]

    def wrong_left_link(page):
        opaque = pf.Opaque(page)
        opaque.prev = third                 # should be `first`
        opaque.write()
    change_page(rel, second, wrong_left_link)
    check_fails(rel, 'left link/right link pair in index "victim" not in agreement')


def test_leaf_with_an_internal_level(btree_pool):
    rel = built_index()

    def level_one(page):
        opaque = pf.Opaque(page)
        opaque.level = 1
        opaque.write()
    blkno = leaves(rel)[2]
    change_page(rel, blkno, level_one)
    check_fails(rel, f'invalid leaf page level 1 for block {blkno} in index "victim"')


def test_downlink_key_above_its_child(btree_pool):
    rel = built_index()
    root = search.read_metadata(rel).root
    # The pivot leading to the second leaf (item 2 of the rightmost root; item 1 is minus
    # infinity) claims a key above that leaf's first item, still below the next pivot:
    # only the parent/child check can tell.
    def raise_pivot(page):
        lp_off, _flags, _len = pl.item_id(page, 2)
        (key,) = struct.unpack_from("<i", page, lp_off + 8)
        set_key(page, 2, key + 2)
    change_page(rel, root, raise_pivot)
    verify.bt_index_check(rel)
    check_fails(rel, 'down-link lower bound invariant violated for index "victim"',
                parent_check=True)


def test_heap_tuple_without_an_entry(btree_pool):
    rel = built_index()
    heap = [((i // 100, i % 100 + 1), [2 * i]) for i in range(ROWS)]
    verify.bt_index_check(rel, heap_tuples=heap)
    check_fails(rel, 'heap tuple (7,7) from table "16384" lacks matching index tuple '
                     'within index "victim"', sqlstate="XX001",
                heap_tuples=heap + [((7, 7), [5])])
