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
from pgsnake.access.brin.pages import (MAIN, NewIndexPageSet, PageSet, SharedIndexLock,
                                       read_page)
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


def _insert_target(pages: PageSet, size: int, placement: Placement | None = None
                   ) -> tuple[int, bytearray, bool]:
    """brin_getinsertbuffer: (block, page, extended) of a regular page with room for a
    tuple of `size` bytes: the operation's current page if it has room, else this
    backend's target block, else what the free space map offers (each page found
    too full is recorded as it is), else a new page at the end (recorded in the map
    as BrinMaxItemSize free, which later inserts correct)."""
    index = pages.index
    needed = pl.maxalign(size)
    nblocks = pages.nblocks()
    if placement is not None and placement.current is not None:
        blkno = placement.current
        if blkno < nblocks and pf.free_space(pages.page(blkno, check=False)) >= needed:
            return blkno, pages.page(blkno), False
        placement.current = None
    newblk = _target_blocks.get(index.oid)
    if newblk is None or newblk >= nblocks:
        newblk = fsm.page_with_free_space(index, needed)
    while True:
        extended = newblk is None
        if extended:
            blkno, page = pages.extend()
            freespace = pf.MAX_ITEM_SIZE
        else:
            blkno = newblk
            page = pages.page(blkno, check=False)
            freespace = 0 if pl.is_new(page) else pf.free_space(page)
        if freespace >= needed:
            _target_blocks[index.oid] = blkno
            if placement is not None:
                placement.current = blkno
            if extended:
                pf.init_page(page, pf.PAGETYPE_REGULAR)
                fsm.record_page(index, blkno, freespace)
            return blkno, page, extended
        newblk = fsm.record_and_get_page(index, blkno, freespace, needed)


def forget_target_block(index_oid: int) -> None:
    """The index's relcache entry was invalidated: its target block is forgotten
    (RelationGetTargetBlock lives there)."""
    _target_blocks.pop(index_oid, None)


def forget_target_blocks() -> None:
    _target_blocks.clear()


def _revmap_block(pages: PageSet, pages_per_range: int, heap_blk: int):
    """(revmap block, slot) of the range, or None when no revmap page covers it yet."""
    page_no, slot = pf.revmap_location(pages_per_range, heap_blk)
    blkno = page_no + 1
    if blkno > pages.meta.last_revmap_page:
        return None
    return blkno, slot


def _extend_revmap(pages: PageSet, pages_per_range: int, heap_blk: int) -> None:
    """brinRevmapExtend: revmap pages up to the one covering heap_blk, each logged as
    REVMAP_EXTEND; a regular page in the way is evacuated first."""
    page_no, _slot = pf.revmap_location(pages_per_range, heap_blk)
    while pages.meta.last_revmap_page < page_no + 1:
        map_blk = pages.meta.last_revmap_page + 1
        if map_blk < pages.nblocks():
            page = pages.page(map_blk, check=False)
            if not pl.is_new(page):
                if pf.page_type(page) != pf.PAGETYPE_REGULAR:
                    raise PgError(INDEX_CORRUPTED, f"unexpected page type 0x{pf.page_type(page):04X} "
                                  f"in BRIN index \"{pages.index.name}\" block {map_blk}")
                _evacuate(pages, pages_per_range, map_blk)
        else:
            blkno, page = pages.extend()
            if blkno != map_blk:
                raise PgError(INDEX_CORRUPTED, f'index "{pages.index.name}" revmap '
                                               f'extension out of order')
        pf.init_page(page, pf.PAGETYPE_REVMAP)
        pf.set_last_revmap_page(pages.meta_page, map_blk)
        pages.log_step(RMGR, xl.XLOG_BRIN_REVMAP_EXTEND, xl.REVMAP_EXTEND.pack(map_blk),
                       [StepBlock(0, pf.META_BLKNO), StepBlock(1, map_blk, will_init=True)])


def _evacuate(pages: PageSet, pages_per_range: int, blkno: int) -> None:  # noqa: D401
    """brin_evacuate_page: every tuple of the page moved to another one (the page is
    flagged first, so that nothing is placed on it meanwhile)."""
    page = pages.page(blkno)
    pf.set_page_flags(page, pf.page_flags(page) | pf.EVACUATE_PAGE)
    for off in range(1, pl.max_offset(page) + 1):
        _lp, flags, length = pl.item_id(page, off)
        if flags != pl.LP_NORMAL or not length:
            continue
        data = bytes(pl.get_item(page, off))
        _move(pages, pages_per_range, pf.tuple_blkno(data), blkno, off, data)


def _insert(pages: PageSet, pages_per_range: int, heap_blk: int, data: bytes,
            placement: Placement | None = None) -> tuple:
    """brin_doinsert: a new tuple for the range, pointed to by the revmap (INSERT)."""
    if len(data) > pf.MAX_ITEM_SIZE:
        raise _too_big(pages.index, len(data))
    _extend_revmap(pages, pages_per_range, heap_blk)
    blkno, page, extended = _insert_target(pages, len(data), placement)
    off = pl.add_item(page, data)
    if off is None:
        raise PgError("XX000", f'failed to add BRIN tuple to new page')
    revmap_blk, slot = _revmap_block(pages, pages_per_range, heap_blk)
    pf.revmap_set(pages.page(revmap_blk), slot, (blkno, off))
    info = xl.XLOG_BRIN_INSERT | (xl.XLOG_BRIN_INIT_PAGE if extended else 0)
    pages.log_step(RMGR, info, xl.INSERT.pack(heap_blk, pages_per_range, off),
                   [StepBlock(0, blkno, data, will_init=extended),
                    StepBlock(1, revmap_blk)])
    if extended:
        _vacuum_fsm(pages.index)
    return blkno, off


def _move(pages: PageSet, pages_per_range: int, heap_blk: int, old_blk: int, old_off: int,
          data: bytes) -> tuple:
    """brin_doupdate's other-page case: the tuple leaves its page (its line pointer
    stays, unused) for another; the revmap follows (UPDATE)."""
    if len(data) > pf.MAX_ITEM_SIZE:
        raise _too_big(pages.index, len(data))
    blkno, page, extended = _insert_target(pages, len(data))
    pf.delete_no_compact(pages.page(old_blk), old_off)
    off = pl.add_item(page, data)
    if off is None:
        raise PgError("XX000", f'failed to add BRIN tuple to new page')
    revmap_blk, slot = _revmap_block(pages, pages_per_range, heap_blk)
    pf.revmap_set(pages.page(revmap_blk), slot, (blkno, off))
    info = xl.XLOG_BRIN_UPDATE | (xl.XLOG_BRIN_INIT_PAGE if extended else 0)
    pages.log_step(RMGR, info, xl.UPDATE.pack(old_off, heap_blk, pages_per_range, off),
                   [StepBlock(0, blkno, data, will_init=extended), StepBlock(1, revmap_blk),
                    StepBlock(2, old_blk)])
    if extended:
        fsm.record_page(pages.index, blkno, pf.free_space(page))
        _vacuum_fsm(pages.index)
    return blkno, off


def _update(pages: PageSet, pages_per_range: int, heap_blk: int, blkno: int, off: int,
            data: bytes) -> tuple:
    """brin_doupdate: in place when the page has room (SAMEPAGE_UPDATE), else moved."""
    if len(data) > pf.MAX_ITEM_SIZE:
        raise _too_big(pages.index, len(data))
    page = pages.page(blkno)
    old_len = pl.item_id(page, off)[2]
    if not pf.page_flags(page) & pf.EVACUATE_PAGE and \
            (len(data) <= old_len or pf.exact_free_space(page) >= len(data) - old_len):
        overwrite_item(page, off, data)
        pages.log_step(RMGR, xl.XLOG_BRIN_SAMEPAGE_UPDATE, xl.SAMEPAGE_UPDATE.pack(off),
                       [StepBlock(0, blkno, data)])
        return blkno, off
    return _move(pages, pages_per_range, heap_blk, blkno, off, data)


def _lookup(pages, pages_per_range: int, heap_blk: int):
    """The revmap's (block, offset) of the range's tuple, or None."""
    where = _revmap_block(pages, pages_per_range, heap_blk)
    if where is None:
        return None
    revmap_blk, slot = where
    return pf.revmap_get(pages.page(revmap_blk), slot)


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
        # one page set per range: pins and locks are held a range at a time
        with PageSet(index, logged=False) as pages:
            _insert(pages, pages_per_range, start, pf.form_tuple(desc.layout, summary),
                    placement)
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
    with PageSet(index, logged=False) as pages:
        _finish_placement(pages, placement)
    index_page_set.log_all_pages(index, "BRIN")
    return count


def _pages_per_range(index) -> int:
    with SharedIndexLock(index) as lock:
        return lock.meta.pages_per_range


def _finish_placement(pages: PageSet, placement: Placement) -> None:
    """terminate_brin_buildstate: the free space left on the last page inserted into
    goes into the free space map."""
    if placement.current is not None:
        blkno = placement.current
        fsm.record_page(pages.index, blkno, pl.free_space(pages.page(blkno)))
        fsm.vacuum_range(pages.index, blkno, blkno + 1)


def insert(index, values: list, heap_tid) -> None:
    """brininsert: the summary of the row's range takes its values. With autosummarize,
    the first row of the first block of a range (not the first) asks autovacuum to
    summarise the range before it, if that has no summary yet."""
    desc = describe(index)
    summarize_previous = None
    with PageSet(index) as pages:
        pages_per_range = pages.meta.pages_per_range
        heap_blk = heap_tid[0] // pages_per_range * pages_per_range
        if heap_blk > 0 and heap_blk == heap_tid[0] and heap_tid[1] == 1 \
                and catalog_info(index).autosummarize \
                and _lookup(pages, pages_per_range, heap_blk - 1) is None:
            summarize_previous = heap_blk - 1
        found = _lookup(pages, pages_per_range, heap_blk)
        if found is not None:               # (an unsummarised range changes nothing)
            blkno, off = found
            data = _tuple_at(index, pages.page(blkno), blkno, off)
            summary = pf.deform_tuple(desc.layout, data)
            if desc.add_values(summary, values):
                _update(pages, pages_per_range, heap_blk, blkno, off,
                        pf.form_tuple(desc.layout, summary))
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
    """The range's summary as the revmap leads to it, or None (unsummarised). The
    revmap's entry and the tuple it names are read under separate locks: if the
    tuple is not the range's (moved, desummarised, its page evacuated), both pages
    are read again, a few times (each retry follows a change that finished)."""
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
                return pf.deform_tuple(desc.layout, data)
        fresh = True
    raise PgError(INDEX_CORRUPTED, "corrupted BRIN index: inconsistent range map")


# -- summarising ------------------------------------------------------------------------

def _summarize_range(pages: PageSet, desc: BrinDesc, pages_per_range: int, heap_blk: int,
                     heap_nblocks: int, rows, placement: Placement) -> None:
    """summarize_range: a placeholder tuple first (INSERT), then the range's rows,
    then the summary in its place (SAMEPAGE_UPDATE or UPDATE)."""
    placeholder = pf.empty_tuple(desc.layout, heap_blk)
    placeholder.placeholder = True
    blkno, off = _insert(pages, pages_per_range, heap_blk,
                         pf.form_tuple(desc.layout, placeholder), placement)
    summary = pf.empty_tuple(desc.layout, heap_blk)
    count = min(pages_per_range, heap_nblocks - heap_blk)
    for _tid, values in rows(heap_blk, count):
        check_for_interrupts()
        desc.add_values(summary, values)
    _update(pages, pages_per_range, heap_blk, blkno, off, pf.form_tuple(desc.layout, summary))


def summarize(index, rows, heap_nblocks: int, page_range: int | None = None,
              include_partial: bool = True) -> tuple[int, int]:
    """brinsummarize: (ranges summarised, ranges already summarised)."""
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
        with PageSet(index) as pages:             # a range at a time, as PostgreSQL
            if _lookup(pages, pages_per_range, start) is None:
                _summarize_range(pages, desc, pages_per_range, start, heap_nblocks, rows,
                                 placement)
                summarized += 1
            else:
                existing += 1
        start += pages_per_range
    if placement.current is not None:
        with PageSet(index) as pages:
            _finish_placement(pages, placement)
    return summarized, existing


def desummarize(index, heap_blk: int) -> None:
    """brinRevmapDesummarizeRange: the range's tuple removed and its revmap slot
    cleared (DESUMMARIZE); nothing when it has none."""
    with PageSet(index) as pages:
        pages_per_range = pages.meta.pages_per_range
        where = _revmap_block(pages, pages_per_range, heap_blk)
        if where is None:
            return
        revmap_blk, slot = where
        revmap = pages.page(revmap_blk)
        found = pf.revmap_get(revmap, slot)
        if found is None:
            return
        blkno, off = found
        page = pages.page(blkno)
        _tuple_at(pages.index, page, blkno, off)
        pf.revmap_set(revmap, slot, None)
        pf.delete_no_compact(page, off)
        pages.log_step(RMGR, xl.XLOG_BRIN_DESUMMARIZE,
                       xl.DESUMMARIZE.pack(pages_per_range, heap_blk, off),
                       [StepBlock(0, revmap_blk), StepBlock(1, blkno)])


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
