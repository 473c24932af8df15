"""jsonb on disk and on the wire: PostgreSQL's binary container format (JEntry headers) and
the version-1 binary wire form.

Entry points: jsonb_pack(value) -> bytes, jsonb_unpack(data) -> Jsonb (the datum without
its varlena header, as TypeInfo.pack/unpack), jsonb_send / jsonb_receive,
jsonpath-style `versioned_send(text)` / `versioned_receive(data, what)`.

On-disk layout (all little endian, offsets relative to the start of the varlena, whose
4-byte header precedes the payload we produce, so 4-byte alignment of the payload is
alignment of the datum):
  container  uint32 header: count | 0x10000000 scalar | 0x20000000 object | 0x40000000 array
             JEntry[count] (object: all keys, then all values), then the children's data
  JEntry     uint32: bits 0-27 the child's length, or (every 32nd child, and the first)
             its end offset with 0x80000000 set; bits 28-30 the type: 0 string,
             1 numeric, 2 false, 3 true, 4 null, 5 container
  numeric    padded to 4 bytes, then a whole numeric varlena (4-byte header + body)
  container  child padded to 4 bytes
A top-level scalar is a one-element array with the scalar flag.

PostgreSQL: include/utils/jsonb.h, utils/adt/jsonb_util.c (convertToJsonb,
convertJsonbArray, convertJsonbObject, convertJsonbScalar, fillJsonbValue),
utils/adt/jsonb.c (jsonb_send, jsonb_recv).
"""
from __future__ import annotations

import struct

from pgsnake.datatypes import numeric
from pgsnake.datatypes.jsonb_value import JSON_NULL, Jsonb, jsonb_input, to_text
from pgsnake.utils.errors import PgError

JB_CMASK = 0x0FFFFFFF
JB_FSCALAR = 0x10000000
JB_FOBJECT = 0x20000000
JB_FARRAY = 0x40000000

JENTRY_OFFLENMASK = 0x0FFFFFFF
JENTRY_TYPEMASK = 0x70000000
JENTRY_HAS_OFF = 0x80000000
JENTRY_ISSTRING = 0x00000000
JENTRY_ISNUMERIC = 0x10000000
JENTRY_ISBOOL_FALSE = 0x20000000
JENTRY_ISBOOL_TRUE = 0x30000000
JENTRY_ISNULL = 0x40000000
JENTRY_ISCONTAINER = 0x50000000
JB_OFFSET_STRIDE = 32

_U32 = struct.Struct("<I")


def _pad(buffer: bytearray) -> int:
    """Pad to a 4-byte boundary of the datum; returns the number of bytes added."""
    padding = -len(buffer) % 4
    buffer.extend(b"\x00" * padding)
    return padding


def _convert_scalar(buffer: bytearray, value) -> int:
    """Append a scalar's data; returns its JEntry (type | length)."""
    if isinstance(value, str):
        raw = value.encode("utf-8")
        buffer.extend(raw)
        return JENTRY_ISSTRING | len(raw)
    if value is JSON_NULL:
        return JENTRY_ISNULL
    if isinstance(value, bool):
        return JENTRY_ISBOOL_TRUE if value else JENTRY_ISBOOL_FALSE
    padding = _pad(buffer)
    body = numeric.numeric_pack(value)
    buffer.extend(_U32.pack((len(body) + 4) << 2))
    buffer.extend(body)
    return JENTRY_ISNUMERIC | (padding + 4 + len(body))


def _convert_value(buffer: bytearray, value, offsets) -> int:
    if isinstance(value, (dict, list)):
        padding = _pad(buffer)
        start = len(buffer)
        _convert_container(buffer, value, False, offsets)
        return JENTRY_ISCONTAINER | (padding + len(buffer) - start)
    return _convert_scalar(buffer, value)


def _convert_container(buffer: bytearray, value, raw_scalar: bool, offsets=None) -> None:
    if offsets is not None:
        offsets[id(value)] = len(buffer) - 4     # from the root container's start
    if isinstance(value, dict):
        children = list(value.keys()) + list(value.values())
        header = len(value) | JB_FOBJECT
    else:
        children = value
        header = len(value) | JB_FARRAY | (JB_FSCALAR if raw_scalar else 0)
    buffer.extend(_U32.pack(header))
    entries_at = len(buffer)
    buffer.extend(b"\x00" * (4 * len(children)))
    total = 0
    for index, child in enumerate(children):
        entry = _convert_value(buffer, child, offsets)
        length = entry & JENTRY_OFFLENMASK
        total += length
        if total > JENTRY_OFFLENMASK:
            raise PgError("54000", "total size of jsonb array elements exceeds the maximum "
                          f"of {JENTRY_OFFLENMASK} bytes")
        if index % JB_OFFSET_STRIDE == 0:
            entry = (entry & JENTRY_TYPEMASK) | total | JENTRY_HAS_OFF
        _U32.pack_into(buffer, entries_at + 4 * index, entry)


def jsonb_pack(value: Jsonb) -> bytes:
    # The buffer starts where the datum does: 4 bytes stand in for the varlena header so
    # that padding lands where PostgreSQL's does.
    buffer = bytearray(4)
    tree = value.tree
    if isinstance(tree, (dict, list)):
        _convert_container(buffer, tree, False)
    else:
        _convert_container(buffer, [tree], True)
    return bytes(buffer[4:])


def container_offsets(tree) -> dict[int, int]:
    """id() of each dict/list in the tree -> its container's byte offset in the on-disk
    form (jsonpath's .keyvalue() numbers objects by it, as PostgreSQL does)."""
    offsets: dict[int, int] = {}
    buffer = bytearray(4)
    _convert_container(buffer, tree if isinstance(tree, (dict, list)) else [tree],
                       not isinstance(tree, (dict, list)), offsets)
    return offsets


# ---------------------------------------------------------------- reading

def _read_container(data, at: int):
    """The tree of the container whose header is at `at` (offsets in the datum, so
    alignment padding is computed as when writing)."""
    (header,) = _U32.unpack_from(data, at)
    count = header & JB_CMASK
    is_object = bool(header & JB_FOBJECT)
    nchildren = count * 2 if is_object else count
    entries = [_U32.unpack_from(data, at + 4 + 4 * i)[0] for i in range(nchildren)]
    base = at + 4 + 4 * nchildren
    values = []
    offset = 0
    for entry in entries:
        if entry & JENTRY_HAS_OFF:
            end = entry & JENTRY_OFFLENMASK
        else:
            end = offset + (entry & JENTRY_OFFLENMASK)
        values.append(_read_child(data, base, offset, end, entry & JENTRY_TYPEMASK))
        offset = end
    if is_object:
        return dict(zip(values[:count], values[count:]))
    if header & JB_FSCALAR:
        return values[0]
    return values


def _read_child(data, base: int, offset: int, end: int, kind: int):
    if kind == JENTRY_ISSTRING:
        return bytes(data[base + offset:base + end]).decode("utf-8")
    if kind == JENTRY_ISNULL:
        return JSON_NULL
    if kind == JENTRY_ISBOOL_TRUE:
        return True
    if kind == JENTRY_ISBOOL_FALSE:
        return False
    start = base + offset + (-(base + offset) % 4)
    if kind == JENTRY_ISNUMERIC:
        (varlena_header,) = _U32.unpack_from(data, start)
        size = varlena_header >> 2
        return numeric.numeric_unpack(bytes(data[start + 4:start + size]))
    if kind == JENTRY_ISCONTAINER:
        return _read_container(data, start)
    raise PgError("XX001", "unknown type of jsonb container")


def jsonb_unpack(data) -> Jsonb:
    datum = b"\x00\x00\x00\x00" + bytes(data)   # offsets as in the datum
    return Jsonb(_read_container(datum, 4))


# ---------------------------------------------------------------- the wire

def jsonb_send(value: Jsonb) -> bytes:
    return b"\x01" + to_text(value.tree).encode("utf-8")


def jsonb_receive(data, typmod: int = -1) -> Jsonb:
    data = bytes(data)
    if not data or data[0] != 1:
        raise PgError("XX000", f"unsupported jsonb version number {data[0] if data else 0}")
    return jsonb_input(data[1:].decode("utf-8"))


__all__ = ["jsonb_pack", "jsonb_unpack", "jsonb_send", "jsonb_receive"]
