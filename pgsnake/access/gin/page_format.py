"""GIN pages as PostgreSQL 15 lays them out: the metapage, entry-tree pages of index
tuples, and posting-tree ("data") pages of compressed TIDs.

Every GIN page ends in an 8-byte GinPageOpaqueData: rightlink u32 (InvalidBlockNumber
on the rightmost page of a level), maxoff u16 (PostingItems on an internal data page),
flags u16 (DATA, LEAF, DELETED, META, LIST, LIST_FULLROW, INCOMPLETE_SPLIT,
COMPRESSED).

    block 0  metapage: GinMetaPageData after the page header (pending list head/tail,
             statistics, version 2); pd_lower just past it
    block 1  the entry tree's root, always (a root split moves its items to two new
             pages and keeps block 1 as the new root)

Entry tuples are IndexTuples of the key (the opclass's key type; a NULL key for the
NULL / empty categories, whose GinNullCategory byte follows the null bitmap). In a
leaf tuple t_tid is not a heap TID: its block field is the SHORTALIGNed offset of the
posting list inside the tuple with GIN_ITUP_COMPRESSED (1 << 31) set, its offset field
the number of TIDs; or, when the TIDs live in a posting tree, block = the tree's root
and offset = GIN_TREE_POSTING (0xffff). Internal entry tuples are the key of the
child's last tuple with t_tid = (child block, 0); the last tuple of the rightmost
internal page stands for +infinity.

Data pages: a right bound TID (MAXALIGNed) right after the page header, then on a leaf
(DATA | LEAF | COMPRESSED) posting list segments up to pd_lower, on an internal page
maxoff PostingItems (child block u16 x2, key TID: 10 bytes), each key the child's
right bound.

Pending list pages (GIN_LIST, fast update) hold one tuple per key of each row added
since the last cleanup: the key's entry tuple without a posting list, t_tid the heap
row's TID; a row's tuples are consecutive; the last page of each run of pages written
together (and so the list's tail) has GIN_LIST_FULLROW and counts its rows in maxoff.

Entry points: the flag and size constants, Opaque read/write (read_opaque,
write_opaque), init_page, MetaPage (read_meta/write_meta), EntryTuple forming and
reading (form_entry, entry_size, entry_key, entry_category, entry_tids, is_posting_tree,
posting_root, form_interior, downlink), pending tuples (form_pending,
pending_heap_tid), the data page helpers (data_* functions).

PostgreSQL: include/access/ginblock.h, include/access/gin_private.h (GinMaxItemSize,
GinFormTuple's layout), access/gin/ginentrypage.c (GinFormTuple, GinFormInteriorTuple),
access/gin/ginutil.c (GinInitPage, GinInitMetabuffer), access/gin/gindatapage.c.
"""
from __future__ import annotations

import dataclasses
import struct

from pgsnake.access.gin import posting_list
from pgsnake.access.nbtree import index_tuple as it
from pgsnake.storage.page import page_layout as pl

BLCKSZ = 8192
INVALID_BLOCK = 0xFFFFFFFF
META_BLKNO = 0
ROOT_BLKNO = 1

GIN_DATA, GIN_LEAF, GIN_DELETED, GIN_META = 0x01, 0x02, 0x04, 0x08
GIN_LIST, GIN_LIST_FULLROW, GIN_INCOMPLETE_SPLIT, GIN_COMPRESSED = 0x10, 0x20, 0x40, 0x80

OPAQUE_SIZE = 8
SPECIAL_OFFSET = BLCKSZ - OPAQUE_SIZE
_OPAQUE = struct.Struct("<IHH")

GIN_CURRENT_VERSION = 2
# Null categories (gin.h): ordered after every normal key, in this order.
CAT_NORM_KEY, CAT_NULL_KEY, CAT_EMPTY_ITEM, CAT_NULL_ITEM = 0, 1, 2, 3

GIN_ITUP_COMPRESSED = 1 << 31
GIN_TREE_POSTING = 0xFFFF
# GinMaxItemSize: three entry tuples must fit on a page.
MAX_ITEM_SIZE = ((BLCKSZ - pl.maxalign(pl.SIZE_OF_PAGE_HEADER + 3 * 4) - OPAQUE_SIZE) // 3) & ~7
DATA_PAGE_START = pl.SIZE_OF_PAGE_HEADER + 8      # after the MAXALIGNed right bound
DATA_MAX_SIZE = SPECIAL_OFFSET - DATA_PAGE_START  # GinDataPageMaxDataSize
SEGMENT_MAX_SIZE = 384                            # GinPostingListSegmentMaxSize
POSTING_ITEM = struct.Struct("<HHHHH")            # child bi_hi, bi_lo, key TID
MAX_POSTING_ITEMS = DATA_MAX_SIZE // POSTING_ITEM.size
# Pending list pages (ginfast.c): the bytes a list page offers its tuples and their
# line pointers (GinListPageSize), and a page's share of gin_pending_list_limit
# (GIN_PAGE_FREESIZE).
LIST_PAGE_SIZE = BLCKSZ - pl.SIZE_OF_PAGE_HEADER - OPAQUE_SIZE
PAGE_FREESIZE = BLCKSZ - pl.maxalign(pl.SIZE_OF_PAGE_HEADER) - OPAQUE_SIZE


@dataclasses.dataclass
class Opaque:
    rightlink: int = INVALID_BLOCK
    maxoff: int = 0
    flags: int = 0

    @property
    def is_leaf(self) -> bool:
        return bool(self.flags & GIN_LEAF)

    @property
    def is_data(self) -> bool:
        return bool(self.flags & GIN_DATA)

    @property
    def rightmost(self) -> bool:
        return self.rightlink == INVALID_BLOCK


def read_opaque(page) -> Opaque:
    return Opaque(*_OPAQUE.unpack_from(page, SPECIAL_OFFSET))


def write_opaque(page, opaque: Opaque) -> None:
    _OPAQUE.pack_into(page, SPECIAL_OFFSET, opaque.rightlink, opaque.maxoff, opaque.flags)


def leaf_level(get, root: int, leftmost_child) -> list[int]:
    """Every leaf block of a tree (entry tree or posting tree), left to right: down the
    leftmost downlinks (leftmost_child(page) -> block), then along the right links.
    get(blkno) -> page."""
    blkno = root
    page = get(blkno)
    while not read_opaque(page).is_leaf:
        blkno = leftmost_child(page)
        page = get(blkno)
    blocks = [blkno]
    while not read_opaque(page).rightmost:
        blkno = read_opaque(page).rightlink
        blocks.append(blkno)
        page = get(blkno)
    return blocks


def init_page(page, flags: int) -> None:
    """GinInitPage: an empty page with the GIN special space."""
    pl.init_page(page, OPAQUE_SIZE)
    write_opaque(page, Opaque(INVALID_BLOCK, 0, flags))


def is_gin_page(page) -> bool:
    return not pl.is_new(page) and pl.header(page).special == SPECIAL_OFFSET


# ---- the metapage ----------------------------------------------------------------------

_META = struct.Struct("<IIIIqIII4xqi")       # GinMetaPageData, 52 bytes + padding to 56
META_SIZE = 56


@dataclasses.dataclass
class MetaPage:
    head: int = INVALID_BLOCK
    tail: int = INVALID_BLOCK
    tail_free_size: int = 0
    n_pending_pages: int = 0
    n_pending_heap_tuples: int = 0
    n_total_pages: int = 0
    n_entry_pages: int = 0
    n_data_pages: int = 0
    n_entries: int = 0
    version: int = GIN_CURRENT_VERSION


def read_meta(page) -> MetaPage:
    return MetaPage(*_META.unpack_from(page, pl.SIZE_OF_PAGE_HEADER))


def write_meta(page, meta: MetaPage) -> None:
    _META.pack_into(page, pl.SIZE_OF_PAGE_HEADER, meta.head, meta.tail, meta.tail_free_size,
                    meta.n_pending_pages, meta.n_pending_heap_tuples, meta.n_total_pages,
                    meta.n_entry_pages, meta.n_data_pages, meta.n_entries, meta.version)


def init_meta_page(page) -> None:
    """GinInitMetabuffer: pd_lower just past the metadata, so that a full-page image
    leaves out the hole."""
    init_page(page, GIN_META)
    write_meta(page, MetaPage())
    struct.pack_into("<H", page, 12, pl.SIZE_OF_PAGE_HEADER + META_SIZE)


# ---- entry tuples ----------------------------------------------------------------------

_TID = struct.Struct("<HHH")
_INFO = struct.Struct("<H")


def _null_key(codec, key):
    """What a non-normal category's tuple is formed from: NULL, or in a multicolumn
    index (column_keys.ColumnsCodec) its column number and NULL."""
    null_key = getattr(codec, "null_key", None)
    return null_key(key) if null_key is not None else None


def _category_offset(codec, data) -> int:
    """GinCategoryOffset: the byte after the data start (and a multicolumn index's
    column number)."""
    return it.data_offset(_INFO.unpack_from(data, 6)[0]) + getattr(codec, "category_shift", 0)


def _shortalign(n: int) -> int:
    return (n + 1) & ~1


def _key_part(codec, key, category: int) -> tuple[bytearray, int]:
    """The key's IndexTuple and the SHORTALIGNed offset of the posting list after it
    (room for the GinNullCategory byte included)."""
    base = bytearray(codec.form([key if category == CAT_NORM_KEY else _null_key(codec, key)]))
    size = len(base)
    if category != CAT_NORM_KEY:
        category_offset = _category_offset(codec, base)
        size = max(size, category_offset + 1)
    return base, _shortalign(size)


def entry_size(codec, key, category: int) -> int:
    """The size GinFormTuple gives the key's tuple without a posting list."""
    return pl.maxalign(_key_part(codec, key, category)[1])


def form_entry(codec, key, category: int, posting: bytes = b"", ntids: int = 0) -> bytes | None:
    """GinFormTuple: the key (NULL for a non-normal category), the posting list after
    it at a SHORTALIGNed offset. None when the tuple would exceed GinMaxItemSize (the
    TIDs then go to a posting tree)."""
    base, offset = _key_part(codec, key, category)
    total = pl.maxalign(offset + len(posting))
    if total > MAX_ITEM_SIZE:
        return None
    out = bytearray(total)
    out[:len(base)] = base
    if category != CAT_NORM_KEY:
        out[_category_offset(codec, base)] = category
    out[offset:offset + len(posting)] = posting
    block = offset | GIN_ITUP_COMPRESSED
    _TID.pack_into(out, 0, block >> 16, block & 0xFFFF, ntids)
    info = (_INFO.unpack_from(base, 6)[0] & ~it.INDEX_SIZE_MASK) | total
    _INFO.pack_into(out, 6, info)
    return bytes(out)


def form_leaf_entry(codec, key, category: int, tids: list) -> bytes | None:
    """A leaf tuple holding `tids` as one posting list, or None if they do not fit."""
    if not tids:
        return form_entry(codec, key, category)
    segment, count = posting_list.compress(tids, MAX_ITEM_SIZE)
    if count < len(tids):
        return None
    return form_entry(codec, key, category, segment, len(tids))


def form_tree_entry(codec, key, category: int, root: int) -> bytes:
    """A leaf tuple whose TIDs live in the posting tree rooted at `root`."""
    data = bytearray(form_entry(codec, key, category))
    _TID.pack_into(data, 0, root >> 16, root & 0xFFFF, GIN_TREE_POSTING)
    return bytes(data)


def form_pending(codec, key, category: int, heap_tid) -> bytes | None:
    """A pending list tuple (ginHeapTupleFastCollect): the key's tuple with no posting
    list, t_tid the heap row's TID. None when it would exceed GinMaxItemSize."""
    data = form_entry(codec, key, category)
    if data is None:
        return None
    out = bytearray(data)
    _TID.pack_into(out, 0, heap_tid[0] >> 16, heap_tid[0] & 0xFFFF, heap_tid[1])
    return bytes(out)


def pending_heap_tid(data) -> tuple[int, int]:
    """The heap TID of a pending list tuple."""
    return _raw_tid(data)


def _raw_tid(data) -> tuple[int, int]:
    hi, lo, posid = _TID.unpack_from(data, 0)
    return (hi << 16) | lo, posid


def entry_category(codec, data) -> int:
    info = _INFO.unpack_from(data, 6)[0]
    if not info & it.INDEX_NULL_MASK:
        return CAT_NORM_KEY
    return data[_category_offset(codec, data)]


def entry_key(codec, data):
    """(category, key) of an entry tuple; key None for non-normal categories (in a
    multicolumn index (attnum, key), (attnum, None))."""
    category = entry_category(codec, data)
    if category != CAT_NORM_KEY and not hasattr(codec, "null_key"):
        return category, None
    return category, codec.deform(data, 1)[0]


def is_posting_tree(data) -> bool:
    return _raw_tid(data)[1] == GIN_TREE_POSTING


def posting_root(data) -> int:
    return _raw_tid(data)[0]


def entry_tids(data) -> list:
    """The TIDs of a leaf tuple's posting list (not of a posting tree)."""
    block, count = _raw_tid(data)
    if count == 0:
        return []
    offset = block & ~GIN_ITUP_COMPRESSED
    return posting_list.decode_segments(data, offset, posting_list.segment_size(data, offset))


def posting_offset(data) -> int:
    return _raw_tid(data)[0] & ~GIN_ITUP_COMPRESSED


def form_interior(data, child: int, from_leaf: bool) -> bytes:
    """GinFormInteriorTuple: the key part of `data` with t_tid = (child, 0)."""
    out = bytearray(data)
    if from_leaf and not is_posting_tree(data):
        size = pl.maxalign(posting_offset(data))
        out = out[:size]
        info = (_INFO.unpack_from(out, 6)[0] & ~it.INDEX_SIZE_MASK) | size
        _INFO.pack_into(out, 6, info)
    _TID.pack_into(out, 0, child >> 16, child & 0xFFFF, 0)
    return bytes(out)


def downlink(data) -> int:
    return _raw_tid(data)[0]


def with_downlink(data, child: int) -> bytes:
    out = bytearray(data)
    _TID.pack_into(out, 0, child >> 16, child & 0xFFFF, 0)
    return bytes(out)


# ---- data (posting tree) pages -----------------------------------------------------------

def data_right_bound(page) -> tuple[int, int]:
    return _raw_tid(memoryview(page)[pl.SIZE_OF_PAGE_HEADER:])


def set_data_right_bound(page, tid) -> None:
    _TID.pack_into(page, pl.SIZE_OF_PAGE_HEADER, tid[0] >> 16, tid[0] & 0xFFFF, tid[1])


def _set_data_size(page, size: int) -> None:
    struct.pack_into("<H", page, 12, DATA_PAGE_START + size)


def data_leaf_tids(page) -> list:
    lower = struct.unpack_from("<H", page, 12)[0]
    return posting_list.decode_segments(page, DATA_PAGE_START, lower - DATA_PAGE_START)


def data_leaf_segments(page) -> list[tuple[int, int]]:
    """(offset, size) of each posting list segment of a data leaf page."""
    lower = struct.unpack_from("<H", page, 12)[0]
    out = []
    offset = DATA_PAGE_START
    while offset < lower:
        size = posting_list.segment_size(page, offset)
        out.append((offset, size))
        offset += size
    return out


def write_data_leaf(page, segments: list[bytes], rightlink: int, right_bound) -> None:
    init_page(page, GIN_DATA | GIN_LEAF | GIN_COMPRESSED)
    set_data_right_bound(page, right_bound)
    body = b"".join(segments)
    page[DATA_PAGE_START:DATA_PAGE_START + len(body)] = body
    _set_data_size(page, len(body))
    opaque = read_opaque(page)
    opaque.rightlink = rightlink
    write_opaque(page, opaque)


def rewrite_data_leaf(page, segments: list[bytes]) -> None:
    """A leaf's segments replaced in place (dataPlaceToPageLeafRecompress): written from
    the start of its data area, the data size set; flags, right link and right bound
    stay, and bytes past the new end are left as they were (as PostgreSQL, whose redo
    does the same, so the do path and redo leave the same bytes)."""
    body = b"".join(segments)
    page[DATA_PAGE_START:DATA_PAGE_START + len(body)] = body
    _set_data_size(page, len(body))


def data_internal_items(page) -> list[tuple[int, tuple[int, int]]]:
    """(child block, key TID) per PostingItem of an internal data page."""
    count = read_opaque(page).maxoff
    out = []
    for i in range(count):
        hi, lo, khi, klo, kpos = POSTING_ITEM.unpack_from(page, DATA_PAGE_START + i * 10)
        out.append(((hi << 16) | lo, ((khi << 16) | klo, kpos)))
    return out


def write_data_internal(page, items: list, rightlink: int, right_bound) -> None:
    init_page(page, GIN_DATA)
    set_data_right_bound(page, right_bound)
    for i, (child, key) in enumerate(items):
        POSTING_ITEM.pack_into(page, DATA_PAGE_START + i * 10, child >> 16, child & 0xFFFF,
                               key[0] >> 16, key[0] & 0xFFFF, key[1])
    _set_data_size(page, len(items) * POSTING_ITEM.size)
    write_opaque(page, Opaque(rightlink, len(items), GIN_DATA))
