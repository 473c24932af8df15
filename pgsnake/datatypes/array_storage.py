"""Arrays as PostgreSQL stores them (its ArrayType), so that a stored array takes the
bytes PostgreSQL's takes and pg_column_size, pageinspect and TOAST thresholds agree.

The layout, after the varlena header (which the tuple layer adds; offsets below count
from the start of the varlena, header included, because alignment is reckoned from it):

    4   ndim                      number of dimensions; 0 for an empty array
    8   dataoffset                where the elements start, or 0 when there is no null
                                  bitmap (then they start at the fixed overhead below)
    12  elemtype                  the element type's OID
    16  dims[ndim], lbound[ndim]  int32 each
        null bitmap               only when some element is NULL: one bit per element,
                                  least significant bit first, 1 = present
        padding                   to an 8-byte boundary
        elements                  the present ones in row-major order, each aligned to
                                  the element type's typalign and followed by padding to
                                  it (the last one too): fixed-length types their typlen
                                  bytes, varlena types with a 4-byte varlena header (an
                                  array never holds short or compressed elements),
                                  cstrings with their terminating NUL

Integers are little-endian (this machine's order, as everywhere on pgsnake's pages).
The binary wire format (array_send / array_recv) is a different layout: arrays.py.

Entry points: pack(element, value, lower_bound, one_dimensional) -> payload bytes; unpack(element, data) -> value;
element_oid_of(data) -> OID; `lower_bound` 0 for int2vector / oidvector.

PostgreSQL: include/utils/array.h (ArrayType, ARR_OVERHEAD_*), utils/adt/arrayfuncs.c
(construct_md_array, CopyArrayEls, deconstruct_array).
"""
from __future__ import annotations

import struct

from pgsnake.datatypes import array_values

_HEADER = struct.Struct("<iiI")          # ndim, dataoffset, elemtype
_INT = struct.Struct("<i")
_VARLENA_HEADER = struct.Struct("<I")
_ALIGNMENT = {"c": 1, "s": 2, "i": 4, "d": 8}
VARLENA_HEADER_SIZE = 4                  # the payload starts after it
MAXIMUM_ALIGNMENT = 8


def _align(offset: int, alignment: int) -> int:
    return (offset + alignment - 1) & ~(alignment - 1)


def _flatten(value: list) -> tuple[list[int], list]:
    dims: list[int] = []
    level = value
    while isinstance(level, list):
        dims.append(len(level))
        if not level:
            break
        level = level[0]
    if not value:
        return [], []
    flat: list = []
    stack = [value]
    while stack:                      # depth-first, row-major
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(reversed(node))
        else:
            flat.append(node)
    return dims, flat


def pack(element, value: list, lower_bound: int | None = None,
         one_dimensional: bool = False) -> bytes:
    """The stored payload of array `value` of `element` (a TypeInfo). `lower_bound`
    overrides the value's own (int2vector / oidvector are stored with 0);
    `one_dimensional`: the items are the elements even when they are lists (arrays of
    an array type, which pg_statistic holds for an array column)."""
    if one_dimensional:
        dims, flat = ([len(value)] if value else []), list(value)
    else:
        dims, flat = _flatten(value)
    if lower_bound is None and not one_dimensional:
        lowers = array_values.lower_bounds(value) if dims else []
    else:
        lowers = [1 if lower_bound is None else lower_bound] * len(dims)
    ndim = len(dims)
    fixed = 16 + 8 * ndim             # the header with its dims and lower bounds
    has_nulls = any(item is None for item in flat)
    if has_nulls:
        bitmap = bytearray((len(flat) + 7) // 8)
        for i, item in enumerate(flat):
            if item is not None:
                bitmap[i >> 3] |= 1 << (i & 7)
        data_offset = _align(fixed + len(bitmap), MAXIMUM_ALIGNMENT)
    else:
        bitmap = b""
        data_offset = _align(fixed, MAXIMUM_ALIGNMENT)
    parts = [_HEADER.pack(ndim, data_offset if has_nulls else 0, element.oid)]
    parts.extend(_INT.pack(d) for d in dims)
    parts.extend(_INT.pack(b) for b in lowers)
    parts.append(bytes(bitmap))
    parts.append(b"\x00" * (data_offset - fixed - len(bitmap)))
    parts.append(_elements(element, flat))
    return b"".join(parts)


def _elements(element, flat: list) -> bytes:
    typlen = element.typlen
    alignment = _ALIGNMENT.get(element.typalign, 4)
    item_pack = element.pack
    present = [item for item in flat if item is not None]
    if typlen > 0 and typlen % alignment == 0:
        return b"".join(item_pack(item) for item in present)   # no padding anywhere
    out = bytearray()
    offset = 0                        # the data start is 8-aligned: align within it
    for item in present:
        data = item_pack(item)
        if typlen == -1:
            data = _VARLENA_HEADER.pack((len(data) + 4) << 2) + data
        elif typlen == -2:
            data = data + b"\x00"
        out += data
        offset += len(data)
        padded = _align(offset, alignment)
        out += b"\x00" * (padded - offset)
        offset = padded
    return bytes(out)


def element_oid_of(data) -> int:
    return _HEADER.unpack_from(data, 0)[2]


def unpack(element, data, lower_bound_is_stored: bool = True) -> list:
    """The value of a stored array payload (pack's inverse): nested lists, None for NULL
    elements, an array_values.BoundedArray when a lower bound is not 1."""
    data = memoryview(data)
    ndim, data_offset, _elemtype = _HEADER.unpack_from(data, 0)
    if ndim == 0:
        return []
    dims = [_INT.unpack_from(data, 12 + 4 * i)[0] for i in range(ndim)]
    lowers = [_INT.unpack_from(data, 12 + 4 * (ndim + i))[0] for i in range(ndim)]
    count = 1
    for d in dims:
        count *= d
    fixed = 16 + 8 * ndim
    bitmap = None
    if data_offset:
        bitmap = data[fixed - VARLENA_HEADER_SIZE:
                      fixed - VARLENA_HEADER_SIZE + (count + 7) // 8]
        start = data_offset
    else:
        start = _align(fixed, MAXIMUM_ALIGNMENT)
    flat = _read_elements(element, data, start - VARLENA_HEADER_SIZE, count, bitmap)

    def build(level: int, items: list) -> list:
        if level == ndim - 1:
            return items
        step = len(items) // dims[level] if dims[level] else 0
        return [build(level + 1, items[i * step:(i + 1) * step]) for i in range(dims[level])]
    value = build(0, flat)
    if not lower_bound_is_stored:
        return value
    return array_values.with_lower_bounds(value, lowers)


def _read_elements(element, data: memoryview, offset: int, count: int, bitmap) -> list:
    typlen = element.typlen
    alignment = _ALIGNMENT.get(element.typalign, 4)
    item_unpack = element.unpack
    out = []
    # Alignment is reckoned from the varlena's start, VARLENA_HEADER_SIZE before `data`.
    for i in range(count):
        if bitmap is not None and not bitmap[i >> 3] & (1 << (i & 7)):
            out.append(None)
            continue
        position = _align(offset + VARLENA_HEADER_SIZE, alignment) - VARLENA_HEADER_SIZE
        if typlen > 0:
            out.append(item_unpack(bytes(data[position:position + typlen])))
            offset = position + typlen
        elif typlen == -1:
            (header,) = _VARLENA_HEADER.unpack_from(data, position)
            if header & 1:             # a 1-byte header (not written here; read anyway)
                size = (header & 0xFF) >> 1
                out.append(item_unpack(bytes(data[position + 1:position + size])))
            else:
                size = header >> 2
                out.append(item_unpack(bytes(data[position + 4:position + size])))
            offset = position + size
        else:
            end = bytes(data[position:]).index(b"\x00")
            out.append(item_unpack(bytes(data[position:position + end])))
            offset = position + end + 1
    return out
