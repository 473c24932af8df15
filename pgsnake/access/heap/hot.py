"""Heap-only tuples (HOT): updates that add no index entries, and the chains they form.

An UPDATE whose new version fits on the old version's page and changes no indexed
column (`is_hot_update`) marks the old version HEAP_HOT_UPDATED and the new one
HEAP_ONLY_TUPLE (both in t_infomask2), and inserts nothing into any index. The indexes
keep pointing at the chain's *root*, the version an index entry was made for; the page's
t_ctid links lead from it through every later version on the same page. So

  - an index scan follows the chain from the TID it found to the member its snapshot
    sees (`chain_members`, PostgreSQL's heap_hot_search_buffer), and a uniqueness check
    asks the same of every member;
  - pruning (pruning.py) may turn the root into a redirect line pointer to the first
    member still needed, and free the members before it, without touching the index;
  - an index built later makes one entry per chain, for the root's TID
    (`root_offsets`, heap_get_root_tuples) with the key of the version it indexes.
A chain link is trusted only if the next member's xmin equals the previous member's
updater (the slot might have been reused after pruning), as everywhere in PostgreSQL.

Entry points: is_hot_update, chain_members, root_offsets.

PostgreSQL: access/heap/heapam.c (heap_update's HOT decision, HeapDetermineColumnsInfo,
heap_hot_search_buffer), access/heap/pruneheap.c (heap_get_root_tuples),
src/backend/access/heap/README.HOT.
"""
from __future__ import annotations

from typing import Iterator

from pgsnake.access.common.heap_tuple import HEAP_HOT_UPDATED, HEAP_ONLY_TUPLE, HeapTupleHeader
from pgsnake.access.heap import heap_xmax
from pgsnake.storage.page import page_layout as pl


def _same_datum(old, new) -> bool:
    """Binary equality as heap_attr_equals asks it, on decoded values: equal and
    written the same (numeric 1.0 and 1.00 compare equal but are stored differently,
    and an index keeps the bytes it was given)."""
    if old is None or new is None:
        return old is None and new is None
    return type(old) is type(new) and old == new and repr(old) == repr(new)


def is_hot_update(old_values: list, new_values: list, indexed_positions) -> bool:
    """Does the update leave every indexed column (0-based positions) as it was?"""
    return all(_same_datum(old_values[p], new_values[p]) for p in indexed_positions)


def chain_members(page, offnum: int) -> Iterator[tuple[int, HeapTupleHeader]]:
    """The HOT chain starting at the index's TID `offnum`: (offnum, header) of each
    member in order, following a root redirect, stopping at a broken link."""
    at_start = True
    prior_xmax = 0
    maxoff = pl.max_offset(page)
    while 1 <= offnum <= maxoff:
        lp_off, lp_flags, _len = pl.item_id(page, offnum)
        if lp_flags != pl.LP_NORMAL:
            if lp_flags == pl.LP_REDIRECT and at_start:
                offnum = lp_off
                at_start = False
                continue
            return
        header = HeapTupleHeader(pl.get_item(page, offnum))
        if at_start and header.infomask2 & HEAP_ONLY_TUPLE:
            return              # an index never points at a heap-only tuple
        if prior_xmax and header.xmin != prior_xmax:
            return
        yield offnum, header
        if not header.infomask2 & HEAP_HOT_UPDATED:
            return
        offnum = header.ctid[1]
        at_start = False
        prior_xmax = heap_xmax.update_xid(header)


def root_offsets(page) -> dict[int, int]:
    """heap_get_root_tuples: for every member of a chain (and every plain tuple), the
    offset of the line pointer an index entry for it must use."""
    roots: dict[int, int] = {}
    maxoff = pl.max_offset(page)
    for offnum in range(1, maxoff + 1):
        lp_off, lp_flags, _len = pl.item_id(page, offnum)
        if lp_flags == pl.LP_NORMAL:
            header = HeapTupleHeader(pl.get_item(page, offnum))
            if header.infomask2 & HEAP_ONLY_TUPLE:
                continue
            roots[offnum] = offnum
            if not header.infomask2 & HEAP_HOT_UPDATED:
                continue
            next_off = header.ctid[1]
            prior_xmax = heap_xmax.update_xid(header)
        elif lp_flags == pl.LP_REDIRECT:
            next_off = lp_off
            prior_xmax = 0
        else:
            continue
        while 1 <= next_off <= maxoff:
            n_off, n_flags, _n_len = pl.item_id(page, next_off)
            if n_flags != pl.LP_NORMAL:
                break
            header = HeapTupleHeader(pl.get_item(page, next_off))
            if prior_xmax and header.xmin != prior_xmax:
                break
            roots[next_off] = offnum
            if not header.infomask2 & HEAP_HOT_UPDATED:
                break
            next_off = header.ctid[1]
            prior_xmax = heap_xmax.update_xid(header)
    return roots
