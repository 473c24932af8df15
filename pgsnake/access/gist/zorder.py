"""The Z-order (Morton code) of a point: point_ops' sort support for a sorted GiST build.

Each coordinate is narrowed to a float4 and its bits mapped to an unsigned 32-bit
integer that sorts as the float does (negative values have every bit flipped, others
get the sign bit set, NaN is 0xFFFFFFFF); the two integers' bits are then interleaved,
x in the even bits and y in the odd ones, into one 64-bit code. Points close in the
plane are mostly close in this order, which is what lets the sorted build pack
neighbouring points onto the same leaf page.

Entry point: box_low_corner_zorder(box) -> int, for a point_ops leaf key (the point as
a degenerate box, (low x, low y, high x, high y)).

PostgreSQL: access/gist/gistproc.c (gist_point_sortsupport, gist_bbox_zorder_cmp,
point_zorder_internal, ieee_float32_to_uint32, part_bits32_by2).
"""
from __future__ import annotations

import math
import struct

_FLOAT4 = struct.Struct("<f")
_UINT32 = struct.Struct("<I")
_FLOAT4_MAX = 3.4028234663852886e38


def _float4_bits(value: float) -> int:
    """The bits of `value` cast to float4 (C's double-to-float conversion: out of
    range becomes an infinity)."""
    try:
        packed = _FLOAT4.pack(value)
    except OverflowError:
        packed = _FLOAT4.pack(math.copysign(math.inf, value))
    return _UINT32.unpack(packed)[0]


def ordered_uint32(value: float) -> int:
    """ieee_float32_to_uint32: an unsigned integer ordered as the float4 value."""
    if math.isnan(value):
        return 0xFFFFFFFF
    bits = _float4_bits(value)
    if bits & 0x80000000:
        return ~bits & 0xFFFFFFFF
    return bits | 0x80000000


def _spread(bits: int) -> int:
    """part_bits32_by2: bit i of a 32-bit value moved to bit 2i."""
    bits &= 0xFFFFFFFF
    bits = (bits | (bits << 16)) & 0x0000FFFF0000FFFF
    bits = (bits | (bits << 8)) & 0x00FF00FF00FF00FF
    bits = (bits | (bits << 4)) & 0x0F0F0F0F0F0F0F0F
    bits = (bits | (bits << 2)) & 0x3333333333333333
    bits = (bits | (bits << 1)) & 0x5555555555555555
    return bits


def point_zorder(x: float, y: float) -> int:
    return _spread(ordered_uint32(x)) | (_spread(ordered_uint32(y)) << 1)


def box_low_corner_zorder(box) -> int:
    """gist_bbox_zorder_cmp's sort key: the Z-order of the box's low corner."""
    return point_zorder(box[0], box[1])
