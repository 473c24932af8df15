"""Hash index pages in PostgreSQL's layout: the metapage, bucket and overflow pages,
bitmap pages, their special space, index tuples, and the arithmetic that maps hash
codes to buckets and buckets and overflow bit numbers to block numbers.

Special space (HashPageOpaqueData, 16 bytes): prevblkno (a bucket's primary page keeps
the maxbucket of its last split there), nextblkno, bucket, flag, page_id (0xFF80).
Index tuples: IndexTupleData (heap TID, t_info) then the uint32 hash code; 16 bytes
with alignment. Items on a page are kept in hash-code order.

Metapage (HashMetaPageData, after the page header): magic, version, ntuples (double),
ffactor, bsize, bmsize, bmshift, maxbucket, highmask, lowmask, ovflpoint, firstfree,
nmaps, procid, spares[98], mapp[1024].

Block numbers: block 0 is the metapage; bucket B lives at BUCKET_TO_BLKNO; buckets are
allocated in batches (split points: one per doubling below 2^10 buckets, four per
doubling above), and overflow and bitmap pages of each split point follow its
buckets, counted in spares[].

PostgreSQL: include/access/hash.h, access/hash/hashutil.c (_hash_spareindex,
_hash_get_totalbuckets, _hash_hashkey2bucket, _hash_binsearch), hashovfl.c
(bitno_to_blkno, _hash_ovflblkno_to_bitno), hashpage.c (_hash_pageinit).
"""
from __future__ import annotations

import dataclasses
import struct

from pgsnake.storage.page import page_layout as pl
from pgsnake.utils.errors import INVALID_PARAMETER_VALUE, PgError

BLCKSZ = pl.BLCKSZ
META_BLKNO = 0
INVALID_BLOCK = 0xFFFFFFFF
INVALID_BUCKET = 0xFFFFFFFF

HASH_MAGIC = 0x6440640
HASH_VERSION = 4
HASHO_PAGE_ID = 0xFF80

LH_UNUSED_PAGE = 0
LH_OVERFLOW_PAGE = 1 << 0
LH_BUCKET_PAGE = 1 << 1
LH_BITMAP_PAGE = 1 << 2
LH_META_PAGE = 1 << 3
LH_BUCKET_BEING_POPULATED = 1 << 4
LH_BUCKET_BEING_SPLIT = 1 << 5
LH_BUCKET_NEEDS_SPLIT_CLEANUP = 1 << 6
LH_PAGE_HAS_DEAD_TUPLES = 1 << 7
LH_PAGE_TYPE = LH_OVERFLOW_PAGE | LH_BUCKET_PAGE | LH_BITMAP_PAGE | LH_META_PAGE

OPAQUE_SIZE = 16
SPECIAL_OFFSET = BLCKSZ - OPAQUE_SIZE
_OPAQUE = struct.Struct("<IIIHH")

HASH_MAX_SPLITPOINTS = 98
HASH_MAX_BITMAPS = 1024
SPLITPOINT_GROUPS_WITH_ONE_PHASE = 10
SPLITPOINT_PHASE_BITS = 2
SPLITPOINT_PHASE_MASK = (1 << SPLITPOINT_PHASE_BITS) - 1
DEFAULT_FILLFACTOR = 75
MIN_FILLFACTOR = 10

CONTENTS = pl.SIZE_OF_PAGE_HEADER            # PageGetContents: MAXALIGN(header) = 24
_META_HEAD = struct.Struct("<IIdHHHHIIIIIII")
SPARES_OFFSET = CONTENTS + _META_HEAD.size
MAPP_OFFSET = SPARES_OFFSET + 4 * HASH_MAX_SPLITPOINTS
# sizeof(HashMetaPageData): padded to the alignment of its double (hashm_ntuples)
META_END = CONTENTS + pl.maxalign(MAPP_OFFSET + 4 * HASH_MAX_BITMAPS - CONTENTS)

INDEX_TUPLE_SIZE = 12                        # IndexTupleData (8) + the uint32 hash code
ITEM_SIZE = pl.maxalign(INDEX_TUPLE_SIZE)    # 16 on the page
INDEX_MOVED_BY_SPLIT_MASK = 0x2000
BITS_PER_MAP = 32
ALL_SET = 0xFFFFFFFF


@dataclasses.dataclass
class Opaque:
    prevblkno: int
    nextblkno: int
    bucket: int
    flag: int
    page_id: int = HASHO_PAGE_ID

    @property
    def page_type(self) -> int:
        return self.flag & LH_PAGE_TYPE


def read_opaque(page) -> Opaque:
    return Opaque(*_OPAQUE.unpack_from(page, SPECIAL_OFFSET))


def write_opaque(page, opaque: Opaque) -> None:
    _OPAQUE.pack_into(page, SPECIAL_OFFSET, opaque.prevblkno & 0xFFFFFFFF,
                      opaque.nextblkno & 0xFFFFFFFF, opaque.bucket & 0xFFFFFFFF,
                      opaque.flag, opaque.page_id)


def init_page(page, prevblkno: int, nextblkno: int, bucket: int, flag: int) -> None:
    """_hash_pageinit plus the special space: an empty page of the given kind."""
    page[:] = bytes(BLCKSZ)
    pl.init_page(page, OPAQUE_SIZE)
    write_opaque(page, Opaque(prevblkno, nextblkno, bucket, flag))


def has_hash_special(page) -> bool:
    return not pl.is_new(page) and pl.header(page).special == SPECIAL_OFFSET


# ---- the metapage ---------------------------------------------------------------------

@dataclasses.dataclass
class MetaPage:
    magic: int = HASH_MAGIC
    version: int = HASH_VERSION
    ntuples: float = 0.0
    ffactor: int = 0
    bsize: int = 0
    bmsize: int = 0
    bmshift: int = 0
    maxbucket: int = 0
    highmask: int = 0
    lowmask: int = 0
    ovflpoint: int = 0
    firstfree: int = 0
    nmaps: int = 0
    procid: int = 0
    spares: list = dataclasses.field(default_factory=lambda: [0] * HASH_MAX_SPLITPOINTS)
    mapp: list = dataclasses.field(default_factory=lambda: [0] * HASH_MAX_BITMAPS)


def read_meta(page) -> MetaPage:
    head = _META_HEAD.unpack_from(page, CONTENTS)
    spares = list(struct.unpack_from(f"<{HASH_MAX_SPLITPOINTS}I", page, SPARES_OFFSET))
    mapp = list(struct.unpack_from(f"<{HASH_MAX_BITMAPS}I", page, MAPP_OFFSET))
    return MetaPage(*head, spares, mapp)


def write_meta(page, meta: MetaPage) -> None:
    _META_HEAD.pack_into(page, CONTENTS, meta.magic, meta.version, meta.ntuples,
                         meta.ffactor, meta.bsize, meta.bmsize, meta.bmshift, meta.maxbucket,
                         meta.highmask, meta.lowmask, meta.ovflpoint, meta.firstfree,
                         meta.nmaps, meta.procid)
    struct.pack_into(f"<{HASH_MAX_SPLITPOINTS}I", page, SPARES_OFFSET, *meta.spares)
    struct.pack_into(f"<{HASH_MAX_BITMAPS}I", page, MAPP_OFFSET, *meta.mapp)
    # pd_lower just past the metadata (_hash_init_metabuffer), so a full-page image
    # may leave out the hole after it.
    struct.pack_into("<H", page, 12, META_END)


def max_bitmap_size() -> int:
    """HashGetMaxBitmapSize: the page's bytes after the header and special space."""
    return BLCKSZ - (CONTENTS + OPAQUE_SIZE)


# ---- split points and block numbers ----------------------------------------------------

def _ceil_log2(n: int) -> int:
    return 0 if n <= 1 else (n - 1).bit_length()


def spare_index(num_bucket: int) -> int:
    """_hash_spareindex: the split point that holds bucket number num_bucket - 1."""
    group = _ceil_log2(num_bucket)
    if group < SPLITPOINT_GROUPS_WITH_ONE_PHASE:
        return group
    phases = SPLITPOINT_GROUPS_WITH_ONE_PHASE
    phases += (group - SPLITPOINT_GROUPS_WITH_ONE_PHASE) << SPLITPOINT_PHASE_BITS
    phases += ((num_bucket - 1) >> (group - (SPLITPOINT_PHASE_BITS + 1))) \
        & SPLITPOINT_PHASE_MASK
    return phases


def total_buckets(phase: int) -> int:
    """_hash_get_totalbuckets: buckets allocated up to and including split point `phase`."""
    if phase < SPLITPOINT_GROUPS_WITH_ONE_PHASE:
        return 1 << phase
    group = SPLITPOINT_GROUPS_WITH_ONE_PHASE + \
        ((phase - SPLITPOINT_GROUPS_WITH_ONE_PHASE) >> SPLITPOINT_PHASE_BITS)
    total = 1 << (group - 1)
    within = ((phase - SPLITPOINT_GROUPS_WITH_ONE_PHASE) & SPLITPOINT_PHASE_MASK) + 1
    return total + ((1 << (group - 1)) >> SPLITPOINT_PHASE_BITS) * within


def bucket_to_blkno(meta: MetaPage, bucket: int) -> int:
    """BUCKET_TO_BLKNO: the primary page of a bucket."""
    before = meta.spares[spare_index(bucket + 1) - 1] if bucket else 0
    return bucket + before + 1


def hashkey_to_bucket(hashkey: int, maxbucket: int, highmask: int, lowmask: int) -> int:
    bucket = hashkey & highmask
    if bucket > maxbucket:
        bucket &= lowmask
    return bucket


def bitno_to_blkno(meta: MetaPage, bitno: int) -> int:
    """The block of overflow (or bitmap) page number `bitno` (0-based)."""
    ovflbitnum = bitno + 1
    i = 1
    while i < meta.ovflpoint and ovflbitnum > meta.spares[i]:
        i += 1
    return total_buckets(i) + ovflbitnum


def blkno_to_bitno(meta: MetaPage, blkno: int) -> int:
    """_hash_ovflblkno_to_bitno; 22023 for a block that is no overflow page."""
    for i in range(1, meta.ovflpoint + 1):
        if blkno <= total_buckets(i):
            break
        bitnum = blkno - total_buckets(i)
        if meta.spares[i - 1] < bitnum <= meta.spares[i]:
            return bitnum - 1
    raise PgError(INVALID_PARAMETER_VALUE, f"invalid overflow block number {blkno}")


# ---- index tuples ----------------------------------------------------------------------

def form_tuple(hashkey: int, tid, moved_by_split: bool = False) -> bytes:
    info = INDEX_TUPLE_SIZE | (INDEX_MOVED_BY_SPLIT_MASK if moved_by_split else 0)
    block, offset = tid
    return struct.pack("<HHHHI", block >> 16, block & 0xFFFF, offset, info, hashkey)


def tuple_hashkey(data) -> int:
    return struct.unpack_from("<I", data, 8)[0]


def tuple_tid(data) -> tuple[int, int]:
    hi, lo, offset = struct.unpack_from("<HHH", data, 0)
    return (hi << 16) | lo, offset


def with_moved_flag(data) -> bytes:
    data = bytearray(data)
    info = struct.unpack_from("<H", data, 6)[0] | INDEX_MOVED_BY_SPLIT_MASK
    struct.pack_into("<H", data, 6, info)
    return bytes(data)


def binsearch(page, hashkey: int) -> int:
    """_hash_binsearch: the offset of the first item whose hash code is >= hashkey
    (max offset + 1 when there is none)."""
    lower, upper = 1, pl.max_offset(page) + 1
    while upper > lower:
        middle = (lower + upper) // 2
        if tuple_hashkey(pl.get_item(page, middle)) < hashkey:
            lower = middle + 1
        else:
            upper = middle
    return lower


def free_space_for(page, ntuples: int) -> int:
    """PageGetFreeSpaceForMultipleTuples."""
    lower, upper = struct.unpack_from("<HH", page, 12)
    room = upper - lower - ntuples * pl.ITEM_ID_SIZE
    return max(room, 0)


# ---- bitmap pages ----------------------------------------------------------------------

def init_bitmap_page(page, bmsize: int) -> None:
    """_hash_initbitmapbuffer: every bit set ("in use"); pd_lower after the bitmap."""
    init_page(page, INVALID_BLOCK, INVALID_BLOCK, INVALID_BUCKET, LH_BITMAP_PAGE)
    page[CONTENTS:CONTENTS + bmsize] = b"\xff" * bmsize
    struct.pack_into("<H", page, 12, CONTENTS + bmsize)


def bitmap_word(page, word: int) -> int:
    return struct.unpack_from("<I", page, CONTENTS + 4 * word)[0]


def set_bit(page, bit: int, value: bool) -> None:
    word = bitmap_word(page, bit // BITS_PER_MAP)
    mask = 1 << (bit % BITS_PER_MAP)
    word = word | mask if value else word & ~mask
    struct.pack_into("<I", page, CONTENTS + 4 * (bit // BITS_PER_MAP), word)


def bit_is_set(page, bit: int) -> bool:
    return bool(bitmap_word(page, bit // BITS_PER_MAP) & (1 << (bit % BITS_PER_MAP)))
