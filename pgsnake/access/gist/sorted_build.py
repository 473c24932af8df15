"""CREATE INDEX for GiST classes with sort support: the tree built bottom-up from sorted
tuples (PostgreSQL 13+'s sorted build, used when every key column's class has one).

    can_sort(index) -> bool
    sort_key(keys, values, tid) -> tuple
    build(index, keys, leaf_tuples) -> None       leaf_tuples: [(sort key, bytes)]

The leaf tuples are sorted by their classes' sort keys (NULL keys last, ties by heap
TID, as tuplesort orders index tuples) and packed into leaf pages in that order, each
filled completely (the fillfactor is ignored: a page takes a tuple while it has room for
it and one line pointer more). Pages are kept four at a time per level; when the fourth
is full, the tuples of all four are shared out again by the classes' picksplit
(gistSplit, tree._groups: halves until each fits a page), since one sort order of a
2-D space makes poor page boundaries; each resulting page gets the next block number
and its downlink (the union of its keys) goes into the level above, filled the same way.
At the end every level's last pages are shared out and written bottom-up, the level
that ends with a single page being the root, written to block 0 (reserved from the
start). Right links chain each level's pages to the page written before, as
PostgreSQL sets them. Pages are written with WAL off; access_method.build logs them all
once afterwards.

PostgreSQL: access/gist/gistbuild.c (gist_indexsortbuild,
gist_indexsortbuild_levelstate_add, gist_indexsortbuild_levelstate_flush),
gistsplit.c / gist.c (gistSplit).
"""
from __future__ import annotations

from pgsnake.access.gist import opclasses
from pgsnake.access.gist import page_format as pf
from pgsnake.access.gist import tree
from pgsnake.access.gist.pages import PageSet
from pgsnake.access.nbtree.page_format import insert_item
from pgsnake.storage.page import page_layout as pl
from pgsnake.utils.errors import PgError
from pgsnake.utils.interrupts import check_for_interrupts

PAGES_PER_LEVEL = 4             # GIST_SORTED_BUILD_PAGE_NUM


def can_sort(index) -> bool:
    """Every key column's class has sort support and buffering is not forced on."""
    description = index.index
    if description.gist_buffering == "on":
        return False
    names = description.opclass_names[:description.key_count]
    return all(opclasses.supported(n) and opclasses.lookup(n).sort_key is not None
               for n in names)


def sort_key(keys: tree.Keys, values, tid) -> tuple:
    """What a leaf tuple sorts by: per key column (NULL last, else the class's key),
    then the heap TID."""
    parts = []
    for value, opclass in zip(values, keys.opclasses):
        if value is None:
            parts.append((1, 0))
        else:
            parts.append((0, opclass.sort_key(opclass.compress(value))))
    return (*parts, tuple(tid))


class _Level:
    """One level's pages not yet written: their tuples, the last filled."""

    def __init__(self, leaf: bool) -> None:
        self.leaf = leaf
        self.pages: list[list[bytes]] = [[]]
        self.used = 0                   # bytes the last page's tuples and pointers take
        self.last_blkno = 0             # the block last written at this level (0: none)
        self.parent: _Level | None = None


class _Builder:
    def __init__(self, index, keys: tree.Keys) -> None:
        self.index = index
        self.keys = keys
        self.next_blkno = 1             # block 0 is the root's, written last

    def add(self, level: _Level, item: bytes) -> None:
        """gist_indexsortbuild_levelstate_add: onto the last page if it has room for
        the tuple and a line pointer more, else onto a new page (after sharing out and
        writing the level's pages when it has four)."""
        need = pl.maxalign(len(item)) + pl.ITEM_ID_SIZE
        room = pf.PAGE_SIZE - level.used - pl.ITEM_ID_SIZE
        if room < need:
            if len(level.pages) == PAGES_PER_LEVEL:
                self.flush(level)           # leaves one empty page
            else:
                level.pages.append([])
            level.used = 0
        level.pages[-1].append(item)
        level.used += need

    def flush(self, level: _Level) -> None:
        """gist_indexsortbuild_levelstate_flush: the level's pages' tuples shared out
        by picksplit (one page's are kept as they are), each group written as a new
        page, its downlink added to the level above."""
        check_for_interrupts()
        items = [item for page in level.pages for item in page]
        groups = tree._groups(self.keys, items, 0) if len(level.pages) > 1 else [items]
        level.pages, level.used = [], 0
        flags = pf.F_LEAF if level.leaf else 0
        for group in groups:
            blkno = self._write(group, flags, level.last_blkno)
            level.last_blkno = blkno
            if level.parent is None:
                level.parent = _Level(leaf=False)
            union = self.keys.union([self.keys.keys_of(i) for i in group])
            self.add(level.parent, self.keys.downlink(union, blkno))
        if not level.pages:
            level.pages = [[]]

    def _write(self, group: list[bytes], flags: int, rightlink: int) -> int:
        with PageSet(self.index, logged=False) as pages:
            blkno, page = pages.new(flags)
            if blkno != self.next_blkno:
                raise PgError("XX000", f'index "{self.index.name}": sorted build got '
                                       f'block {blkno}, expected {self.next_blkno}')
            self._fill(page, group, flags, rightlink)
        self.next_blkno += 1
        return blkno

    @staticmethod
    def _fill(page, group: list[bytes], flags: int, rightlink: int) -> None:
        pf.init_page(page, flags)
        for item in group:
            insert_item(page, item, pl.max_offset(page) + 1)
        pf.write_opaque(page, pf.Opaque(0, rightlink or pf.INVALID_BLOCK, flags))

    def finish(self, leaves: _Level) -> None:
        """Write the levels' last pages bottom-up; the level left with one page and no
        parent is the root, block 0."""
        level = leaves
        while level.parent is not None or len(level.pages) > 1:
            self.flush(level)
            level = level.parent
        with PageSet(self.index, logged=False) as pages:
            self._fill(pages.page(pf.ROOT_BLKNO), level.pages[0],
                       pf.F_LEAF if level.leaf else 0, 0)


def build(index, keys: tree.Keys, leaf_tuples) -> None:
    """The tree from (sort key, leaf tuple bytes) pairs, into an index whose block 0 is
    the empty root leaf."""
    builder = _Builder(index, keys)
    leaves = _Level(leaf=True)
    for _key, item in sorted(leaf_tuples, key=lambda pair: pair[0]):
        builder.add(leaves, item)
    builder.finish(leaves)
