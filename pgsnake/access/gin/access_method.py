"""The GIN access method's entry points: what the catalog, executor and commands layers
call.

    create_storage(index)                 the file, the metapage and the empty root leaf;
                                          an unlogged index's init fork holds the same two
                                          pages (ginbuildempty)
    drop_storage(index)
    build(index, heap, tuples) -> int     CREATE INDEX: (tid, [value], is_live) tuples
    insert(index, values, tid)            one row's keys
    bitmap_scan(index, scan_keys) -> (set of TIDs, recheck)
                                          scan_keys: (strategy number, query value)
    bulk_delete(index, is_dead) -> BulkDeleteResult      VACUUM
    vacuum_cleanup(index, num_heap_tuples, result)       VACUUM's last step
    clean_pending_list(index) -> int      gin_clean_pending_list
    analyze_cleanup(index)                autovacuum's ANALYZE
    read_stats(index) -> MetaPage         gincostestimate's statistics

A row's value becomes keys through its operator class (opclass_support.py): a NULL
value is one NULL_ITEM entry, a value with no keys one EMPTY_ITEM entry, a value with
NULL elements also a NULL_KEY entry (ginExtractEntries). A scan key's query becomes its key list and
search mode; a row matches the scan key when the class's consistent function says so
given which of the keys the row has; several scan keys are ANDed.

Locking (README rule G1): page locks, no index-wide lock. An insert changes one key
at a time, locking its leaf and then, for a split, the parents (entry_tree.py); VACUUM
locks one entry leaf at a time (and its posting trees' pages); the statistics in the
metapage are changed under its lock. Scans read page by page under momentary share
locks and move right past concurrent splits (entry_tree.find); a GIN scan is
bitmap-only, all TIDs are gathered before any is returned.

PostgreSQL: access/gin/ginutil.c (ginhandler, GinInitMetabuffer, ginUpdateStats,
ginGetStats, ginExtractEntries), gininsert.c (ginbuild, gininsert), ginget.c
(gingetbitmap, startScanKey/keyGetItem as a set computation), ginscan.c
(ginNewScanKey), ginvacuum.c (ginbulkdelete, ginvacuumcleanup's statistics).
"""
from __future__ import annotations

from pgsnake.access.common import index_page_set
from pgsnake.access.common.index_page_set import StepBlock
from pgsnake.access.gin import (column_keys, entry_tree, opclass_support, pending_list,
                                posting_list, posting_tree)
from pgsnake.access.gin import page_format as pf
from pgsnake.access.gin import wal_records as gin_wal
from pgsnake.access.gin.pages import (MAIN, PageSet, check_page, log_all_pages, read_page,
                                      recyclable)
from pgsnake.access.transam.wal import wal
from pgsnake.access.nbtree.bulk_delete import BulkDeleteResult
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.free_space_map import free_space_map as fsm
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.smgr import storage_manager as smgr
from pgsnake.utils import process_state
from pgsnake.utils.errors import PgError
from pgsnake.utils.interrupts import check_for_interrupts

GIN_ACCESS_METHOD = 2742


def _opclasses(index) -> list[opclass_support.GinOpclass]:
    """The operator class of each column (several: a multicolumn index)."""
    return [opclass_support.lookup(name) for name in index.index.opclass_names]


def create_storage(index) -> None:
    """The main fork with block 0 (metapage) and block 1 (the root, an empty leaf),
    both logged (ginbuild's first step, GinInitMetabuffer / GinInitBuffer)."""
    smgr.create(index.locator, MAIN)
    if index.needs_wal:
        from pgsnake.access.transam import smgr_records
        smgr_records.log_create(index.locator, MAIN)
    with PageSet(index) as pages:
        meta_blkno, meta = pages.new(pf.GIN_META)
        pf.init_meta_page(meta)
        root_blkno, _root = pages.new(pf.GIN_LEAF)
    if (meta_blkno, root_blkno) != (pf.META_BLKNO, pf.ROOT_BLKNO):
        raise PgError("XX000", f'index "{index.name}" already contains data')
    if index.persistence == "u":
        from pgsnake.access.common import init_fork
        meta, root = bytearray(pl.BLCKSZ), bytearray(pl.BLCKSZ)
        pf.init_meta_page(meta)
        pf.init_page(root, pf.GIN_LEAF)
        init_fork.create_init_fork(index, [meta, root])


def drop_storage(index) -> None:
    bufmgr.drop_relation_buffers(index.locator)
    smgr.unlink(index.locator)


def _row_entries(keys, opclasses, values) -> list[tuple[int, object]]:
    """(category, key) of every entry a row makes, column by column (in a multicolumn
    index each key is (attnum, key): ginInsert's loop over the columns)."""
    if not keys.multicolumn:
        return _entries(opclasses[0], values[0])
    return [(category, (attnum, key))
            for attnum, (opclass, value) in enumerate(zip(opclasses, values), start=1)
            for category, key in _entries(opclass, value)]


def _entries(opclass, value) -> list[tuple[int, object]]:
    """(category, key) of every entry a value makes (ginExtractEntries)."""
    if value is None:
        return [(pf.CAT_NULL_ITEM, None)]
    keys, has_null_items = opclass.extract_value(value)
    entries = [(pf.CAT_NORM_KEY, k) for k in keys]
    if has_null_items:
        entries.append((pf.CAT_NULL_KEY, None))
    if not entries:
        entries.append((pf.CAT_EMPTY_ITEM, None))
    return entries


def build(index, heap, tuples) -> int:
    """ginbuild: collect every key's TIDs, insert the keys in key order, then log every
    page. Returns the number of heap tuples indexed."""
    opclasses = _opclasses(index)
    keys = entry_tree.EntryKeys(index, opclasses)
    accumulated: dict = {}
    count = 0
    for item in tuples:
        tid, values = item[0], item[1]
        check_for_interrupts()
        count += 1
        for category, key in _row_entries(keys, opclasses, values):
            accumulated.setdefault((category, key), []).append(tuple(tid))
    ordered = sorted(accumulated.items(), key=lambda kv: keys.order(*kv[0]))
    for (category, key), tids in ordered:
        check_for_interrupts()
        tids = sorted(set(tids))
        with PageSet(index, logged=False) as pages:
            pages.building = True                  # btree->isBuild: no 50/50 splits
            entry_tree.insert(pages, keys, category, key, tids)
    with PageSet(index, logged=False) as pages:
        _update_stats(pages, index, len(ordered))
    log_all_pages(index)
    return count


def insert(index, values: list, heap_tid) -> None:
    """gininsert. With fastupdate (the default) the row's keys go onto the pending list
    (pending_list.py), which is cleaned up when it outgrows gin_pending_list_limit.
    Without it, straight into the entry tree: each key is its own change
    (ginEntryInsert), so the pages one holds are let go before the next key's leaf is
    locked: locks are only ever taken bottom-up and left to right."""
    opclasses = _opclasses(index)
    keys = entry_tree.EntryKeys(index, opclasses)
    # ginExtractEntries hands them over sorted: the order decides where each lands.
    entries = sorted(_row_entries(keys, opclasses, values), key=lambda e: keys.order(*e))
    if index.index.gin_fastupdate:
        tuples = pending_list.collect(index, keys, entries, heap_tid)
        if pending_list.fast_insert(index, tuples):
            pending_list.cleanup(index, keys, full_clean=False, fill_fsm=True, force=False)
        return
    for category, key in entries:
        with PageSet(index) as pages:
            entry_tree.insert(pages, keys, category, key, [tuple(heap_tid)])


def _update_stats(pages, index, n_entries: int | None = None) -> None:
    """ginUpdateStats: page counts (and the number of keys) into the metapage."""
    nblocks = bufmgr.nblocks(index.locator, MAIN)
    entry_pages = data_pages = 0
    for blkno in range(1, nblocks):
        opaque = pf.read_opaque(pages.peek(blkno))
        if opaque.flags & pf.GIN_DATA:
            data_pages += 1
        elif not opaque.flags & pf.GIN_DELETED:
            entry_pages += 1
    meta_page = pages.page(pf.META_BLKNO)
    meta = pf.read_meta(meta_page)
    meta.n_total_pages = nblocks
    meta.n_entry_pages = entry_pages
    meta.n_data_pages = data_pages
    if n_entries is not None:
        meta.n_entries = n_entries
    pf.write_meta(meta_page, meta)


def read_stats(index) -> pf.MetaPage:
    return pf.read_meta(read_page(index, pf.META_BLKNO))


# ---- scans -----------------------------------------------------------------------------

def _tids_of(get, leaf_tuple) -> list:
    if pf.is_posting_tree(leaf_tuple):
        return posting_tree.all_tids(get, pf.posting_root(leaf_tuple))
    return pf.entry_tids(leaf_tuple)


def bitmap_scan(index, scan_keys) -> tuple[set, bool]:
    """gingetbitmap: the TIDs of rows matching every scan key (strategy, query[, index
    column number, 1 if not given]), and whether the heap rows must be rechecked with
    the operators."""
    opclasses = _opclasses(index)
    keys = entry_tree.EntryKeys(index, opclasses)
    cache: dict = {}

    def get(blkno):
        page = cache.get(blkno)
        if page is None:
            page = cache[blkno] = read_page(index, blkno)
        return page

    # The pending list first: a row its cleanup moves into the tree meanwhile is
    # then seen twice, never missed (gingetbitmap).
    pending = pending_list.read(index, keys)

    def lookup(category, key) -> set:
        found = entry_tree.find(get, keys, category, key)
        tids = set(_tids_of(get, found)) if found is not None else set()
        return tids | pending.tids(keys.order(category, key))

    def partial_lookup(opclass, attnum, strategy, query_keys, key) -> set:
        """collectMatchBitmap / matchPartialInPendingList: the TIDs of every entry of
        the column from the key on that compare_partial accepts, until it says stop."""
        tids: set = set()
        start = keys.partial_start(attnum, key)
        sort_key = keys.sort_keys[index.attributes[attnum - 1].attnum]

        def verdict(entry) -> int:
            entry_attnum, value = keys.split(entry)
            if entry_attnum != attnum:
                return 1
            return opclass.compare_partial(strategy, query_keys, key, value, sort_key)
        for data in entry_tree.leaf_tuples_from(get, keys, start):
            category, entry = pf.entry_key(keys.codec, data)
            found = verdict(entry) if category == pf.CAT_NORM_KEY else 1
            if found > 0:
                break
            if found == 0:
                tids.update(_tids_of(get, data))
        for order, entry in pending.keys.items():
            if (start is None or order >= start) and verdict(entry) == 0:
                tids |= pending.tids(order)
        return tids

    def key_tids(opclass, attnum, strategy, query_keys, i, k) -> set:
        if query_keys.partial and query_keys.partial[i]:
            return partial_lookup(opclass, attnum, strategy, query_keys, k)
        if k is None:
            return lookup(pf.CAT_NULL_KEY, keys.column_key(attnum, None))
        return lookup(pf.CAT_NORM_KEY, keys.column_key(attnum, k))

    result = None
    recheck = False
    # Page by page, each under a momentary share lock: inserts run meanwhile
    # (README rule G1); entry_tree.find moves right past concurrent splits.
    all_rows = None
    for strategy, query, *column in scan_keys:
        check_for_interrupts()
        attnum = column[0] if column else 1
        opclass = opclasses[attnum - 1]
        query_keys = opclass.extract_query(query, strategy)
        key_sets = [key_tids(opclass, attnum, strategy, query_keys, i, k)
                    for i, k in enumerate(query_keys.keys)]
        candidates = set().union(*key_sets)
        mode = query_keys.search_mode
        if mode == opclass_support.SEARCH_INCLUDE_EMPTY:
            candidates |= lookup(pf.CAT_EMPTY_ITEM, keys.column_key(attnum, None))
        elif mode in (opclass_support.SEARCH_ALL, opclass_support.SEARCH_EVERYTHING):
            if all_rows is None:       # per (column, the value is NULL)
                all_rows = {kind: set(tids) for kind, tids in pending.rows.items()}
                for _blkno, _off, data in entry_tree.leaf_tuples(get):
                    category, key = pf.entry_key(keys.codec, data)
                    kind = (keys.split(key)[0], category == pf.CAT_NULL_ITEM)
                    all_rows.setdefault(kind, set()).update(_tids_of(get, data))
            candidates |= all_rows.get((attnum, False), set())
            if mode == opclass_support.SEARCH_EVERYTHING:
                candidates |= all_rows.get((attnum, True), set())
        matched = set()
        for tid in candidates:
            ok, needs_recheck = opclass.consistent(
                strategy, query_keys, [tid in s for s in key_sets])
            if ok:
                matched.add(tid)
                recheck = recheck or needs_recheck
        result = matched if result is None else result & matched
        if not result:
            break
    return result or set(), recheck


# ---- VACUUM ----------------------------------------------------------------------------

def bulk_delete(index, is_dead) -> BulkDeleteResult:
    """ginbulkdelete: drop dead TIDs from every posting list and posting tree leaf.
    Entry tuples stay (an emptied one keeps its key, as in PostgreSQL); no page is
    deleted. One change per entry leaf, left to right along the right links read under
    its lock, so a leaf split by an insert in between is followed onto its new page.
    The pending list is moved into the tree first (all of it; autovacuum only what
    was there when it started)."""
    result = BulkDeleteResult()
    result.pages_deleted = clean_pending_list(index, full_clean=not _in_autovacuum(),
                                              fill_fsm=False)
    blkno = entry_tree.leaf_blocks(lambda b: read_page(index, b))[0]
    while blkno != pf.INVALID_BLOCK:
        check_for_interrupts()
        with PageSet(index) as pages:
            page = bytes(pages.page(blkno))       # locked: inserts into it wait
            opaque = pf.read_opaque(page)
            for off in range(1, pl.max_offset(page) + 1):
                data = bytes(pl.get_item(page, off))
                if pf.is_posting_tree(data):
                    removed, remaining = posting_tree.vacuum(pages, pf.posting_root(data),
                                                             is_dead)
                    result.tuples_removed += removed
                    result.num_index_tuples += remaining
                    continue
                tids = pf.entry_tids(data)
                kept = [t for t in tids if not is_dead(t)]
                result.tuples_removed += len(tids) - len(kept)
                result.num_index_tuples += len(kept)
                if len(kept) == len(tids):
                    continue
                codec = column_keys.entry_codec(index)
                category, key = pf.entry_key(codec, data)
                new = pf.form_leaf_entry(codec, key, category, kept)
                target = pages.page(blkno)
                pl.index_tuple_delete(target, off)
                from pgsnake.access.nbtree.page_format import insert_item
                insert_item(target, new, off)
            # The changed entry page as a VACUUM_PAGE record, as ginVacuumEntryPage's
            # xlogVacuumPage does (its posting trees' leaves are logged by vacuum()).
            pages.log_images(wal.RmgrId.GIN, gin_wal.XLOG_GIN_VACUUM_PAGE, per_record=1)
        blkno = pf.INVALID_BLOCK if opaque.rightmost else opaque.rightlink
    result.num_pages = bufmgr.nblocks(index.locator, MAIN)
    return result


def vacuum_cleanup(index, num_heap_tuples: float,
                   result: BulkDeleteResult | None = None) -> BulkDeleteResult:
    """ginvacuumcleanup: the pending list moved into the tree if no bulk delete did it,
    then the entry pages, data pages and keys counted into the metapage (every
    VACUUM, whether or not it deleted anything), free pages (new, or deleted pending
    list pages) recorded in the free space map; the index's tuple count is reported
    as the heap's."""
    if result is None:
        result = BulkDeleteResult()
        result.pages_deleted = clean_pending_list(
            index, full_clean=not _in_autovacuum(), fill_fsm=False)
    free_pages = []
    with PageSet(index) as pages:
        pages.page(pf.META_BLKNO)
        nblocks = bufmgr.nblocks(index.locator, MAIN)
        entry_pages = data_pages = entries = 0
        for blkno in range(pf.ROOT_BLKNO, nblocks):
            check_for_interrupts()
            page = _peek_allowing_new(pages, index, blkno)
            if page is None or recyclable(page):      # new, or a deleted list page
                free_pages.append(blkno)
                continue
            opaque = pf.read_opaque(page)
            if opaque.flags & pf.GIN_DATA:
                data_pages += 1
            elif not opaque.flags & pf.GIN_LIST:
                entry_pages += 1
                if opaque.is_leaf:
                    entries += pl.max_offset(page)
        meta_page = pages.page(pf.META_BLKNO)
        meta = pf.read_meta(meta_page)
        meta.n_total_pages, meta.n_entry_pages = nblocks, entry_pages
        meta.n_data_pages, meta.n_entries = data_pages, entries
        pf.write_meta(meta_page, meta)
        pages.log_step(wal.RmgrId.GIN, gin_wal.XLOG_GIN_UPDATE_META_PAGE,
                       gin_wal.update_meta_main(index.locator, meta_page),
                       [StepBlock(0, pf.META_BLKNO, will_init=True)])
    for blkno in free_pages:
        fsm.record_page(index, blkno, pl.BLCKSZ - 1)          # RecordFreeIndexPage
    fsm.vacuum_range(index, 0, pending_list.MAX_BLOCK)       # IndexFreeSpaceMapVacuum
    result.num_index_tuples = max(int(num_heap_tuples), 0)
    result.num_pages = nblocks
    result.pages_free = len(free_pages)
    return result


def _in_autovacuum() -> bool:
    return process_state.process_kind == "autovacuum worker"


def clean_pending_list(index, *, full_clean: bool = True, fill_fsm: bool = True) -> int:
    """ginInsertCleanup, waiting for a cleanup already running: the pending list moved
    into the entry tree; returns the number of list pages deleted
    (gin_clean_pending_list's result)."""
    keys = entry_tree.EntryKeys(index, _opclasses(index))
    return pending_list.cleanup(index, keys, full_clean=full_clean, fill_fsm=fill_fsm,
                                force=True)


def analyze_cleanup(index) -> None:
    """ginvacuumcleanup called by ANALYZE (analyze_only): autovacuum's ANALYZE cleans
    the pending list up to its tail of the moment; a user's ANALYZE leaves it."""
    if _in_autovacuum():
        clean_pending_list(index, full_clean=False, fill_fsm=True)


def _peek_allowing_new(pages, index, blkno: int) -> bytes | None:
    """Page `blkno`, or None when it is all zeros (an extension a crash cut short
    leaves one; ginvacuumcleanup counts such a page as free instead of failing)."""
    if blkno in pages.copies:
        return bytes(pages.copies[blkno])
    page = index_page_set.read_page(index, blkno, lambda *_args: None)
    if pl.is_new(page):
        return None
    check_page(index, page, blkno)
    return page


def tids_in_order(tids) -> list:
    """The TIDs sorted as a bitmap returns them (block, then offset)."""
    return sorted(tids, key=posting_list.encode_tid)
