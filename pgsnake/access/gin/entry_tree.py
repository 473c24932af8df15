"""The entry tree: a B-tree of keys whose leaf tuples carry each key's TIDs.

Keys are ordered by (null category, key) with the operator class's ordering; there are
no duplicates. Searching an internal page finds the first tuple whose key is >= the
search key (the last tuple of the rightmost page of a level counts as +infinity) and
follows its downlink. A leaf insert adds a new tuple or replaces the key's tuple by one
with the merged posting list; a posting list that outgrows GinMaxItemSize moves into a
posting tree (posting_tree.py).

Splits are PostgreSQL's: the page's tuples plus the new one are divided so that the
left page gets just over half the bytes; the left page keeps its block, the right one
is new; the parent's tuple that pointed at the old page (its key, the old page's last
key, is now the right page's last key) is pointed at the right page and the left page's
downlink goes in before it. The root stays at block 1: when it splits, its items go to
two new pages and it becomes their parent.

Concurrency (README rule G1): page locks, no index-wide lock. An insert descends under
momentary share locks, locks its leaf exclusively and steps right while the key is
beyond the page's last one (the page split since its parent was read); a split locks
the parent after the child and re-finds the downlink there, on a right sibling, or
from the root (_locate_parent). The entry leaf holding a key's tuple is locked by
whoever changes that key's posting tree, so posting trees have one writer at a time.
Scans move right the same way (find).

Entry points: EntryKeys (comparison and tuple forming for one index), insert(pages,
keys, category, key, tids), find(read, keys, category, key) -> leaf tuple or None,
leaf_tuples(read) -> every leaf tuple in key order, leaf_tuples_from(read, keys,
target) -> those from a partial-match key's start on, leaf_blocks(read).

PostgreSQL: access/gin/ginentrypage.c (entryLocateEntry, entryLocateLeafEntry,
entryIsEnoughSpace, entryPlaceToPage, entrySplitPage, ginEntryFillRoot),
access/gin/ginbtree.c (ginFindLeafPage, ginInsertValue, ginPlaceToPage,
ginFinishSplit), access/gin/gininsert.c (ginEntryInsert, addItemPointersToLeafTuple,
buildFreshLeafTuple).
"""
from __future__ import annotations

from pgsnake.access.common.index_page_set import StepBlock
from pgsnake.access.gin import column_keys
from pgsnake.access.gin import page_format as pf
from pgsnake.access.gin import posting_list, posting_tree
from pgsnake.access.gin import wal_records as xl
from pgsnake.access.transam.wal import wal
from pgsnake.access.nbtree.page_format import insert_item
from pgsnake.storage.page import page_layout as pl
from pgsnake.utils.errors import PROGRAM_LIMIT_EXCEEDED, PgError

_ITEM_ID = 4


class EntryKeys:
    """One GIN index's key ordering and tuple codec. `opclasses`: the class of each
    column (one class: a one-column index). In a multicolumn index a key is (attnum,
    key) and entries order by column, then category, then key (column_keys.py)."""

    def __init__(self, index, opclasses) -> None:
        if not isinstance(opclasses, (list, tuple)):
            opclasses = [opclasses]
        self.index = index
        self.multicolumn = column_keys.is_multicolumn(index)
        self.codec = column_keys.entry_codec(index)
        self.key_type = index.attributes[0].type_oid
        self.sort_keys = {att.attnum: opclass.sort_key(att.type_oid)
                          for att, opclass in zip(index.attributes, opclasses)}
        self.sort_key = self.sort_keys[index.attributes[0].attnum]

    def order(self, category: int, key):
        if self.multicolumn:
            attnum, value = key
            return (attnum, category,
                    self.sort_keys[attnum](value) if category == pf.CAT_NORM_KEY else 0)
        return (category, self.sort_key(key) if category == pf.CAT_NORM_KEY else 0)

    def column_key(self, attnum: int, key):
        """The tree's key for column `attnum`'s key."""
        return (attnum, key) if self.multicolumn else key

    def split(self, key) -> tuple[int, object]:
        """(attnum, column key) of a tree key."""
        return key if self.multicolumn else (1, key)

    def partial_start(self, attnum: int, key):
        """Where a partial-match walk over column `attnum` starts: the order of the key,
        or of the column's first entry for LEFTMOST (None: the tree's first entry)."""
        from pgsnake.access.gin.opclass_support import LEFTMOST
        if key is LEFTMOST:
            return (attnum,) if self.multicolumn else None
        return self.order(pf.CAT_NORM_KEY, self.column_key(attnum, key))

    def tuple_order(self, data):
        category, key = pf.entry_key(self.codec, data)
        return self.order(category, key)


def _items(page) -> list[bytes]:
    return [bytes(pl.get_item(page, off)) for off in range(1, pl.max_offset(page) + 1)]


def _locate_child(keys: EntryKeys, page, target) -> int:
    """entryLocateEntry: offset of the first tuple whose key >= target."""
    opaque = pf.read_opaque(page)
    maxoff = pl.max_offset(page)
    low, high = 1, maxoff
    if opaque.rightmost:
        high = maxoff - 1              # the last tuple is +infinity
        if high < 1:
            return maxoff
    while low <= high:
        mid = (low + high) // 2
        if keys.tuple_order(pl.get_item(page, mid)) < target:
            low = mid + 1
        else:
            high = mid - 1
    return min(low, maxoff)


def _locate_leaf(keys: EntryKeys, page, target) -> tuple[int, bool]:
    """entryLocateLeafEntry: (offset of the key or where it goes, found)."""
    low, high = 1, pl.max_offset(page)
    while low <= high:
        mid = (low + high) // 2
        order = keys.tuple_order(pl.get_item(page, mid))
        if order == target:
            return mid, True
        if order < target:
            low = mid + 1
        else:
            high = mid - 1
    return low, False


def _beyond(keys: EntryKeys, page, target) -> bool:
    """moveRightIfItNeeded's test: a page split after its parent was read keeps its
    lower keys; a key above its last one (which bounds it, the rightmost page's being
    +infinity) is on a right sibling."""
    return not pf.read_opaque(page).rightmost and pl.max_offset(page) > 0 \
        and keys.tuple_order(pl.get_item(page, pl.max_offset(page))) < target


def _move_right(get, keys: EntryKeys, blkno: int, page, target):
    while _beyond(keys, page, target):
        blkno = pf.read_opaque(page).rightlink
        page = get(blkno)
    return blkno, page


def _find_leaf(get, keys: EntryKeys, target):
    blkno, page = pf.ROOT_BLKNO, get(pf.ROOT_BLKNO)
    while True:
        blkno, page = _move_right(get, keys, blkno, page, target)
        if pf.read_opaque(page).is_leaf:
            return blkno, page
        blkno = pf.downlink(pl.get_item(page, _locate_child(keys, page, target)))
        page = get(blkno)


def find(get, keys: EntryKeys, category: int, key) -> bytes | None:
    """The leaf tuple of (category, key), or None. `get(blkno)` reads a page (under a
    momentary share lock: scans take no index-wide lock, so on every level the search
    moves right past pages split since their parent was read, ginFindLeafPage)."""
    target = keys.order(category, key)
    _blkno, page = _find_leaf(get, keys, target)
    off, found = _locate_leaf(keys, page, target)
    return bytes(pl.get_item(page, off)) if found else None


def leaf_tuples_from(get, keys: EntryKeys, target):
    """The leaf tuples from the first whose order is >= `target` (None: the first
    entry) on, in key order along the leaf level's right links (startScanEntry and
    collectMatchBitmap of a partial-match key; EntryKeys.partial_start)."""
    if target is None:
        yield from (data for _blkno, _off, data in leaf_tuples(get))
        return
    _blkno, page = _find_leaf(get, keys, target)
    off, _found = _locate_leaf(keys, page, target)
    while True:
        for item in range(off, pl.max_offset(page) + 1):
            yield bytes(pl.get_item(page, item))
        opaque = pf.read_opaque(page)
        if opaque.rightmost:
            return
        page, off = get(opaque.rightlink), 1


def _descend_for_insert(pages, keys: EntryKeys, target) -> tuple[list, int]:
    """The leaf block for `target` and the path [(block, offset)] of internal pages,
    read under momentary share locks (pages.peek), moving right as find does."""
    blkno, page = pf.ROOT_BLKNO, pages.peek(pf.ROOT_BLKNO)
    path = []
    while True:
        blkno, page = _move_right(pages.peek, keys, blkno, page, target)
        if pf.read_opaque(page).is_leaf:
            return path, blkno
        off = _locate_child(keys, page, target)
        path.append((blkno, off))
        blkno = pf.downlink(pl.get_item(page, off))
        page = pages.peek(blkno)


def _downlink_offset(page, child: int) -> int | None:
    for off in range(1, pl.max_offset(page) + 1):
        if pf.downlink(pl.get_item(page, off)) == child:
            return off
    return None


def _locate_parent(pages, path: list, child: int) -> tuple[int, int, list]:
    """ginFindParents: the internal page holding `child`'s downlink, locked exclusively
    (held from here on, locked after the child: bottom-up), the downlink's offset, and
    the path above it. The remembered parent first, then its right siblings (a
    concurrent split moved the downlink right), else a search from the root (a root
    split moved it a level down)."""
    parent, off = path[-1]
    while True:
        blkno = parent
        while True:
            page = pages.page(blkno)
            if blkno == parent and off <= pl.max_offset(page) \
                    and pf.downlink(pl.get_item(page, off)) == child:
                return blkno, off, path[:-1]
            found = _downlink_offset(page, child)
            if found is not None:
                return blkno, found, path[:-1]
            if pf.read_opaque(page).rightmost:
                break
            blkno = pf.read_opaque(page).rightlink
        path = _find_path(pages, child)
        parent, off = path[-1]


def _find_path(pages, child: int) -> list:
    """The path [(block, offset)] from the root to the downlink to `child`, read page by
    page."""
    stack = [(pf.ROOT_BLKNO, [])]
    while stack:
        blkno, above = stack.pop(0)
        page = pages.peek(blkno)
        opaque = pf.read_opaque(page)
        if opaque.is_leaf:
            continue
        if blkno != pf.ROOT_BLKNO and not opaque.rightmost:
            stack.append((opaque.rightlink, above))
        for off in range(1, pl.max_offset(page) + 1):
            downlink = pf.downlink(pl.get_item(page, off))
            if downlink == child:
                return above + [(blkno, off)]
            stack.append((downlink, above + [(blkno, off)]))
    raise RuntimeError(f"failed to re-find parent of GIN page {child}")


def leaf_blocks(get) -> list[int]:
    """Every leaf block, left to right."""
    return pf.leaf_level(get, pf.ROOT_BLKNO, lambda page: pf.downlink(pl.get_item(page, 1)))


def leaf_tuples(get):
    """(block, offset, tuple) of every leaf tuple, in key order."""
    for blkno in leaf_blocks(get):
        page = get(blkno)
        for off in range(1, pl.max_offset(page) + 1):
            yield blkno, off, bytes(pl.get_item(page, off))


# ---- inserting -------------------------------------------------------------------------

def insert(pages, keys: EntryKeys, category: int, key, tids: list) -> None:
    """ginEntryInsert: add `tids` (sorted, distinct) to the key's TIDs."""
    target = keys.order(category, key)
    while True:
        path, blkno = _descend_for_insert(pages, keys, target)
        page = pages.page(blkno)
        if pf.read_opaque(page).is_leaf:
            break
        pages.drop(blkno)          # the root, split into a level since it was read
    while _beyond(keys, page, target):            # split since we read it: step right
        right = pf.read_opaque(page).rightlink
        page = pages.page(right)                  # the right page locked first (ginStepRight)
        pages.drop(blkno)
        blkno = right
    off, found = _locate_leaf(keys, page, target)
    codec = keys.codec
    if found:
        old = bytes(pl.get_item(page, off))
        if pf.is_posting_tree(old):
            posting_tree.insert(pages, pf.posting_root(old), tids)
            return
        merged = posting_list.merge(pf.entry_tids(old), tids)
        new = pf.form_leaf_entry(codec, key, category, merged)
        if new is None:
            # addItemPointersToLeafTuple: the tree starts with the old TIDs, the new
            # ones go in as an insert (which decides their segments).
            check_key_size(pages.index, codec, key, category)
            root = posting_tree.create(pages, pf.entry_tids(old))
            posting_tree.insert(pages, root, tids)
            new = pf.form_tree_entry(codec, key, category, root)
    else:
        new = pf.form_leaf_entry(codec, key, category, tids)
        if new is None:
            check_key_size(pages.index, codec, key, category)
            new = pf.form_tree_entry(codec, key, category, posting_tree.create(pages, tids))
    _place(pages, path, blkno, off, new, replace=found, from_leaf=True)


def check_key_size(index, codec, key, category: int) -> None:
    """GinFormTuple's errorTooBig: a key whose tuple alone exceeds GinMaxItemSize."""
    size = pf.entry_size(codec, key, category)
    if size > pf.MAX_ITEM_SIZE:
        raise PgError(PROGRAM_LIMIT_EXCEEDED, f"index row size {size} exceeds maximum "
                                              f"{pf.MAX_ITEM_SIZE} for index \"{index.name}\"")


def _fits(page, new: bytes, replaced: bytes | None) -> bool:
    """entryIsEnoughSpace."""
    released = pl.maxalign(len(replaced)) + _ITEM_ID if replaced is not None else 0
    return pl.free_space(page) + released >= pl.maxalign(len(new)) + _ITEM_ID


def _place(pages, path: list, blkno: int, off: int, new: bytes, *, replace: bool,
           from_leaf: bool, update_child: int | None = None,
           left_child: int | None = None) -> None:
    """entryPlaceToPage / entrySplitPage: put `new` at `off` (replacing the tuple there
    if `replace`; in a parent, after pointing the tuple at `off` to `update_child`, the
    right page of `left_child`'s split), splitting and going up as needed. One INSERT
    record, or a SPLIT record of page images."""
    page = pages.page(blkno)
    leaf = pf.read_opaque(page).is_leaf
    if update_child is not None:         # in place, as entryPreparePage's GinSetDownlink
        start = pl.item_id(page, off)[0]
        page[start:start + 6] = pf.with_downlink(bytes(page[start:start + 6]), update_child)
    replaced = bytes(pl.get_item(page, off)) if replace else None
    if _fits(page, new, replaced):
        if replace:
            pl.index_tuple_delete(page, off)
        insert_item(page, new, off)
        blocks = [StepBlock(0, blkno, xl.insert_entry_data(off, replace, new))]
        if left_child is not None:
            blocks.append(StepBlock(1, left_child))
        pages.log_step(wal.RmgrId.GIN, xl.XLOG_GIN_INSERT,
                       xl.insert_main(leaf, left_child, update_child), blocks)
        return
    if replace:
        pl.index_tuple_delete(page, off)
    items = _items(page)
    items.insert(off - 1, new)
    total = sum(pl.maxalign(len(t)) + _ITEM_ID for t in items)
    left_items, right_items = [], []
    size = 0
    for t in items:
        if size > total // 2:
            right_items.append(t)
        else:
            size += pl.maxalign(len(t)) + _ITEM_ID
            left_items.append(t)
    opaque = pf.read_opaque(page)
    flags = opaque.flags
    if blkno == pf.ROOT_BLKNO:
        right_blkno, right = pages.new(flags)
        left_blkno, left = pages.new(flags)
        _fill(left, left_items, flags, right_blkno)
        _fill(right, right_items, flags, pf.INVALID_BLOCK)
        pf.init_page(page, flags & ~(pf.GIN_LEAF | pf.GIN_COMPRESSED))
        for child_blkno, child in ((left_blkno, left), (right_blkno, right)):
            last = bytes(pl.get_item(child, pl.max_offset(child)))
            insert_item(page, pf.form_interior(last, child_blkno, from_leaf),
                        pl.max_offset(page) + 1)
        _log_split(pages, left_blkno, right_blkno, blkno, blkno, leaf, left_child,
                   update_child)
        return
    right_blkno, right = pages.new(flags)
    _fill(right, right_items, flags, opaque.rightlink)
    _fill(page, left_items, flags, right_blkno)
    _log_split(pages, blkno, right_blkno, None, opaque.rightlink, leaf, left_child,
               update_child)
    last = bytes(pl.get_item(page, pl.max_offset(page)))
    downlink = pf.form_interior(last, blkno, from_leaf)
    parent_blkno, parent_off, above = _locate_parent(pages, path, blkno)
    _place(pages, above, parent_blkno, parent_off, downlink, replace=False,
           from_leaf=False, update_child=right_blkno, left_child=blkno)


def _log_split(pages, left: int, right: int, root: int | None, rrlink: int, leaf: bool,
               left_child: int | None, right_child: int | None) -> None:
    """SPLIT (ginPlaceToPage's split branch): the pages as forced images; the left
    child whose split this parent split finishes, if any."""
    blocks = [StepBlock(0, left, force_image=True), StepBlock(1, right, force_image=True)]
    if root is not None:
        blocks.append(StepBlock(2, root, force_image=True))
    if left_child is not None:
        blocks.append(StepBlock(3, left_child))
    pages.log_step(wal.RmgrId.GIN, xl.XLOG_GIN_SPLIT,
                   xl.split_main(pages.index.locator, rrlink, left_child, right_child, leaf,
                                 root is not None), blocks)


def _fill(page, items: list[bytes], flags: int, rightlink: int) -> None:
    pf.init_page(page, flags)
    for t in items:
        if not insert_item(page, t, pl.max_offset(page) + 1):
            raise ValueError("GIN split: tuple does not fit on the new page")
    opaque = pf.read_opaque(page)
    opaque.rightlink = rightlink
    pf.write_opaque(page, opaque)
