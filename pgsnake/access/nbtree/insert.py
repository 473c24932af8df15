"""Inserting a tuple: descent, uniqueness check, the page to insert on, page splits and
the insertion of their downlinks into the parent, up to a new root.

    insert_tuple
      descend with the key (and, unless checking uniqueness, the heap TID) to the leaf,
          WRITE-locked                                         search.descend
      unique index: check for live equal keys; if one is being inserted or deleted
          by a running transaction, unlock, wait for it, start over   unique_check
      find the exact page and offset (step right while the key is beyond the high key)
      insert_on_page: fits -> add the item, log INSERT_LEAF; else split_page (SPLIT_L/R)
          and insert_parent: find the parent again from the descent stack, insert the
          downlink to the new right page there (INSERT_UPPER), which may split the
          parent in turn; a root that splits gets a new root above it (NEWROOT)

Locks (README rule B6): a page is locked while its parent is searched for and locked,
and released only when its downlink is in (insert_on_page releases the child). Moving
up and right while holding a lock is safe; no one moves down or left while holding one.
The descent stack may be stale by the time we climb back: the parent may have split
(its downlink to us moved right) or the root may have split (there is a level above
the stack). find_parent copes with the first, insert_parent with the second by
re-descending to the level above.

A split whose parent insert never happened (a crash, or an error in between) leaves
BTP_INCOMPLETE_SPLIT on the left page: the right page is reachable only by the right
link. Any inserter passing such a page finishes the split first (finish_split), which
keeps every right page's downlink eventually present.

Entry points: insert_tuple (_bt_doinsert), insert_on_page, insert_parent, find_parent,
finish_split, new_root.

PostgreSQL: access/nbtree/nbtinsert.c (_bt_doinsert, _bt_search_insert,
_bt_findinsertloc, _bt_stepright, _bt_insertonpg, _bt_insert_parent, _bt_finish_split,
_bt_getstackbuf, _bt_newroot, _bt_check_third_page).
"""
from __future__ import annotations

from pgsnake.access.common.tuple_descriptor import Relation
from pgsnake.access.nbtree import buffers, index_tuple as it, meta_page
from pgsnake.access.nbtree import page_format as pf
from pgsnake.access.nbtree import search, wal_records
from pgsnake.access.nbtree.key_comparison import (IndexKeys, compare, make_insertion_key)
from pgsnake.access.nbtree.search import InsertState, StackEntry, binary_search_insert
from pgsnake.access.nbtree.split import split_page
from pgsnake.access.nbtree.unique_check import HeapTupleCheck, UniqueCheck, check_unique
from pgsnake.access.transam import transaction_ids
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl
from pgsnake.utils.critical_section import critical_section
from pgsnake.utils.errors import INTERNAL_ERROR, PROGRAM_LIMIT_EXCEEDED, PgError

INDEX_CORRUPTED = "XX002"


def _blkno(buf: int) -> int:
    return bufmgr.buffer_tag(buf)[4]


def insert_tuple(rel: Relation, keys: IndexKeys, values: list, heap_tid: tuple[int, int],
                 mode: UniqueCheck, callback: HeapTupleCheck | None,
                 heap_rel: Relation | None) -> bool:
    """_bt_doinsert. Returns False only for a PARTIAL check that found a possible
    duplicate (the tuple is inserted anyway); True otherwise."""
    item = keys.codec.form(values, heap_tid)
    key = make_insertion_key(keys, values, heap_tid)
    checking_unique = mode is not UniqueCheck.NO
    is_unique = True
    if checking_unique:
        if callback is None:
            raise ValueError("a unique check needs a heap tuple callback")
        if key.anynullkeys:
            # NULL is unequal to everything, NULL included: nothing to check.
            checking_unique = False
        else:
            key.scantid = None
    state = InsertState(item, pl.maxalign(len(item)), key)
    while True:
        stack, state.buf = search.descend(rel, keys, key, buffers.WRITE)
        state.bounds_valid = False
        if not checking_unique:
            break
        xwait, is_unique = check_unique(rel, keys, state, mode, callback, heap_tid, heap_rel)
        if not xwait:
            key.scantid = heap_tid
            break
        buffers.release(state.buf)
        state.buf = None
        tid_text = f"({heap_tid[0]},{heap_tid[1]})"
        transaction_ids.wait_for_xid(
            xwait, f'while inserting index tuple {tid_text} in relation "{rel.name}"')
    if mode is UniqueCheck.EXISTING:
        buffers.release(state.buf)
        return is_unique
    newitemoff = _find_insert_location(rel, keys, state, checking_unique, stack, heap_rel)
    buf = state.buf
    state.buf = None
    insert_on_page(rel, keys, buf, _blkno(buf), None, stack, item, newitemoff, False)
    return is_unique


def _check_item_size(rel: Relation, keys: IndexKeys, item: bytes, heap_tid,
                     heap_rel: Relation | None) -> None:
    """_bt_check_third_page: a leaf item may take at most a third of a page."""
    size = pl.maxalign(len(item))
    if size <= pf.MAX_ITEM_SIZE:
        return
    heap_name = heap_rel.name if heap_rel is not None else str(keys.description.heap_oid)
    extra = {} if heap_rel is None else {"schema": heap_rel.namespace_name,
                                         "table": heap_rel.name}
    raise PgError(PROGRAM_LIMIT_EXCEEDED,
                  f"index row size {size} exceeds btree version {meta_page.BTREE_VERSION} "
                  f'maximum {pf.MAX_ITEM_SIZE} for index "{rel.name}"',
                  detail=f"Index row references tuple ({heap_tid[0]},{heap_tid[1]}) in "
                         f'relation "{heap_name}".',
                  hint="Values larger than 1/3 of a buffer page cannot be indexed.\n"
                       "Consider a function index of an MD5 hash of the value, or use full "
                       "text indexing.",
                  constraint=rel.name, **extra)


def _find_insert_location(rel: Relation, keys: IndexKeys, state: InsertState,
                          checking_unique: bool, stack: StackEntry | None,
                          heap_rel: Relation | None) -> int:
    """_bt_findinsertloc: the offset on the right leaf (moving right if needed)."""
    page = bufmgr.page(state.buf)
    if state.item_size > pf.MAX_ITEM_SIZE:
        try:
            _check_item_size(rel, keys, state.item, it.raw_tid(state.item), heap_rel)
        except PgError:
            buffers.release(state.buf)
            state.buf = None
            raise
    if checking_unique:
        # The uniqueness check searched without a heap TID, from the first page an
        # equal key could be on; with the TID, the tuple may belong further right.
        while True:
            opaque = pf.Opaque(page)
            if (state.bounds_valid and state.low <= state.stricthigh
                    <= pl.max_offset(page)):
                break
            if opaque.is_rightmost or compare(keys, state.key, page, pf.P_HIKEY, True,
                                              opaque.first_data_offset) <= 0:
                break
            _step_right(rel, keys, state, stack)
            page = bufmgr.page(state.buf)
    return binary_search_insert(keys, state)


def _step_right(rel: Relation, keys: IndexKeys, state: InsertState,
                stack: StackEntry | None) -> None:
    """Move the insert to the right sibling, locking it before letting go of the
    current page (moving right while holding a lock is allowed)."""
    opaque = pf.Opaque(bufmgr.page(state.buf))
    rblkno = opaque.next
    rbuf = None
    while True:
        if rbuf is not None:
            buffers.release(rbuf)
        rbuf = buffers.get_buffer(rel, rblkno, buffers.WRITE)
        ropaque = pf.Opaque(bufmgr.page(rbuf))
        if ropaque.has_incomplete_split:
            finish_split(rel, keys, rbuf, stack)
            rbuf = None
            continue
        if not ropaque.is_ignored:
            break
        if ropaque.is_rightmost:
            buffers.release(rbuf)
            raise PgError(INTERNAL_ERROR, f'fell off the end of index "{rel.name}"')
        rblkno = ropaque.next
    buffers.release(state.buf)
    state.buf = rbuf
    state.bounds_valid = False


def insert_on_page(rel: Relation, keys: IndexKeys, buf: int, blkno: int,
                   child: tuple | None, stack: StackEntry | None, item: bytes,
                   newitemoff: int, split_only_page: bool) -> None:
    """_bt_insertonpg: put `item` at `newitemoff` on the page in `buf` (exclusively
    locked), splitting it if it is full. `child` is (buffer, block) of the page whose
    split this downlink finishes, when inserting into an internal page. Releases `buf`
    and `child` (the split path releases them after the parent insert)."""
    page = bufmgr.page(buf)
    opaque = pf.Opaque(page)
    is_leaf = opaque.is_leaf
    itemsz = pl.maxalign(len(item))
    if pf.free_space(page) < itemsz:
        is_root = opaque.is_root
        is_only = opaque.is_leftmost and opaque.is_rightmost
        rbuf, rblkno = split_page(rel, keys, buf, blkno, child, newitemoff, item)
        insert_parent(rel, keys, buf, blkno, rbuf, rblkno, stack, is_root, is_only)
        return

    metabuf = None
    meta = None
    if split_only_page:
        # The page was the only one on its level but not the root: a fast root below the
        # true root (left by page deletion). Point the fast root up to this level.
        metabuf = buffers.get_buffer(rel, meta_page.BTREE_METAPAGE, buffers.WRITE)
        meta = meta_page.read_meta(bufmgr.page(metabuf), rel.name)
        if meta.fastlevel >= opaque.level:
            buffers.release(metabuf)
            metabuf = None
    changes = [buffers.PageChange(0, buf, blkno, bytes(item))]
    if is_leaf:
        info = wal_records.XLOG_BTREE_INSERT_LEAF
    else:
        info = wal_records.XLOG_BTREE_INSERT_UPPER
        changes.append(buffers.PageChange(1, child[0], child[1]))
        if metabuf is not None:
            info = wal_records.XLOG_BTREE_INSERT_META
    with critical_section("B-tree insert"):
        if not pf.insert_item(page, item, newitemoff):
            raise PgError(INTERNAL_ERROR, f'failed to add new item to block {blkno} in index '
                                          f'"{rel.name}"')
        if metabuf is not None:
            meta.fastroot = blkno
            meta.fastlevel = opaque.level
            meta_page.write_meta(bufmgr.page(metabuf), meta)
            changes.append(buffers.PageChange(2, metabuf, meta_page.BTREE_METAPAGE,
                                              meta_page.pack_xl_metadata(meta), True))
        if child is not None:
            cpage = bufmgr.page(child[0])
            pf.write_flags(cpage, pf.read_flags(cpage) & ~pf.BTP_INCOMPLETE_SPLIT)
        buffers.log_change(rel, info, wal_records.INSERT.pack(newitemoff), changes)
    if metabuf is not None:
        buffers.release(metabuf)
    if child is not None:
        buffers.release(child[0])
    buffers.release(buf)


def insert_parent(rel: Relation, keys: IndexKeys, buf: int, blkno: int, rbuf: int,
                  rblkno: int, stack: StackEntry | None, is_root: bool,
                  is_only: bool) -> None:
    """_bt_insert_parent: after splitting the page in `buf` into it and `rbuf` (both
    locked), insert the downlink to the right page into the parent, or make a new
    root. Releases both buffers."""
    if is_root:
        rootbuf = new_root(rel, buf, blkno, rbuf, rblkno)
        buffers.release(rootbuf)
        buffers.release(rbuf)
        buffers.release(buf)
        return
    page = bufmgr.page(buf)
    if stack is None:
        # The root split since our descent: the level above us is newer than our
        # stack. Start from its leftmost page; find_parent moves right from there.
        level = pf.Opaque(page).level
        pbuf = search.get_endpoint(rel, level + 1, False)
        stack = StackEntry(_blkno(pbuf), 0, None)
        buffers.release(pbuf)
    # The left page's high key, pointing at the right page, is the new downlink.
    new_item = it.with_downlink(pl.get_item(page, pf.P_HIKEY), rblkno)
    pbuf = find_parent(rel, keys, stack, blkno)
    buffers.release(rbuf)
    if pbuf is None:
        buffers.release(buf)
        raise PgError(INDEX_CORRUPTED, f'failed to re-find parent key in index "{rel.name}" '
                                       f'for split pages {blkno}/{rblkno}')
    insert_on_page(rel, keys, pbuf, stack.blkno, (buf, blkno), stack.parent, new_item,
                   stack.offset + 1, is_only)


def find_parent(rel: Relation, keys: IndexKeys, stack: StackEntry, child: int) -> int | None:
    """_bt_getstackbuf: the page holding the downlink to `child`, WRITE-locked, with
    `stack` updated to where the downlink is now. Searches from the remembered offset
    rightwards, then leftwards, then on right siblings (the parent may have split)."""
    blkno = stack.blkno
    start = stack.offset
    while True:
        buf = buffers.get_buffer(rel, blkno, buffers.WRITE)
        page = bufmgr.page(buf)
        opaque = pf.Opaque(page)
        if opaque.has_incomplete_split:
            finish_split(rel, keys, buf, stack.parent)
            continue
        if not opaque.is_ignored:
            minoff = opaque.first_data_offset
            maxoff = pl.max_offset(page)
            start = min(max(start, minoff), maxoff + 1)
            for offnum in list(range(start, maxoff + 1)) + list(range(start - 1, minoff - 1, -1)):
                if it.downlink(pl.get_item(page, offnum)) == child:
                    stack.blkno = blkno
                    stack.offset = offnum
                    return buf
        if opaque.is_rightmost:
            buffers.release(buf)
            return None
        blkno = opaque.next
        start = 0
        buffers.release(buf)


def finish_split(rel: Relation, keys: IndexKeys, lbuf: int, stack: StackEntry | None) -> None:
    """_bt_finish_split: insert the missing downlink of the page right of `lbuf`
    (which is WRITE-locked and has BTP_INCOMPLETE_SPLIT). Releases `lbuf`."""
    lblkno = _blkno(lbuf)
    lopaque = pf.Opaque(bufmgr.page(lbuf))
    rblkno = lopaque.next
    rbuf = buffers.get_buffer(rel, rblkno, buffers.WRITE)
    ropaque = pf.Opaque(bufmgr.page(rbuf))
    was_root = False
    if stack is None:
        metabuf = buffers.get_buffer(rel, meta_page.BTREE_METAPAGE, buffers.WRITE)
        meta = meta_page.read_meta(bufmgr.page(metabuf), rel.name)
        was_root = meta.root == lblkno
        buffers.release(metabuf)
    was_only = lopaque.is_leftmost and ropaque.is_rightmost
    insert_parent(rel, keys, lbuf, lblkno, rbuf, rblkno, stack, was_root, was_only)


def new_root(rel: Relation, lbuf: int, lblkno: int, rbuf: int, rblkno: int) -> int:
    """_bt_newroot: the old root split into `lbuf` and `rbuf`; make a root above them
    (a minus-infinity downlink to the left page, the left page's high key as downlink
    to the right one) and point the metapage at it. Returns the new root, locked."""
    lpage = bufmgr.page(lbuf)
    lopaque = pf.Opaque(lpage)
    rootbuf, rootblk = buffers.new_page(rel)
    metabuf = buffers.get_buffer(rel, meta_page.BTREE_METAPAGE, buffers.WRITE)
    metapage = bufmgr.page(metabuf)
    meta = meta_page.read_meta(metapage, rel.name)
    left_item = it.minus_infinity_tuple(lblkno)
    right_item = it.with_downlink(pl.get_item(lpage, pf.P_HIKEY), rblkno)
    level = lopaque.level + 1
    rootpage = bufmgr.page(rootbuf)
    with critical_section("B-tree new root"):
        pf.init_page(rootpage, level=level, flags=pf.BTP_ROOT)
        pf.append_item(rootpage, left_item)
        pf.append_item(rootpage, right_item)
        meta.root = meta.fastroot = rootblk
        meta.level = meta.fastlevel = level
        meta_page.write_meta(metapage, meta)
        pf.write_flags(lpage, pf.read_flags(lpage) & ~pf.BTP_INCOMPLETE_SPLIT)
        buffers.log_change(
            rel, wal_records.XLOG_BTREE_NEWROOT, wal_records.NEWROOT.pack(rootblk, level),
            [buffers.PageChange(0, rootbuf, rootblk, pf.tuple_area(rootpage), True),
             buffers.PageChange(1, lbuf, lblkno),
             buffers.PageChange(2, metabuf, meta_page.BTREE_METAPAGE,
                                meta_page.pack_xl_metadata(meta), True)])
    buffers.release(metabuf)
    search.forget_cached_roots(rel.locator)
    return rootbuf
