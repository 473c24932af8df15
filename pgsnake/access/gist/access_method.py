"""The GiST access method's entry points: what the catalog, executor and commands layers
call.

    create_storage(index)                 the file and the empty root leaf (block 0);
                                          an unlogged index's init fork holds the same
                                          root (gistbuildempty)
    build(index, heap, tuples) -> int     CREATE INDEX: (tid, [value], is_live) tuples
    insert(index, values, tid)            one row's keys
    bitmap_scan(index, scan_keys) -> (set of TIDs, recheck)
                                          scan_keys: (column, strategy number, query)
    ordered_scan(index, scan_keys), knn_scan(index, scan_keys, order_keys)
                                          Index Scans: tree order, or nearest first
    bulk_delete(index, is_dead) -> BulkDeleteResult      VACUUM
    vacuum_cleanup(index, result) -> BulkDeleteResult

CREATE INDEX inserts every row through the same code as later inserts, leaving
(100 - fillfactor)% of each page free (gistbuild's insert mode; PostgreSQL 15 switches
to buffering only past effective_cache_size, which is not done here), with WAL off, then
logs every page once (log_newpage_range). When every key column's class has sort
support (point_ops) and buffering is not on, the tree is built bottom-up from the
sorted tuples instead (sorted_build.py), as PostgreSQL does. NULL
values are indexed (their keys are NULL) and match no operator.

PostgreSQL: access/gist/gist.c (gisthandler, gistinsert, gistbuildempty),
gistbuild.c (gistbuild), gistget.c (gistgetbitmap), gistvacuum.c (gistbulkdelete,
gistvacuumcleanup).
"""
from __future__ import annotations

from pgsnake.access.gist import opclasses
from pgsnake.access.gist import page_format as pf
from pgsnake.access.gist import sorted_build, tree
from pgsnake.access.gist.pages import MAIN, PageSet, log_all_pages, read_page
from pgsnake.access.nbtree.bulk_delete import BulkDeleteResult
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.smgr import storage_manager as smgr
from pgsnake.utils.errors import PgError
from pgsnake.utils.interrupts import check_for_interrupts

GIST_ACCESS_METHOD = 783


def create_storage(index) -> None:
    """The main fork with block 0, the root, an empty leaf (gistbuildempty)."""
    smgr.create(index.locator, MAIN)
    if index.needs_wal:
        from pgsnake.access.transam import smgr_records
        smgr_records.log_create(index.locator, MAIN)
    buf, blkno = bufmgr.extend_relation(index.locator, MAIN)
    try:
        if blkno != pf.ROOT_BLKNO:
            raise PgError("XX000", f'index "{index.name}" already contains data')
        page = bufmgr.page(buf)
        pf.init_page(page, pf.F_LEAF)
        bufmgr.mark_dirty(buf)
    finally:
        bufmgr.unlock_release_buffer(buf)
    if index.needs_wal:
        log_all_pages(index)
    if index.persistence == "u":
        from pgsnake.access.common import init_fork
        root = bytearray(pf.BLCKSZ)
        pf.init_page(root, pf.F_LEAF)
        init_fork.create_init_fork(index, [root])


def drop_storage(index) -> None:
    bufmgr.drop_relation_buffers(index.locator)
    smgr.unlink(index.locator)


def _reserve(index) -> int:
    return pf.BLCKSZ * (100 - index.index.fillfactor) // 100


def build(index, heap, tuples) -> int:
    """gistbuild in insert mode; returns the number of heap tuples indexed."""
    keys = tree.keys_for(index)
    if sorted_build.can_sort(index):
        return _build_sorted(index, keys, tuples)
    reserve = _reserve(index)
    count = 0
    for item in tuples:
        tid, values = item[0], item[1]
        check_for_interrupts()
        count += 1
        data = keys.leaf_tuple(values, tid)
        with PageSet(index, logged=False) as pages:
            tree.insert(pages, keys, data, reserve)
    log_all_pages(index)
    return count


def _build_sorted(index, keys, tuples) -> int:
    """gistbuild's sorted mode (sorted_build.py) for classes with sort support."""
    leaf_tuples = []
    for item in tuples:
        tid, values = item[0], item[1]
        check_for_interrupts()
        leaf_tuples.append((sorted_build.sort_key(keys, values, tid),
                            keys.leaf_tuple(values, tid)))
    sorted_build.build(index, keys, leaf_tuples)
    log_all_pages(index)
    return len(leaf_tuples)


def insert(index, values: list, heap_tid) -> None:
    """gistinsert: one row, pages filled completely."""
    keys = tree.keys_for(index)
    data = keys.leaf_tuple(values, heap_tid)
    with PageSet(index) as pages:
        tree.insert(pages, keys, data)


def _page_reader(index):
    """get(blkno): the index page, read at most once per scan."""
    cache: dict = {}

    def get(blkno):
        page = cache.get(blkno)
        if page is None:
            page = cache[blkno] = read_page(index, blkno)
        return page
    return get


def bitmap_scan(index, scan_keys) -> tuple[set, bool]:
    """gistgetbitmap: the TIDs of rows matching every scan key (column, strategy,
    query) and whether any of them must be rechecked."""
    keys = tree.keys_for(index)
    get = _page_reader(index)
    found = tree.search(get, keys, scan_keys)     # page by page (gistScanPage)
    return {tuple(tid) for tid, _r in found}, any(r for _t, r in found)


def ordered_scan(index, scan_keys, want_keys: bool = False) -> list:
    """gistgettuple without ORDER BY: [(heap TID, recheck)] in the order the search
    reaches the leaves (depth first, each page's tuples in order); with want_keys,
    [(heap TID, recheck, leaf keys)]."""
    keys = tree.keys_for(index)
    get = _page_reader(index)
    return [(tuple(item[0]),) + tuple(item[1:])
            for item in tree.search(get, keys, scan_keys, want_keys)]


def can_fetch(index, columns) -> bool:
    """Whether every one of these (0-based) index columns' classes returns the value
    from a leaf key (amproc 9): an Index Only Scan can answer them."""
    names = index.index.opclass_names
    return all(column < len(names) and opclasses.supported(names[column])
               and opclasses.lookup(names[column]).fetch is not None for column in columns)


def fetched_values(index, leaf_keys) -> list:
    """gistFetchTuple: the column values of a leaf's keys (None for NULL or for a
    column whose class cannot fetch)."""
    out = []
    for name, key in zip(index.index.opclass_names, leaf_keys):
        fetch = opclasses.lookup(name).fetch if opclasses.supported(name) else None
        out.append(None if key is None or fetch is None else fetch(key))
    return out


def knn_scan(index, scan_keys, order_keys, want_keys: bool = False) -> list:
    """gistgettuple with ORDER BY distances: [(heap TID, recheck, distances)] nearest
    first (knn.py), with want_keys also the leaf keys; order_keys: (column, strategy,
    query) of the ordering operators. Where `lossy_distance_columns` names a column,
    its distances are lower bounds."""
    from pgsnake.access.gist import knn
    keys = tree.keys_for(index)
    get = _page_reader(index)
    return [(tuple(item[0]),) + tuple(item[1:])
            for item in knn.search(get, keys, scan_keys, order_keys, want_keys)]


def lossy_distance_columns(index) -> set[int]:
    """The (0-based) index columns whose operator class's leaf distances are lower
    bounds (circle_ops, poly_ops)."""
    return {column for column, name in enumerate(index.index.opclass_names)
            if opclasses.supported(name) and opclasses.lookup(name).lossy_distance}


def bulk_delete(index, is_dead) -> BulkDeleteResult:
    """gistbulkdelete: every page in physical order, one change (and WAL record) each,
    until no page was added meanwhile (gistvacuumscan). A concurrent split moves tuples
    only to new pages at the end (pages are never recycled), which this loop reaches."""
    result = BulkDeleteResult()
    blkno = 0
    while blkno < (nblocks := bufmgr.nblocks(index.locator, MAIN)):
        for blkno in range(blkno, nblocks):
            check_for_interrupts()
            with PageSet(index) as pages:
                removed, remaining = tree.vacuum_page(pages, blkno, is_dead)
            result.tuples_removed += removed
            result.num_index_tuples += remaining
        blkno = nblocks
    result.num_pages = bufmgr.nblocks(index.locator, MAIN)
    return result


def vacuum_cleanup(index, result: BulkDeleteResult | None) -> BulkDeleteResult:
    """gistvacuumcleanup: without a bulk delete (nothing dead), count the leaf tuples."""
    if result is not None:
        return result
    result = BulkDeleteResult()
    for blkno in tree.leaf_blocks(lambda blkno: read_page(index, blkno)):
        result.num_index_tuples += pl.max_offset(read_page(index, blkno))
    result.num_pages = bufmgr.nblocks(index.locator, MAIN)
    return result
