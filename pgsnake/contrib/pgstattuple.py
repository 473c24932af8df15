"""pgstattuple: how full a table or B-tree index really is, as PostgreSQL 15's extension.

    pgstattuple(regclass | text) -> (table_len, tuple_count, tuple_len, tuple_percent,
        dead_tuple_count, dead_tuple_len, dead_tuple_percent, free_space, free_percent)
    pgstatindex(regclass | text) -> (version, tree_level, index_size, root_block_no,
        internal_pages, leaf_pages, empty_pages, deleted_pages, avg_leaf_density,
        leaf_fragmentation)
    pg_relpages(regclass | text) -> bigint

pgstattuple reads every page of a table: a tuple is live when a dirty snapshot would
see it (its inserter committed or is running, and no committed or running transaction
deleted it), dead otherwise; free space is each page's usable free space. For a B-tree
index it counts the tuples of its leaf pages (killed, LP_DEAD, ones as dead) and the
free space of its leaf and deleted pages, as PostgreSQL's pgstat_btree_page does. Percentages are of the relation's size, to two decimals.
pgstatindex walks a B-tree's pages: page kinds, the leaf pages' average fill, and how
many leaf pages point to a next page with a lower block number (fragmentation).

Locks: AccessShareLock on the relation; pages are read one at a time under a share
lock, so concurrent writers go on and the numbers are a moving snapshot, as in
PostgreSQL.

PostgreSQL: contrib/pgstattuple/pgstattuple.c (pgstat_heap, pgstat_index_page),
pgstatindex.c (pgstatindex_impl, pg_relpages).
"""
from __future__ import annotations

import math

from pgsnake.access.common.heap_tuple import HeapTupleHeader
from pgsnake.access.heap import visibility
from pgsnake.access.nbtree import meta_page
from pgsnake.access.nbtree import page_format as pf
from pgsnake.access.transam import xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.contrib import extensions, relation_args
from pgsnake.datatypes import functions
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.lmgr import lock_modes
from pgsnake.storage.page import page_layout as pl
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError, WRONG_OBJECT_TYPE

INDEX_CORRUPTED = "XX002"

EXTENSION = "pgstattuple"
INT8, INT4, FLOAT8, TEXT, REGCLASS, RECORD = 20, 23, 701, 25, 2205, 2249
MAIN = 0

TUPLE_COLUMNS = (
    ("table_len", INT8), ("tuple_count", INT8), ("tuple_len", INT8), ("tuple_percent", FLOAT8),
    ("dead_tuple_count", INT8), ("dead_tuple_len", INT8), ("dead_tuple_percent", FLOAT8),
    ("free_space", INT8), ("free_percent", FLOAT8))
INDEX_COLUMNS = (
    ("version", INT4), ("tree_level", INT4), ("index_size", INT8), ("root_block_no", INT8),
    ("internal_pages", INT8), ("leaf_pages", INT8), ("empty_pages", INT8),
    ("deleted_pages", INT8), ("avg_leaf_density", FLOAT8), ("leaf_fragmentation", FLOAT8))


def _normal_tuples(page):
    """(stored length, header) of every normal (not dead, unused or redirect) item."""
    for offnum in range(1, pl.max_offset(page) + 1):
        lp_off, lp_flags, lp_len = pl.item_id(page, offnum)
        if lp_flags == pl.LP_NORMAL:
            yield lp_len, HeapTupleHeader(bytearray(page[lp_off:lp_off + lp_len]))

def _open(target):
    """The relation, locked AccessShare; `target` is an OID or a (qualified) name."""
    if isinstance(target, str):
        from pgsnake.catalog.sql_functions import regclass_input
        oid = regclass_input(target)
    else:
        oid = target
    return relation_args.open_relation(oid, lock_modes.ACCESS_SHARE)


def _pages(rel):
    """Each block of the main fork, as a copy read under a share lock."""
    for blkno in range(bufmgr.nblocks(rel.locator, MAIN)):
        buf = bufmgr.read_buffer(rel.locator, MAIN, blkno)
        bufmgr.lock_buffer(buf, bufmgr.SHARE)
        try:
            yield blkno, bytes(bufmgr.page(buf))
        finally:
            bufmgr.unlock_buffer(buf)
            bufmgr.release_buffer(buf)


def _percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 2) if whole else 0.0


def _row(table_len, live, live_len, dead, dead_len, free) -> tuple:
    return (table_len, live, live_len, _percent(live_len, table_len), dead, dead_len,
            _percent(dead_len, table_len), free, _percent(free, table_len))


def pgstattuple(target) -> tuple:
    rel = _open(target)
    if rel.relkind in ("i", "I"):
        return _index_tuples(rel)
    if rel.relkind not in ("r", "m", "t", "S"):
        raise PgError(WRONG_OBJECT_TYPE, f'cannot get tuple-level statistics for relation '
                                         f'"{rel.name}"')
    live = live_len = dead = dead_len = free = blocks = 0
    for _blkno, page in _pages(rel):
        blocks += 1
        if pl.is_new(page):
            continue
        free += pl.heap_free_space(page)
        for lp_len, header in _normal_tuples(page):
            present, _inserting, _deleting = visibility.tuple_dirty_state(
                header, xact.is_current_xid)
            if present:
                live, live_len = live + 1, live_len + lp_len
            else:
                dead, dead_len = dead + 1, dead_len + lp_len
    return _row(blocks * pl.BLCKSZ, live, live_len, dead, dead_len, free)


def _index_tuples(rel) -> tuple:
    if rel.index is None:
        raise PgError(FEATURE_NOT_SUPPORTED, "only B-tree indexes are supported by "
                                             "pgstattuple in pgsnake")
    live = live_len = dead = dead_len = free = blocks = 0
    for blkno, page in _pages(rel):
        blocks += 1
        if blkno == meta_page.BTREE_METAPAGE or pl.is_new(page):
            continue
        opaque = pf.Opaque(page)
        if opaque.is_ignored:
            free += pf.free_space(page)
            continue
        if not opaque.is_leaf:
            continue                   # internal pages' downlinks are not counted
        free += pf.free_space(page)
        first = 1 if opaque.is_rightmost else 2          # the high key is not a tuple
        for offnum in range(first, pl.max_offset(page) + 1):
            _off, lp_flags, lp_len = pl.item_id(page, offnum)
            if lp_flags == pl.LP_DEAD:
                dead, dead_len = dead + 1, dead_len + lp_len
            else:
                live, live_len = live + 1, live_len + lp_len
    return _row(blocks * pl.BLCKSZ, live, live_len, dead, dead_len, free)


def pgstatindex(target) -> tuple:
    rel = _open(target)
    if rel.relkind not in ("i", "I") or rel.index is None or rel.index.access_method != 403:
        raise PgError(WRONG_OBJECT_TYPE, f'relation "{rel.name}" is not a btree index')
    internal = leaf = empty = deleted = 0
    leaf_free = fragments = 0
    meta = None
    blocks = 0
    for blkno, page in _pages(rel):
        blocks += 1
        if blkno == meta_page.BTREE_METAPAGE:
            meta = meta_page.read_meta(page, rel.name)
            continue
        if pl.is_new(page):
            empty += 1
            continue
        opaque = pf.Opaque(page)
        if opaque.is_deleted:
            deleted += 1
        elif opaque.is_ignored:                 # half-dead
            empty += 1
        elif opaque.is_leaf:
            leaf += 1
            leaf_free += pf.free_space(page)
            if opaque.next != 0 and opaque.next < blkno:
                fragments += 1
        else:
            internal += 1
    usable = pf.SPECIAL_OFFSET - pl.SIZE_OF_PAGE_HEADER      # a leaf page's room for items
    density = round(100.0 - 100.0 * leaf_free / (leaf * usable), 2) if leaf else float("nan")
    fragmentation = round(100.0 * fragments / leaf, 2) if leaf else float("nan")
    return (meta.version, meta.level, blocks * pl.BLCKSZ, meta.root, internal, leaf, empty,
            deleted, density, fragmentation)


def pg_relpages(target) -> int:
    rel = _open(target)
    return bufmgr.nblocks(rel.locator, MAIN)


GIN_COLUMNS = (("version", INT4), ("pending_pages", INT4), ("pending_tuples", INT8))
HASH_COLUMNS = (("version", INT4), ("bucket_pages", INT8), ("overflow_pages", INT8),
                ("bitmap_pages", INT8), ("unused_pages", INT8), ("live_items", INT8),
                ("dead_items", INT8), ("free_percent", FLOAT8))
APPROX_COLUMNS = (("table_len", INT8), ("scanned_percent", FLOAT8),
                  ("approx_tuple_count", INT8), ("approx_tuple_len", INT8),
                  ("approx_tuple_percent", FLOAT8), ("dead_tuple_count", INT8),
                  ("dead_tuple_len", INT8), ("dead_tuple_percent", FLOAT8),
                  ("approx_free_space", INT8), ("approx_free_percent", FLOAT8))
GIN_AM, HASH_AM, HEAP_AM = 2742, 405, 2


def _index_of_kind(oid: int, am: int, kind: str):
    rel = relation_args.open_relation(oid, lock_modes.ACCESS_SHARE)
    if rel.relkind != "i" or rel.index is None or rel.index.access_method != am:
        raise PgError(WRONG_OBJECT_TYPE, f'relation "{rel.name}" is not a {kind} index')
    return rel


def pgstatginindex(oid: int) -> tuple:
    """The GIN metapage's version and pending list size (pgstatginindex_internal)."""
    from pgsnake.access.gin import page_format as gin
    rel = _index_of_kind(oid, GIN_AM, "GIN")
    buf = bufmgr.read_buffer(rel.locator, MAIN, gin.META_BLKNO)
    bufmgr.lock_buffer(buf, bufmgr.SHARE)
    try:
        meta = gin.read_meta(bufmgr.page(buf))
    finally:
        bufmgr.unlock_buffer(buf)
        bufmgr.release_buffer(buf)
    return meta.version, meta.n_pending_pages, meta.n_pending_heap_tuples


def pgstathashindex(oid: int) -> tuple:
    """Page kinds, live and dead items, and free space of a hash index: bucket and
    overflow pages' free space plus whole unused pages, over all but the metapage and
    the bitmap pages (pgstathashindex, GetHashPageStats)."""
    from pgsnake.access.hash import page_format as hpf
    rel = _index_of_kind(oid, HASH_AM, "hash")
    bucket = overflow = bitmap = unused = live = dead = free = 0
    meta = None
    nblocks = 0
    for blkno, page in _pages(rel):
        nblocks += 1
        if blkno == hpf.META_BLKNO:
            meta = hpf.read_meta(page)
            continue
        if pl.is_new(page):
            unused += 1
            continue
        head = pl.header(page)
        if head.special != hpf.SPECIAL_OFFSET:
            raise PgError(INDEX_CORRUPTED, f'index "{rel.name}" contains corrupted page at '
                                           f'block {blkno}')
        page_type = hpf.read_opaque(page).flag & hpf.LH_PAGE_TYPE
        if page_type in (hpf.LH_BUCKET_PAGE, hpf.LH_OVERFLOW_PAGE):
            if page_type == hpf.LH_BUCKET_PAGE:
                bucket += 1
            else:
                overflow += 1
            for offnum in range(1, pl.max_offset(page) + 1):
                if pl.item_id(page, offnum)[1] == pl.LP_DEAD:
                    dead += 1
                else:
                    live += 1
            free += max(head.upper - head.lower, 0)                # PageGetExactFreeSpace
        elif page_type == hpf.LH_BITMAP_PAGE:
            bitmap += 1
        elif page_type == hpf.LH_UNUSED_PAGE:
            unused += 1
        else:
            raise PgError(INDEX_CORRUPTED, f'unexpected page type 0x{page_type:04X} in HASH '
                                           f'index "{rel.name}" block {blkno}')
    free += unused * meta.bsize
    total = (nblocks - (bitmap + 1)) * meta.bsize
    percent = 100.0 * free / total if total else 0.0
    return meta.version, bucket, overflow, bitmap, unused, live, dead, percent


def _estimate_reltuples(row, total_pages: int, scanned_pages: int, scanned: int) -> int:
    """vac_estimate_reltuples: the live tuples of the whole table, from the pages read
    and pg_class's old density for the rest."""
    old_pages, old_tuples = row.relpages, row.reltuples
    if scanned_pages >= total_pages:
        return scanned
    if old_pages == total_pages and scanned_pages < total_pages * 0.02:
        return int(old_tuples)
    if old_tuples < 0 or old_pages == 0:
        return math.floor(scanned / scanned_pages * total_pages + 0.5)
    density = old_tuples / old_pages
    return math.floor(density * (total_pages - scanned_pages) + scanned + 0.5)


def pgstattuple_approx(oid: int) -> tuple:
    """pgstattuple's numbers, reading only the pages the visibility map does not call
    all-visible: those count as full of live tuples, less what the free space map
    records (statapprox_heap)."""
    from pgsnake.access.heap import pruning, visibility_map
    from pgsnake.storage.free_space_map import free_space_map
    rel = relation_args.open_relation(oid, lock_modes.ACCESS_SHARE)
    relation_args.check_relkind(rel, "rmt", FEATURE_NOT_SUPPORTED)
    row = cc.class_row(oid)
    if row.relam != HEAP_AM:
        raise PgError(FEATURE_NOT_SUPPORTED, "only heap AM is supported")
    oldest_xmin = pruning.removal_horizon(rel)
    nblocks = bufmgr.nblocks(rel.locator, MAIN)
    scanned = live = live_len = dead = dead_len = free = 0
    for blkno in range(nblocks):
        if visibility_map.all_visible(rel, blkno):
            recorded = free_space_map.recorded_free_space(rel, blkno)
            live_len += pl.BLCKSZ - recorded
            free += recorded
            continue
        buf = bufmgr.read_buffer(rel.locator, MAIN, blkno)
        bufmgr.lock_buffer(buf, bufmgr.SHARE)
        try:
            page = bytes(bufmgr.page(buf))
        finally:
            bufmgr.unlock_buffer(buf)
            bufmgr.release_buffer(buf)
        scanned += 1
        if pl.is_new(page):
            free += pl.BLCKSZ - pl.SIZE_OF_PAGE_HEADER
            continue
        free += pl.heap_free_space(page)
        for lp_len, header in _normal_tuples(page):
            state = pruning.tuple_vacuum_state(header, oldest_xmin)
            if state in (pruning.LIVE, pruning.DELETE_IN_PROGRESS):
                live, live_len = live + 1, live_len + lp_len
            else:
                dead, dead_len = dead + 1, dead_len + lp_len
    table_len = nblocks * pl.BLCKSZ
    live = _estimate_reltuples(row, nblocks, scanned, live)

    def percent(part):
        return 100.0 * part / table_len if nblocks else 0.0
    return (table_len, float(100 * scanned // nblocks) if nblocks else 0.0, live, live_len,
            percent(live_len), dead, dead_len, percent(dead_len), free, percent(free))


def _register() -> None:
    def add(name, arg_type, fn, result, columns=()):
        functions.register(name, [arg_type], result, fn, oid=extensions.next_function_oid(),
                           volatility="v", out_columns=columns, extension=EXTENSION)
    for arg_type in (REGCLASS, TEXT):
        add("pgstattuple", arg_type, pgstattuple, RECORD, TUPLE_COLUMNS)
        add("pgstatindex", arg_type, pgstatindex, RECORD, INDEX_COLUMNS)
        add("pg_relpages", arg_type, pg_relpages, INT8)
    functions.register("pgstatginindex", [REGCLASS], RECORD, pgstatginindex,
                       oid=extensions.next_function_oid(), volatility="v",
                       out_columns=GIN_COLUMNS, extension=EXTENSION)
    functions.register("pgstathashindex", [REGCLASS], RECORD, pgstathashindex,
                       oid=extensions.next_function_oid(), volatility="v",
                       out_columns=HASH_COLUMNS, extension=EXTENSION)
    functions.register("pgstattuple_approx", [REGCLASS], RECORD, pgstattuple_approx,
                       oid=extensions.next_function_oid(), volatility="v",
                       out_columns=APPROX_COLUMNS, extension=EXTENSION)
    for name in ("pgstattuple", "pgstatindex", "pg_relpages"):
        extensions.set_arguments(name, (TEXT,), ("relname",))
        extensions.set_arguments(name, (REGCLASS,),
                                 ("reloid",) if name == "pgstattuple" else ("relname",))
    extensions.set_arguments("pgstatginindex", (REGCLASS,), ("relname",))
    extensions.set_arguments("pgstathashindex", (REGCLASS,), ("relname",))
    extensions.set_arguments("pgstattuple_approx", (REGCLASS,), ("reloid",))


_register()
