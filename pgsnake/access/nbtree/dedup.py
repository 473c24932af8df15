"""Deduplication: merging runs of equal leaf tuples into posting-list tuples.

An index with many duplicate keys stores the same key bytes again and again. A
posting-list tuple (index_tuple.py) stores the key once, followed by the sorted heap
TIDs of all the entries it replaces, so a page holds several times more entries.
Deduplication is lazy: it happens only when a leaf page is about to split (the insert
that does not fit calls dedup_pass first), and in CREATE INDEX (build.py), which merges
equal neighbours as it loads the sorted entries.

A deduplication pass rebuilds the page in private memory, walking its items in order:
each item either starts a new "pending" posting list (the base tuple) or, if its keys
are bitwise equal to the base's (keep_natts_fast: only opclasses whose equality is
bitwise equality, `allequalimage`, allow this) and the merged tuple would stay within
`maxpostingsize`, adds its heap TIDs to it. When a run ends, a run of one is copied
unchanged and a longer run becomes one posting-list tuple; each such run is an
"interval" (base offset, number of items), which is all the DEDUP WAL record needs for
redo to repeat the merge on the same page.

Limits: a posting list may take a sixth of what a tuple may (half of BTMaxItemSize),
so that a page full of duplicates still splits well; CREATE INDEX uses a tenth of the
page minus a line pointer, close to the 90% fillfactor it fills pages to.

The single-value strategy: when the new item and the page's first and last items are
all one value, the page is going to split with nbtsplitloc's single-value strategy,
which leaves the left page 96% full. The pass then stops merging after five full-size
posting lists (the fifth shrinks by the free space that strategy leaves) and leaves the
rest of the page alone, for the right half to deduplicate after the split.

Unique indexes (and inserts the executor says leave the key unchanged) first try
"bottom-up deletion", which asks the heap which duplicates are dead; see
bottomup_skips_dedup for what pgsnake does there.

Entry points: DedupState, start_pending, save_htid, finish_pending (shared with build
and redo), dedup_pass (_bt_dedup_pass), bottomup_skips_dedup, redo_dedup_page.

PostgreSQL: access/nbtree/nbtdedup.c (_bt_dedup_pass, _bt_bottomupdel_pass,
_bt_dedup_start_pending, _bt_dedup_save_htid, _bt_dedup_finish_pending,
_bt_do_singleval, _bt_singleval_fillfactor), nbtxlog.c (btree_xlog_dedup),
nbtree.h (BTDedupStateData, BTDedupInterval), access/nbtree/README ("Notes about
deduplication").
"""
from __future__ import annotations

import struct

from pgsnake.access.common.tuple_descriptor import Relation
from pgsnake.access.nbtree import buffers, index_tuple as it
from pgsnake.access.nbtree import page_format as pf
from pgsnake.access.nbtree.key_comparison import IndexKeys, keep_natts_fast
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl
from pgsnake.utils.critical_section import critical_section
from pgsnake.utils.errors import INTERNAL_ERROR, PgError

ITEM_ID_SIZE = 4
TID_SIZE = 6
SINGLEVAL_FILLFACTOR = 96
XLOG_BTREE_DEDUP = 0x60
DEDUP = struct.Struct("<H")             # xl_btree_dedup: nintervals
INTERVAL = struct.Struct("<HH")         # BTDedupInterval: baseoff, nitems


class DedupState:
    """BTDedupStateData: the pending posting list and the intervals formed so far."""
    __slots__ = ("deduplicate", "nmaxitems", "maxpostingsize", "base", "baseoff",
                 "basetupsize", "htids", "nitems", "phystupsize", "intervals")

    def __init__(self, maxpostingsize: int) -> None:
        self.deduplicate = True
        self.nmaxitems = 0
        self.maxpostingsize = maxpostingsize
        self.base = None
        self.baseoff = 0
        self.basetupsize = 0
        self.htids: list = []
        self.nitems = 0
        self.phystupsize = 0
        self.intervals: list[tuple[int, int]] = []


def start_pending(state: DedupState, base: bytes, baseoff: int) -> None:
    """_bt_dedup_start_pending: `base` starts a new pending posting list."""
    if it.is_posting(base):
        state.htids = it.posting_tids(base)
        state.basetupsize = it.posting_offset(base)
    else:
        state.htids = [it.raw_tid(base)]
        state.basetupsize = it.tuple_size(base)
    state.nitems = 1
    state.base = base
    state.baseoff = baseoff
    state.phystupsize = pl.maxalign(it.tuple_size(base)) + ITEM_ID_SIZE


def save_htid(state: DedupState, item) -> bool:
    """_bt_dedup_save_htid: add `item`'s heap TIDs to the pending posting list unless
    the merged tuple would exceed maxpostingsize."""
    tids = it.leaf_tids(item)
    merged = pl.maxalign(state.basetupsize + (len(state.htids) + len(tids)) * TID_SIZE)
    if merged > state.maxpostingsize:
        # A "maximum size" posting list, for the single-value strategy's count.
        if len(state.htids) > 50:
            state.nmaxitems += 1
        return False
    state.nitems += 1
    state.htids.extend(tids)
    state.phystupsize += pl.maxalign(it.tuple_size(item)) + ITEM_ID_SIZE
    return True


def finish_pending(state: DedupState, newpage: bytearray) -> int:
    """_bt_dedup_finish_pending: append the pending tuple to `newpage` (the base as it
    was, or a posting list of the run) and return the space that saved."""
    saving = 0
    if state.nitems == 1:
        tuple_bytes = bytes(state.base[:it.tuple_size(state.base)])
    else:
        tuple_bytes = it.form_posting(state.base, state.htids)
        state.intervals.append((state.baseoff, state.nitems))
        saving = state.phystupsize - (len(tuple_bytes) + ITEM_ID_SIZE)
    if not pf.insert_item(newpage, tuple_bytes, pl.max_offset(newpage) + 1):
        raise PgError(INTERNAL_ERROR, "deduplication failed to add tuple to page")
    state.htids = []
    state.nitems = 0
    state.phystupsize = 0
    return saving


def _temp_copy(page) -> bytearray:
    """PageGetTempPageCopySpecial: an empty page with `page`'s special space and LSN."""
    newpage = bytearray(pl.BLCKSZ)
    pf.init_page(newpage)
    newpage[pf.SPECIAL_OFFSET:] = bytes(page[pf.SPECIAL_OFFSET:])
    newpage[:8] = bytes(page[:8])
    if not pf.Opaque(page).is_rightmost:
        pf.insert_item(newpage, bytes(pl.get_item(page, pf.P_HIKEY)), pf.P_HIKEY)
    return newpage


def _is_single_value(keys: IndexKeys, page, minoff: int, newitem) -> bool:
    """_bt_do_singleval: the new item equals the page's first and last data items."""
    nkeyatts = keys.nkeyatts
    return (keep_natts_fast(keys, newitem, pl.get_item(page, minoff)) > nkeyatts
            and keep_natts_fast(keys, newitem, pl.get_item(page, pl.max_offset(page)))
            > nkeyatts)


def _singleval_fillfactor(state: DedupState, newitemsz: int) -> None:
    """_bt_singleval_fillfactor: shrink the sixth posting list by the free space the
    split's single-value strategy will leave on the left page."""
    leftfree = pl.BLCKSZ - pl.SIZE_OF_PAGE_HEADER - pl.maxalign(pf.SPECIAL_SIZE)
    leftfree -= newitemsz + pl.maxalign(TID_SIZE)
    reduction = int(leftfree * ((100 - SINGLEVAL_FILLFACTOR) / 100.0))
    state.maxpostingsize = max(state.maxpostingsize - reduction, 0)


def dedup_pass(rel: Relation, keys: IndexKeys, buf: int, blkno: int, newitem: bytes,
               newitemsz: int, bottomup: bool) -> bool:
    """_bt_dedup_pass on the leaf in `buf` (exclusively locked), which lacks room for
    `newitem` (`newitemsz` MAXALIGNed, without its line pointer). Rewrites the page with
    equal neighbours merged and logs XLOG_BTREE_DEDUP; returns False when nothing could
    be merged (the page is left as it was). `bottomup`: a bottom-up deletion pass just
    ran (no single-value strategy then)."""
    page = bufmgr.page(buf)
    opaque = pf.Opaque(page)
    nkeyatts = keys.nkeyatts
    newitemsz += ITEM_ID_SIZE
    state = DedupState(min(pf.MAX_ITEM_SIZE // 2, it.INDEX_SIZE_MASK))
    minoff = opaque.first_data_offset
    maxoff = pl.max_offset(page)
    singleval = not bottomup and _is_single_value(keys, page, minoff, newitem)
    newpage = _temp_copy(page)
    for offnum in range(minoff, maxoff + 1):
        item = bytes(pl.get_item(page, offnum))
        if offnum == minoff:
            start_pending(state, item, offnum)
        elif (state.deduplicate and keep_natts_fast(keys, state.base, item) > nkeyatts
              and save_htid(state, item)):
            pass
        else:
            finish_pending(state, newpage)
            if singleval:
                if state.nmaxitems == 5:
                    _singleval_fillfactor(state, newitemsz)
                elif state.nmaxitems == 6:
                    state.deduplicate = False
                    singleval = False
            start_pending(state, item, offnum)
    finish_pending(state, newpage)
    if not state.intervals:
        return False
    if opaque.flags & pf.BTP_HAS_GARBAGE:
        pf.write_flags(newpage, pf.read_flags(newpage) & ~pf.BTP_HAS_GARBAGE)
    intervals = b"".join(INTERVAL.pack(base, n) for base, n in state.intervals)
    with critical_section("B-tree deduplication"):
        page[:] = newpage
        buffers.log_change(rel, XLOG_BTREE_DEDUP, DEDUP.pack(len(state.intervals)),
                           [buffers.PageChange(0, buf, blkno, intervals)])
    return True


def bottomup_skips_dedup(keys: IndexKeys, page) -> bool:
    """_bt_bottomupdel_pass, without its deletions: PostgreSQL asks the heap which of
    the page's duplicates are dead and deletes those; pgsnake has no heap interface for
    that yet (README, "Where we differ"), so nothing is deleted, and the pass only
    gives its answer for that case: skip deduplication when the page has no
    duplicates at all, else deduplicate (the freed space would be nil)."""
    opaque = pf.Opaque(page)
    nkeyatts = keys.nkeyatts
    previous = None
    for offnum in range(opaque.first_data_offset, pl.max_offset(page) + 1):
        item = pl.get_item(page, offnum)
        if previous is not None and keep_natts_fast(keys, previous, item) > nkeyatts:
            return False
        previous = item
    return True


def redo_dedup_page(page: bytearray, intervals_data: bytes, nintervals: int) -> None:
    """btree_xlog_dedup's page rebuild: merge exactly the logged intervals."""
    intervals = [INTERVAL.unpack_from(intervals_data, 4 * i) for i in range(nintervals)]
    opaque = pf.Opaque(page)
    state = DedupState(pf.MAX_ITEM_SIZE)
    minoff = opaque.first_data_offset
    newpage = _temp_copy(page)
    for offnum in range(minoff, pl.max_offset(page) + 1):
        item = bytes(pl.get_item(page, offnum))
        count = len(state.intervals)
        if offnum == minoff:
            start_pending(state, item, offnum)
        elif (count < nintervals and state.baseoff == intervals[count][0]
              and state.nitems < intervals[count][1]):
            if not save_htid(state, item):
                raise RuntimeError("deduplication failed to add heap tid to pending "
                                   "posting list")
        else:
            finish_pending(state, newpage)
            start_pending(state, item, offnum)
    finish_pending(state, newpage)
    if state.intervals != intervals:
        raise RuntimeError("btree redo: deduplication intervals do not match the page")
    if opaque.flags & pf.BTP_HAS_GARBAGE:
        pf.write_flags(newpage, pf.read_flags(newpage) & ~pf.BTP_HAS_GARBAGE)
    page[:] = newpage
