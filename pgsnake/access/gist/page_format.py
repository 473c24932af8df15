"""GiST pages as PostgreSQL 15 lays them out.

Every GiST page ends in a 16-byte GISTPageOpaqueData: nsn (the "node sequence number",
an LSN: u32 xlogid, u32 xrecoff), rightlink u32 (InvalidBlockNumber on the rightmost
page of a level), flags u16 (F_LEAF, F_DELETED, F_TUPLES_DELETED, F_FOLLOW_RIGHT,
F_HAS_GARBAGE) and gist_page_id u16 = 0xFF81 (so tools tell GiST pages apart).
Block 0 is always the root (GIST_ROOT_BLKNO); there is no metapage.

Tuples are IndexTuples of the operator classes' compressed keys. On a leaf t_tid is the
heap TID; on an internal page its block is the child's and its offset 0xffff, the key
the union of every key below it (a bounding box, a range spanning them).

The NSN and the right link are what makes a descent safe against a concurrent split
(Lehman–Yao for R-trees, Kornacker et al.): a split page's halves are chained by right
links and each carries the NSN of the split; a scan that read the parent at LSN p and
finds a child with NSN > p (or F_FOLLOW_RIGHT: the parent has no downlink yet) also
visits the right sibling.

Entry points: constants, Opaque / read_opaque / write_opaque, init_page, downlink,
form_downlink, page capacity (MAX_ITEM_SIZE, fits).

PostgreSQL: include/access/gist.h (GISTPageOpaqueData, the F_* flags, GIST_PAGE_ID),
include/access/gist_private.h (GiSTPageSize, GIST_ROOT_BLKNO), access/gist/gistutil.c
(gistinitpage, gistnospace, gistFormTuple).
"""
from __future__ import annotations

import dataclasses
import struct

from pgsnake.storage.page import page_layout as pl

BLCKSZ = 8192
INVALID_BLOCK = 0xFFFFFFFF
ROOT_BLKNO = 0
GIST_PAGE_ID = 0xFF81
DOWNLINK_OFFSET = 0xFFFF          # t_tid offset of an internal tuple (gistFormTuple)

F_LEAF, F_DELETED, F_TUPLES_DELETED, F_FOLLOW_RIGHT, F_HAS_GARBAGE = 1, 2, 4, 8, 16
FLAG_NAMES = ((F_LEAF, "leaf"), (F_DELETED, "deleted"), (F_TUPLES_DELETED, "tuples_deleted"),
              (F_FOLLOW_RIGHT, "follow_right"), (F_HAS_GARBAGE, "has_garbage"))

OPAQUE_SIZE = 16
SPECIAL_OFFSET = BLCKSZ - OPAQUE_SIZE
_OPAQUE = struct.Struct("<IIIHH")
_TID = struct.Struct("<HHH")
# GiSTPageSize: what a page holds; a tuple larger than this can never be placed.
PAGE_SIZE = BLCKSZ - pl.SIZE_OF_PAGE_HEADER - OPAQUE_SIZE
MAX_ITEM_SIZE = PAGE_SIZE // 4     # room for at least a few tuples per page, as picksplit needs


@dataclasses.dataclass
class Opaque:
    nsn: int = 0
    rightlink: int = INVALID_BLOCK
    flags: int = 0
    page_id: int = GIST_PAGE_ID

    @property
    def is_leaf(self) -> bool:
        return bool(self.flags & F_LEAF)

    @property
    def follow_right(self) -> bool:
        return bool(self.flags & F_FOLLOW_RIGHT)


def read_opaque(page) -> Opaque:
    hi, lo, rightlink, flags, page_id = _OPAQUE.unpack_from(page, SPECIAL_OFFSET)
    return Opaque((hi << 32) | lo, rightlink, flags, page_id)


def write_opaque(page, opaque: Opaque) -> None:
    _OPAQUE.pack_into(page, SPECIAL_OFFSET, opaque.nsn >> 32, opaque.nsn & 0xFFFFFFFF,
                      opaque.rightlink, opaque.flags, opaque.page_id)


def init_page(page, flags: int) -> None:
    """gistinitpage: an empty page with the GiST special space."""
    pl.init_page(page, OPAQUE_SIZE)
    write_opaque(page, Opaque(0, INVALID_BLOCK, flags))


def is_gist_page(page) -> bool:
    return not pl.is_new(page) and pl.header(page).special == SPECIAL_OFFSET \
        and read_opaque(page).page_id == GIST_PAGE_ID


def downlink(data) -> int:
    hi, lo, _off = _TID.unpack_from(data, 0)
    return (hi << 16) | lo


def with_tid(data, block: int, offset: int) -> bytes:
    out = bytearray(data)
    _TID.pack_into(out, 0, block >> 16, block & 0xFFFF, offset)
    return bytes(out)


def tid_of(data) -> tuple[int, int]:
    hi, lo, off = _TID.unpack_from(data, 0)
    return (hi << 16) | lo, off


def fits(page, items: list[bytes], free_reserve: int = 0) -> bool:
    """Whether `items` can all be added (gistnospace: PageGetFreeSpace, which counts a
    line pointer per item, keeping `free_reserve` bytes free, as a build with a
    fillfactor does)."""
    need = sum(pl.maxalign(len(i)) + 4 for i in items)
    lower, upper = struct.unpack_from("<HH", page, 12)
    return upper - lower - need >= free_reserve


def page_tuples(page) -> list[bytes]:
    return [bytes(pl.get_item(page, off)) for off in range(1, pl.max_offset(page) + 1)]
