"""The GiST tree: descending by penalty, placing tuples, splitting full pages, scanning
by the consistent function, and removing dead leaf tuples.

    Keys(index)                            the index's tuple codec and operator classes
    insert(pages, keys, tuple, reserve)    one leaf tuple into the tree (gistdoinsert)
    search(get, keys, scan_keys) -> [(tid, recheck)]           (gistgetbitmap)
    vacuum_page(pages, blkno, is_dead) -> (removed, remaining) (gistvacuumpage)

Insertion: from the root, each internal page's child is the one whose key needs the
least widening for the new key (the operator classes' penalties, column by column:
gistchoose). At the leaf the tuple goes in if it fits; the keys of the downlinks on the
way are widened bottom-up until one already covers the change (gistgetadjusted).
A full page is split: picksplit divides its tuples (and the new ones) into halves,
recursively until each fits a page (gistSplit). A non-root page keeps the first half,
new pages at the end of the index take the rest, chained by right links; the parent's
downlink for the page is replaced by one with the first half's union and downlinks for
the new pages are added to it, which may split the parent in turn. A root split moves
the root's tuples to new pages and leaves block 0 an internal page one level higher
(the root never moves).

Concurrency (README rule T1): no lock covers the index. The descent reads pages under
momentary share locks; the leaf, then each parent a change reaches, is locked
exclusively and held until the change's records are in (pages.py), bottom-up and left
to right; a parent is re-found where a concurrent split or root split moved the
downlink (_locate_parent). Scans read page by page and follow right links by the NSN
rule (_split_since).

WAL (README rule T4): each page change is one GiST record, described with
pages.log_step as soon as it is made (wal_records.py): PAGE_UPDATE for tuples placed,
replaced or deleted on a page, PAGE_SPLIT for a split. Every page of a split keeps the
split page's NSN; the downlinks go to the parent from the right, one record per new
page, and each page but the last of the split gets the LSN of the record adding its
right neighbour's downlink as NSN (wal_records.finish_split), above every LSN a reader
can have seen on the parent before the split: a scan that read the parent before
follows the right links through the whole split.

PostgreSQL: access/gist/gist.c (gistdoinsert, gistplacetopage, gistSplit,
gistfinishsplit, gistFindCorrectParent, gistFindPath), gistutil.c (gistchoose, gistgetadjusted, gistunion), gistget.c
(gistScanPage), gistvacuum.c (gistvacuumpage), gistsplit.c (gistSplitByKey, simplified).
"""
from __future__ import annotations

from pgsnake.access.common.index_page_set import StepBlock
from pgsnake.access.gist import opclasses
from pgsnake.access.gist import page_format as pf
from pgsnake.access.gist import wal_records as xl
from pgsnake.access.nbtree import index_tuple as it
from pgsnake.access.nbtree.page_format import insert_item, overwrite_item
from pgsnake.access.transam.wal import wal
from pgsnake.storage.page import page_layout as pl
from pgsnake.utils.errors import PROGRAM_LIMIT_EXCEEDED, PgError
from pgsnake.utils.interrupts import check_for_interrupts


_keys_cache: dict = {}


def keys_for(index) -> "Keys":
    """The index's Keys, made once per descriptor (a codec is costly to set up)."""
    cached = _keys_cache.get(index.oid)
    if cached is None or cached.descriptor is not index.descriptor:
        cached = _keys_cache[index.oid] = Keys(index)
    return cached


class Keys:
    """How one index's tuples hold keys: its codec and each key column's operator
    class."""

    def __init__(self, index) -> None:
        self.index = index
        self.descriptor = index.descriptor
        self._seen: dict = {}
        self.codec = it.codec_for(index.descriptor)
        self.opclasses = [opclasses.lookup(name) for name in index.index.opclass_names]

    def leaf_tuple(self, values, tid) -> bytes:
        keys = [None if v is None else oc.compress(v) for v, oc in zip(values, self.opclasses)]
        keys += list(values[len(keys):])        # INCLUDE columns: stored as they are
        data = self.codec.form(keys, tuple(tid))
        if len(data) > pf.MAX_ITEM_SIZE:
            raise PgError(PROGRAM_LIMIT_EXCEEDED,
                          f"index row requires {len(data)} bytes, maximum size is "
                          f"{pf.MAX_ITEM_SIZE}")
        return data

    def keys_of(self, data) -> list:
        """A tuple's keys; internal tuples are read at every descent, so their keys
        are remembered by the tuple's bytes (a bounded cache)."""
        data = bytes(data)
        keys = self._seen.get(data)
        if keys is None:
            if len(self._seen) > 5000:
                self._seen.clear()
            keys = self._seen[data] = self.codec.deform(data)
        return keys

    def union(self, key_lists) -> list:
        """The key columns' unions (INCLUDE columns are NULL in internal tuples)."""
        return [oc.union([keys[i] for keys in key_lists])
                for i, oc in enumerate(self.opclasses)]

    def downlink(self, keys, child: int) -> bytes:
        return self.codec.form(keys, (child, pf.DOWNLINK_OFFSET))

    def penalty(self, orig, new) -> tuple:
        return tuple(oc.penalty(o, n) for oc, o, n in zip(self.opclasses, orig, new))

    def covers(self, orig, new) -> bool:
        """Whether widening `orig` by `new` changes nothing (gistgetadjusted's test)."""
        return self.union([orig, new]) == list(orig[:len(self.opclasses)])

    def picksplit(self, key_lists) -> tuple[list[int], list[int]]:
        """The first key column's picksplit (gistSplitByKey without the tie-breaking
        on the next columns)."""
        column = [keys[0] for keys in key_lists]
        if all(k is None for k in column) and len(self.opclasses) > 1:
            column = [keys[1] for keys in key_lists]
            left, right = self.opclasses[1].picksplit(column)
        else:
            left, right = self.opclasses[0].picksplit(column)
        if not left or not right:                       # a degenerate split: halve
            order = left or right
            middle = len(order) // 2
            left, right = order[:middle], order[middle:]
        return left, right


# ---- insertion -------------------------------------------------------------------------

def insert(pages, keys: Keys, data: bytes, reserve: int = 0) -> None:
    """gistdoinsert: place one leaf tuple. The descent reads pages under momentary
    share locks; the leaf is then locked exclusively, and if it was split since its
    parent was read (its NSN is newer than the parent's LSN then, or F_FOLLOW_RIGHT),
    it is let go and the descent starts again from the root."""
    new_keys = keys.keys_of(data)
    while True:
        path, blkno = _descend(pages, keys, new_keys)
        opaque = pf.read_opaque(pages.page(blkno))
        if opaque.is_leaf and not (path and _split_since(opaque, path[-1][1])):
            break
        pages.drop(blkno)                # split (or, the root, grown a level) meanwhile
    _place(pages, keys, path, blkno, None, [data], reserve, new_keys)


def _split_since(opaque: pf.Opaque, parent_lsn: int) -> bool:
    """gistScanPage's and gistdoinsert's test: the page was split after its parent was
    read at `parent_lsn`, and its right siblings may hold what the parent sent here."""
    return (opaque.follow_right or opaque.nsn > parent_lsn) \
        and opaque.rightlink != pf.INVALID_BLOCK


def _descend(pages, keys: Keys, new_keys) -> tuple[list, int]:
    """From the root to the leaf the new key goes to (gistchoose on each internal
    page): ([(internal block, its LSN when read, offset of the downlink)], leaf)."""
    path: list = []
    blkno = pf.ROOT_BLKNO
    while True:
        check_for_interrupts()
        page = pages.peek(blkno)
        opaque = pf.read_opaque(page)
        if path and _split_since(opaque, path[-1][1]):
            path, blkno = [], pf.ROOT_BLKNO               # split under us: start again
            continue
        if opaque.is_leaf:
            return path, blkno
        best = None
        for off in range(1, pl.max_offset(page) + 1):
            item = pl.get_item(page, off)
            penalty = keys.penalty(keys.keys_of(item), new_keys)
            if best is None or penalty < best[0]:
                best = (penalty, off, pf.downlink(item))
            if all(p == 0 for p in penalty):
                break
        path.append((blkno, pl.get_lsn(page), best[1]))
        blkno = best[2]


def _downlink_offset(page, child: int) -> int | None:
    for off in range(1, pl.max_offset(page) + 1):
        if pf.downlink(pl.get_item(page, off)) == child:
            return off
    return None


def _locate_parent(pages, path: list, child: int) -> tuple[int, int, list]:
    """gistFindCorrectParent: the page holding `child`'s downlink, locked exclusively
    (held by this change from here on), the downlink's offset, and the path above it.
    The remembered parent comes first; a concurrent split may have moved the downlink
    to one of its right siblings; a root split moves it a level down, where only a
    search from the root finds it (gistFindPath)."""
    parent, _lsn, off = path[-1]
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
            rightlink = pf.read_opaque(page).rightlink
            if blkno == pf.ROOT_BLKNO or rightlink == pf.INVALID_BLOCK:
                break
            blkno = rightlink
        path = _find_path(pages, child)
        parent, _lsn, off = path[-1]


def _find_path(pages, child: int) -> list:
    """gistFindPath: the path from the root to the internal page holding `child`'s
    downlink, read page by page."""
    stack = [(pf.ROOT_BLKNO, [])]
    while stack:
        check_for_interrupts()
        blkno, above = stack.pop(0)
        page = pages.peek(blkno)
        opaque = pf.read_opaque(page)
        if opaque.is_leaf:
            continue
        lsn = pl.get_lsn(page)
        if opaque.rightlink != pf.INVALID_BLOCK and blkno != pf.ROOT_BLKNO:
            stack.append((opaque.rightlink, above))
        for off in range(1, pl.max_offset(page) + 1):
            downlink = pf.downlink(pl.get_item(page, off))
            if downlink == child:
                return above + [(blkno, lsn, off)]
            stack.append((downlink, above + [(blkno, lsn, off)]))
    raise PgError("XX000", f"failed to re-find parent of a page in index, block {child}")


def _page_keys(keys: Keys, page) -> list:
    return keys.union([keys.keys_of(item) for item in pf.page_tuples(page)])


def _left_child_block(block_id: int, left_child: int | None) -> list:
    """The left page of the split whose downlinks a record adds (finish_split)."""
    if left_child is None:
        return []
    return [StepBlock(block_id, left_child, after=xl.finish_split)]


def _place(pages, keys: Keys, path: list, blkno: int, replace_off: int | None,
           items: list[bytes], reserve: int, added_keys=None,
           left_child: int | None = None) -> None:
    """gistplacetopage + gistfinishsplit: put `items` on page `blkno` (replacing the
    tuple at `replace_off`, a downlink whose key only grew), splitting it when they do
    not fit, then widen the parent's downline by `added_keys` (the union of what was
    added: the page's old union widened by it is the new one, gistgetadjusted).
    `left_child`: the split page whose downlinks `items` are. One PAGE_UPDATE record:
    a one-for-one replacement overwrites the tuple in place, else the old tuple is
    deleted and the new ones appended (as gistplacetopage does)."""
    page = pages.page(blkno)
    removed = 0 if replace_off is None else pl.maxalign(pl.item_id(page, replace_off)[2]) + 4
    if pf.fits(page, items, reserve - removed):
        todelete = [] if replace_off is None else [replace_off]
        if replace_off is not None and len(items) == 1:
            overwrite_item(page, replace_off, items[0])
        else:
            if replace_off is not None:
                pl.index_tuple_delete(page, replace_off)
            for item in items:
                insert_item(page, item, pl.max_offset(page) + 1)
        pages.log_step(wal.RmgrId.GIST, xl.XLOG_GIST_PAGE_UPDATE,
                       xl.PAGE_UPDATE.pack(len(todelete), len(items)),
                       [StepBlock(0, blkno, xl.update_data(todelete, items))]
                       + _left_child_block(1, left_child))
        if replace_off is not None:
            items = items[1:]            # the first only replaces the page's own downlink
        if path:
            parent, off, above = _locate_parent(pages, path, blkno)
            parent_page = pages.page(parent)
            old = keys.keys_of(pl.get_item(parent_page, off))
            union = added_keys if added_keys is not None else keys.union(
                [keys.keys_of(i) for i in items])
            if not keys.covers(old, union):
                widened = keys.union([old, union])
                _place(pages, keys, above, parent, off,
                       [keys.downlink(widened, blkno)], reserve, widened)
        return
    _split(pages, keys, path, blkno, replace_off, items, reserve, left_child)


def _groups(keys: Keys, items: list[bytes], reserve: int) -> list[list[bytes]]:
    """gistSplit: picksplit until every group fits on an empty page."""
    capacity = pf.PAGE_SIZE - reserve
    if sum(pl.maxalign(len(i)) + 4 for i in items) <= capacity or len(items) < 2:
        return [items]
    left, right = keys.picksplit([keys.keys_of(i) for i in items])
    return (_groups(keys, [items[i] for i in sorted(left)], reserve)
            + _groups(keys, [items[i] for i in sorted(right)], reserve))


def _fill(page, flags: int, group, nsn: int, rightlink: int) -> None:
    """A page of a split, as gistRedoPageSplitRecord rebuilds it: empty, the group's
    tuples in order, then its NSN and right link."""
    pf.init_page(page, flags)
    for item in group:
        insert_item(page, item, pl.max_offset(page) + 1)
    pf.write_opaque(page, pf.Opaque(nsn, rightlink, flags))


def _split(pages, keys: Keys, path, blkno: int, replace_off, items, reserve,
           left_child: int | None = None) -> None:
    """A page split and its PAGE_SPLIT record: every page of it keeps the split page's
    NSN and the right links chain them (the last keeps the old right link); the split
    page's NSN becomes the LSN of the record that adds the downlinks to the parent
    (finish_split), which scans compare with the parent LSN they saw."""
    page = pages.page(blkno)
    old = pf.page_tuples(page)
    if replace_off is not None:
        old[replace_off - 1] = items[0]
        items = items[1:]
    groups = _groups(keys, old + list(items), reserve)
    opaque = pf.read_opaque(page)
    leaf_flag = opaque.flags & pf.F_LEAF
    if blkno == pf.ROOT_BLKNO:
        # The root's tuples move to new pages; block 0 takes their downlinks.
        children = [pages.new(leaf_flag)[0] for _ in groups]
        downlinks = []
        for position, (child, group) in enumerate(zip(children, groups)):
            right = children[position + 1] if position + 1 < len(children) \
                else opaque.rightlink
            _fill(pages.page(child), leaf_flag, group, opaque.nsn, right)
            downlinks.append(keys.downlink(_page_keys(keys, pages.page(child)), child))
        if not pf.fits(_empty_page(), downlinks):
            raise PgError("XX000", "GiST root split produced too many pages")
        _fill(page, 0, downlinks, opaque.nsn, pf.INVALID_BLOCK)
        _log_split(pages, [blkno] + children, [downlinks] + groups, opaque, left_child)
        return
    # The page keeps the first group; new pages take the rest, chained to the right.
    blocks = [blkno] + [pages.new(leaf_flag)[0] for _ in groups[1:]]
    for position, (target, group) in enumerate(zip(blocks, groups)):
        right = blocks[position + 1] if position + 1 < len(blocks) else opaque.rightlink
        _fill(pages.page(target), leaf_flag, group, opaque.nsn, right)
    if not path:
        raise PgError("XX000", f'index "{keys.index.name}": non-root page {blkno} '
                               f'has no parent')
    _log_split(pages, blocks, groups, opaque, left_child)
    downlinks = [keys.downlink(_page_keys(keys, pages.page(b)), b) for b in blocks]
    # gistfinishsplit: from the right, each new page's downlink in a record whose left
    # child is its left neighbour (which gets that record's LSN as its NSN); last, the
    # split page's downlink replaced and its right neighbour's added.
    for position in range(len(blocks) - 1, 1, -1):
        parent, _off, above = _locate_parent(pages, path, blkno)
        _place(pages, keys, above, parent, None, [downlinks[position]], reserve,
               left_child=blocks[position - 1])
    parent, off, above = _locate_parent(pages, path, blkno)
    _place(pages, keys, above, parent, off, downlinks[:2], reserve, left_child=blkno)


def _empty_page() -> bytearray:
    page = bytearray(pl.BLCKSZ)
    pf.init_page(page, 0)
    return page


def _log_split(pages, blocks: list[int], groups: list, opaque: pf.Opaque,
               left_child: int | None) -> None:
    """PAGE_SPLIT (gistXLogSplit): the pages rebuilt from their tuples; F_FOLLOW_RIGHT
    is never set (the parent's downlinks are added in the same change)."""
    pages.log_step(wal.RmgrId.GIST, xl.XLOG_GIST_PAGE_SPLIT,
                   xl.PAGE_SPLIT.pack(opaque.rightlink, opaque.nsn, opaque.is_leaf,
                                      len(blocks), False),
                   _left_child_block(0, left_child)
                   + [StepBlock(i + 1, b, xl.split_data(group), will_init=True)
                      for i, (b, group) in enumerate(zip(blocks, groups))])


# ---- scans -----------------------------------------------------------------------------

def _matches(keys: Keys, data, scan_keys, leaf: bool) -> tuple[bool, bool]:
    values = keys.keys_of(data)
    recheck = False
    for column, strategy, query in scan_keys:
        key = values[column]
        if key is None:
            return False, False
        ok, needs = keys.opclasses[column].consistent(key, strategy, query, leaf)
        if not ok:
            return False, False
        recheck = recheck or needs
    return True, recheck


def search(get, keys: Keys, scan_keys, want_keys: bool = False) -> list:
    """Every leaf tuple matching all scan keys (column, strategy, query): its heap TID
    and whether the row must be rechecked (with want_keys, also its keys, for an Index
    Only Scan). get(blkno) -> page."""
    out = []
    stack = [(pf.ROOT_BLKNO, 0)]                # (block, LSN its parent had when read)
    while stack:
        check_for_interrupts()
        blkno, parent_lsn = stack.pop()
        page = get(blkno)
        opaque = pf.read_opaque(page)
        if blkno != pf.ROOT_BLKNO and _split_since(opaque, parent_lsn):
            stack.append((opaque.rightlink, parent_lsn))    # split since we read parent
        if opaque.flags & pf.F_DELETED:
            continue
        lsn = pl.get_lsn(page)
        children = []
        for off in range(1, pl.max_offset(page) + 1):
            if pl.item_id(page, off)[1] == pl.LP_DEAD:
                continue
            data = pl.get_item(page, off)
            ok, recheck = _matches(keys, data, scan_keys, opaque.is_leaf)
            if not ok:
                continue
            if opaque.is_leaf:
                out.append((pf.tid_of(data), recheck, keys.keys_of(data)) if want_keys
                           else (pf.tid_of(data), recheck))
            else:
                children.append((pf.downlink(data), lsn))
        stack.extend(reversed(children))
    return out


def leaf_blocks(get) -> list[int]:
    """Every leaf page, by walking the tree from the root."""
    out = []
    stack = [pf.ROOT_BLKNO]
    while stack:
        blkno = stack.pop()
        page = get(blkno)
        if pf.read_opaque(page).is_leaf:
            out.append(blkno)
            continue
        stack.extend(reversed([pf.downlink(d) for d in pf.page_tuples(page)]))
    return sorted(out)


# ---- VACUUM ----------------------------------------------------------------------------

def vacuum_page(pages, blkno: int, is_dead) -> tuple[int, int]:
    """gistvacuumpage (the caller visits every block in physical order, as
    gistvacuumscan reads the index): a leaf's dead TIDs' tuples go and the page is
    marked F_TUPLES_DELETED; returns (removed, remaining). Downlink keys are not shrunk
    and empty leaves stay."""
    page = pages.page(blkno)
    opaque = pf.read_opaque(page)
    if not opaque.is_leaf or opaque.flags & pf.F_DELETED:
        return 0, 0
    dead = [off for off in range(1, pl.max_offset(page) + 1)
            if is_dead(pf.tid_of(pl.get_item(page, off)))]
    if dead:
        pl.index_multi_delete(page, dead)
        opaque.flags |= pf.F_TUPLES_DELETED
        pf.write_opaque(page, opaque)
        pages.log_step(wal.RmgrId.GIST, xl.XLOG_GIST_PAGE_UPDATE,
                       xl.PAGE_UPDATE.pack(len(dead), 0),
                       [StepBlock(0, blkno, xl.update_data(dead, []))])
    return len(dead), pl.max_offset(page)
