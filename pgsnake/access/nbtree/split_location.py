"""Choosing where to split a full page (nbtsplitloc.c's algorithm, rebuilt).

Every point between two tuples of the page, with the incoming tuple placed where it
belongs, is a candidate if both halves fit; for each we know the free space it leaves
on the left and right. The goal is, first, balance: equal free space on both halves;
except on the rightmost page of a level, which is left `fillfactor`% full (90% for
leaves, 70% above), because ever-increasing keys (sequences, timestamps) only ever
split that page and would otherwise leave every page half empty. Among the candidates
closest to that goal (the "split interval": those whose free space on either side is
within 5% of the page's data, 7.5% above the leaves, of the best one's), the one whose
new high key can drop the most key columns wins (suffix_truncation.py), since smaller
pivots make a wider tree.

Two fallbacks handle duplicates. If no candidate in the interval avoids a heap TID in
the high key but some split on the page would, split just beside the group of
duplicates ("many duplicates"). If the whole page is one value, leave the left page 96%
full ("single value"), as new duplicates arrive in heap-TID order at its right end.
On a non-rightmost leaf whose tuples are all the same small width, an insert just after
a recently inserted neighbour (adjacent heap TIDs) is taken as a local ascending run,
and the page is split right after the new tuple (or by fillfactor).

Candidates are ordered by their distance from the goal with PostgreSQL's own quicksort
(utils/pg_qsort.py): the sort is not stable, and which of two equally good candidates
comes first decides the split, so using Python's sort would split pages differently
from PostgreSQL and the pages would not compare equal.

Entry point: find_split_location.

PostgreSQL: access/nbtree/nbtsplitloc.c (_bt_findsplitloc, _bt_recsplitloc,
_bt_deltasortsplits, _bt_defaultinterval, _bt_afternewitemoff, _bt_bestsplitloc,
_bt_strategy,
_bt_interval_edges, _bt_split_penalty), src/include/lib/sort_template.h (the quicksort).
"""
from __future__ import annotations

from pgsnake.access.nbtree import index_tuple as it
from pgsnake.access.nbtree import page_format as pf
from pgsnake.access.nbtree.key_comparison import IndexKeys, keep_natts_fast
from pgsnake.storage.page import page_layout as pl
from pgsnake.utils.pg_qsort import pg_qsort

MAX_LEAF_INTERVAL = 9            # "just right of the split point" in _best_split
LEAF_SPLIT_DISTANCE = 0.050
INTERNAL_SPLIT_DISTANCE = 0.075
NONLEAF_FILLFACTOR = 70
SINGLEVAL_FILLFACTOR = 96
ITEM_ID_SIZE = 4
SPLIT_DEFAULT, SPLIT_MANY_DUPLICATES, SPLIT_SINGLE_VALUE = range(3)


class _Split:
    __slots__ = ("curdelta", "leftfree", "rightfree", "firstrightoff", "newitemonleft")

    def __init__(self, leftfree, rightfree, firstrightoff, newitemonleft) -> None:
        self.curdelta = 0
        self.leftfree = leftfree
        self.rightfree = rightfree
        self.firstrightoff = firstrightoff
        self.newitemonleft = newitemonleft


class _State:
    __slots__ = ("keys", "page", "newitem", "newitemsz", "is_leaf", "is_rightmost",
                 "newitemoff", "leftspace", "rightspace", "olddataitemstotal",
                 "minfirstrightsz", "splits", "interval")


def find_split_location(keys: IndexKeys, page, newitemoff: int, newitemsz: int,
                        newitem: bytes, fillfactor: int) -> tuple[int, bool]:
    """(firstrightoff, newitem_on_left): the first existing item that moves to the new
    right page, and which side the new item goes to (needed when firstrightoff ==
    newitemoff). `newitemsz` is MAXALIGNed, without its line pointer."""
    opaque = pf.Opaque(page)
    maxoff = pl.max_offset(page)
    state = _State()
    leftspace = rightspace = pl.BLCKSZ - pl.SIZE_OF_PAGE_HEADER - pf.SPECIAL_SIZE
    if not opaque.is_rightmost:
        # The right page gets the page's current high key.
        rightspace -= pl.maxalign(pl.item_id(page, pf.P_HIKEY)[2]) + ITEM_ID_SIZE
    state.olddataitemstotal = rightspace - pf.exact_free_space(page)
    state.keys = keys
    state.page = page
    state.newitem = newitem
    state.newitemsz = newitemsz + ITEM_ID_SIZE
    state.is_leaf = opaque.is_leaf
    state.is_rightmost = opaque.is_rightmost
    state.leftspace = leftspace
    state.rightspace = rightspace
    state.minfirstrightsz = 1 << 62
    state.newitemoff = newitemoff
    state.splits = []

    olddataitemstoleft = 0
    for offnum in range(opaque.first_data_offset, maxoff + 1):
        itemsz = pl.maxalign(pl.item_id(page, offnum)[2]) + ITEM_ID_SIZE
        if offnum < newitemoff:
            _record_split(state, offnum, False, olddataitemstoleft, itemsz)
        elif offnum > newitemoff:
            _record_split(state, offnum, True, olddataitemstoleft, itemsz)
        else:
            _record_split(state, offnum, False, olddataitemstoleft, itemsz)
            _record_split(state, offnum, True, olddataitemstoleft, itemsz)
        olddataitemstoleft += itemsz
    if newitemoff > maxoff:
        _record_split(state, newitemoff, False, state.olddataitemstotal, 0)
    if not state.splits:
        raise RuntimeError(f'could not find a feasible split point for index "{keys.name}"')

    if not state.is_leaf:
        usemult = state.is_rightmost
        fillfactormult = NONLEAF_FILLFACTOR / 100.0
    elif state.is_rightmost:
        usemult = True
        fillfactormult = fillfactor / 100.0
    else:
        after = _split_after_new_item(state, maxoff, fillfactor)
        if after is not None:
            usemult = after
            if usemult:
                fillfactormult = fillfactor / 100.0
            else:
                for split in state.splits:
                    if split.newitemonleft and split.firstrightoff == newitemoff:
                        return newitemoff, True
                fillfactormult = 0.50
        else:
            usemult = False
            fillfactormult = 0.50

    nsplits = len(state.splits)
    leftpage = state.splits[0]
    rightpage = state.splits[-1]
    _delta_sort(state, fillfactormult, usemult)
    state.interval = _default_interval(state)
    perfectpenalty, strategy = _strategy(state, leftpage, rightpage)
    if strategy == SPLIT_MANY_DUPLICATES:
        state.interval = nsplits
    elif strategy == SPLIT_SINGLE_VALUE:
        _delta_sort(state, SINGLEVAL_FILLFACTOR / 100.0, True)
        state.interval = 1
    return _best_split(state, perfectpenalty, strategy)


def _record_split(state: _State, firstrightoff: int, newitemonleft: bool,
                  olddataitemstoleft: int, firstrightofforigpagetuplesz: int) -> None:
    """_bt_recsplitloc: keep the split point if both halves fit."""
    newitemisfirstright = firstrightoff == state.newitemoff and not newitemonleft
    firstrightsz = state.newitemsz if newitemisfirstright else firstrightofforigpagetuplesz
    postingsz = 0
    if not newitemisfirstright and state.is_leaf and firstrightsz > 64:
        # A posting list loses its TIDs when it becomes a high key: count on that
        # (only for tuples big enough to have a sizeable one).
        firstright = pl.get_item(state.page, firstrightoff)
        if it.is_posting(firstright):
            postingsz = it.tuple_size(firstright) - it.posting_offset(firstright)
    leftfree = state.leftspace - olddataitemstoleft
    rightfree = state.rightspace - (state.olddataitemstotal - olddataitemstoleft)
    # firstright becomes the left page's high key; on a leaf, assume suffix truncation
    # has to add a heap TID to it.
    if state.is_leaf:
        leftfree -= firstrightsz + 8 - postingsz
    else:
        leftfree -= firstrightsz
    if newitemonleft:
        leftfree -= state.newitemsz
    else:
        rightfree -= state.newitemsz
    # Above the leaves, the right page's first item loses its key (minus infinity).
    if not state.is_leaf:
        rightfree += firstrightsz - (it.HEADER_SIZE + ITEM_ID_SIZE)
    if leftfree >= 0 and rightfree >= 0:
        state.minfirstrightsz = min(state.minfirstrightsz, firstrightsz)
        state.splits.append(_Split(leftfree, rightfree, firstrightoff, newitemonleft))


def _delta_sort(state: _State, fillfactormult: float, usemult: bool) -> None:
    for split in state.splits:
        if usemult:
            delta = int(fillfactormult * split.leftfree
                        - (1.0 - fillfactormult) * split.rightfree)
        else:
            delta = split.leftfree - split.rightfree
        split.curdelta = abs(delta)
    pg_qsort(state.splits, lambda a, b: (a.curdelta > b.curdelta) - (a.curdelta < b.curdelta))


def _default_interval(state: _State) -> int:
    """_bt_defaultinterval: how many of the best-balanced candidates (the sorted
    list's head) stay within 5% (leaves) or 7.5% (internal pages) of the page's data
    of the most balanced one's free space on either side."""
    distance = LEAF_SPLIT_DISTANCE if state.is_leaf else INTERNAL_SPLIT_DISTANCE
    tolerance = int(state.olddataitemstotal * distance)
    best = state.splits[0]
    low_left, high_left = best.leftfree - tolerance, best.leftfree + tolerance
    low_right, high_right = best.rightfree - tolerance, best.rightfree + tolerance
    for i in range(1, len(state.splits)):
        split = state.splits[i]
        if (split.leftfree < low_left or split.rightfree < low_right
                or split.leftfree > high_left or split.rightfree > high_right):
            return i
    return len(state.splits)


def _split_after_new_item(state: _State, maxoff: int, fillfactor: int) -> bool | None:
    """_bt_afternewitemoff: None when the optimization does not apply, else whether to
    use the fillfactor (True) or split exactly after the new item (False)."""
    nkeyatts = state.keys.nkeyatts
    if nkeyatts == 1:
        return None
    if state.newitemoff == pf.P_FIRSTKEY:
        return None
    if state.newitemsz != state.minfirstrightsz:
        return None
    if state.newitemsz * (maxoff - 1) != state.olddataitemstotal:
        return None
    if state.newitemsz > pl.maxalign(it.HEADER_SIZE + 8 * 2) + ITEM_ID_SIZE:
        return None
    page = state.page
    if state.newitemoff > maxoff:
        tup = pl.get_item(page, maxoff)
        keep = keep_natts_fast(state.keys, tup, state.newitem)
        if 1 < keep <= nkeyatts:
            return True
        return None
    tup = pl.get_item(page, state.newitemoff - 1)
    if it.is_posting(tup) or not _adjacent_heap_tids(it.raw_tid(tup),
                                                     it.raw_tid(state.newitem)):
        return None
    keep = keep_natts_fast(state.keys, tup, state.newitem)
    if 1 < keep <= nkeyatts:
        interp = state.newitemoff / (maxoff + 1)
        return interp > fillfactor / 100.0
    return None


def _adjacent_heap_tids(low, high) -> bool:
    """Was `high` probably inserted into the heap right after `low`?"""
    if low[0] == high[0]:
        return True
    return low[0] + 1 == high[0] and high[1] == 1


def _best_split(state: _State, perfectpenalty: int, strategy: int) -> tuple[int, bool]:
    """_bt_bestsplitloc: the lowest-penalty split within the interval."""
    highsplit = min(state.interval, len(state.splits))
    bestpenalty = 1 << 62
    lowsplit = 0
    for i in range(highsplit):
        penalty = _penalty(state, state.splits[i])
        if penalty < bestpenalty:
            bestpenalty = penalty
            lowsplit = i
        if penalty <= perfectpenalty:
            break
    final = state.splits[lowsplit]
    # Ever-decreasing inserts just right of a many-duplicates split point would split
    # the same page again and again, leaving right halves that never fill: split 50:50.
    if (strategy == SPLIT_MANY_DUPLICATES and not state.is_rightmost
            and not final.newitemonleft and state.newitemoff <= final.firstrightoff
            < state.newitemoff + MAX_LEAF_INTERVAL):
        final = state.splits[0]
    return final.firstrightoff, final.newitemonleft


def _strategy(state: _State, leftpage: _Split, rightpage: _Split) -> tuple[int, int]:
    """_bt_strategy: (perfect penalty, strategy)."""
    nkeyatts = state.keys.nkeyatts
    if not state.is_leaf:
        return state.minfirstrightsz, SPLIT_DEFAULT
    leftinterval, rightinterval = _interval_edges(state)
    leftmost = _lastleft(state, leftinterval)
    rightmost = _firstright(state, rightinterval)
    perfectpenalty = keep_natts_fast(state.keys, leftmost, rightmost)
    if perfectpenalty <= nkeyatts:
        return perfectpenalty, SPLIT_DEFAULT
    leftmost = _lastleft(state, leftpage)
    rightmost = _firstright(state, rightpage)
    perfectpenalty = keep_natts_fast(state.keys, leftmost, rightmost)
    if perfectpenalty <= nkeyatts:
        return nkeyatts, SPLIT_MANY_DUPLICATES
    if state.is_rightmost:
        return perfectpenalty, SPLIT_SINGLE_VALUE
    hikey = pl.get_item(state.page, pf.P_HIKEY)
    perfectpenalty = keep_natts_fast(state.keys, hikey, state.newitem)
    if perfectpenalty <= nkeyatts:
        return perfectpenalty, SPLIT_SINGLE_VALUE
    return perfectpenalty, SPLIT_DEFAULT


def _interval_edges(state: _State) -> tuple[_Split, _Split]:
    highsplit = min(state.interval, len(state.splits))
    deltaoptimal = state.splits[0]
    left = right = None
    for i in range(highsplit - 1, -1, -1):
        distant = state.splits[i]
        if distant.firstrightoff < deltaoptimal.firstrightoff:
            if left is None:
                left = distant
        elif distant.firstrightoff > deltaoptimal.firstrightoff:
            if right is None:
                right = distant
        elif not distant.newitemonleft and deltaoptimal.newitemonleft:
            if left is None:
                left = distant
        elif distant.newitemonleft and not deltaoptimal.newitemonleft:
            if right is None:
                right = distant
        else:
            if left is None:
                left = distant
            if right is None:
                right = distant
        if left is not None and right is not None:
            return left, right
    raise AssertionError("split interval edges not found")


def _penalty(state: _State, split: _Split) -> int:
    if not state.is_leaf:
        if not split.newitemonleft and split.firstrightoff == state.newitemoff:
            return state.newitemsz
        return pl.maxalign(pl.item_id(state.page, split.firstrightoff)[2]) + ITEM_ID_SIZE
    return keep_natts_fast(state.keys, _lastleft(state, split), _firstright(state, split))


def _lastleft(state: _State, split: _Split):
    if split.newitemonleft and split.firstrightoff == state.newitemoff:
        return state.newitem
    return pl.get_item(state.page, split.firstrightoff - 1)


def _firstright(state: _State, split: _Split):
    if not split.newitemonleft and split.firstrightoff == state.newitemoff:
        return state.newitem
    return pl.get_item(state.page, split.firstrightoff)
