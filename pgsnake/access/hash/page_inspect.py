"""pageinspect's hash index functions: a hash page (bytea, from get_raw_page) decoded.

    hash_page_type(page) -> text        metapage, bucket, overflow, bitmap or unused
    hash_page_stats(page)               a bucket or overflow page's counts and special
    hash_page_items(page)               itemoffset, ctid, data (the hash code)
    hash_metapage_info(page)            the metapage's fields
    hash_bitmap_info(index, blkno)      the bitmap page and bit of an overflow page

Rows are tuples in the column order of the *_COLUMNS lists; errors are pageinspect's.

PostgreSQL: contrib/pageinspect/hashfuncs.c.
"""
from __future__ import annotations

from pgsnake.access.hash import page_format as pf
from pgsnake.access.hash.pages import read_page
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.smgr.relation_path import ForkNumber
from pgsnake.utils.errors import INVALID_PARAMETER_VALUE, PgError

INDEX_CORRUPTED = "XX002"

_INT4, _INT8, _FLOAT8, _OID, _TID, _BOOL, _INT8_ARRAY = 23, 20, 701, 26, 27, 16, 1016

HASH_PAGE_STATS_COLUMNS = (
    ("live_items", _INT4), ("dead_items", _INT4), ("page_size", _INT4),
    ("free_size", _INT4), ("hasho_prevblkno", _INT8), ("hasho_nextblkno", _INT8),
    ("hasho_bucket", _INT8), ("hasho_flag", _INT4), ("hasho_page_id", _INT4))
HASH_PAGE_ITEMS_COLUMNS = (("itemoffset", _INT4), ("ctid", _TID), ("data", _INT8))
HASH_BITMAP_INFO_COLUMNS = (("bitmapblkno", _INT8), ("bitmapbit", _INT4),
                            ("bitstatus", _BOOL))
HASH_METAPAGE_INFO_COLUMNS = (
    ("magic", _INT8), ("version", _INT8), ("ntuples", _FLOAT8), ("ffactor", _INT4),
    ("bsize", _INT4), ("bmsize", _INT4), ("bmshift", _INT4), ("maxbucket", _INT8),
    ("highmask", _INT8), ("lowmask", _INT8), ("ovflpoint", _INT8), ("firstfree", _INT8),
    ("nmaps", _INT8), ("procid", _OID), ("spares", _INT8_ARRAY), ("mapp", _INT8_ARRAY))

_TYPE_NAMES = {pf.LH_META_PAGE: "metapage", pf.LH_BUCKET_PAGE: "bucket",
               pf.LH_OVERFLOW_PAGE: "overflow", pf.LH_BITMAP_PAGE: "bitmap"}
_VALID_TYPES = (pf.LH_OVERFLOW_PAGE, pf.LH_BUCKET_PAGE, pf.LH_BITMAP_PAGE, pf.LH_META_PAGE,
                pf.LH_UNUSED_PAGE)


def _check_special(page) -> None:
    special_size = pl.BLCKSZ - pl.header(page).special
    if special_size != pf.OPAQUE_SIZE:
        raise PgError(INVALID_PARAMETER_VALUE, "input page is not a valid hash page",
                      detail=f"Expected special size {pf.OPAQUE_SIZE}, got {special_size}.")


def _verify(page, flags: int) -> int:
    """verify_hash_page: the page's type, checked against `flags` (0: any)."""
    page_type = pf.LH_UNUSED_PAGE
    if not pl.is_new(page):
        _check_special(page)
        opaque = pf.read_opaque(page)
        if opaque.page_id != pf.HASHO_PAGE_ID:
            raise PgError(INVALID_PARAMETER_VALUE, "input page is not a hash page",
                          detail=f"Expected {pf.HASHO_PAGE_ID:08x}, got "
                                 f"{opaque.page_id:08x}.")
        page_type = opaque.page_type
    if page_type not in _VALID_TYPES:
        raise PgError(INVALID_PARAMETER_VALUE, f"invalid hash page type {page_type:08x}")
    if flags and not page_type & flags:
        message = {pf.LH_META_PAGE: "page is not a hash meta page",
                   pf.LH_BUCKET_PAGE | pf.LH_OVERFLOW_PAGE:
                       "page is not a hash bucket or overflow page",
                   pf.LH_OVERFLOW_PAGE: "page is not a hash overflow page"}.get(
            flags, f"hash page of type {page_type:08x} not in mask {flags:08x}")
        raise PgError(INVALID_PARAMETER_VALUE, message)
    if page_type == pf.LH_META_PAGE:
        meta = pf.read_meta(page)
        if meta.magic != pf.HASH_MAGIC:
            raise PgError(INDEX_CORRUPTED, "invalid magic number for metadata",
                          detail=f"Expected 0x{pf.HASH_MAGIC:08x}, got 0x{meta.magic:08x}.")
        if meta.version != pf.HASH_VERSION:
            raise PgError(INDEX_CORRUPTED, "invalid version for metadata",
                          detail=f"Expected {pf.HASH_VERSION}, got {meta.version}.")
    return page_type


def hash_page_type(page: bytes) -> str:
    if pl.is_new(page):
        return "unused"
    _check_special(page)
    return _TYPE_NAMES.get(pf.read_opaque(page).page_type, "unused")


def hash_page_stats(page: bytes) -> tuple:
    _verify(page, pf.LH_BUCKET_PAGE | pf.LH_OVERFLOW_PAGE)
    live = dead = 0
    for offset in range(1, pl.max_offset(page) + 1):
        if pl.item_id(page, offset)[1] == pl.LP_DEAD:
            dead += 1
        else:
            live += 1
    opaque = pf.read_opaque(page)
    return (live, dead, pl.header(page).pagesize_version & 0xFF00, pl.free_space(page),
            opaque.prevblkno, opaque.nextblkno,
            opaque.bucket, opaque.flag, opaque.page_id)


def hash_page_items(page: bytes):
    _verify(page, pf.LH_BUCKET_PAGE | pf.LH_OVERFLOW_PAGE)
    rows = []
    for offset in range(1, pl.max_offset(page) + 1):
        item = pl.get_item(page, offset)
        rows.append((offset, pf.tuple_tid(item), pf.tuple_hashkey(item)))
    return rows


def hash_metapage_info(page: bytes) -> tuple:
    _verify(page, pf.LH_META_PAGE)
    m = pf.read_meta(page)
    return (m.magic, m.version, m.ntuples, m.ffactor, m.bsize, m.bmsize, m.bmshift,
            m.maxbucket, m.highmask, m.lowmask, m.ovflpoint, m.firstfree, m.nmaps,
            m.procid, list(m.spares), list(m.mapp))


def hash_bitmap_info(index, blkno: int) -> tuple:
    """The bitmap page and bit that track overflow page `blkno` of a hash index, and
    whether the bit says "in use"."""
    from pgsnake.access import index_am
    if not index_am.is_hash(index):
        raise PgError("42809", f'"{index.name}" is not a hash index')
    if blkno < 0 or blkno > 0xFFFFFFFE:
        raise PgError(INVALID_PARAMETER_VALUE, f"invalid block number {blkno}")
    if blkno >= bufmgr.nblocks(index.locator, ForkNumber.MAIN):
        raise PgError(INVALID_PARAMETER_VALUE,
                      f'block number {blkno} is out of range for relation "{index.name}"')
    meta = pf.read_meta(read_page(index, pf.META_BLKNO))
    if blkno == pf.META_BLKNO or blkno in meta.mapp[:meta.nmaps]:
        raise PgError(INVALID_PARAMETER_VALUE, f"invalid overflow block number {blkno}")
    bitno = pf.blkno_to_bitno(meta, blkno)
    map_index = bitno >> meta.bmshift
    bit = bitno & ((1 << meta.bmshift) - 1)
    if map_index >= meta.nmaps:
        raise PgError(INVALID_PARAMETER_VALUE, f"invalid overflow block number {blkno}")
    map_blkno = meta.mapp[map_index]
    return (map_blkno, bit, pf.bit_is_set(read_page(index, map_blkno), bit))
