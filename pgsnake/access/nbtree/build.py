"""Building an index bottom-up from sorted tuples (CREATE INDEX, REINDEX).

Inserting rows one at a time would split pages all over the tree and leave them half
full. Instead: sort all (key, heap TID) pairs, then fill leaf pages left to right, each
up to its fillfactor (90% by default, 70% above the leaves), and build each upper level
as the level below fills:

    state for level 0:  add tuples to the current page; when the next one does not fit
        within the fillfactor, start a new page: the current page's last item moves to
        the new page, and a suffix-truncated copy of it becomes the old page's high key;
        the old page's low key (the previous page's high key, or minus infinity for the
        leftmost page) goes up to level 1 as its downlink; the old page is written out
    state for level 1, 2 ...: the same, created the first time a level below needs a
        parent; their pages get downlinks, and their first data item is minus infinity
    at the end: each level's last page is its rightmost (no high key: its line pointers
        slide left one slot); the topmost level's only page is the root; the metapage,
        written last as block 0, points at it.

Block numbers are handed out as pages are started (the metapage is block 0, the first
leaf block 1, a new level's first page the next number at that moment), exactly as
PostgreSQL does, so the same rows give the same blocks, links and bytes. Pages are
written through shared buffers, each logged as an XLOG FPI record (wal.log_new_page),
as PostgreSQL's build logs them.

Unique indexes: equal keys without NULLs (NULLs count as equal under NULLS NOT
DISTINCT) among tuples the caller marks live fail the build with 23505 'could not
create unique index'; tuples the caller marks not live (recently dead rows some
snapshot may still see) are indexed but not checked.

Entry points: build_index.

PostgreSQL: access/nbtree/nbtsort.c (_bt_leafbuild, _bt_load, _bt_buildadd,
_bt_sortaddtup, _bt_pagestate, _bt_blnewpage, _bt_slideleft, _bt_uppershutdown,
_bt_blwritepage), utils/sort/tuplesortvariants.c (comparetup_index_btree's unique
check).
"""
from __future__ import annotations

from typing import Iterable

from pgsnake.access.common.tuple_descriptor import Relation
from pgsnake.access.nbtree import buffers, index_tuple as it, meta_page
from pgsnake.access.nbtree import page_format as pf
from pgsnake.access.nbtree import search
from pgsnake.access.nbtree.key_comparison import IndexKeys
from pgsnake.access.nbtree.suffix_truncation import truncate
from pgsnake.access.nbtree.unique_check import key_description
from pgsnake.access.transam.wal import wal
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl
from pgsnake.utils.critical_section import critical_section
from pgsnake.utils.errors import INTERNAL_ERROR, PROGRAM_LIMIT_EXCEEDED, UNIQUE_VIOLATION, PgError

NONLEAF_FILLFACTOR = 70


class _Descending:
    """Reverses the order of a sort key (DESC columns)."""
    __slots__ = ("key",)

    def __init__(self, key) -> None:
        self.key = key

    def __lt__(self, other: "_Descending") -> bool:
        return other.key < self.key

    def __eq__(self, other) -> bool:
        return self.key == other.key


def sort_key_function(keys: IndexKeys):
    """A function from (values, heap TID) to a Python-sortable key in index order."""
    columns = keys.columns
    nkeys = keys.nkeyatts

    def sort_key(values, tid):
        parts = []
        for i in range(nkeys):
            column = columns[i]
            value = values[i] if i < len(values) else None
            if value is None:
                parts.append((0, 0) if column.nulls_first else (2, 0))
            else:
                k = column.key(value)
                parts.append((1, _Descending(k) if column.desc else k))
        parts.append(tid)
        return tuple(parts)
    return sort_key


class _LevelState:
    """BTPageState: the page being filled on one level."""
    __slots__ = ("page", "blkno", "buf", "lowkey", "lastoff", "level", "full", "parent")

    def __init__(self, builder: "_Builder", level: int) -> None:
        self.page = _new_page(level)
        self.buf, self.blkno = builder.allocate()
        self.lowkey = None
        self.lastoff = pf.P_HIKEY
        self.level = level
        self.full = (pl.BLCKSZ * (100 - NONLEAF_FILLFACTOR) // 100 if level > 0
                     else pl.BLCKSZ * (100 - builder.keys.description.fillfactor) // 100)
        self.parent = None


def _new_page(level: int) -> bytearray:
    """_bt_blnewpage: an empty page whose high-key line pointer is already reserved."""
    page = bytearray(pl.BLCKSZ)
    pf.init_page(page, level=level)
    lower = pl.header(page).lower
    page[12:14] = (lower + 4).to_bytes(2, "little")
    return page


class _Builder:
    def __init__(self, rel: Relation, keys: IndexKeys, heap_rel: Relation | None) -> None:
        self.rel = rel
        self.keys = keys
        self.heap_rel = heap_rel
        self.held: list[int] = []

    def allocate(self) -> tuple[int, int]:
        buf, blkno = bufmgr.extend_relation(self.rel.locator, buffers.MAIN)
        self.held.append(buf)
        return buf, blkno

    def write(self, buf: int, blkno: int, page: bytearray) -> None:
        """Put a finished page into its buffer and log it (_bt_blwritepage)."""
        target = bufmgr.page(buf)
        with critical_section("B-tree build"):
            target[:] = page
            bufmgr.mark_dirty(buf)
            if self.rel.needs_wal:
                pl.set_lsn(target, 0)
                lsn = wal.log_new_page(self.rel.locator, buffers.MAIN, blkno, target)
                pl.set_lsn(target, lsn)
        self.held.remove(buf)
        buffers.release(buf)

    def release_all(self) -> None:
        for buf in self.held:
            buffers.release(buf)
        self.held.clear()

    # -- _bt_buildadd --
    def add(self, state: _LevelState, item: bytes) -> None:
        page = state.page
        is_leaf = state.level == 0
        itemsz = pl.maxalign(len(item))
        if itemsz > pf.MAX_ITEM_SIZE:
            self._check_third_page(is_leaf, item)
        pgspc = pf.free_space(page)
        if (pgspc < itemsz + (8 if is_leaf else 0)
                or (pgspc < state.full and state.lastoff > pf.P_FIRSTKEY)):
            self._finish_page(state, is_leaf)
        if state.lastoff == pf.P_HIKEY:
            state.lowkey = it.minus_infinity_tuple(0)
        state.lastoff += 1
        _add_sorted(state.page, item, state.lastoff,
                    not is_leaf and state.lastoff == pf.P_FIRSTKEY)

    def _finish_page(self, state: _LevelState, is_leaf: bool) -> None:
        """The current page is full: move its last item to a new page, turn it into the
        old page's high key, hand the old page's low key up, write the old page."""
        opage, oblkno, obuf = state.page, state.blkno, state.buf
        npage = _new_page(state.level)
        nbuf, nblkno = self.allocate()
        last_off = state.lastoff
        oitem = bytes(pl.get_item(opage, last_off))
        _add_sorted(npage, oitem, pf.P_FIRSTKEY, not is_leaf)
        # The last item's line pointer becomes the high key's (slot 1), freeing its own.
        last_slot = pl.SIZE_OF_PAGE_HEADER + (last_off - 1) * 4
        opage[pl.SIZE_OF_PAGE_HEADER:pl.SIZE_OF_PAGE_HEADER + 4] = opage[last_slot:last_slot + 4]
        opage[last_slot:last_slot + 4] = bytes(4)
        lower = pl.header(opage).lower
        opage[12:14] = (lower - 4).to_bytes(2, "little")
        if is_leaf:
            lastleft = bytes(pl.get_item(opage, last_off - 1))
            pf.overwrite_item(opage, pf.P_HIKEY, truncate(self.keys, lastleft, oitem))
        highkey = bytes(pl.get_item(opage, pf.P_HIKEY))
        if state.parent is None:
            state.parent = _LevelState(self, state.level + 1)
        self.add(state.parent, it.with_downlink(state.lowkey, oblkno))
        state.lowkey = highkey
        oop = pf.Opaque(opage)
        oop.next = nblkno
        oop.write()
        nop = pf.Opaque(npage)
        nop.prev = oblkno
        nop.next = pf.P_NONE
        nop.write()
        self.write(obuf, oblkno, opage)
        state.page, state.blkno, state.buf = npage, nblkno, nbuf
        state.lastoff = pf.P_FIRSTKEY

    def finish(self, leaf_state: _LevelState | None, metabuf: int) -> None:
        """_bt_uppershutdown: close every level's last page, then the metapage."""
        root, root_level = pf.P_NONE, 0
        state = leaf_state
        while state is not None:
            opaque = pf.Opaque(state.page)
            if state.parent is None:
                opaque.flags |= pf.BTP_ROOT
                opaque.write()
                root, root_level = state.blkno, state.level
            else:
                self.add(state.parent, it.with_downlink(state.lowkey, state.blkno))
                state.lowkey = None
            pf.slide_left(state.page)
            self.write(state.buf, state.blkno, state.page)
            state = state.parent
        metapage = bytearray(pl.BLCKSZ)
        meta_page.init_meta_page(metapage, meta_page.MetaData(
            root=root, level=root_level, fastroot=root, fastlevel=root_level,
            allequalimage=self.keys.allequalimage))
        self.write(metabuf, meta_page.BTREE_METAPAGE, metapage)

    def _check_third_page(self, is_leaf: bool, item: bytes) -> None:
        size = pl.maxalign(len(item))
        limit = pf.MAX_ITEM_SIZE if is_leaf else pf.MAX_ITEM_SIZE_NO_HEAP_TID
        if size <= limit:
            return
        if not is_leaf:
            raise PgError(INTERNAL_ERROR, f"cannot insert oversized tuple of size {size} on "
                                          f'internal page of index "{self.rel.name}"')
        tid = it.raw_tid(item)
        heap = self.heap_rel.name if self.heap_rel is not None else ""
        raise PgError(PROGRAM_LIMIT_EXCEEDED,
                      f"index row size {size} exceeds btree version "
                      f'{meta_page.BTREE_VERSION} maximum {pf.MAX_ITEM_SIZE} for index '
                      f'"{self.rel.name}"',
                      detail=f'Index row references tuple ({tid[0]},{tid[1]}) in relation '
                             f'"{heap}".',
                      hint="Values larger than 1/3 of a buffer page cannot be indexed.\n"
                           "Consider a function index of an MD5 hash of the value, or use "
                           "full text indexing.",
                      **_constraint_fields(self.rel, self.heap_rel))


def _add_sorted(page: bytearray, item: bytes, offnum: int, new_first_data_item: bool) -> None:
    """_bt_sortaddtup: append; the first data item of an internal page is stored as
    minus infinity (its key is never looked at)."""
    if new_first_data_item:
        item = it.as_minus_infinity(item)
    if not pf.insert_item(page, item, offnum):
        raise PgError(INTERNAL_ERROR, "failed to add item to the index page")


def _constraint_fields(rel: Relation, heap_rel: Relation | None) -> dict:
    if heap_rel is None:
        return {"constraint": rel.name}
    return {"schema": heap_rel.namespace_name, "table": heap_rel.name, "constraint": rel.name}


def build_index(rel: Relation, keys: IndexKeys, heap_rel: Relation | None,
                tuples: Iterable) -> int:
    """Build the index in `rel` (its storage created and empty) from `tuples`: pairs
    (heap TID, values) or triples (heap TID, values, is_live). Returns the number of
    index tuples."""
    if bufmgr.nblocks(rel.locator, buffers.MAIN) != 0:
        raise PgError(INTERNAL_ERROR, f'index "{rel.name}" already contains data')
    search.forget_cached_roots(rel.locator)
    sort_key = sort_key_function(keys)
    entries = []
    for entry in tuples:
        tid, values = entry[0], entry[1]
        live = entry[2] if len(entry) > 2 else True
        entries.append((sort_key(values, tid), tid, list(values), live))
    entries.sort(key=lambda e: e[0])
    if keys.description.unique:
        _check_unique_sorted(rel, keys, heap_rel, entries)

    builder = _Builder(rel, keys, heap_rel)
    try:
        metabuf, metablk = builder.allocate()
        if metablk != meta_page.BTREE_METAPAGE:
            raise PgError(INTERNAL_ERROR, f'index "{rel.name}" already contains data')
        leaf = None
        for _key, tid, values, _live in entries:
            if leaf is None:
                leaf = _LevelState(builder, 0)
            builder.add(leaf, keys.codec.form(values, tid))
        builder.finish(leaf, metabuf)
    finally:
        builder.release_all()
    return len(entries)


def _check_unique_sorted(rel: Relation, keys: IndexKeys, heap_rel: Relation | None,
                         entries: list) -> None:
    """Equal neighbours among the live entries (sorted, so duplicates are adjacent
    once the heap TID is ignored) fail the build."""
    nulls_equal = keys.description.nulls_not_distinct
    previous = None
    for key, _tid, values, live in entries:
        user_key = key[:-1]
        if not live:
            continue
        if previous is not None and previous[0] == user_key and (
                nulls_equal or all(v is not None for v in values[:keys.nkeyatts])):
            raise PgError(UNIQUE_VIOLATION, f'could not create unique index "{rel.name}"',
                          detail=f"Key {key_description(keys, values)} is duplicated.",
                          **_constraint_fields(rel, heap_rel))
        previous = (user_key, values)
