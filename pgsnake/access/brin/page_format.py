"""BRIN pages and tuples as PostgreSQL 15 lays them out.

Every BRIN page ends in an 8-byte special space (BrinSpecialSpace: four uint16s) whose
last uint16 is the page type (META 0xF091, REVMAP 0xF092, REGULAR 0xF093) and whose
third is the flags (BRIN_EVACUATE_PAGE). The layout of the index:

    block 0            metapage: magic 0xA8109CFA, version 1, pagesPerRange,
                       lastRevmapPage, right after the (MAXALIGNed) page header
    blocks 1..last     revmap pages: an array of REVMAP_PAGE_MAXITEMS (1360) item
                       pointers, one per page range, where that range's summary is
    later blocks       regular pages: BrinTuples, one per summarised range

Range r (heap blocks r*pagesPerRange ...) has its revmap slot on revmap page
1 + r // 1360, index r % 1360. A pointer with offset 0 means "not summarised": (0,0)
in a slot never set, (0xFFFFFFFF,0) in one desummarised.

A BrinTuple: bt_blkno u32 (the range's first heap block), bt_info u8 (data offset in
the low 5 bits, 0x20 empty range, 0x40 placeholder, 0x80 has a null bitmap; the empty
range flag is PostgreSQL 15's since its minor releases took the fix for empty
ranges), then, when any column has
nulls, a bitmap of 2 x natts bits (LSB first: allnulls of each column, then hasnulls of
each column; a set bit means "null", the reverse of heap tuples), the data at the
MAXALIGNed offset: each column's stored values (minmax: min, max; inclusion: union,
unmergeable, contains-empty) as heap_fill_tuple writes them, the columns whose
allnulls is set left out.

Entry points: constants, init_page / page_type / page_flags, metapage read/write,
revmap get/set, BrinValues, BrinMemTuple, form_tuple / deform_tuple (with a
StoredLayout per index: the stored columns' descriptor), free_space, max_item_size,
delete_no_compact.

PostgreSQL: include/access/brin_page.h, brin_tuple.h, access/brin/brin_tuple.c
(brin_form_tuple, brin_deform_tuple), brin_pageops.c (brin_page_init,
brin_metapage_init, br_page_get_freespace), brin_revmap.c, storage/page/bufpage.c
(PageIndexTupleDeleteNoCompact).
"""
from __future__ import annotations

import dataclasses
import struct

from pgsnake.access.common import heap_tuple, toast_format
from pgsnake.datatypes import registry as _registry
from pgsnake.access.common.tuple_descriptor import Attribute, TupleDescriptor
from pgsnake.storage.page import page_layout as pl
from pgsnake.utils import settings

BLCKSZ = pl.BLCKSZ
META_BLKNO = 0
INVALID_BLOCK = 0xFFFFFFFF

PAGETYPE_META = 0xF091
PAGETYPE_REVMAP = 0xF092
PAGETYPE_REGULAR = 0xF093
PAGE_TYPE_NAMES = {PAGETYPE_META: "meta", PAGETYPE_REVMAP: "revmap",
                   PAGETYPE_REGULAR: "regular"}
EVACUATE_PAGE = 0x0001

BRIN_MAGIC = 0xA8109CFA
BRIN_VERSION = 1
SPECIAL_SIZE = 8
_SPECIAL = BLCKSZ - SPECIAL_SIZE
CONTENTS = pl.maxalign(pl.SIZE_OF_PAGE_HEADER)          # PageGetContents: 24
_META = struct.Struct("<IIII")
_TID = struct.Struct("<HHH")
REVMAP_PAGE_MAXITEMS = (BLCKSZ - CONTENTS - SPECIAL_SIZE) // _TID.size      # 1360
# BrinMaxItemSize: one tuple and its line pointer on an otherwise empty page
MAX_ITEM_SIZE = (BLCKSZ - (pl.maxalign(pl.SIZE_OF_PAGE_HEADER + pl.ITEM_ID_SIZE)
                           + SPECIAL_SIZE)) & ~7

OFFSET_MASK = 0x1F
EMPTY_RANGE_MASK = 0x20             # 15.x minor releases: a range with no row yet
PLACEHOLDER_MASK = 0x40
NULLS_MASK = 0x80
SIZE_OF_BRIN_TUPLE = 5
_HEAD = struct.Struct("<IB")


# -- pages ------------------------------------------------------------------------------

def init_page(page, page_type: int) -> None:
    """brin_page_init: an empty page with BRIN's special space and type."""
    pl.init_page(page, SPECIAL_SIZE)
    struct.pack_into("<H", page, BLCKSZ - 2, page_type)


def page_type(page) -> int:
    return struct.unpack_from("<H", page, BLCKSZ - 2)[0]


def page_flags(page) -> int:
    return struct.unpack_from("<H", page, BLCKSZ - 4)[0]


def set_page_flags(page, flags: int) -> None:
    struct.pack_into("<H", page, BLCKSZ - 4, flags)


def is_brin_page(page) -> bool:
    return pl.header(page).special == _SPECIAL and page_type(page) in PAGE_TYPE_NAMES


@dataclasses.dataclass
class Metapage:
    magic: int
    version: int
    pages_per_range: int
    last_revmap_page: int


def init_metapage(page, pages_per_range: int, version: int = BRIN_VERSION) -> None:
    """brin_metapage_init: pd_lower just past the metadata (so it survives page-image
    hole compression)."""
    init_page(page, PAGETYPE_META)
    _META.pack_into(page, CONTENTS, BRIN_MAGIC, version, pages_per_range, 0)
    struct.pack_into("<H", page, 12, CONTENTS + _META.size)


def read_metapage(page) -> Metapage:
    return Metapage(*_META.unpack_from(page, CONTENTS))


def set_last_revmap_page(page, blkno: int) -> None:
    struct.pack_into("<I", page, CONTENTS + 12, blkno)
    struct.pack_into("<H", page, 12, CONTENTS + _META.size)


def revmap_location(pages_per_range: int, heap_blk: int) -> tuple[int, int]:
    """(revmap page number counting from 0 = block 1, slot) of the range holding
    `heap_blk` (HEAPBLK_TO_REVMAP_BLK / HEAPBLK_TO_REVMAP_INDEX)."""
    range_no = heap_blk // pages_per_range
    return range_no // REVMAP_PAGE_MAXITEMS, range_no % REVMAP_PAGE_MAXITEMS


def revmap_get(page, slot: int) -> tuple[int, int] | None:
    hi, lo, off = _TID.unpack_from(page, CONTENTS + slot * _TID.size)
    # ItemPointerIsValid: a slot never set is all zeroes, a cleared one (INVALID, 0)
    return None if off == 0 else (hi << 16 | lo, off)


def revmap_set(page, slot: int, tid: tuple[int, int] | None) -> None:
    """brinSetHeapBlockItemptr's change on the revmap page."""
    blkno, off = tid if tid is not None else (INVALID_BLOCK, 0)
    _TID.pack_into(page, CONTENTS + slot * _TID.size, blkno >> 16, blkno & 0xFFFF, off)


def revmap_entries(page) -> list[tuple[int, int]]:
    """Every slot's item pointer as stored (invalid ones as (4294967295, 0))."""
    out = []
    for slot in range(REVMAP_PAGE_MAXITEMS):
        hi, lo, off = _TID.unpack_from(page, CONTENTS + slot * _TID.size)
        out.append((hi << 16 | lo, off))
    return out


def free_space(page) -> int:
    """br_page_get_freespace: none on a non-regular or evacuating page."""
    if page_type(page) != PAGETYPE_REGULAR or page_flags(page) & EVACUATE_PAGE:
        return 0
    return pl.free_space(page)


def exact_free_space(page) -> int:
    lower, upper = struct.unpack_from("<HH", page, 12)
    return upper - lower


def delete_no_compact(page, offnum: int) -> None:
    """PageIndexTupleDeleteNoCompact: the item's data goes, its line pointer stays
    (unused) unless it is the last one; later tuples keep their offset numbers."""
    lower, upper = struct.unpack_from("<HH", page, 12)
    nline = pl.max_offset(page)
    offset, _flags, length = pl.item_id(page, offnum)
    size = pl.maxalign(length)
    if offnum == nline:
        lower -= pl.ITEM_ID_SIZE
    else:
        pl.set_item_unused(page, offnum)
    if offset > upper:
        page[upper + size:offset + size] = bytes(page[upper:offset])
    upper += size
    struct.pack_into("<HH", page, 12, lower, upper)
    for other in range(1, (lower - pl.SIZE_OF_PAGE_HEADER) // pl.ITEM_ID_SIZE + 1):
        o_off, o_flags, o_len = pl.item_id(page, other)
        if o_len and o_off <= offset:
            struct.pack_into("<I", page, pl.SIZE_OF_PAGE_HEADER + (other - 1) * pl.ITEM_ID_SIZE,
                             (o_off + size) | (o_flags << 15) | (o_len << 17))


# -- tuples -----------------------------------------------------------------------------

class MemValue:
    """A summary value kept in an opclass's own in-memory form while a summary is
    built (bv_mem_value); form_tuple stores what serialize() returns (bv_serialize)."""
    __slots__ = ()

    def serialize(self):
        raise NotImplementedError


@dataclasses.dataclass
class BrinValues:
    """One index column's summary (BrinValues): `values` are its stored values."""
    hasnulls: bool = False
    allnulls: bool = True
    values: list = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class BrinMemTuple:
    blkno: int
    columns: list
    placeholder: bool = False
    empty_range: bool = False


@dataclasses.dataclass(frozen=True)
class StoredLayout:
    """How one index's tuples store their columns: per index column, the number of
    stored values, and the descriptor of all stored values in order
    (brtuple_disk_tupdesc)."""
    counts: tuple[int, ...]
    descriptor: TupleDescriptor

    @staticmethod
    def make(per_column: list[list[tuple[int, int, str, str]]]) -> "StoredLayout":
        """`per_column`: per index column, its stored values' (type oid, typlen,
        typalign, typstorage)."""
        attributes = []
        for stored in per_column:
            for type_oid, typlen, typalign, storage in stored:
                attributes.append(Attribute(attnum=len(attributes) + 1,
                                            name=f"v{len(attributes) + 1}",
                                            type_oid=type_oid, typlen=typlen,
                                            typalign=typalign, storage=storage))
        return StoredLayout(tuple(len(s) for s in per_column),
                            TupleDescriptor(tuple(attributes)))


def empty_tuple(layout: StoredLayout, blkno: int) -> BrinMemTuple:
    """brin_new_memtuple / brin_memtuple_initialize: every column all-nulls, the range
    empty."""
    return BrinMemTuple(blkno, [BrinValues(values=[None] * n) for n in layout.counts],
                        empty_range=True)


def form_tuple(layout: StoredLayout, tup: BrinMemTuple) -> bytes:
    """brin_form_tuple: the on-disk BrinTuple of a summary, its length MAXALIGNed (the
    line pointer's length includes the padding, as PostgreSQL stores it)."""
    natts = len(layout.counts)
    values = []
    anynulls = False
    for column, count in zip(tup.columns, layout.counts):
        if column.allnulls or column.hasnulls:
            anynulls = True
        values += [None] * count if column.allnulls else \
            [v.serialize() if isinstance(v, MemValue) else v for v in column.values]
    length = SIZE_OF_BRIN_TUPLE
    bitmap = b""
    if anynulls:
        bits = bytearray((natts * 2 + 7) // 8)
        for i, column in enumerate(tup.columns):
            if column.allnulls:
                bits[i >> 3] |= 1 << (i & 7)
            if column.hasnulls:
                j = natts + i
                bits[j >> 3] |= 1 << (j & 7)
        bitmap = bytes(bits)
        length += len(bitmap)
    hoff = pl.maxalign(length)
    formed = heap_tuple.form_tuple(layout.descriptor, _compressed(layout, values))
    data = formed[formed[22]:]
    info = hoff | (NULLS_MASK if anynulls else 0) | \
        (PLACEHOLDER_MASK if tup.placeholder else 0) | \
        (EMPTY_RANGE_MASK if tup.empty_range else 0)
    head = bytearray(hoff)
    _HEAD.pack_into(head, 0, tup.blkno, info)
    head[SIZE_OF_BRIN_TUPLE:SIZE_OF_BRIN_TUPLE + len(bitmap)] = bitmap
    length = hoff + len(data)
    return bytes(head) + data + bytes(pl.maxalign(length) - length)   # MAXALIGNed


TOAST_INDEX_TARGET = 510           # MaxHeapTupleSize / 16


def _compressed(layout: StoredLayout, values: list) -> list:
    """brin_form_tuple compresses a varlena value of a compressible type (storage 'x'
    or 'm') larger than TOAST_INDEX_TARGET with its 4-byte header, by
    default_toast_compression (the stored columns' descriptor has no attcompression)."""
    out = list(values)
    method = None
    for i, (value, att) in enumerate(zip(values, layout.descriptor.attributes)):
        if value is None or att.typlen != -1 or att.storage not in ("x", "m"):
            continue
        payload = _registry.get_type(att.type_oid).pack(value)
        if len(payload) + 4 > TOAST_INDEX_TARGET:
            if method is None:
                method = toast_format.method_id(settings.get("default_toast_compression"))
            compressed = toast_format.compress_payload(payload, method)
            if compressed is not None:
                out[i] = compressed
    return out


def tuple_blkno(data) -> int:
    return _HEAD.unpack_from(data, 0)[0]


def deform_tuple(layout: StoredLayout, data) -> BrinMemTuple:
    """brin_deform_tuple."""
    blkno, info = _HEAD.unpack_from(data, 0)
    natts = len(layout.counts)
    hoff = info & OFFSET_MASK
    allnulls = [False] * natts
    hasnulls = [False] * natts
    if info & NULLS_MASK:
        bits = bytes(data[SIZE_OF_BRIN_TUPLE:hoff])
        for i in range(natts):
            allnulls[i] = bool(bits[i >> 3] & (1 << (i & 7)))
            j = natts + i
            hasnulls[i] = bool(bits[j >> 3] & (1 << (j & 7)))
    # A heap tuple header with a null bitmap of the stored values, then the data, for
    # heap_tuple.deform_tuple.
    nstored = len(layout.descriptor)
    present = bytearray((nstored + 7) // 8)
    position = 0
    for i, count in enumerate(layout.counts):
        for _ in range(count):
            if not allnulls[i]:
                present[position >> 3] |= 1 << (position & 7)
            position += 1
    header_len = pl.maxalign(23 + len(present))
    header = bytearray(header_len)
    struct.pack_into("<HHB", header, 18, nstored, 0x0001, header_len)   # HEAP_HASNULL
    header[23:23 + len(present)] = present
    stored = heap_tuple.deform_tuple(layout.descriptor, bytes(header) + bytes(data[hoff:]))
    columns = []
    position = 0
    for i, count in enumerate(layout.counts):
        columns.append(BrinValues(hasnulls=hasnulls[i], allnulls=allnulls[i],
                                  values=list(stored[position:position + count])))
        position += count
    return BrinMemTuple(blkno, columns, bool(info & PLACEHOLDER_MASK),
                        bool(info & EMPTY_RANGE_MASK))
