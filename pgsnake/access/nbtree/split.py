"""Splitting a full page in two (the first half of a Lehman and Yao page split).

The page being split keeps its block number and becomes the left half; a new block at
the end of the index becomes the right half. Items move only rightwards, across this
one new boundary (README rule B4), which is why a concurrent scan stopped "between"
pages never misses or repeats an item, and why a search that reached the left half
with a key now beyond its high key finds it by moving right.

    before:  ... <-> [L: hikey H | items a..z] <-> S ...
    after:   ... <-> [L: hikey h | a..m] <-> [R: hikey H | n..z] <-> S ...

The left half's new high key h separates the halves: on a leaf it is the suffix-
truncated pivot between the last item that stays and the first that moves
(suffix_truncation.py); on an internal page it is the first moving pivot as it is, and
that pivot's copy on the right becomes the right page's "minus infinity" first item.
The right page inherits the old high key H. The left page is marked
BTP_INCOMPLETE_SPLIT until the parent has a downlink to the right page (insert.py's
insert_parent does that next, in a separate WAL record; a crash in between leaves the
flag, and the next inserter to pass finishes the split).

Locks: the caller holds the left page exclusively (and, above the leaves, the child
whose split this insert completes). We take the new right page and the old right
sibling S (to fix its left link) in left-to-right order, which cannot deadlock with
anybody (README rule B6). All the page images are built in private memory first;
the critical section only copies them in, links S, clears the child's flag and logs
one SPLIT_L / SPLIT_R record.

Entry points: split_page (_bt_split).

PostgreSQL: access/nbtree/nbtinsert.c (_bt_split, _bt_pgaddtup).
"""
from __future__ import annotations

from pgsnake.access.common.tuple_descriptor import Relation
from pgsnake.access.nbtree import buffers, index_tuple as it
from pgsnake.access.nbtree import page_format as pf
from pgsnake.access.nbtree import wal_records
from pgsnake.access.nbtree.key_comparison import IndexKeys
from pgsnake.access.nbtree.split_location import find_split_location
from pgsnake.access.nbtree.suffix_truncation import truncate
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl
from pgsnake.utils.critical_section import critical_section
from pgsnake.utils.errors import PgError

INDEX_CORRUPTED = "XX002"


def split_page(rel: Relation, keys: IndexKeys, buf: int, blkno: int, child: tuple | None,
               newitemoff: int, newitem: bytes) -> tuple[int, int]:
    """Split the page in `buf` (pinned, exclusively locked) while inserting `newitem`
    at `newitemoff`. `child` is (buffer, block) of the child whose incomplete split
    this insert finishes (internal pages only). Returns (right buffer, right block):
    the right page pinned and exclusively locked; `buf` stays locked too; the old right
    sibling and the child are released."""
    origpage = bufmgr.page(buf)
    oopaque = pf.Opaque(origpage)
    is_leaf = oopaque.is_leaf
    is_rightmost = oopaque.is_rightmost
    maxoff = pl.max_offset(origpage)
    newitemsz = pl.maxalign(len(newitem))
    fillfactor = keys.description.fillfactor
    firstrightoff, newitemonleft = find_split_location(keys, origpage, newitemoff, newitemsz,
                                                       newitem, fillfactor)

    # The left page's new high key.
    if not newitemonleft and newitemoff == firstrightoff:
        firstright = newitem
    else:
        firstright = bytes(pl.get_item(origpage, firstrightoff))
    if is_leaf:
        if newitemonleft and newitemoff == firstrightoff:
            lastleft = newitem
        else:
            lastleft = bytes(pl.get_item(origpage, firstrightoff - 1))
        lefthighkey = truncate(keys, lastleft, firstright)
    else:
        lefthighkey = firstright

    flags = oopaque.flags & ~(pf.BTP_ROOT | pf.BTP_SPLIT_END | pf.BTP_HAS_GARBAGE)
    leftpage = bytearray(pl.BLCKSZ)
    pf.init_page(leftpage, prev=oopaque.prev, level=oopaque.level,
                 flags=flags | pf.BTP_INCOMPLETE_SPLIT)
    pf.append_item(leftpage, lefthighkey)

    rbuf, rblkno = buffers.new_page(rel)
    try:
        rightpage = bytearray(pl.BLCKSZ)
        pf.init_page(rightpage, prev=blkno, next=oopaque.next, level=oopaque.level,
                     flags=flags)
        lop = pf.Opaque(leftpage)
        lop.next = rblkno
        lop.write()
        if not is_rightmost:
            pf.append_item(rightpage, bytes(pl.get_item(origpage, pf.P_HIKEY)))
        minus_infinity_offset = pl.max_offset(rightpage) + 1 if not is_leaf else None

        def add_right(item) -> None:
            if pl.max_offset(rightpage) + 1 == minus_infinity_offset:
                item = it.as_minus_infinity(item)
            pf.append_item(rightpage, item)

        i = oopaque.first_data_offset
        while i <= maxoff:
            item = bytes(pl.get_item(origpage, i))
            if i == newitemoff:
                if newitemonleft:
                    pf.append_item(leftpage, newitem)
                else:
                    add_right(newitem)
            if i < firstrightoff:
                pf.append_item(leftpage, item)
            else:
                add_right(item)
            i += 1
        if i <= newitemoff:
            add_right(newitem)

        sibling = None
        if not is_rightmost:
            sbuf = buffers.get_buffer(rel, oopaque.next, buffers.WRITE)
            sibling = (sbuf, oopaque.next)
            sprev = pf.Opaque(bufmgr.page(sbuf)).prev
            if sprev != blkno:
                buffers.release(sbuf)
                raise PgError(INDEX_CORRUPTED,
                              f"right sibling's left-link doesn't match: block {oopaque.next} "
                              f"links to {sprev} instead of expected {blkno} in index "
                              f'"{rel.name}"')
    except BaseException:
        bufmgr.page(rbuf)[:] = bytes(pl.BLCKSZ)   # an orphan page: leave it new (zero)
        buffers.release(rbuf)
        raise

    # The WAL data of the left page: the new item if it went left, then the high key.
    left_data = (newitem if newitemonleft else b"") + lefthighkey
    changes = [buffers.PageChange(0, buf, blkno, left_data),
               buffers.PageChange(1, rbuf, rblkno, pf.tuple_area(rightpage), True)]
    if sibling is not None:
        changes.append(buffers.PageChange(2, sibling[0], sibling[1]))
    if child is not None:
        changes.append(buffers.PageChange(3, child[0], child[1]))
    info = wal_records.XLOG_BTREE_SPLIT_L if newitemonleft else wal_records.XLOG_BTREE_SPLIT_R
    with critical_section("B-tree page split"):
        leftpage[:8] = bytes(origpage[:8])      # keep the page LSN (for the FPI decision)
        origpage[:] = leftpage
        bufmgr.page(rbuf)[:] = rightpage
        if sibling is not None:
            pf.write_prev(bufmgr.page(sibling[0]), rblkno)
        if child is not None:
            cpage = bufmgr.page(child[0])
            pf.write_flags(cpage, pf.read_flags(cpage) & ~pf.BTP_INCOMPLETE_SPLIT)
        buffers.log_change(rel, info,
                           wal_records.SPLIT.pack(oopaque.level, firstrightoff, newitemoff, 0),
                           changes)
    if sibling is not None:
        buffers.release(sibling[0])
    if child is not None:
        buffers.release(child[0])
    return rbuf, rblkno
