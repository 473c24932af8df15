"""pg_ndistinct and pg_dependencies: the values ANALYZE stores in pg_statistic_ext_data
for an extended statistics object (CREATE STATISTICS), and pg_mcv_list's type entry.

Values:
    pg_ndistinct     tuple of (attnums, ndistinct): one item per combination of two or
                     more of the object's columns (an expression is attnum -1, -2, ...)
    pg_dependencies  tuple of (attnums, degree): the last attnum is the implied one,
                     the others imply it ("1, 2 => 3")
    pg_mcv_list      bytes: the serialised list (pgsnake does not build MCV lists yet)

On disk and on the wire (the send routine is byteasend) they are PostgreSQL's
serialised forms, native (little) endian:
    ndistinct:     uint32 magic 0xA352BFA4, uint32 type 1, uint32 nitems, then per item
                   float8 ndistinct, int32 nattributes, int16 attnums
    dependencies:  uint32 magic 0xB4549A2C, uint32 type 1, uint32 ndeps, then per item
                   float8 degree, int16 nattributes, int16 attnums
Text: {"1, 2": 33, ...} (ndistinct truncated to an integer) and
{"1 => 2": 1.000000, ...} (degree with six decimals). None of them accepts input
(0A000 "cannot accept a value of type ..."), as in PostgreSQL.

Entry points: register_types(register_type, TypeInfo), pack_ndistinct /
unpack_ndistinct, pack_dependencies / unpack_dependencies, ndistinct_output,
dependencies_output.

PostgreSQL: statistics/mvdistinct.c (statext_ndistinct_serialize, pg_ndistinct_out),
statistics/dependencies.c (statext_dependencies_serialize, pg_dependencies_out),
statistics/mcv.c (pg_mcv_list_out is byteaout).
"""
from __future__ import annotations

import struct

from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError

PG_NDISTINCT, PG_DEPENDENCIES, PG_MCV_LIST = 3361, 3402, 5017
NDISTINCT_MAGIC, DEPENDENCIES_MAGIC, TYPE_BASIC = 0xA352BFA4, 0xB4549A2C, 1
_HEADER = struct.Struct("<III")
_NDISTINCT_ITEM = struct.Struct("<di")
_DEPENDENCY_ITEM = struct.Struct("<dh")


def pack_ndistinct(items) -> bytes:
    out = [_HEADER.pack(NDISTINCT_MAGIC, TYPE_BASIC, len(items))]
    for attnums, ndistinct in items:
        out.append(_NDISTINCT_ITEM.pack(ndistinct, len(attnums)))
        out.append(struct.pack(f"<{len(attnums)}h", *attnums))
    return b"".join(out)


def unpack_ndistinct(data) -> tuple:
    data = bytes(data)
    magic, kind, count = _HEADER.unpack_from(data, 0)
    if magic != NDISTINCT_MAGIC or kind != TYPE_BASIC:
        raise PgError("XX000", f"invalid ndistinct magic {magic:08x} (expected "
                               f"{NDISTINCT_MAGIC:08x})")
    pos, items = _HEADER.size, []
    for _ in range(count):
        ndistinct, natts = _NDISTINCT_ITEM.unpack_from(data, pos)
        pos += _NDISTINCT_ITEM.size
        attnums = struct.unpack_from(f"<{natts}h", data, pos)
        pos += 2 * natts
        items.append((tuple(attnums), ndistinct))
    return tuple(items)


def pack_dependencies(items) -> bytes:
    out = [_HEADER.pack(DEPENDENCIES_MAGIC, TYPE_BASIC, len(items))]
    for attnums, degree in items:
        out.append(_DEPENDENCY_ITEM.pack(degree, len(attnums)))
        out.append(struct.pack(f"<{len(attnums)}h", *attnums))
    return b"".join(out)


def unpack_dependencies(data) -> tuple:
    data = bytes(data)
    magic, kind, count = _HEADER.unpack_from(data, 0)
    if magic != DEPENDENCIES_MAGIC or kind != TYPE_BASIC:
        raise PgError("XX000", f"invalid dependency magic {magic} (expected "
                               f"{DEPENDENCIES_MAGIC})")
    pos, items = _HEADER.size, []
    for _ in range(count):
        degree, natts = _DEPENDENCY_ITEM.unpack_from(data, pos)
        pos += _DEPENDENCY_ITEM.size
        attnums = struct.unpack_from(f"<{natts}h", data, pos)
        pos += 2 * natts
        items.append((tuple(attnums), degree))
    return tuple(items)


def ndistinct_output(items) -> str:
    return "{" + ", ".join('"' + ", ".join(str(a) for a in attnums) + f'": {int(ndistinct)}'
                           for attnums, ndistinct in items) + "}"


def dependencies_output(items) -> str:
    return "{" + ", ".join(
        '"' + ", ".join(str(a) for a in attnums[:-1]) + f' => {attnums[-1]}": {degree:f}'
        for attnums, degree in items) + "}"


def _refuse(name: str):
    def refuse(*_args, **_kw):
        raise PgError(FEATURE_NOT_SUPPORTED, f"cannot accept a value of type {name}")
    return refuse


def _bytea_output(value) -> str:
    return "\\x" + bytes(value).hex()


def register_types(register_type, type_info_class) -> None:
    """Add the three types to the type table (no arrays: PostgreSQL has none)."""
    for oid, name, pack, unpack, output in (
            (PG_NDISTINCT, "pg_ndistinct", pack_ndistinct, unpack_ndistinct,
             ndistinct_output),
            (PG_DEPENDENCIES, "pg_dependencies", pack_dependencies, unpack_dependencies,
             dependencies_output),
            (PG_MCV_LIST, "pg_mcv_list", bytes, bytes, _bytea_output)):
        info = type_info_class(oid, name, -1, False, "i", "Z", False, 0, 0, name)
        info.input = info.receive = _refuse(name)
        info.output = output
        info.send = info.pack = pack
        info.unpack = unpack
        register_type(info)
