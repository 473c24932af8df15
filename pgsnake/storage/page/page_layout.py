"""PostgreSQL's slotted page layout, read and written in place on an 8192-byte buffer.

A page is a 24-byte header, an array of 4-byte line pointers growing up from the header,
free space, item data growing down from `pd_special`, and an optional special area at the
end (indexes use it; heap pages have none):

    0        24                 pd_lower        pd_upper          pd_special    8192
    | header | lp1 lp2 lp3 ...  |    free space  | ... item3 item2 item1 | special |

Header (little-endian, as PostgreSQL writes it on x86-64):
    pd_lsn (xlogid u32, xrecoff u32), pd_checksum u16, pd_flags u16, pd_lower u16,
    pd_upper u16, pd_special u16, pd_pagesize_version u16 (8192 | 4), pd_prune_xid u32
Line pointer (one u32): lp_off in bits 0-14, lp_flags in bits 15-16, lp_len in bits 17-31.

Entry points: init_page, get_lsn/set_lsn, add_item (reusing unused line pointers, as
PageAddItem does), get_item, item_id, set_item_flags, set_item_dead, set_item_unused,
set_item_redirect, repair_fragmentation, truncate_line_pointer_array, index_tuple_delete,
index_multi_delete, max_offset,
free_space, heap_free_space, is_new, header; and for the buffer manager's I/O,
check_on_read (is a page just read from disk fit to use?) and checksummed_copy (the
bytes to write, with pd_checksum set). Every function works on a memoryview or bytearray
of exactly BLCKSZ bytes and does no I/O and no locking: the caller holds the buffer's
content lock (storage/buffer/README.md).

PostgreSQL: storage/page/bufpage.c (PageInit, PageAddItemExtended, PageGetFreeSpace,
PageGetHeapFreeSpace, PageRepairFragmentation, PageTruncateLinePointerArray,
PageIndexTupleDelete, PageIndexMultiDelete, PageIsNew,
PageIsVerifiedExtended, PageSetChecksumCopy), include/storage/bufpage.h,
include/storage/itemid.h.
"""
from __future__ import annotations

import struct
from typing import NamedTuple

from pgsnake.storage.page.checksum import page_checksum

BLCKSZ = 8192
MAXIMUM_ALIGNOF = 8
PAGE_LAYOUT_VERSION = 4
SIZE_OF_PAGE_HEADER = 24
ITEM_ID_SIZE = 4

LP_UNUSED = 0
LP_NORMAL = 1
LP_REDIRECT = 2
LP_DEAD = 3

# pd_flags bits
PD_HAS_FREE_LINES = 0x0001
PD_PAGE_FULL = 0x0002
PD_ALL_VISIBLE = 0x0004
PD_VALID_FLAG_BITS = 0x0007     # any other pd_flags bit set means a damaged header

# The largest item a heap page can take: a page holding one line pointer and one item.
MAX_HEAP_TUPLE_SIZE = BLCKSZ - ((SIZE_OF_PAGE_HEADER + ITEM_ID_SIZE + MAXIMUM_ALIGNOF - 1)
                                & ~(MAXIMUM_ALIGNOF - 1))
MAX_OFFSET_NUMBER = BLCKSZ // ITEM_ID_SIZE   # never reached for heap pages (items >= 24 bytes)

_HEADER = struct.Struct("<IIHHHHHHI")
_U16 = struct.Struct("<H")
_U32 = struct.Struct("<I")
_LSN = struct.Struct("<II")


class PageHeader(NamedTuple):
    lsn: int
    checksum: int
    flags: int
    lower: int
    upper: int
    special: int
    pagesize_version: int
    prune_xid: int


def maxalign(n: int) -> int:
    return (n + MAXIMUM_ALIGNOF - 1) & ~(MAXIMUM_ALIGNOF - 1)


def init_page(page, special_size: int = 0) -> None:
    """Zero the page and write an empty header (PageInit)."""
    special_size = maxalign(special_size)
    page[:] = bytes(BLCKSZ)
    special = BLCKSZ - special_size
    _HEADER.pack_into(page, 0, 0, 0, 0, 0, SIZE_OF_PAGE_HEADER, special, special,
                      BLCKSZ | PAGE_LAYOUT_VERSION, 0)


def header(page) -> PageHeader:
    xlogid, xrecoff, checksum, flags, lower, upper, special, version, prune = \
        _HEADER.unpack_from(page, 0)
    return PageHeader((xlogid << 32) | xrecoff, checksum, flags, lower, upper, special,
                      version, prune)


def is_new(page) -> bool:
    """A page that was never initialised (all zero after a relation extension):
    PostgreSQL's test is pd_upper == 0."""
    return _U16.unpack_from(page, 14)[0] == 0


def get_lsn(page) -> int:
    xlogid, xrecoff = _LSN.unpack_from(page, 0)
    return (xlogid << 32) | xrecoff


def set_lsn(page, lsn: int) -> None:
    _LSN.pack_into(page, 0, lsn >> 32, lsn & 0xFFFFFFFF)


def get_flags(page) -> int:
    return _U16.unpack_from(page, 10)[0]


def set_flags(page, flags: int) -> None:
    _U16.pack_into(page, 10, flags)


def get_prune_xid(page) -> int:
    return _U32.unpack_from(page, 20)[0]


def set_prune_xid(page, xid: int) -> None:
    _U32.pack_into(page, 20, xid)


def max_offset(page) -> int:
    """Number of line pointers (PageGetMaxOffsetNumber); 0 for a new page."""
    lower = _U16.unpack_from(page, 12)[0]
    return 0 if lower <= SIZE_OF_PAGE_HEADER else (lower - SIZE_OF_PAGE_HEADER) // ITEM_ID_SIZE


def item_id(page, offnum: int) -> tuple[int, int, int]:
    """(lp_off, lp_flags, lp_len) of line pointer `offnum` (1-based)."""
    word = _U32.unpack_from(page, SIZE_OF_PAGE_HEADER + (offnum - 1) * ITEM_ID_SIZE)[0]
    return word & 0x7FFF, (word >> 15) & 0x3, word >> 17


def item_ids(page) -> list[tuple[int, int, int]]:
    """Every line pointer's (lp_off, lp_flags, lp_len), indexed by offset number (entry 0
    is a placeholder): one read of the whole array for loops over a page."""
    nline = max_offset(page)
    out = [(0, LP_UNUSED, 0)]
    out += [(word & 0x7FFF, (word >> 15) & 0x3, word >> 17) for (word,) in _U32.iter_unpack(
        page[SIZE_OF_PAGE_HEADER:SIZE_OF_PAGE_HEADER + nline * ITEM_ID_SIZE])]
    return out


def _set_item_id(page, offnum: int, lp_off: int, lp_flags: int, lp_len: int) -> None:
    _U32.pack_into(page, SIZE_OF_PAGE_HEADER + (offnum - 1) * ITEM_ID_SIZE,
                   lp_off | (lp_flags << 15) | (lp_len << 17))


def set_item_flags(page, offnum: int, flags: int) -> None:
    """Change a line pointer's state. LP_UNUSED and LP_DEAD without storage drop the
    offset and length, as ItemIdSetUnused/ItemIdSetDead do."""
    lp_off, _, lp_len = item_id(page, offnum)
    if flags == LP_UNUSED:
        lp_off = lp_len = 0
    _set_item_id(page, offnum, lp_off, flags, lp_len)


def set_item_redirect(page, offnum: int, target_offnum: int) -> None:
    """A redirect line pointer keeps the target offset in lp_off and no storage."""
    _set_item_id(page, offnum, target_offnum, LP_REDIRECT, 0)


def get_item(page, offnum: int) -> memoryview:
    """The item's bytes, as a writable view into the page when `page` is writable."""
    lp_off, _, lp_len = item_id(page, offnum)
    view = page if isinstance(page, memoryview) else memoryview(page)
    return view[lp_off:lp_off + lp_len]


def free_space(page) -> int:
    """Bytes available for one new item, after paying for its line pointer
    (PageGetFreeSpace: the result is never negative)."""
    lower, upper = struct.unpack_from("<HH", page, 12)
    room = upper - lower
    return room - ITEM_ID_SIZE if room >= ITEM_ID_SIZE else 0


def heap_free_space(page) -> int:
    """free_space(), but 0 when the page already has MaxHeapTuplesPerPage line pointers
    and none of them is unused (PageGetHeapFreeSpace)."""
    space = free_space(page)
    nline = max_offset(page)
    if space > 0 and nline >= MAX_HEAP_TUPLES_PER_PAGE:
        if not get_flags(page) & PD_HAS_FREE_LINES:
            return 0
        if all(item_id(page, n)[1] != LP_UNUSED for n in range(1, nline + 1)):
            return 0
    return space


# MaxHeapTuplesPerPage: each tuple needs at least a MAXALIGNed 23-byte header and a pointer.
MAX_HEAP_TUPLES_PER_PAGE = (BLCKSZ - SIZE_OF_PAGE_HEADER) // (maxalign(23) + ITEM_ID_SIZE)


def add_item(page, item: bytes, offnum: int | None = None) -> int | None:
    """Place `item` on the page and return its offset number (1-based), or None when it
    does not fit. With `offnum` given (WAL redo) the item goes exactly there: either a
    new pointer right after the last one, or an unused existing pointer.

    Invariant: items are stored MAXALIGNed from the top of the free space down, so
    pd_upper stays 8-aligned and every tuple header starts on an 8-byte boundary.
    """
    lower, upper, special = struct.unpack_from("<HHH", page, 12)
    if lower < SIZE_OF_PAGE_HEADER or lower > upper or upper > special or special > BLCKSZ:
        raise ValueError(f"corrupted page pointers: lower = {lower}, upper = {upper}, "
                         f"special = {special}")
    limit = max_offset(page) + 1
    if offnum is None:
        offnum = limit
        if get_flags(page) & PD_HAS_FREE_LINES:
            # Reuse the first unused line pointer (VACUUM freed it); none left: the
            # hint was stale.
            offnum = next((n for n in range(1, limit) if item_id(page, n) == (0, LP_UNUSED, 0)),
                          limit)
            if offnum == limit:
                set_flags(page, get_flags(page) & ~PD_HAS_FREE_LINES)
    elif offnum > limit:
        raise ValueError(f"specified item offset {offnum} is too large")
    elif offnum < limit:
        if item_id(page, offnum)[1] != LP_UNUSED or item_id(page, offnum)[2] != 0:
            raise ValueError(f"will not overwrite a used ItemId at offset {offnum}")
    needs_new_pointer = offnum == limit
    new_lower = lower + ITEM_ID_SIZE if needs_new_pointer else lower
    size = len(item)
    new_upper = upper - maxalign(size)
    if new_lower > new_upper:
        return None
    page[new_upper:new_upper + size] = item
    if maxalign(size) > size:
        page[new_upper + size:new_upper + maxalign(size)] = bytes(maxalign(size) - size)
    _set_item_id(page, offnum, new_upper, LP_NORMAL, size)
    struct.pack_into("<HH", page, 12, new_lower, new_upper)
    return offnum


def repair_fragmentation(page) -> None:
    """Pack the items that have storage against the end of the page, keeping their
    physical order, and set PD_HAS_FREE_LINES iff some line pointer is unused
    (PageRepairFragmentation / compactify_tuples). Line pointers keep their numbers;
    so the caller must hold a cleanup lock: nobody may hold a pointer into the page."""
    special = _U16.unpack_from(page, 16)[0]
    stored = []
    nunused = 0
    for offnum, (lp_off, lp_flags, lp_len) in enumerate(item_ids(page)):
        if not offnum:
            continue
        if lp_flags == LP_UNUSED:
            _set_item_id(page, offnum, 0, LP_UNUSED, 0)
            nunused += 1
        elif lp_flags == LP_NORMAL or (lp_flags == LP_DEAD and lp_len):
            stored.append((lp_off, offnum, lp_flags, lp_len))
    stored.sort(reverse=True)
    old = bytes(page)
    upper = special
    for lp_off, offnum, lp_flags, lp_len in stored:
        aligned = (lp_len + MAXIMUM_ALIGNOF - 1) & ~(MAXIMUM_ALIGNOF - 1)
        upper -= aligned
        if upper == lp_off:
            continue            # already where packing puts it (above the first gap)
        page[upper:upper + lp_len] = old[lp_off:lp_off + lp_len]
        if aligned > lp_len:
            page[upper + lp_len:upper + aligned] = bytes(aligned - lp_len)
        _set_item_id(page, offnum, upper, lp_flags, lp_len)
    _U16.pack_into(page, 14, upper)
    flags = get_flags(page)
    set_flags(page, flags | PD_HAS_FREE_LINES if nunused else flags & ~PD_HAS_FREE_LINES)


def truncate_line_pointer_array(page) -> None:
    """Drop the unused line pointers at the end of the array, always keeping the first
    one, and set PD_HAS_FREE_LINES iff an unused one remains (PageTruncateLinePointerArray:
    VACUUM's second heap pass; pruning never does this)."""
    nline = max_offset(page)
    trailing = 0
    offnum = nline
    while offnum > 1 and item_id(page, offnum)[1] == LP_UNUSED:
        trailing += 1
        offnum -= 1
    has_free = any(item_id(page, n)[1] == LP_UNUSED for n in range(1, offnum + 1))
    if trailing:
        lower = _U16.unpack_from(page, 12)[0]
        _U16.pack_into(page, 12, lower - ITEM_ID_SIZE * trailing)
    flags = get_flags(page)
    set_flags(page, flags | PD_HAS_FREE_LINES if has_free else flags & ~PD_HAS_FREE_LINES)


def index_tuple_delete(page, offnum: int) -> None:
    """Remove item `offnum` and its line pointer from an index page; later line pointers
    move down one, the tuple data below it moves up to close the gap
    (PageIndexTupleDelete)."""
    lower, upper, _special = struct.unpack_from("<HHH", page, 12)
    nline = max_offset(page)
    offset, _flags, length = item_id(page, offnum)
    size = maxalign(length)
    # Close the line-pointer gap, then the tuple-data gap.
    start = SIZE_OF_PAGE_HEADER + (offnum - 1) * ITEM_ID_SIZE
    page[start:lower - ITEM_ID_SIZE] = bytes(page[start + ITEM_ID_SIZE:lower])
    page[upper + size:offset + size] = bytes(page[upper:offset])
    page[upper:upper + size] = bytes(size)
    for other in range(1, nline):
        o_off, o_flags, o_len = item_id(page, other)
        if o_len and o_off <= offset:
            _set_item_id(page, other, o_off + size, o_flags, o_len)
    struct.pack_into("<HH", page, 12, lower - ITEM_ID_SIZE, upper + size)


def index_multi_delete(page, offnums) -> None:
    """Remove several items from an index page (PageIndexMultiDelete): one or two are
    removed one at a time, more by rebuilding the line-pointer array without them and
    packing the remaining tuples against the special space in their physical order."""
    offnums = sorted(offnums)
    if len(offnums) <= 2:
        for offnum in reversed(offnums):
            index_tuple_delete(page, offnum)
        return
    gone = set(offnums)
    special = _U16.unpack_from(page, 16)[0]
    kept = [(offnum,) + item_id(page, offnum) for offnum in range(1, max_offset(page) + 1)
            if offnum not in gone]
    old = bytes(page)
    upper = special
    new_ids = {}
    for offnum, lp_off, lp_flags, lp_len in sorted(kept, key=lambda k: k[1], reverse=True):
        upper -= maxalign(lp_len)
        page[upper:upper + maxalign(lp_len)] = old[lp_off:lp_off + maxalign(lp_len)]
        new_ids[offnum] = (upper, lp_flags, lp_len)
    for position, (offnum, *_rest) in enumerate(kept, 1):
        _set_item_id(page, position, *new_ids[offnum])
    struct.pack_into("<HH", page, 12, SIZE_OF_PAGE_HEADER + ITEM_ID_SIZE * len(kept), upper)


def set_item_dead(page, offnum: int) -> None:
    """LP_DEAD without storage (ItemIdSetDead): pruning removed the tuple, the index
    entries pointing at it still exist."""
    _set_item_id(page, offnum, 0, LP_DEAD, 0)


def set_item_unused(page, offnum: int) -> None:
    _set_item_id(page, offnum, 0, LP_UNUSED, 0)


def verify_page(page) -> None:
    """Loud check of the header invariants, for tests: 24 <= lower <= upper <= special
    <= 8192, special MAXALIGNed, version 8192|4. (Pages read from disk are judged by
    check_on_read, which applies PostgreSQL's looser tests.)"""
    h = header(page)
    if is_new(page):
        if any(bytes(page[:SIZE_OF_PAGE_HEADER])):
            raise ValueError("page with pd_upper = 0 has a non-zero header")
        return
    if not (SIZE_OF_PAGE_HEADER <= h.lower <= h.upper <= h.special <= BLCKSZ):
        raise ValueError(f"invalid page header: lower {h.lower} upper {h.upper} "
                         f"special {h.special}")
    if h.special != maxalign(h.special) or h.pagesize_version != (BLCKSZ | PAGE_LAYOUT_VERSION):
        raise ValueError("invalid page header: special or pagesize_version")


# ---- checks on the way in from disk, checksums on the way out -----------------------

_CHECKSUM = struct.Struct("<H")
_ZERO_PAGE = bytes(BLCKSZ)


class ReadCheck(NamedTuple):
    """What check_on_read found. `usable`: the header is sane and the checksum (if
    checksums are on) matches, or the page is all zeros. `header_sane`: the header
    passes the pointer checks whatever the checksum says. `checksum_failure`:
    (calculated, stored) when the checksum is wrong, else None."""
    usable: bool
    header_sane: bool
    checksum_failure: tuple[int, int] | None


_USABLE = ReadCheck(True, True, None)


def check_on_read(page, blkno: int, checksums: bool) -> ReadCheck:
    """Is a page just read from disk fit to enter the buffer pool (PageIsVerifiedExtended)?

    A page that is not new (pd_upper != 0) must have a sane header: no unknown pd_flags
    bits, pd_lower <= pd_upper <= pd_special <= 8192 and a MAXALIGNed pd_special; with
    `checksums`, its pd_checksum must also equal page_checksum(page, blkno). A page that
    fails either test is still usable if it is all zeros (a relation extended but never
    written, or a hole left by a crash). These are PostgreSQL's exact tests, no more: a
    page PostgreSQL lets in must get in here too, or the two would disagree about which
    damaged tables can still be read.

    The caller decides what a failure means (WARNING, ERROR, ignore_checksum_failure);
    this function only looks."""
    checksum_failure = None
    header_sane = False
    if not is_new(page):
        if checksums:
            calculated = page_checksum(page, blkno)
            stored = _CHECKSUM.unpack_from(page, 8)[0]
            if calculated != stored:
                checksum_failure = (calculated, stored)
        flags, lower, upper, special = struct.unpack_from("<HHHH", page, 10)
        header_sane = (not flags & ~PD_VALID_FLAG_BITS and lower <= upper <= special <= BLCKSZ
                       and special == maxalign(special))
        if header_sane and checksum_failure is None:
            return _USABLE
    if page == _ZERO_PAGE:
        return ReadCheck(True, header_sane, None)
    return ReadCheck(False, header_sane, checksum_failure)


def checksummed_copy(page, blkno: int) -> bytearray:
    """A copy of `page` with pd_checksum set for block `blkno`, to be written to disk
    (PageSetChecksumCopy). The copy matters: under a SHARE content lock another process
    may still set hint bits in the shared page, and a checksum computed over bytes that
    change before they are written would not match them. A new page is copied as it is
    (it carries no checksum)."""
    copy = bytearray(page)
    if not is_new(copy):
        _CHECKSUM.pack_into(copy, 8, page_checksum(copy, blkno))
    return copy
