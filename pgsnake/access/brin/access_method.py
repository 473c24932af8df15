"""The BRIN access method's entry points: what the catalog, executor and commands layers
call.

    create_storage(index)                 the file and the metapage (CREATE_INDEX record)
    build_empty_pages(index) -> [page]    an empty index's pages (the init fork)
    build(index, heap, tuples) -> int     CREATE INDEX: (tid, [value], is_live) tuples
                                          in heap order; returns the tuples seen
    insert(index, values, tid)            widen the summary of the tid's range, if it
                                          has one (an unsummarised range stays so)
    bitmap_scan(index, heap_nblocks, keys) -> [heap block]
                                          keys: ScanKey(column, strategy, query,
                                          query_type) or null tests; every block of
                                          every range that may hold a match (lossy)
    summarize(index, rows, heap_nblocks, page_range=None, include_partial=True)
                                          -> (summarised, existing)
                                          brinsummarize: ranges without a summary get
                                          one; rows(first_blk, nblocks) yields the
                                          (tid, values) of those heap blocks
    desummarize(index, heap_blk)          brinRevmapDesummarizeRange
    bulk_delete(index, is_dead), vacuum_cleanup(index, result)
    set_heap_rows(fn)                     VACUUM's heap rows (commands layer)

Summaries: per page range (pagesPerRange heap blocks), one BrinTuple on a regular page,
found through the revmap (page_format.py). The build summarises every range up to the
last one holding a tuple (an empty table gets a tuple for range 0 with every column
all-nulls, as PostgreSQL 15's build leaves it). A later insert into a summarised range
widens its summary in place (SAMEPAGE_UPDATE) or moves it to another page (UPDATE); an
insert into a range past the summarised ones changes nothing until VACUUM or
brin_summarize_new_values summarises it. The revmap grows a page at a time; a regular
page in the way is evacuated (its tuples moved elsewhere) first.

Where tuples go (brin_getinsertbuffer): the operation's current page, the backend's
target block (forgotten with the index's relcache entry), the free space map, else a
new page at the end; the map is kept as PostgreSQL keeps it (README "Where tuples go").

The catalog layer tells this package, per index, the value type of each column (for a
range column: the range type; the index column says anyrange) and the reloptions
(`set_catalog_info`), and forgets target blocks (`forget_target_block`); the commands
layer gives VACUUM the heap rows to summarise (`set_heap_rows`).

PostgreSQL: access/brin/brin.c (brinbuild, brinbuildempty, brininsert, bringetbitmap,
brinvacuumcleanup, brinsummarize, summarize_range), brin_pageops.c (brin_doinsert,
brin_doupdate, brin_getinsertbuffer, brin_evacuate_page), brin_revmap.c.
"""
from __future__ import annotations

import dataclasses
from typing import NamedTuple

from pgsnake.access.brin import opclasses
from pgsnake.access.brin import page_format as pf
from pgsnake.access.brin import wal_records as xl
from pgsnake.access.brin.pages import (MAIN, NewIndexPageSet, PageSet, RevmapExtension,
                                       read_meta, read_page)
from pgsnake.access.common import index_page_set
from pgsnake.access.common.index_page_set import StepBlock
from pgsnake.access.nbtree.bulk_delete import BulkDeleteResult
from pgsnake.access.nbtree.page_format import overwrite_item
from pgsnake.access.transam.wal import wal
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.free_space_map import free_space_map as fsm
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.smgr import storage_manager as smgr
from pgsnake.utils.errors import PROGRAM_LIMIT_EXCEEDED, PgError
from pgsnake.utils.interrupts import check_for_interrupts

BRIN_ACCESS_METHOD = 3580
DEFAULT_PAGES_PER_RANGE = 128
RMGR = wal.RmgrId.BRIN
INDEX_CORRUPTED = "XX002"


@dataclasses.dataclass(frozen=True)
class CatalogInfo:
    """What the catalog says about one BRIN index."""
    value_types: tuple[int, ...]           # per key column: the type of its values
    pages_per_range: int = DEFAULT_PAGES_PER_RANGE
    autosummarize: bool = False
    # per key column, its operator class options ((name, value) pairs)
    column_options: tuple = ()


_catalog_info = None


def set_catalog_info(fn) -> None:
    """fn(index) -> CatalogInfo (registered by catalog/brin_index_catalog.py)."""
    global _catalog_info
    _catalog_info = fn


def catalog_info(index) -> CatalogInfo:
    if _catalog_info is not None:
        return _catalog_info(index)
    return CatalogInfo(tuple(a.type_oid for a in
                             index.descriptor.attributes[:index.index.key_count]))


class ScanKey(NamedTuple):
    """One condition of a scan: `strategy` is the operator's strategy number, or
    "isnull" / "notnull" (query and query_type unused)."""
    column: int                 # 0-based index column
    strategy: object
    query: object = None
    query_type: int = 0


class BrinDesc:
    """brin_build_desc: the index's operator classes and tuple layout."""

    def __init__(self, index) -> None:
        info = catalog_info(index)
        self.info = info
        options = list(info.column_options) + [()] * len(info.value_types)
        self.classes = [opclasses.column_class(name, type_oid, info.pages_per_range,
                                               options[i])
                        for i, (name, type_oid) in enumerate(zip(index.index.opclass_names,
                                                                 info.value_types))]
        self.layout = pf.StoredLayout.make([c.stored for c in self.classes])

    def add_values(self, tup: pf.BrinMemTuple, values) -> bool:
        """add_values_to_range: whether the summary changed. An empty range always
        changes (it stops being empty); a column that held only NULLs keeps hasnulls
        once a value arrives."""
        changed = tup.empty_range
        for cls, column, value in zip(self.classes, tup.columns, values):
            had_nulls = not tup.empty_range and (column.hasnulls or column.allnulls)
            if value is None:
                if not column.hasnulls:
                    column.hasnulls = True
                    changed = True
                continue
            if cls.add_value(column, value):
                changed = True
            if had_nulls and not (column.hasnulls or column.allnulls):
                column.hasnulls = True
        tup.empty_range = False
        return changed


    def union(self, a: pf.BrinMemTuple, b: pf.BrinMemTuple) -> None:
        """union_tuples: `a` widened to cover what `b` covers (a summarisation's
        result and the placeholder concurrent inserts widened)."""
        if b.empty_range:
            return
        if a.empty_range:
            a.columns = [pf.BrinValues(c.hasnulls, c.allnulls, list(c.values))
                         for c in b.columns]
            a.empty_range = False
            return
        for cls, col_a, col_b in zip(self.classes, a.columns, b.columns):
            if not col_a.allnulls and (col_b.hasnulls or col_b.allnulls):
                col_a.hasnulls = True
            if col_b.allnulls:
                continue
            if col_a.allnulls:              # only NULLs so far: b's values, and NULLs
                col_a.allnulls, col_a.hasnulls = False, True
                col_a.values = list(col_b.values)
                continue
            cls.union(col_a, col_b)


_descs: dict = {}
_target_blocks: dict = {}           # index oid -> this backend's target block
MAX_BLOCK = 0xFFFFFFFF


def describe(index) -> BrinDesc:
    key = (index.oid, index.locator, index.index.opclass_names)
    desc = _descs.get(key)
    if desc is None:
        if len(_descs) > 256:
            _descs.clear()
        desc = _descs[key] = BrinDesc(index)
    return desc


# -- storage ----------------------------------------------------------------------------

def build_empty_pages(index) -> list[bytes]:
    """brinbuildempty: the metapage alone."""
    page = bytearray(pl.BLCKSZ)
    pf.init_metapage(page, catalog_info(index).pages_per_range)
    return [bytes(page)]


def create_storage(index) -> None:
    """The main fork with the metapage (brinbuild's first step, XLOG_BRIN_CREATE_INDEX),
    and for an unlogged index its init fork."""
    from pgsnake.access.common import init_fork
    smgr.create(index.locator, MAIN)
    if index.needs_wal:
        from pgsnake.access.transam import smgr_records
        smgr_records.log_create(index.locator, MAIN)
    pages_per_range = catalog_info(index).pages_per_range
    with NewIndexPageSet(index) as pages:
        blkno, page = pages.extend()
        if blkno != pf.META_BLKNO:
            raise PgError("XX000", f'index "{index.name}" already contains data')
        pf.init_metapage(page, pages_per_range)
        pages.log_step(RMGR, xl.XLOG_BRIN_CREATE_INDEX,
                       xl.CREATE_INDEX.pack(pages_per_range, pf.BRIN_VERSION),
                       [StepBlock(0, blkno, will_init=True)])
    _target_blocks.pop(index.oid, None)
    init_fork.create_init_fork(index, build_empty_pages(index))


# -- placing tuples ---------------------------------------------------------------------

def _too_big(index, size: int) -> PgError:
    return PgError(PROGRAM_LIMIT_EXCEEDED, f"index row size {size} exceeds maximum "
                   f"{pf.MAX_ITEM_SIZE} for index \"{index.name}\"")


class Placement:
    """Where one operation's new tuples go first (a build's or a summarisation's
    current insert buffer: brin_doinsert's *buffer)."""

    def __init__(self) -> None:
        self.current: int | None = None


def _vacuum_fsm(index) -> None:
    """FreeSpaceMapVacuum: the map's upper levels brought up to date."""
    fsm.vacuum_range(index, 0, MAX_BLOCK)


class _Changed(Exception):
    """What a change read before locking its pages is no longer there (a concurrent
    change moved or rewrote the tuple, or turned the page into a revmap page): the
    change applies nothing and its caller starts over."""


def _check_old(page, off: int, orig: bytes) -> None:
    """brin_doupdate's re-check: the tuple at `off` is still `orig`, byte for byte, on a
    regular page."""
    if pf.page_type(page) != pf.PAGETYPE_REGULAR or off > pl.max_offset(page):
        raise _Changed
    _lp, flags, length = pl.item_id(page, off)
    if flags != pl.LP_NORMAL or length != len(orig) or bytes(pl.get_item(page, off)) != orig:
        raise _Changed


def _insert_target(pages: PageSet, size: int, placement: Placement | None = None,
                   old: tuple | None = None) -> tuple[int, bytearray, bool]:
    """brin_getinsertbuffer: (block, page, extended) of a regular page with room for a
    tuple of `size` bytes: the operation's current page if it has room, else this
    backend's target block, else what the free space map offers (each page found
    too full is recorded as it is), else a new page at the end (recorded in the map
    as BrinMaxItemSize free, which later inserts correct).

    `old` = (block, offset, bytes) of the tuple an update moves: that page is locked
    too, regular pages in block order (rule R1), and checked to still hold the tuple
    (_Changed if not). A candidate found too full is unlocked again."""
    index = pages.index
    needed = pl.maxalign(size)
    old_blk = old[0] if old is not None else None

    def lock_old() -> None:
        _check_old(pages.page(old_blk, check=False), old[1], old[2])

    if placement is not None and placement.current is not None:
        blkno = placement.current
        if blkno < pages.nblocks():
            page = pages.page(blkno, check=False)
            if pf.free_space(page) >= needed:
                return blkno, page, False
            pages.drop(blkno)
        placement.current = None
    newblk = _target_blocks.get(index.oid)
    if newblk is None or newblk >= pages.nblocks():
        newblk = fsm.page_with_free_space(index, needed)
    while True:
        check_for_interrupts()
        extended = newblk is None
        if extended:
            if old is not None:
                lock_old()
            blkno, page = pages.extend()
            freespace = pf.MAX_ITEM_SIZE
        elif newblk == old_blk:         # the map is behind: the old page had no room
            newblk = fsm.record_and_get_page(index, newblk, 0, needed)
            continue
        else:
            blkno = newblk
            if old is not None and old_blk < blkno:
                lock_old()
            page = pages.page(blkno, check=False)
            if pl.is_new(page):         # left by a change that started over: taken as
                extended = True         # a new page (brin_initialize_empty_new_buffer)
                freespace = pf.MAX_ITEM_SIZE
            else:
                freespace = pf.free_space(page)
        if freespace >= needed:
            if old is not None and old_blk > blkno:
                lock_old()
            _target_blocks[index.oid] = blkno
            if placement is not None:
                placement.current = blkno
            if extended:
                pf.init_page(page, pf.PAGETYPE_REGULAR)
                fsm.record_page(index, blkno, freespace)
            return blkno, page, extended
        pages.drop(blkno)
        if old is not None and old_blk < blkno:
            pages.drop(old_blk)
        newblk = fsm.record_and_get_page(index, blkno, freespace, needed)


def forget_target_block(index_oid: int) -> None:
    """The index's relcache entry was invalidated: its target block is forgotten
    (RelationGetTargetBlock lives there)."""
    _target_blocks.pop(index_oid, None)


def forget_target_blocks() -> None:
    _target_blocks.clear()


def _revmap_slot(pages_per_range: int, heap_blk: int) -> tuple[int, int]:
    """(revmap block, slot) of the range (the revmap may not reach it yet)."""
    page_no, slot = pf.revmap_location(pages_per_range, heap_blk)
    return page_no + 1, slot


def _ensure_revmap(index, pages_per_range: int, heap_blk: int, logged: bool = True) -> None:
    """revmap_extend_and_get_blkno: revmap pages up to the one covering heap_blk, one
    at a time (_extend_revmap_once)."""
    need, _slot = _revmap_slot(pages_per_range, heap_blk)
    while read_meta(index).last_revmap_page < need:
        check_for_interrupts()
        evacuate = _extend_revmap_once(index, need, logged)
        if evacuate is not None:
            _evacuate(index, pages_per_range, evacuate, logged)


def _extend_revmap_once(index, need: int, logged: bool):
    """revmap_physical_extend: under the metapage's exclusive lock, the block after
    the last revmap page becomes one (REVMAP_EXTEND). A regular page in the way is
    flagged, so that nothing is placed on it any more, and returned for its tuples
    to be moved away (then the caller tries again); an index extended under us also
    makes the caller try again."""
    with RevmapExtension(index, logged=logged) as pages:
        map_blk = pages.meta.last_revmap_page + 1
        if map_blk > need:
            return None
        if map_blk < pages.nblocks():
            page = pages.page(map_blk, check=False)
            if not pl.is_new(page):
                if pf.page_type(page) != pf.PAGETYPE_REGULAR:
                    raise PgError(INDEX_CORRUPTED, f"unexpected page type "
                                  f"0x{pf.page_type(page):04X} in BRIN index "
                                  f"\"{index.name}\" block {map_blk}")
                if any(pl.item_id(page, off)[1] == pl.LP_NORMAL
                       for off in range(1, pl.max_offset(page) + 1)):
                    pages.set_flags_hint(map_blk, pf.page_flags(page) | pf.EVACUATE_PAGE)
                    return map_blk
        else:
            blkno, page = pages.extend()
            if blkno != map_blk:            # extended concurrently: start over
                return None
        pf.init_page(page, pf.PAGETYPE_REVMAP)
        pf.set_last_revmap_page(pages.meta_page, map_blk)
        pages.log_step(RMGR, xl.XLOG_BRIN_REVMAP_EXTEND, xl.REVMAP_EXTEND.pack(map_blk),
                       [StepBlock(0, pf.META_BLKNO), StepBlock(1, map_blk, will_init=True)])
    return None


def _evacuate(index, pages_per_range: int, blkno: int, logged: bool = True) -> None:
    """brin_evacuate_page: every tuple of the (flagged) page moved to another one,
    each by an update that leaves the page (repeated until none is left: a tuple
    that changed meanwhile is read again)."""
    while True:
        page = read_page(index, blkno)
        if pf.page_type(page) != pf.PAGETYPE_REGULAR:
            return
        tuples = [(off, bytes(pl.get_item(page, off)))
                  for off in range(1, pl.max_offset(page) + 1)
                  if pl.item_id(page, off)[1] == pl.LP_NORMAL and pl.item_id(page, off)[2]]
        if not tuples:
            return
        for off, data in tuples:
            check_for_interrupts()
            _doupdate(index, pages_per_range, pf.tuple_blkno(data), blkno, off, data, data,
                      logged=logged)


def _doinsert(index, pages_per_range: int, heap_blk: int, data: bytes,
              placement: Placement | None = None, logged: bool = True,
              only_if_unsummarized: bool = False):
    """brin_doinsert: a new tuple for the range, pointed to by the revmap (INSERT);
    its (block, offset). With only_if_unsummarized, None (and nothing done) if the
    range got a tuple meanwhile."""
    if len(data) > pf.MAX_ITEM_SIZE:
        raise _too_big(index, len(data))
    _ensure_revmap(index, pages_per_range, heap_blk, logged)
    revmap_blk, slot = _revmap_slot(pages_per_range, heap_blk)
    extended = False
    try:
        with PageSet(index, logged=logged) as pages:
            blkno, page, extended = _insert_target(pages, len(data), placement)
            off = pl.add_item(page, data)
            if off is None:
                raise PgError("XX000", 'failed to add BRIN tuple to new page')
            revmap = pages.page(revmap_blk)         # after the regular page (rule R1)
            if only_if_unsummarized and pf.revmap_get(revmap, slot) is not None:
                raise _Changed
            pf.revmap_set(revmap, slot, (blkno, off))
            info = xl.XLOG_BRIN_INSERT | (xl.XLOG_BRIN_INIT_PAGE if extended else 0)
            pages.log_step(RMGR, info, xl.INSERT.pack(heap_blk, pages_per_range, off),
                           [StepBlock(0, blkno, data, will_init=extended),
                            StepBlock(1, revmap_blk)])
    except _Changed:
        if extended:        # the new page stays zero: the map offers it (recorded as
            fsm.vacuum_range(index, blkno, blkno + 1)   # free), an insert initialises it
        return None
    if extended:
        _vacuum_fsm(index)
    return blkno, off


def _doupdate(index, pages_per_range: int, heap_blk: int, old_blk: int, old_off: int,
              orig: bytes, data: bytes, logged: bool = True) -> bool:
    """brin_doupdate: the range's tuple `orig` at (old_blk, old_off) replaced by `data`:
    in place when the page has room and is not being evacuated (SAMEPAGE_UPDATE),
    else moved to another page, its line pointer left unused and the revmap
    following it (UPDATE). False (nothing done) if the tuple there is no longer
    `orig`: the caller reads it again."""
    if len(data) > pf.MAX_ITEM_SIZE:
        raise _too_big(index, len(data))
    revmap_blk, slot = _revmap_slot(pages_per_range, heap_blk)
    try:
        with PageSet(index, logged=logged) as pages:
            page = pages.page(old_blk, check=False)
            _check_old(page, old_off, orig)
            if not pf.page_flags(page) & pf.EVACUATE_PAGE and \
                    (len(data) <= len(orig) or
                     pf.exact_free_space(page) >= len(data) - len(orig)):
                overwrite_item(page, old_off, data)
                pages.log_step(RMGR, xl.XLOG_BRIN_SAMEPAGE_UPDATE,
                               xl.SAMEPAGE_UPDATE.pack(old_off), [StepBlock(0, old_blk, data)])
                return True
            pages.drop(old_blk)
            blkno, page, extended = _insert_target(pages, len(data),
                                                   old=(old_blk, old_off, orig))
            pf.delete_no_compact(pages.page(old_blk), old_off)
            off = pl.add_item(page, data)
            if off is None:
                raise PgError("XX000", 'failed to add BRIN tuple to new page')
            pf.revmap_set(pages.page(revmap_blk), slot, (blkno, off))
            info = xl.XLOG_BRIN_UPDATE | (xl.XLOG_BRIN_INIT_PAGE if extended else 0)
            pages.log_step(RMGR, info,
                           xl.UPDATE.pack(old_off, heap_blk, pages_per_range, off),
                           [StepBlock(0, blkno, data, will_init=extended),
                            StepBlock(1, revmap_blk), StepBlock(2, old_blk)])
            free = pf.free_space(page)
    except _Changed:
        return False
    if extended:
        fsm.record_page(index, blkno, free)
        _vacuum_fsm(index)
    return True


def _fetch(index, pages_per_range: int, heap_blk: int):
    """brinGetTupleForHeapBlock: (block, offset, bytes) of the range's tuple, or None
    (unsummarised), read under momentary share locks (see _range_summary)."""
    return _range_tuple(index, lambda blkno, _fresh: read_page(index, blkno),
                        pages_per_range, heap_blk, read_meta(index).last_revmap_page)


def _tuple_at(index, page, blkno: int, off: int):
    if off > pl.max_offset(page) or pl.item_id(page, off)[1] != pl.LP_NORMAL:
        raise PgError(INDEX_CORRUPTED, "corrupted BRIN index: inconsistent range map")
    return bytes(pl.get_item(page, off))


# -- build and insert -------------------------------------------------------------------

def build(index, heap, tuples) -> int:
    """brinbuild: each range summarised as the heap scan leaves it; returns the number
    of heap tuples seen."""
    desc = describe(index)
    count = 0
    placement = Placement()
    pages_per_range = _pages_per_range(index)

    def put(start: int, summary) -> None:
        _doinsert(index, pages_per_range, start, pf.form_tuple(desc.layout, summary),
                  placement, logged=False)
    start = 0
    summary = pf.empty_tuple(desc.layout, start)
    for item in tuples:
        tid, values = item[0], item[1]
        check_for_interrupts()
        count += 1
        while tid[0] > start + pages_per_range - 1:
            put(start, summary)
            start += pages_per_range
            summary = pf.empty_tuple(desc.layout, start)
        desc.add_values(summary, values)
    put(start, summary)
    _finish_placement(index, placement, logged=False)
    index_page_set.log_all_pages(index, "BRIN")
    return count


def _pages_per_range(index) -> int:
    return read_meta(index).pages_per_range


def _finish_placement(index, placement: Placement, logged: bool = True) -> None:
    """terminate_brin_buildstate: the free space left on the last page inserted into
    goes into the free space map."""
    if placement.current is not None:
        blkno = placement.current
        with PageSet(index, logged=logged) as pages:
            free = pl.free_space(pages.page(blkno))
        fsm.record_page(index, blkno, free)
        fsm.vacuum_range(index, blkno, blkno + 1)


def insert(index, values: list, heap_tid) -> None:
    """brininsert: the summary of the row's range takes its values (a placeholder's
    too: the summarisation running over the range unions it into its result). The
    tuple is read under share locks, widened, and written back if it is unchanged
    (brin_doupdate), else read again. With autosummarize, the first row of the first
    block of a range (not the first) asks autovacuum to summarise the range before
    it, if that has no summary yet."""
    desc = describe(index)
    summarize_previous = None
    pages_per_range = _pages_per_range(index)
    heap_blk = heap_tid[0] // pages_per_range * pages_per_range
    if heap_blk > 0 and heap_blk == heap_tid[0] and heap_tid[1] == 1 \
            and catalog_info(index).autosummarize \
            and _fetch(index, pages_per_range, heap_blk - pages_per_range) is None:
        summarize_previous = heap_blk - 1
    while True:
        found = _fetch(index, pages_per_range, heap_blk)
        if found is None:                   # an unsummarised range changes nothing
            break
        blkno, off, data = found
        summary = pf.deform_tuple(desc.layout, data)
        if not desc.add_values(summary, values):
            break
        if _doupdate(index, pages_per_range, heap_blk, blkno, off, data,
                     pf.form_tuple(desc.layout, summary)):
            break
        check_for_interrupts()
    _request_summarization(index, summarize_previous)


_work_item_requester = None


def set_work_item_requester(fn) -> None:
    """fn(index_oid, heap_blk) -> bool: queue a summarisation for autovacuum
    (AutoVacuumRequestWork; registered by postmaster/autovacuum_work_items.py)."""
    global _work_item_requester
    _work_item_requester = fn


def _request_summarization(index, heap_blk: int | None) -> None:
    if heap_blk is None or _work_item_requester is None:
        return
    if not _work_item_requester(index.oid, heap_blk):
        from pgsnake.utils import elog
        elog.log(f'request for BRIN range summarization for index "{index.name}" page '
                 f"{heap_blk} was not recorded")


# -- scans ------------------------------------------------------------------------------

def _range_matches(desc: BrinDesc, summary: pf.BrinMemTuple, keys) -> bool:
    if keys and summary.empty_range:        # no row at all: nothing can match
        return False
    together: dict = {}
    for key in keys:
        column = summary.columns[key.column]
        if key.strategy == "isnull":
            if not (column.allnulls or column.hasnulls):
                return False
            continue
        if key.strategy == "notnull":
            if column.allnulls:
                return False
            continue
        if column.allnulls:
            return False
        cls = desc.classes[key.column]
        if getattr(cls, "consistent_keys", None) is not None:
            together.setdefault(key.column, []).append(key)     # minmax-multi: below
            continue
        if not cls.consistent(column, key.strategy, key.query, key.query_type):
            return False
    # A class that takes all of a column's keys at once (brin_minmax_multi_consistent:
    # one interval or point must satisfy every key).
    return all(desc.classes[c].consistent_keys(summary.columns[c], [
                   (k.strategy, k.query, k.query_type) for k in column_keys])
               for c, column_keys in together.items())


def bitmap_scan(index, heap_nblocks: int, keys) -> list[int]:
    """bringetbitmap: the heap blocks of every range that is unsummarised, a
    placeholder, or whose summary is consistent with every key, in block order.
    No index-wide lock (README rule R1): pages are read one at a time under momentary
    share locks, and a revmap entry whose tuple has moved meanwhile (to another page,
    or its page turned into a revmap page) is looked up again
    (brinGetTupleForHeapBlock's retry)."""
    desc = describe(index)
    cache: dict = {}
    blocks: list[int] = []
    meta = pf.read_metapage(read_page(index, pf.META_BLKNO))
    pages_per_range = meta.pages_per_range
    last_revmap = meta.last_revmap_page

    def get(blkno, fresh=False):
        page = None if fresh else cache.get(blkno)
        if page is None:
            page = cache[blkno] = read_page(index, blkno)
        return page

    for heap_blk in range(0, heap_nblocks, pages_per_range):
        check_for_interrupts()
        summary = _range_summary(index, desc, get, pages_per_range, heap_blk, last_revmap)
        if summary is None or summary.placeholder or _range_matches(desc, summary, keys):
            blocks.extend(range(heap_blk, min(heap_nblocks, heap_blk + pages_per_range)))
    return blocks


def _range_summary(index, desc: BrinDesc, get, pages_per_range: int, heap_blk: int,
                   last_revmap: int):
    """The range's summary as the revmap leads to it, or None (unsummarised)."""
    found = _range_tuple(index, get, pages_per_range, heap_blk, last_revmap)
    return None if found is None else pf.deform_tuple(desc.layout, found[2])


def _range_tuple(index, get, pages_per_range: int, heap_blk: int, last_revmap: int):
    """(block, offset, bytes) of the range's tuple as the revmap leads to it, or None
    (unsummarised). The revmap's entry and the tuple it names are read under
    separate locks: if the tuple is not the range's (moved, desummarised, its page
    evacuated), both pages are read again, a few times (each retry follows a change
    that finished)."""
    page_no, slot = pf.revmap_location(pages_per_range, heap_blk)
    if page_no + 1 > last_revmap:
        return None
    fresh = False
    for _attempt in range(100):
        found = pf.revmap_get(get(page_no + 1, fresh), slot)
        if found is None:
            return None
        blkno, off = found
        page = get(blkno, fresh)
        if pf.page_type(page) == pf.PAGETYPE_REGULAR and off <= pl.max_offset(page) \
                and pl.item_id(page, off)[1] == pl.LP_NORMAL:
            data = bytes(pl.get_item(page, off))
            if pf.tuple_blkno(data) == heap_blk:
                return blkno, off, data
        fresh = True
    raise PgError(INDEX_CORRUPTED, "corrupted BRIN index: inconsistent range map")


# -- summarising ------------------------------------------------------------------------

def _summarize_range(index, desc: BrinDesc, pages_per_range: int, heap_blk: int,
                     rows, placement: Placement) -> bool:
    """summarize_range: a placeholder tuple first (INSERT), then the range's rows,
    then the summary in its place (SAMEPAGE_UPDATE or UPDATE). Rows inserted
    meanwhile widen the placeholder (insert); if it changed, the summary takes its
    union with the placeholder and tries again. False if the range had a summary
    by the time the placeholder was to go in."""
    placeholder = pf.empty_tuple(desc.layout, heap_blk)
    placeholder.placeholder = True
    expected = pf.form_tuple(desc.layout, placeholder)
    where = _doinsert(index, pages_per_range, heap_blk, expected, placement,
                      only_if_unsummarized=True)
    if where is None:
        return False
    blkno, off = where
    summary = pf.empty_tuple(desc.layout, heap_blk)
    # The range's blocks as the table has them now: a block added later gets its rows'
    # values through the placeholder.
    for _tid, values in rows(heap_blk, pages_per_range):
        check_for_interrupts()
        desc.add_values(summary, values)
    while not _doupdate(index, pages_per_range, heap_blk, blkno, off, expected,
                        pf.form_tuple(desc.layout, summary)):
        check_for_interrupts()
        found = _fetch(index, pages_per_range, heap_blk)
        if found is None:
            raise PgError(INDEX_CORRUPTED, "corrupted BRIN index: inconsistent range map")
        blkno, off, expected = found
        desc.union(summary, pf.deform_tuple(desc.layout, expected))
    return True


def summarize(index, rows, heap_nblocks: int, page_range: int | None = None,
              include_partial: bool = True) -> tuple[int, int]:
    """brinsummarize: (ranges summarised, ranges already summarised). A range at a
    time, concurrently with inserts (the caller holds ShareUpdateExclusiveLock, so no
    other summarisation or desummarisation runs)."""
    desc = describe(index)
    summarized = existing = 0
    placement = Placement()
    pages_per_range = _pages_per_range(index)
    if page_range is None:
        start = 0
    else:
        start = page_range // pages_per_range * pages_per_range
        heap_nblocks = min(heap_nblocks, start + pages_per_range)
    while start < heap_nblocks:
        if not include_partial and start + pages_per_range > heap_nblocks:
            break
        check_for_interrupts()
        if _fetch(index, pages_per_range, start) is None and \
                _summarize_range(index, desc, pages_per_range, start, rows, placement):
            summarized += 1
        else:
            existing += 1
        start += pages_per_range
    _finish_placement(index, placement)
    return summarized, existing


def desummarize(index, heap_blk: int) -> None:
    """brinRevmapDesummarizeRange: the range's tuple removed and its revmap slot
    cleared (DESUMMARIZE); nothing when it has none. The regular page is locked
    before the revmap page (rule R1), and the revmap checked to still point there."""
    pages_per_range = _pages_per_range(index)
    revmap_blk, slot = _revmap_slot(pages_per_range, heap_blk)
    while True:
        check_for_interrupts()
        if revmap_blk > read_meta(index).last_revmap_page:
            return
        found = pf.revmap_get(read_page(index, revmap_blk), slot)
        if found is None:
            return
        blkno, off = found
        try:
            with PageSet(index) as pages:
                page = pages.page(blkno, check=False)
                if pf.page_type(page) != pf.PAGETYPE_REGULAR:
                    raise _Changed
                revmap = pages.page(revmap_blk)
                if pf.revmap_get(revmap, slot) != (blkno, off):
                    raise _Changed
                _tuple_at(index, page, blkno, off)
                pf.revmap_set(revmap, slot, None)
                pf.delete_no_compact(page, off)
                pages.log_step(RMGR, xl.XLOG_BRIN_DESUMMARIZE,
                               xl.DESUMMARIZE.pack(pages_per_range, heap_blk, off),
                               [StepBlock(0, revmap_blk), StepBlock(1, blkno)])
            return
        except _Changed:
            continue


# -- VACUUM -----------------------------------------------------------------------------

def bulk_delete(index, is_dead) -> BulkDeleteResult:
    """brinbulkdelete: nothing to remove (summaries hold no TIDs)."""
    return BulkDeleteResult()


def _vacuum_scan(index) -> None:
    """brin_vacuum_scan: every regular page's free space into the map where the map
    says less, then the map's upper levels."""
    for blkno in range(bufmgr.nblocks(index.locator, MAIN)):
        check_for_interrupts()
        page = index_page_set.read_page(index, blkno, lambda *_args: None)
        if pl.is_new(page) or pf.page_type(page) != pf.PAGETYPE_REGULAR:
            continue
        free = pf.free_space(page)
        if free > fsm.recorded_free_space(index, blkno):
            fsm.record_page(index, blkno, free)
    _vacuum_fsm(index)


_heap_rows = None


def set_heap_rows(fn) -> None:
    """fn(index) -> (rows, heap blocks): what VACUUM's summarisation reads (registered
    by commands/brin_functions.py, which can evaluate index expressions)."""
    global _heap_rows
    _heap_rows = fn


def vacuum_cleanup(index, result: BulkDeleteResult | None) -> BulkDeleteResult:
    """brinvacuumcleanup: the complete ranges not yet summarised are summarised;
    num_index_tuples counts the ranges with a summary."""
    result = result or BulkDeleteResult()
    _vacuum_scan(index)
    if _heap_rows is not None:
        rows, heap_nblocks = _heap_rows(index)
        summarized, existing = summarize(index, rows, heap_nblocks, include_partial=False)
        result.num_index_tuples = summarized + existing
    result.num_pages = bufmgr.nblocks(index.locator, MAIN)
    return result
