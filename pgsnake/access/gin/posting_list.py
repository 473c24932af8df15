"""GIN's compressed posting lists: sorted heap TIDs, varbyte-encoded as deltas.

A posting list segment (GinPostingList) is

    offset 0  first     the first TID, uncompressed (bi_hi u16, bi_lo u16, ip_posid u16)
           6  nbytes    u16: length of the encoded deltas
           8  bytes     each later TID as the varbyte encoding of its distance from the
                        previous one; padded with one zero byte to an even length

A TID is encoded as the 64-bit number (block << 11) | offset (11 bits are enough for
any heap offset), so TID order is number order and a delta is a positive number. Each
byte carries 7 bits, least significant first, the high bit saying "more bytes follow"
(a seventh byte, which only the widest 43-bit numbers need, is read whole). Removing a TID never
makes a list longer (the encoding of a sum is never longer than the encodings of the
two summands), which is what lets VACUUM rewrite lists in place.

Entry points: encode_tid / decode_tid, compress(tids, max_size) -> (bytes, count),
decode_segments(data) -> [tid], segment_size(data, offset), split_segments(tids,
max_size) -> [bytes], merge(a, b).

PostgreSQL: access/gin/ginpostinglist.c (ginCompressPostingList, ginPostingListDecode,
ginPostingListDecodeAllSegments, ginMergeItemPointers), include/access/ginblock.h
(GinPostingList, SizeOfGinPostingList).
"""
from __future__ import annotations

import struct

OFFSET_BITS = 11                         # MaxHeapTuplesPerPageBits
HEADER_SIZE = 8                          # offsetof(GinPostingList, bytes)
_HEADER = struct.Struct("<HHHH")         # bi_hi, bi_lo, ip_posid, nbytes


def encode_tid(tid) -> int:
    return (tid[0] << OFFSET_BITS) | tid[1]


def decode_tid(value: int) -> tuple[int, int]:
    return (value >> OFFSET_BITS) & 0xFFFFFFFF, value & ((1 << OFFSET_BITS) - 1)


def _varbyte(value: int) -> bytes:
    out = bytearray()
    while value > 0x7F:
        out.append(0x80 | (value & 0x7F))
        value >>= 7
    out.append(value)
    return bytes(out)


def _shortalign(n: int) -> int:
    return (n + 1) & ~1


def compress(tids, max_size: int) -> tuple[bytes, int]:
    """One segment holding as many of the sorted, distinct `tids` (at least the first)
    as fit in `max_size` bytes (rounded down to even); returns (segment, TIDs packed).
    ginCompressPostingList."""
    max_size &= ~1
    max_bytes = max_size - HEADER_SIZE
    first = tids[0]
    previous = encode_tid(first)
    body = bytearray()
    count = 1
    for tid in tids[1:]:
        value = encode_tid(tid)
        if value <= previous:
            raise ValueError("posting list TIDs must be ascending and distinct")
        code = _varbyte(value - previous)
        if len(body) + len(code) > max_bytes:
            break
        body += code
        previous = value
        count += 1
    header = _HEADER.pack(first[0] >> 16, first[0] & 0xFFFF, first[1], len(body))
    if len(body) & 1:
        body.append(0)
    return header + bytes(body), count


def segment_size(data, offset: int = 0) -> int:
    """SizeOfGinPostingList of the segment at `offset`."""
    return HEADER_SIZE + _shortalign(_HEADER.unpack_from(data, offset)[3])


def decode_segments(data, offset: int = 0, length: int | None = None) -> list[tuple[int, int]]:
    """Every TID of the segments stored one after another in data[offset:offset+length]
    (the whole of `data` from `offset` by default). ginPostingListDecodeAllSegments."""
    end = len(data) if length is None else offset + length
    out = []
    while offset < end:
        hi, lo, posid, nbytes = _HEADER.unpack_from(data, offset)
        first = ((hi << 16) | lo, posid)
        out.append(first)
        value = encode_tid(first)
        position = offset + HEADER_SIZE
        stop = position + nbytes
        while position < stop:
            delta = 0
            shift = 0
            while True:
                byte = data[position]
                position += 1
                if shift == 42:             # a seventh byte: all 8 bits are data
                    delta |= byte << 42
                    break
                delta |= (byte & 0x7F) << shift
                shift += 7
                if not byte & 0x80:
                    break
            value += delta
            out.append(decode_tid(value))
        offset += HEADER_SIZE + _shortalign(nbytes)
    return out


def split_segments(tids, max_size: int) -> list[bytes]:
    """The sorted `tids` as consecutive segments of at most `max_size` bytes each."""
    segments = []
    start = 0
    while start < len(tids):
        segment, count = compress(tids[start:], max_size)
        segments.append(segment)
        start += count
    return segments


def merge(a, b) -> list[tuple[int, int]]:
    """The sorted union of two sorted TID lists, duplicates once (ginMergeItemPointers)."""
    if not a:
        return list(b)
    if not b or a[-1] < b[0]:
        return list(a) + list(b)
    if b[-1] < a[0]:
        return list(b) + list(a)
    return sorted(set(a).union(b))
