"""Finding things in a B-tree: the root, a descent to a leaf, moving right past
concurrent splits, and binary search within a page.

A descent (descend) starts at the root named by the metapage and, on each level, binary
searches the page for the last pivot <= the key and follows its downlink, remembering
(block, offset) on a stack for a later insert into the parent. Only one page is locked
at a time on the way down (README rule B6): between reading a downlink and locking the
child, the child may split. Lehman and Yao's answer is the move-right rule (B3): if the
key is beyond the page's high key, the part of the key space we want moved to the right
sibling, so follow the right link, as often as needed (move_right).

The root is found through the metapage (get_root). It is cached per backend, and the
cache is checked as PostgreSQL checks it: the page must still be alone on its level at
the cached level, else the metapage is read again. An empty index (root = P_NONE) gets
its root page when the first insert asks for write access.

Entry points: get_root, descend, move_right, binary_search, binary_search_insert,
InsertState, get_endpoint, forget_cached_roots, StackEntry.

PostgreSQL: access/nbtree/nbtsearch.c (_bt_search, _bt_moveright, _bt_binsrch,
_bt_binsrch_insert, _bt_binsrch_posting, _bt_get_endpoint), access/nbtree/nbtpage.c
(_bt_getroot, _bt_getrootheight, _bt_metaversion).
"""
from __future__ import annotations

import dataclasses

from pgsnake.access.common.tuple_descriptor import Relation
from pgsnake.access.nbtree import buffers, index_tuple as it, meta_page
from pgsnake.access.nbtree import page_format as pf
from pgsnake.access.nbtree.key_comparison import (IndexKeys, InsertionKey, compare,
                                                  first_key_prober)
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl
from pgsnake.utils.critical_section import critical_section
from pgsnake.utils.errors import INTERNAL_ERROR, PgError

READ, WRITE = buffers.READ, buffers.WRITE
INDEX_CORRUPTED = "XX002"


@dataclasses.dataclass(slots=True)
class StackEntry:
    """Where a descent went through one level (BTStackData): the page and the offset of
    the pivot whose downlink it followed. Stale after concurrent splits; the parent
    search (insert.find_parent) copes."""
    blkno: int
    offset: int
    parent: "StackEntry | None"


# locator -> (root block, root level), this backend's copy of the metapage's fast root.
_cached_roots: dict = {}


def forget_cached_roots(locator=None) -> None:
    """Drop the cached root of one index (or of all): after a build or a drop."""
    if locator is None:
        _cached_roots.clear()
    else:
        _cached_roots.pop(locator, None)


def read_metadata(rel: Relation) -> meta_page.MetaData:
    buf = buffers.get_buffer(rel, meta_page.BTREE_METAPAGE, READ)
    try:
        return meta_page.read_meta(bufmgr.page(buf), rel.name)
    finally:
        buffers.release(buf)


def get_root(rel: Relation, access: str) -> int | None:
    """The root page, pinned and READ-locked (_bt_getroot). With WRITE access an empty
    index gets its first root, a leaf (logged as NEWROOT level 0); with READ access an
    empty index returns None."""
    cached = _cached_roots.get(rel.locator)
    if cached is not None:
        rootblk, level = cached
        buf = buffers.get_buffer(rel, rootblk, READ)
        opaque = pf.Opaque(bufmgr.page(buf))
        if (not opaque.is_ignored and opaque.level == level and opaque.is_leftmost
                and opaque.is_rightmost):
            return buf
        buffers.release(buf)
        _cached_roots.pop(rel.locator, None)

    metabuf = buffers.get_buffer(rel, meta_page.BTREE_METAPAGE, READ)
    meta = meta_page.read_meta(bufmgr.page(metabuf), rel.name)
    if meta.root == pf.P_NONE:
        if access == READ:
            buffers.release(metabuf)
            return None
        buffers.relock(metabuf, WRITE)
        meta = meta_page.read_meta(bufmgr.page(metabuf), rel.name)
        if meta.root != pf.P_NONE:
            # Someone made the root while we traded locks: start over.
            buffers.release(metabuf)
            return get_root(rel, access)
        rootbuf, rootblk = buffers.new_page(rel)
        try:
            _create_first_root(rel, metabuf, meta, rootbuf, rootblk)
        finally:
            buffers.release(metabuf)
        # Nobody else knows where the new root is yet, so trading the lock is safe.
        buffers.relock(rootbuf, READ)
        return rootbuf

    rootblk, level = meta.fastroot, meta.fastlevel
    buffers.release(metabuf)
    while True:
        buf = buffers.get_buffer(rel, rootblk, READ)
        opaque = pf.Opaque(bufmgr.page(buf))
        # A root that split since we read the metapage is still a fine place to start
        # (descents move right from it); only a deleted one is stepped over.
        if not opaque.is_ignored:
            break
        if opaque.is_rightmost:
            buffers.release(buf)
            raise PgError(INTERNAL_ERROR, f'no live root page found in index "{rel.name}"')
        rootblk = opaque.next
        buffers.release(buf)
    if opaque.level != level:
        buffers.release(buf)
        raise PgError(INTERNAL_ERROR, f'root page {rootblk} of index "{rel.name}" has level '
                                      f'{opaque.level}, expected {level}')
    _cached_roots[rel.locator] = (meta.fastroot, level)
    return buf


def _create_first_root(rel: Relation, metabuf: int, meta: meta_page.MetaData,
                       rootbuf: int, rootblk: int) -> None:
    """Turn the new page into an empty leaf root and point the metapage at it."""
    from pgsnake.access.nbtree import wal_records
    rootpage = bufmgr.page(rootbuf)
    metapage = bufmgr.page(metabuf)
    with critical_section("B-tree root creation"):
        pf.init_page(rootpage, level=0, flags=pf.BTP_LEAF | pf.BTP_ROOT)
        meta.root = meta.fastroot = rootblk
        meta.level = meta.fastlevel = 0
        meta.last_cleanup_num_delpages = 0
        meta.last_cleanup_num_heap_tuples = -1.0
        meta_page.write_meta(metapage, meta)
        buffers.log_change(rel, wal_records.XLOG_BTREE_NEWROOT,
                           wal_records.NEWROOT.pack(rootblk, 0),
                           [buffers.PageChange(0, rootbuf, rootblk, b"", True),
                            buffers.PageChange(2, metabuf, meta_page.BTREE_METAPAGE,
                                               meta_page.pack_xl_metadata(meta), True)])


def root_height(rel: Relation) -> int:
    """Levels above the leaves (_bt_getrootheight): 0 for a lone leaf root."""
    meta = read_metadata(rel)
    return meta.fastlevel if meta.fastroot != pf.P_NONE else 0


def move_right(rel: Relation, keys: IndexKeys, key: InsertionKey, buf: int,
               for_update: bool, stack: StackEntry | None, access: str) -> int:
    """Step right past pages that split after we read their downlink (_bt_moveright).

    On entry `buf` is pinned and locked in `access`; on return the result is pinned and
    locked in `access`, every page passed over released. With `for_update`, incomplete
    splits met on the way are finished first (the inserter needs their downlinks)."""
    threshold = 0 if key.nextkey else 1
    while True:
        page = bufmgr.page(buf)
        opaque = pf.Opaque(page)
        if opaque.is_rightmost:
            break
        if for_update and opaque.has_incomplete_split:
            from pgsnake.access.nbtree import insert
            blkno = _blkno(buf)
            if access == READ:
                buffers.relock(buf, WRITE)
            if pf.Opaque(page).has_incomplete_split:
                insert.finish_split(rel, keys, buf, stack)
            else:
                buffers.release(buf)
            buf = buffers.get_buffer(rel, blkno, access)
            continue
        if opaque.is_ignored or compare(keys, key, page, pf.P_HIKEY, opaque.is_leaf,
                                        opaque.first_data_offset) >= threshold:
            buf = buffers.release_and_get(buf, opaque.next, access, rel)
            continue
        break
    if pf.Opaque(bufmgr.page(buf)).is_ignored:
        buffers.release(buf)
        raise PgError(INTERNAL_ERROR, f'fell off the end of index "{rel.name}"')
    return buf


def _blkno(buf: int) -> int:
    return bufmgr.buffer_tag(buf)[4]


def descend(rel: Relation, keys: IndexKeys, key: InsertionKey,
            access: str) -> tuple[StackEntry | None, int | None]:
    """(stack, leaf buffer) for `key` (_bt_search): the leaf locked in `access`. With
    READ access on an empty index: (None, None)."""
    buf = get_root(rel, access)
    if buf is None:
        return None, None
    stack = None
    page_access = READ
    while True:
        buf = move_right(rel, keys, key, buf, access == WRITE, stack, page_access)
        page = bufmgr.page(buf)
        opaque = pf.Opaque(page)
        if opaque.is_leaf:
            break
        offnum = binary_search(keys, key, page, opaque)
        child = it.downlink(pl.get_item(page, offnum))
        stack = StackEntry(_blkno(buf), offnum, stack)
        # The level above the leaves: lock the leaf for writing right away.
        if opaque.level == 1 and access == WRITE:
            page_access = WRITE
        buf = buffers.release_and_get(buf, child, page_access, rel)
    if access == WRITE and page_access == READ:
        # The root is a leaf: trade the read lock in, then look again, since the leaf
        # may have split meanwhile.
        buffers.relock(buf, WRITE)
        buf = move_right(rel, keys, key, buf, True, stack, WRITE)
    return stack, buf


def binary_search(keys: IndexKeys, key: InsertionKey, page, opaque: pf.Opaque) -> int:
    """_bt_binsrch. On a leaf: the first item >= key (> key with nextkey), possibly one
    past the last. On an internal page: the last item < key (<= with nextkey), whose
    downlink leads to where the key belongs."""
    low = opaque.first_data_offset
    high = pl.max_offset(page)
    is_leaf = opaque.is_leaf
    if high < low:
        return low
    high += 1
    threshold = 0 if key.nextkey else 1
    first = low
    probe = first_key_prober(keys, key)
    while high > low:
        mid = low + (high - low) // 2
        if probe is not None and (is_leaf or mid != first):
            result = probe(page, mid) or compare(keys, key, page, mid, is_leaf, first)
        else:
            result = compare(keys, key, page, mid, is_leaf, first)
        if result >= threshold:
            low = mid + 1
        else:
            high = mid
    if is_leaf:
        return low
    return low - 1


@dataclasses.dataclass(slots=True)
class InsertState:
    """BTInsertStateData: the tuple being inserted and the leaf it will probably go on,
    with the bounds of a binary search already done on that page (for the second
    search after a uniqueness check)."""
    item: bytes
    item_size: int
    key: InsertionKey
    buf: int | None = None
    bounds_valid: bool = False
    low: int = 0
    stricthigh: int = 0
    postingoff: int = 0


def binary_search_insert(keys: IndexKeys, state: InsertState) -> int:
    """_bt_binsrch_insert: the first item >= key on the leaf in `state.buf`, reusing
    and saving the bounds of an earlier search of the same page (`stricthigh` is the
    first item known to be strictly greater). When the key's heap TID falls inside a
    posting list, that posting list is the item returned and `state.postingoff` is set
    to where in it the TID belongs (_bt_binsrch_posting): the insert must split it."""
    page = bufmgr.page(state.buf)
    opaque = pf.Opaque(page)
    key = state.key
    if not state.bounds_valid:
        low = opaque.first_data_offset
        high = pl.max_offset(page)
    else:
        low = state.low
        high = state.stricthigh
    if high < low:
        state.low = state.stricthigh = 0
        state.bounds_valid = False
        return low
    if not state.bounds_valid:
        high += 1
    stricthigh = high
    first = opaque.first_data_offset
    while high > low:
        mid = low + (high - low) // 2
        result = compare(keys, key, page, mid, True, first)
        if result >= 1:
            low = mid + 1
        else:
            high = mid
            if result != 0:
                stricthigh = high
        if result == 0 and key.scantid is not None:
            # Equal with a heap TID: only a posting list's range can do that, and
            # never twice in one search (that would be a duplicate heap TID).
            if state.postingoff != 0:
                raise PgError(INDEX_CORRUPTED,
                              f"table tid from new index tuple ({key.scantid[0]},"
                              f"{key.scantid[1]}) cannot find insert offset between "
                              f"offsets {low} and {high} of block "
                              f"{bufmgr.buffer_tag(state.buf)[4]} in index \"{keys.name}\"")
            state.postingoff = _posting_position(key, page, mid)
    state.low = low
    state.stricthigh = stricthigh
    state.bounds_valid = True
    return low


def _posting_position(key: InsertionKey, page, offnum: int) -> int:
    """_bt_binsrch_posting: where key.scantid goes in the posting list at `offnum` (0
    for a plain tuple, which only a corrupt index has here; -1 for a dead one)."""
    lp_off, lp_flags, lp_len = pl.item_id(page, offnum)
    item = page[lp_off:lp_off + lp_len]
    if not it.is_posting(item):
        return 0
    if lp_flags == pl.LP_DEAD:
        return -1
    tids = it.posting_tids(item)
    low, high = 0, len(tids)
    while high > low:
        mid = low + (high - low) // 2
        if key.scantid > tids[mid]:
            low = mid + 1
        elif key.scantid < tids[mid]:
            high = mid
        else:
            return mid
    return low


def get_endpoint(rel: Relation, level: int, rightmost: bool) -> int | None:
    """The leftmost (or rightmost) page of `level`, READ-locked (_bt_get_endpoint);
    None for an empty index."""
    buf = get_root(rel, READ)
    if buf is None:
        return None
    while True:
        page = bufmgr.page(buf)
        opaque = pf.Opaque(page)
        # A page found ignored, or not the rightmost when we want that, is left behind
        # by following its right link.
        while opaque.is_ignored or (rightmost and not opaque.is_rightmost):
            if opaque.is_rightmost:
                buffers.release(buf)
                raise PgError(INTERNAL_ERROR, f'fell off the end of index "{rel.name}"')
            buf = buffers.release_and_get(buf, opaque.next, READ, rel)
            page = bufmgr.page(buf)
            opaque = pf.Opaque(page)
        if opaque.level == level:
            return buf
        if opaque.level < level:
            buffers.release(buf)
            raise PgError(INTERNAL_ERROR, f'btree level {level} not found in index '
                                          f'"{rel.name}"')
        offnum = pl.max_offset(page) if rightmost else opaque.first_data_offset
        child = it.downlink(pl.get_item(page, offnum))
        buf = buffers.release_and_get(buf, child, READ, rel)
