"""The hash access method's entry points (PostgreSQL's hashhandler routines).

    create_storage(index)                   the empty file (the build writes the pages);
                                            an unlogged index's init fork: metapage, two
                                            buckets, bitmap page (hashbuildempty)
    build(index, heap, tuples, heap_stats=None) -> int
                                            CREATE INDEX / REINDEX: metapage, buckets,
                                            bitmap page, then every row through insert
    insert(index, values, tid)              one row's entry (NULLs are not indexed)
    scan(index, value, type_oid) -> [tid]   the TIDs whose hash code equals value's,
                                            in index order (bucket chain, then offset)
    bulk_delete(index, is_dead) -> BulkDeleteResult      VACUUM (hashbulkdelete)
    vacuum_cleanup(index, result) -> BulkDeleteResult    (hashvacuumcleanup)

An entry is the row's hash code (the column type's hash support function,
hash_functions.py) and its heap TID. The code picks a bucket (its low bits, masked by
highmask or, for a bucket not split yet, lowmask); the bucket's primary page and its
chain of overflow pages hold the bucket's entries, each page sorted by hash code.

Growth: each insert counts the tuple into the metapage; when there are more than
ffactor tuples per bucket, the next bucket (maxbucket + 1) is split off its "old"
bucket (the new number with the top bit cleared): entries whose code now maps to the
new bucket are copied there (flagged INDEX_MOVED_BY_SPLIT), and the old bucket is
marked LH_BUCKET_NEEDS_SPLIT_CLEANUP; its stale copies are deleted right away (as
PostgreSQL does when no scan has the bucket pinned, which the split's cleanup lock on
the old bucket guarantees), then the bucket is squeezed (entries moved from the end of its
chain into free space earlier on, emptied overflow pages freed into the bitmap).
Buckets are allocated by split point: when a new split point starts, its whole batch
of bucket blocks is reserved (the file grows to its last block).

Locking (README rule H1): bucket locks. A change locks its bucket's primary page, then
its chain, the metapage and bitmap pages, and keeps them until it is applied; a split
takes its old bucket only with a conditional cleanup lock; scans share-lock their
bucket's primary page while they walk its chain; VACUUM cleans a bucket per change. WAL (README rules H2, H4): each step is described with
pages.log_step as PostgreSQL's hash record for it (wal_records.py) right after its
pages are edited; the records go out, in order, when the change is applied.

PostgreSQL: access/hash/hash.c (hashbuild, hashbuildCallback, hashinsert, hashgettuple,
hashgetbitmap, hashbulkdelete, hashbucketcleanup, hashvacuumcleanup), hashinsert.c
(_hash_doinsert, _hash_pgaddtup), hashpage.c (_hash_init, _hash_init_metabuffer,
_hash_expandtable, _hash_alloc_buckets, _hash_splitbucket), hashovfl.c
(_hash_addovflpage, _hash_getovflpage, _hash_freeovflpage, _hash_squeezebucket),
hashsearch.c (_hash_first, _hash_readpage).
"""
from __future__ import annotations

import struct

from pgsnake.access.common import index_page_set
from pgsnake.access.hash import hash_functions
from pgsnake.access.hash import sql_functions  # noqa: F401  (registers hashint4, ...)
from pgsnake.access.hash import page_format as pf
from pgsnake.access.hash import wal_records as xl
from pgsnake.access.hash.pages import (PageSet, SharedIndexLock, StepBlock, log_all_pages,
                                       read_page)
from pgsnake.access.hash.pages import check_page
from pgsnake.access.hash.pages import read_meta as _read_meta_copy
from pgsnake.access.nbtree.bulk_delete import BulkDeleteResult
from pgsnake.access.nbtree.page_format import insert_item
from pgsnake.access.transam.wal import wal
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.smgr import storage_manager as smgr
from pgsnake.storage.smgr.relation_path import ForkNumber
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError
from pgsnake.utils.interrupts import check_for_interrupts

HASH_ACCESS_METHOD = 405
MAIN = ForkNumber.MAIN
HASH = wal.RmgrId.HASH
XLOG_FPI = 0xB0
_HEAP_USABLE_BYTES = pl.BLCKSZ - pl.SIZE_OF_PAGE_HEADER
_HEAP_TUPLE_OVERHEAD = 24 + 4        # MAXALIGN(SizeofHeapTupleHeader) + ItemIdData


def create_storage(index) -> None:
    """The index's main fork, WAL-logged (RelationCreateStorage); build writes the
    metapage, buckets and bitmap page."""
    smgr.create(index.locator, MAIN)
    if index.needs_wal:
        from pgsnake.access.transam import smgr_records
        smgr_records.log_create(index.locator, MAIN)
    if index.persistence == "u":
        _create_init_fork(index)


class _InitForkPages:
    """The pages of an unlogged index's init fork, built in memory: what _init_index
    asks of a PageSet (hashbuildempty runs _hash_init on INIT_FORKNUM)."""

    def __init__(self) -> None:
        self.pages: dict[int, bytearray] = {}

    def nblocks(self) -> int:
        return len(self.pages)

    def new_at(self, blkno: int) -> bytearray:
        self.pages[blkno] = bytearray(pl.BLCKSZ)
        return self.pages[blkno]

    def put_meta(self, meta: pf.MetaPage) -> None:
        pf.write_meta(self.pages[pf.META_BLKNO], meta)


def _create_init_fork(index) -> None:
    """hashbuildempty: the index as _hash_init makes it for no rows (two buckets)."""
    from pgsnake.access.common import init_fork
    pages = _InitForkPages()
    _init_index(pages, index, 0.0)
    if sorted(pages.pages) != list(range(len(pages.pages))):
        raise PgError("XX000", f'hash index "{index.name}" init fork has a gap')
    init_fork.create_init_fork(index, [pages.pages[b] for b in sorted(pages.pages)])


def drop_storage(index) -> None:
    bufmgr.drop_relation_buffers(index.locator)
    smgr.unlink(index.locator)


def _column_type(index) -> int:
    return index.attributes[0].type_oid


def hash_function(type_oid: int):
    function = hash_functions.support_function(type_oid)
    if function is None:
        from pgsnake.datatypes import registry
        raise PgError(FEATURE_NOT_SUPPORTED, f"hash indexes on type "
                                             f"{registry.format_type(type_oid)} are not "
                                             f"supported yet")
    return function


def _user_proc(index) -> int:
    """Support function 1 of the column's user-defined operator class (written in SQL
    or a PL), 0 for the type's own hash function."""
    procs = index.index.order_procs if index.index is not None else ()
    return procs[0] if procs else 0


def index_hash_function(index, type_oid: int | None = None):
    """The function giving a key's 32-bit hash code in `index`: its operator class's
    support function 1 (through the function manager for a user-defined class), or the
    hash function of `type_oid` (a scan key of another type) / the column's type."""
    proc = _user_proc(index)
    if proc and type_oid in (None, _column_type(index)):
        from pgsnake.datatypes import functions
        call = functions.function_by_oid(proc).fn

        def user_hash(value) -> int:
            result = call(value)
            if result is None:
                raise PgError("XX000", f"function {proc} returned NULL")
            return result & 0xFFFFFFFF
        return user_hash
    return hash_function(type_oid or _column_type(index))


def _fillfactor(index) -> int:
    value = getattr(index.index, "fillfactor", None)
    return value or pf.DEFAULT_FILLFACTOR


# ---- _hash_init --------------------------------------------------------------------------

def _estimated_heap_tuples(heap, heap_stats) -> float:
    """estimate_rel_size for the table (table_block_relation_estimate_size): pg_class's
    density scaled to the current size, or, never vacuumed, at least 10 pages at the
    density the column widths give."""
    relpages, reltuples = heap_stats if heap_stats is not None else (0, -1.0)
    pages = bufmgr.nblocks(heap.locator, MAIN)
    if pages < 10 and reltuples < 0:
        pages = 10
    if pages == 0:
        return 0.0
    if reltuples >= 0 and relpages > 0:
        density = reltuples / relpages
    else:
        density = _HEAP_USABLE_BYTES // (_data_width(heap) + _HEAP_TUPLE_OVERHEAD)
    return float(round(density * pages))


def _data_width(heap) -> int:
    """get_rel_data_width without statistics: fixed widths, else get_typavgwidth."""
    width = 0
    for attribute in heap.attributes:
        if attribute.is_dropped:
            continue
        if attribute.typlen > 0:
            width += attribute.typlen
            continue
        typmod = attribute.typmod
        if attribute.type_oid in (1042, 1043) and typmod > 4:
            max_width = (typmod - 4) * 4 + 4
            width += max_width if max_width <= 32 else \
                32 + (min(max_width, 1000) - 32) // 2
        else:
            width += 32
    return width


def _init_index(pages: PageSet, index, num_tuples: float) -> None:
    """_hash_init: metapage (block 0), the first buckets (blocks 1..N), the first
    bitmap page (block N + 1)."""
    if pages.nblocks() != 0:
        raise PgError("XX000", f'cannot initialize non-empty hash index "{index.name}"')
    item_width = pl.maxalign(8) + pl.maxalign(4) + pl.ITEM_ID_SIZE
    ffactor = max(pl.BLCKSZ * _fillfactor(index) // 100 // item_width, 10)
    buckets_needed = num_tuples / ffactor
    if buckets_needed <= 2.0:
        num_buckets = 2
    elif buckets_needed >= float(0x40000000):
        num_buckets = 0x40000000
    else:
        num_buckets = pf.total_buckets(pf.spare_index(int(buckets_needed)))
    spare = pf.spare_index(num_buckets)
    bsize = pf.max_bitmap_size()
    lshift = bsize.bit_length() - 1
    procedure = hash_functions.support_procedure(_column_type(index))
    meta = pf.MetaPage(ffactor=ffactor, bsize=bsize, bmsize=1 << lshift, bmshift=lshift + 3,
                       maxbucket=num_buckets - 1,
                       highmask=(1 << (num_buckets + 1 - 1).bit_length()) - 1,
                       procid=_user_proc(index) or (procedure[0] if procedure else 0))
    meta.lowmask = meta.highmask >> 1
    meta.spares[spare] = 1
    meta.ovflpoint = spare
    page = pages.new_at(pf.META_BLKNO)
    pf.init_page(page, pf.INVALID_BLOCK, pf.INVALID_BLOCK, pf.INVALID_BUCKET, pf.LH_META_PAGE)
    for bucket in range(num_buckets):
        check_for_interrupts()
        page = pages.new_at(pf.bucket_to_blkno(meta, bucket))
        pf.init_page(page, meta.maxbucket, pf.INVALID_BLOCK, bucket, pf.LH_BUCKET_PAGE)
    pf.init_bitmap_page(pages.new_at(num_buckets + 1), meta.bmsize)
    meta.mapp[0] = num_buckets + 1
    meta.nmaps = 1
    pages.put_meta(meta)


def build(index, heap, tuples, heap_stats=None) -> int:
    """hashbuild: initialise for the estimated number of rows, then insert each row
    with a non-NULL key (in heap order, as _hash_doinsert would); pages are logged
    once at the end. Returns the number of entries made."""
    hash_of = index_hash_function(index)
    with PageSet(index, logged=False) as pages:
        _init_index(pages, index, _estimated_heap_tuples(heap, heap_stats))
    count = 0
    for item in tuples:
        check_for_interrupts()
        tid, values = item[0], item[1]
        if values[0] is None:
            continue
        with PageSet(index, logged=False) as pages:
            _do_insert(pages, hash_of(values[0]), tuple(tid))
        count += 1
    log_all_pages(index)
    return count


def insert(index, values, heap_tid) -> None:
    """hashinsert: a NULL key is not indexed (hash indexes cannot search for NULL)."""
    if values[0] is None:
        return
    hashkey = index_hash_function(index)(values[0])
    with PageSet(index) as pages:
        _do_insert(pages, hashkey, tuple(heap_tid))


# ---- inserting ---------------------------------------------------------------------------

def _add_tuple(page, item: bytes) -> int:
    """_hash_pgaddtup: at the first position whose hash code is >= the new one's."""
    offset = pf.binsearch(page, pf.tuple_hashkey(item))
    insert_item(page, item, offset)
    return offset


def _lock_bucket(pages: PageSet, hashkey: int) -> int:
    """_hash_getbucketbuf_from_hashkey: the primary page of the key's bucket, locked
    exclusively in `pages`. The bucket is computed from a copy of the metapage; if the
    bucket has been split since (its page remembers maxbucket at its last split, above
    the copy's), the key may now belong to the new bucket: unlock and look again."""
    while True:
        meta = _read_meta_copy(pages.index)
        bucket = pf.hashkey_to_bucket(hashkey, meta.maxbucket, meta.highmask, meta.lowmask)
        blkno = pf.bucket_to_blkno(meta, bucket)
        opaque = pf.read_opaque(pages.page(blkno))
        if opaque.prevblkno == pf.INVALID_BLOCK or opaque.prevblkno <= meta.maxbucket:
            return blkno
        pages.forget(blkno)


def _do_insert(pages: PageSet, hashkey: int, tid) -> None:
    """_hash_doinsert: into the first page of the bucket's chain with room, a new
    overflow page at its end when none has; then the tuple count, and a split when
    the index holds more than ffactor tuples per bucket."""
    blkno = _lock_bucket(pages, hashkey)
    item = pf.form_tuple(hashkey, tid)
    page = pages.page(blkno)
    while pl.free_space(page) < pf.ITEM_SIZE:
        next_blkno = pf.read_opaque(page).nextblkno
        if next_blkno == pf.INVALID_BLOCK:
            blkno, page = _add_overflow_page(pages, pages.meta(), blkno)
        else:
            blkno, page = next_blkno, pages.page(next_blkno)
    offset = _add_tuple(page, item)
    meta = pages.meta()
    meta.ntuples += 1
    pages.put_meta(meta)
    pages.log_step(HASH, xl.XLOG_HASH_INSERT, xl.INSERT.pack(offset),
                   [StepBlock(0, blkno, item), StepBlock(1, pf.META_BLKNO)])
    if meta.ntuples > meta.ffactor * (meta.maxbucket + 1):
        _expand_table(pages)


# ---- overflow pages ----------------------------------------------------------------------

def _add_overflow_page(pages: PageSet, meta: pf.MetaPage, last_blkno: int):
    """_hash_addovflpage: a free (or new) overflow page linked after `last_blkno`, the
    last page of a bucket's chain. Returns (blkno, page)."""
    last = pages.page(last_blkno)
    last_opaque = pf.read_opaque(last)
    blkno, found_bit, new_map = _get_overflow_page(pages, meta)
    page = pages.new_at(blkno)
    pf.init_page(page, last_blkno, pf.INVALID_BLOCK, last_opaque.bucket, pf.LH_OVERFLOW_PAGE)
    last_opaque.nextblkno = blkno
    pf.write_opaque(last, last_opaque)
    meta = pages.meta()
    blocks = [StepBlock(0, blkno, xl.U32.pack(last_opaque.bucket), will_init=True),
              StepBlock(1, last_blkno)]
    if found_bit is not None:
        blocks.append(StepBlock(2, found_bit[0], xl.U32.pack(found_bit[1])))
    if new_map is not None:
        blocks.append(StepBlock(3, new_map, will_init=True))
    blocks.append(StepBlock(4, pf.META_BLKNO, xl.U32.pack(meta.firstfree)))
    pages.log_step(HASH, xl.XLOG_HASH_ADD_OVFL_PAGE,
                   xl.ADD_OVFL_PAGE.pack(meta.bmsize, found_bit is not None), blocks)
    return blkno, page


def _get_overflow_page(pages: PageSet, meta: pf.MetaPage) -> int:
    """_hash_getovflpage: the first free bit of the bitmap pages (from firstfree, up to
    the last overflow page allocated), marked used; or a new page after the current
    split point's overflow pages (and a new bitmap page first when the last one is
    full). Updates the metapage. Returns (blkno, (bitmap blkno, bit in it) when a free
    bit was found, the new bitmap page's blkno when one was added)."""
    shift = meta.bmshift
    mask = (1 << shift) - 1
    bits_per_page = meta.bmsize * 8
    orig_firstfree = meta.firstfree
    splitnum = meta.ovflpoint
    max_ovflpg = meta.spares[splitnum] - 1
    last_page, last_bit = max_ovflpg >> shift, max_ovflpg & mask
    i = orig_firstfree >> shift
    bit = orig_firstfree & mask
    word = bit // pf.BITS_PER_MAP
    bit &= ~(pf.BITS_PER_MAP - 1)
    found = None
    found_bit = new_map_blkno = None
    while i <= last_page and i < meta.nmaps:
        map_blkno = meta.mapp[i]
        last_inpage = last_bit if i == last_page else bits_per_page - 1
        map_page = pages.page(map_blkno)
        while bit <= last_inpage:
            value = pf.bitmap_word(map_page, word)
            if value != pf.ALL_SET:
                inverted = ~value & pf.ALL_SET
                bit += (inverted & -inverted).bit_length() - 1
                pf.set_bit(map_page, bit, True)
                found_bit = (map_blkno, bit)
                found = bit + (i << shift)
                break
            word += 1
            bit += pf.BITS_PER_MAP
        if found is not None:
            break
        i += 1
        word = bit = 0
    if found is not None:
        bitno = found
        blkno = pf.bitno_to_blkno(meta, bitno)
    else:
        new_map = last_bit == bits_per_page - 1
        if new_map and meta.nmaps >= pf.HASH_MAX_BITMAPS:
            raise PgError("54000", f'out of overflow pages in hash index "{pages.index.name}"')
        bitno = meta.spares[splitnum] + (1 if new_map else 0)
        blkno = pf.bitno_to_blkno(meta, bitno)
        if blkno != pages.nblocks() and not new_map:
            raise PgError("XX000", f'access to noncontiguous page in hash index '
                                   f'"{pages.index.name}"')
        meta.spares[splitnum] += 1
        if new_map:
            map_blkno = pf.bitno_to_blkno(meta, meta.spares[splitnum] - 1)
            pf.init_bitmap_page(pages.new_at(map_blkno), meta.bmsize)
            new_map_blkno = map_blkno
            meta.mapp[meta.nmaps] = map_blkno
            meta.nmaps += 1
            meta.spares[splitnum] += 1
    if meta.firstfree == orig_firstfree:
        meta.firstfree = bitno + 1
    pages.put_meta(meta)
    return blkno, found_bit, new_map_blkno


def _free_overflow_page(pages: PageSet, blkno: int, bucket_blkno: int, w_blkno: int,
                        moving: list[bytes]) -> int:
    """_hash_freeovflpage: add `moving` (the entries left on the overflow page) to the
    write page `w_blkno`, unlink the overflow page from its chain, make it an unused
    page and clear its bitmap bit; one SQUEEZE_PAGE record. Returns the next block of
    the chain."""
    offsets = _add_multiple(pages.page(w_blkno), moving)
    page = pages.page(blkno)
    opaque = pf.read_opaque(page)
    meta = pages.meta()
    bitno = pf.blkno_to_bitno(meta, blkno)
    map_blkno = meta.mapp[bitno >> meta.bmshift]
    pf.init_page(page, pf.INVALID_BLOCK, pf.INVALID_BLOCK, pf.INVALID_BUCKET,
                 pf.LH_UNUSED_PAGE)
    if opaque.prevblkno != pf.INVALID_BLOCK:
        prev = pages.page(opaque.prevblkno)
        prev_opaque = pf.read_opaque(prev)
        prev_opaque.nextblkno = opaque.nextblkno
        pf.write_opaque(prev, prev_opaque)
    if opaque.nextblkno != pf.INVALID_BLOCK:
        following = pages.page(opaque.nextblkno)
        next_opaque = pf.read_opaque(following)
        next_opaque.prevblkno = opaque.prevblkno
        pf.write_opaque(following, next_opaque)
    bit = bitno & ((1 << meta.bmshift) - 1)
    pf.set_bit(pages.page(map_blkno), bit, False)
    update_meta = bitno < meta.firstfree
    if update_meta:
        meta.firstfree = bitno
        pages.put_meta(meta)
    prev_is_write = opaque.prevblkno == w_blkno
    blocks = [] if w_blkno == bucket_blkno else [StepBlock(0, bucket_blkno, no_image=True)]
    blocks.append(StepBlock(1, w_blkno, xl.tuples_data(offsets, moving) if moving else b""))
    blocks.append(StepBlock(2, blkno))
    if opaque.prevblkno != pf.INVALID_BLOCK and not prev_is_write:
        blocks.append(StepBlock(3, opaque.prevblkno))
    if opaque.nextblkno != pf.INVALID_BLOCK:
        blocks.append(StepBlock(4, opaque.nextblkno))
    blocks.append(StepBlock(5, map_blkno, xl.U32.pack(bit)))
    if update_meta:
        blocks.append(StepBlock(6, pf.META_BLKNO, xl.U32.pack(meta.firstfree)))
    pages.log_step(HASH, xl.XLOG_HASH_SQUEEZE_PAGE,
                   xl.SQUEEZE_PAGE.pack(opaque.prevblkno, opaque.nextblkno, len(moving),
                                        w_blkno == bucket_blkno, prev_is_write), blocks)
    return opaque.nextblkno


def _add_multiple(page, items) -> list[int]:
    """_hash_pgaddmultitup: the offset each item went to, when it went there."""
    return [_add_tuple(page, item) for item in items]


def _squeeze_bucket(pages: PageSet, bucket_blkno: int) -> None:
    """_hash_squeezebucket: move entries from the end of the bucket's chain into free
    space nearer its start, freeing overflow pages that empty."""
    w_blkno = bucket_blkno
    w_page = pages.page(w_blkno)
    if pf.read_opaque(w_page).nextblkno == pf.INVALID_BLOCK:
        return
    r_blkno = w_blkno
    r_opaque = pf.read_opaque(w_page)
    while r_opaque.nextblkno != pf.INVALID_BLOCK:
        r_blkno = r_opaque.nextblkno
        r_opaque = pf.read_opaque(pages.page(r_blkno))
    while True:
        r_page = pages.page(r_blkno)
        moving: list[bytes] = []
        deletable: list[int] = []
        size = 0
        offset = 1
        restart = False
        while offset <= pl.max_offset(r_page):
            if pl.item_id(r_page, offset)[1] == pl.LP_DEAD:
                offset += 1
                continue
            item = bytes(pl.get_item(r_page, offset))
            item_size = pl.maxalign(len(item))
            while pf.free_space_for(w_page, len(moving) + 1) < size + item_size:
                full_blkno = w_blkno
                w_blkno = pf.read_opaque(w_page).nextblkno
                moved = False
                if moving:
                    offsets = _add_multiple(w_page, moving)
                    pl.index_multi_delete(r_page, deletable)
                    moved = True
                    _log_move(pages, bucket_blkno, full_blkno, r_blkno, offsets, moving,
                              deletable)
                if w_blkno == r_blkno:
                    return
                w_page = pages.page(w_blkno)
                moving, deletable, size = [], [], 0
                if moved:
                    restart = True
                    break
            if restart:
                break
            deletable.append(offset)
            moving.append(item)
            size += item_size
            offset += 1
        if restart:
            continue
        # Nothing live is left on the read page: free it (its entries go to w_page).
        r_blkno_prev = pf.read_opaque(r_page).prevblkno
        _free_overflow_page(pages, r_blkno, bucket_blkno, w_blkno, moving)
        if r_blkno_prev == w_blkno:
            return
        r_blkno = r_blkno_prev


def _log_move(pages: PageSet, bucket_blkno: int, w_blkno: int, r_blkno: int, offsets,
              moving, deletable) -> None:
    """MOVE_PAGE_CONTENTS: `moving` went to `w_blkno` at `offsets`, `deletable` left
    `r_blkno` (the squeeze's step when the write page fills)."""
    blocks = [] if w_blkno == bucket_blkno else [StepBlock(0, bucket_blkno, no_image=True)]
    blocks += [StepBlock(1, w_blkno, xl.tuples_data(offsets, moving)),
               StepBlock(2, r_blkno, xl.offsets_data(deletable))]
    pages.log_step(HASH, xl.XLOG_HASH_MOVE_PAGE_CONTENTS,
                   xl.MOVE_PAGE_CONTENTS.pack(len(moving), w_blkno == bucket_blkno), blocks)


# ---- splitting ---------------------------------------------------------------------------

def _bucket_chain(pages: PageSet, blkno: int) -> list[int]:
    chain = []
    while blkno != pf.INVALID_BLOCK:
        chain.append(blkno)
        blkno = pf.read_opaque(pages.page(blkno)).nextblkno
    return chain


def _bucket_cleanup(pages: PageSet, bucket: int, bucket_blkno: int, meta: pf.MetaPage,
                    is_dead=None, split_cleanup: bool = False):
    """hashbucketcleanup: delete the bucket's entries of dead heap rows (VACUUM) and,
    after a split, those that now belong to the new bucket; then squeeze it. Returns
    (removed, kept)."""
    removed = kept = 0
    dirty = False
    for blkno in _bucket_chain(pages, bucket_blkno):
        check_for_interrupts()
        page = pages.page(blkno)
        deletable = []
        for offset in range(1, pl.max_offset(page) + 1):
            item = pl.get_item(page, offset)
            if is_dead is not None and is_dead(pf.tuple_tid(item)):
                deletable.append(offset)
                removed += 1
            elif split_cleanup and pf.hashkey_to_bucket(
                    pf.tuple_hashkey(item), meta.maxbucket, meta.highmask,
                    meta.lowmask) != bucket:
                deletable.append(offset)
            else:
                kept += 1
        if deletable:
            pl.index_multi_delete(page, deletable)
            dirty = True
            opaque = pf.read_opaque(page)
            clear_dead_marking = bool(removed and opaque.flag & pf.LH_PAGE_HAS_DEAD_TUPLES)
            if clear_dead_marking:
                opaque.flag &= ~pf.LH_PAGE_HAS_DEAD_TUPLES
                pf.write_opaque(page, opaque)
            primary = blkno == bucket_blkno
            blocks = [] if primary else [StepBlock(0, bucket_blkno, no_image=True)]
            blocks.append(StepBlock(1, blkno, xl.offsets_data(deletable)))
            pages.log_step(HASH, xl.XLOG_HASH_DELETE,
                           xl.DELETE.pack(clear_dead_marking, primary), blocks)
    if split_cleanup:
        primary = pages.page(bucket_blkno)
        opaque = pf.read_opaque(primary)
        opaque.flag &= ~pf.LH_BUCKET_NEEDS_SPLIT_CLEANUP
        pf.write_opaque(primary, opaque)
        pages.log_step(HASH, xl.XLOG_HASH_SPLIT_CLEANUP, b"", [StepBlock(0, bucket_blkno)])
    if dirty:
        _squeeze_bucket(pages, bucket_blkno)
    return removed, kept


def _expand_table(pages: PageSet) -> None:
    """_hash_expandtable: split bucket maxbucket + 1 off its old bucket."""
    meta = pages.meta()
    if meta.ntuples <= meta.ffactor * (meta.maxbucket + 1) or meta.maxbucket >= 0x7FFFFFFE:
        return
    new_bucket = meta.maxbucket + 1
    old_bucket = new_bucket & meta.lowmask
    old_blkno = pf.bucket_to_blkno(meta, old_bucket)
    old_page = pages.page_if_unpinned(old_blkno)
    if old_page is None:
        return          # in use (a scan, an inserter): a later insert splits it (H1)
    old_opaque = pf.read_opaque(old_page)
    if old_opaque.flag & pf.LH_BUCKET_NEEDS_SPLIT_CLEANUP:
        _bucket_cleanup(pages, old_bucket, old_blkno, meta, split_cleanup=True)
        meta = pages.meta()
    spare = pf.spare_index(new_bucket + 1)
    if spare > meta.ovflpoint:
        # A new split point: reserve its whole batch of bucket blocks (_hash_alloc_buckets).
        first = pf.bucket_to_blkno(meta, new_bucket)
        to_add = pf.total_buckets(spare) - new_bucket
        last = first + to_add - 1
        pf.init_page(pages.new_at(last), pf.INVALID_BLOCK, pf.INVALID_BLOCK,
                     pf.INVALID_BUCKET, pf.LH_UNUSED_PAGE)
        # _hash_alloc_buckets logs the batch's last page with log_newpage.
        pages.log_step(wal.RmgrId.XLOG, XLOG_FPI, b"",
                       [StepBlock(0, last, force_image=True)])
    new_blkno = pf.bucket_to_blkno(meta, new_bucket)
    meta.maxbucket = new_bucket
    flags = 0
    meta_data = b""
    if new_bucket > meta.highmask:
        meta.lowmask = meta.highmask
        meta.highmask = new_bucket | meta.lowmask
        flags |= xl.XLH_SPLIT_META_UPDATE_MASKS
        meta_data += struct.pack("<II", meta.lowmask, meta.highmask)
    if spare > meta.ovflpoint:
        meta.spares[spare] = meta.spares[meta.ovflpoint]
        meta.ovflpoint = spare
        flags |= xl.XLH_SPLIT_META_UPDATE_SPLITPOINT
        meta_data += struct.pack("<II", spare, meta.spares[spare])
    pages.put_meta(meta)
    new_page = pages.new_at(new_blkno)
    pf.init_page(new_page, meta.maxbucket, pf.INVALID_BLOCK, new_bucket, pf.LH_BUCKET_PAGE)
    old_page = pages.page(old_blkno)
    old_opaque = pf.read_opaque(old_page)
    old_opaque.prevblkno = meta.maxbucket
    pf.write_opaque(old_page, old_opaque)
    pages.log_step(HASH, xl.XLOG_HASH_SPLIT_ALLOCATE_PAGE,
                   xl.SPLIT_ALLOCATE_PAGE.pack(new_bucket, old_opaque.flag, pf.LH_BUCKET_PAGE,
                                               flags),
                   [StepBlock(0, old_blkno), StepBlock(1, new_blkno, will_init=True),
                    StepBlock(2, pf.META_BLKNO, meta_data)])
    _split_bucket(pages, old_bucket, old_blkno, new_bucket, new_blkno, meta)


def _split_bucket(pages: PageSet, old_bucket: int, old_blkno: int, new_bucket: int,
                  new_blkno: int, meta: pf.MetaPage) -> None:
    """_hash_splitbucket: copy the old bucket's entries that map to the new bucket into
    it (flagged moved-by-split), page by page along the old chain; the old bucket keeps
    them until its split cleanup."""
    w_blkno, w_page = new_blkno, pages.page(new_blkno)
    for blkno in _bucket_chain(pages, old_blkno):
        check_for_interrupts()
        page = pages.page(blkno)
        batch: list[bytes] = []
        for offset in range(1, pl.max_offset(page) + 1):
            if pl.item_id(page, offset)[1] == pl.LP_DEAD:
                continue
            item = pl.get_item(page, offset)
            target = pf.hashkey_to_bucket(pf.tuple_hashkey(item), meta.maxbucket,
                                          meta.highmask, meta.lowmask)
            if target != new_bucket:
                continue
            moved = pf.with_moved_flag(item)
            if pf.free_space_for(w_page, len(batch) + 1) < (len(batch) + 1) * pf.ITEM_SIZE:
                _add_multiple(w_page, batch)
                batch = []
                _log_split_page(pages, w_blkno)
                w_blkno, w_page = _add_overflow_page(pages, pages.meta(), w_blkno)
            batch.append(moved)
        _add_multiple(w_page, batch)
    _log_split_page(pages, w_blkno)
    old_page = pages.page(old_blkno)
    opaque = pf.read_opaque(old_page)
    opaque.flag |= pf.LH_BUCKET_NEEDS_SPLIT_CLEANUP
    pf.write_opaque(old_page, opaque)
    new_flag = pf.read_opaque(pages.page(new_blkno)).flag
    pages.log_step(HASH, xl.XLOG_HASH_SPLIT_COMPLETE,
                   xl.SPLIT_COMPLETE.pack(opaque.flag, new_flag),
                   [StepBlock(0, old_blkno), StepBlock(1, new_blkno)])
    # PostgreSQL cleans the old bucket at once when no scan holds a pin on it; the
    # split took it with a cleanup lock, so none can.
    _bucket_cleanup(pages, old_bucket, old_blkno, meta, split_cleanup=True)


def _log_split_page(pages: PageSet, blkno: int) -> None:
    """SPLIT_PAGE: a filled page of the new bucket, as a full-page image
    (log_split_page)."""
    pages.log_step(HASH, xl.XLOG_HASH_SPLIT_PAGE, b"",
                   [StepBlock(0, blkno, force_image=True)])


# ---- scans -------------------------------------------------------------------------------

def scan(index, value, type_oid: int | None = None) -> list:
    """_hash_first / _hash_readpage: every TID whose entry has value's hash code, in
    index order. The caller rechecks the rows (different values may share a code)."""
    if value is None:
        return []
    hashkey = index_hash_function(index, type_oid)(value)
    tids = []
    buf, page = _share_lock_bucket(index, hashkey)
    try:
        while True:
            check_for_interrupts()
            offset = pf.binsearch(page, hashkey)
            while offset <= pl.max_offset(page):
                item = pl.get_item(page, offset)
                if pf.tuple_hashkey(item) != hashkey:
                    break
                if pl.item_id(page, offset)[1] != pl.LP_DEAD:
                    tids.append(pf.tuple_tid(item))
                offset += 1
            blkno = pf.read_opaque(page).nextblkno
            if blkno == pf.INVALID_BLOCK:
                break
            page = read_page(index, blkno)
    finally:
        bufmgr.unlock_release_buffer(buf)
    return tids


def _share_lock_bucket(index, hashkey: int) -> tuple[int, bytes]:
    """The key's bucket's primary page, share-locked (kept for the whole scan of the
    bucket, so no change of its chain is half seen: H1), and a copy of it; looked up
    again when the bucket was split after the metapage copy was read."""
    while True:
        meta = _read_meta_copy(index)
        bucket = pf.hashkey_to_bucket(hashkey, meta.maxbucket, meta.highmask, meta.lowmask)
        blkno = pf.bucket_to_blkno(meta, bucket)
        buf = index_page_set.pin(index, blkno)
        bufmgr.lock_buffer(buf, bufmgr.SHARE)
        page = bytes(bufmgr.page(buf))
        try:
            check_page(index, page, blkno)
        except BaseException:
            bufmgr.unlock_release_buffer(buf)
            raise
        prevblkno = pf.read_opaque(page).prevblkno
        if prevblkno == pf.INVALID_BLOCK or prevblkno <= meta.maxbucket:
            return buf, page
        bufmgr.unlock_release_buffer(buf)


def read_meta(index) -> pf.MetaPage:
    with SharedIndexLock(index) as lock:
        return lock.meta


# ---- VACUUM ------------------------------------------------------------------------------

def bulk_delete(index, is_dead) -> BulkDeleteResult:
    """hashbulkdelete: every bucket's dead entries (and, in a bucket that still needs
    its split cleanup, the stale copies) removed, each bucket squeezed, one bucket (one
    change) at a time, until no bucket was added meanwhile; then the metapage's tuple
    count: what is left, or, when inserts or splits ran meanwhile, the count less what
    was removed."""
    result = BulkDeleteResult()
    start = _read_meta_copy(index)
    bucket, max_bucket = 0, start.maxbucket
    while True:
        while bucket <= max_bucket:
            check_for_interrupts()
            with PageSet(index) as pages:
                blkno = pf.bucket_to_blkno(_read_meta_copy(index), bucket)
                opaque = pf.read_opaque(pages.page(blkno))     # H1: the bucket, then meta
                meta = pages.meta()
                split_cleanup = bool(opaque.flag & pf.LH_BUCKET_NEEDS_SPLIT_CLEANUP)
                removed, kept = _bucket_cleanup(pages, bucket, blkno, meta, is_dead,
                                                split_cleanup)
            result.tuples_removed += removed
            result.num_index_tuples += kept
            bucket += 1
        now = _read_meta_copy(index).maxbucket
        if now == max_bucket:
            break
        max_bucket = now
    with PageSet(index) as pages:
        meta = pages.meta()
        if meta.maxbucket == start.maxbucket and meta.ntuples == start.ntuples:
            meta.ntuples = float(result.num_index_tuples)
        else:
            meta.ntuples = max(meta.ntuples - result.tuples_removed, 0.0)
            result.num_index_tuples = int(meta.ntuples)
        pages.put_meta(meta)
        pages.log_step(HASH, xl.XLOG_HASH_UPDATE_META_PAGE,
                       xl.UPDATE_META_PAGE.pack(meta.ntuples), [StepBlock(0, pf.META_BLKNO)])
    result.num_pages = bufmgr.nblocks(index.locator, MAIN)
    return result


def vacuum_cleanup(index, result: BulkDeleteResult) -> BulkDeleteResult:
    """hashvacuumcleanup (only after a bulk delete): the index's size."""
    result.num_pages = bufmgr.nblocks(index.locator, MAIN)
    return result

