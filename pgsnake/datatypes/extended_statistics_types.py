"""pg_ndistinct and pg_dependencies: the values ANALYZE stores in pg_statistic_ext_data
for an extended statistics object (CREATE STATISTICS), and pg_mcv_list's type entry.

Values:
    pg_ndistinct     tuple of (attnums, ndistinct): one item per combination of two or
                     more of the object's columns (an expression is attnum -1, -2, ...)
    pg_dependencies  tuple of (attnums, degree): the last attnum is the implied one,
                     the others imply it ("1, 2 => 3")
    pg_mcv_list      bytes: the serialised list (serialize_mcv / deserialize_mcv to and
                     from McvList: the dimensions' types and the items, most common first)

On disk and on the wire (the send routine is byteasend) they are PostgreSQL's
serialised forms, native (little) endian:
    ndistinct:     uint32 magic 0xA352BFA4, uint32 type 1, uint32 nitems, then per item
                   float8 ndistinct, int32 nattributes, int16 attnums
    dependencies:  uint32 magic 0xB4549A2C, uint32 type 1, uint32 ndeps, then per item
                   float8 degree, int16 nattributes, int16 attnums
    mcv list:      statext_mcv_serialize's layout (serialize_mcv): header, dimension
                   infos, each dimension's distinct values in order, then the items
                   with indexes into them
Text: {"1, 2": 33, ...} (ndistinct truncated to an integer),
{"1 => 2": 1.000000, ...} (degree with six decimals), and the MCV list as bytea hex
(read it with pg_mcv_list_items(), registered by register_functions). None accepts input
(0A000 "cannot accept a value of type ..."), as in PostgreSQL.

Entry points: register_types(register_type, TypeInfo), register_functions(),
McvList / McvItem, serialize_mcv / deserialize_mcv, mcv_list_items, pack_ndistinct /
unpack_ndistinct, pack_dependencies / unpack_dependencies, ndistinct_output,
dependencies_output.

PostgreSQL: statistics/mvdistinct.c (statext_ndistinct_serialize, pg_ndistinct_out),
statistics/dependencies.c (statext_dependencies_serialize, pg_dependencies_out),
statistics/mcv.c (statext_mcv_serialize, statext_mcv_deserialize, pg_mcv_list_out is
byteaout, pg_stats_ext_mcvlist_items).
"""
from __future__ import annotations

import dataclasses
import struct

from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError

PG_NDISTINCT, PG_DEPENDENCIES, PG_MCV_LIST = 3361, 3402, 5017
NDISTINCT_MAGIC, DEPENDENCIES_MAGIC, TYPE_BASIC = 0xA352BFA4, 0xB4549A2C, 1
_HEADER = struct.Struct("<III")
_NDISTINCT_ITEM = struct.Struct("<di")
_DEPENDENCY_ITEM = struct.Struct("<dh")


def _pack_items(magic: int, item: struct.Struct, items) -> bytes:
    """The serialised form both pg_ndistinct and pg_dependencies use: a header (magic,
    type, item count), then per item its number (`item`'s double), its attribute count
    and its int16 attribute numbers."""
    out = [_HEADER.pack(magic, TYPE_BASIC, len(items))]
    for attnums, value in items:
        out.append(item.pack(value, len(attnums)))
        out.append(struct.pack(f"<{len(attnums)}h", *attnums))
    return b"".join(out)


def _unpack_items(data, magic: int, item: struct.Struct, bad_magic_message) -> tuple:
    """((attnums, value), ...) from _pack_items' form; bad_magic_message(found) words
    the error for a value of another kind."""
    data = bytes(data)
    found, kind, count = _HEADER.unpack_from(data, 0)
    if found != magic or kind != TYPE_BASIC:
        raise PgError("XX000", bad_magic_message(found))
    pos, items = _HEADER.size, []
    for _ in range(count):
        value, natts = item.unpack_from(data, pos)
        pos += item.size
        attnums = struct.unpack_from(f"<{natts}h", data, pos)
        pos += 2 * natts
        items.append((tuple(attnums), value))
    return tuple(items)


def pack_ndistinct(items) -> bytes:
    return _pack_items(NDISTINCT_MAGIC, _NDISTINCT_ITEM, items)


def unpack_ndistinct(data) -> tuple:
    return _unpack_items(data, NDISTINCT_MAGIC, _NDISTINCT_ITEM, lambda found: (
        f"invalid ndistinct magic {found:08x} (expected {NDISTINCT_MAGIC:08x})"))


def pack_dependencies(items) -> bytes:
    return _pack_items(DEPENDENCIES_MAGIC, _DEPENDENCY_ITEM, items)


def unpack_dependencies(data) -> tuple:
    return _unpack_items(data, DEPENDENCIES_MAGIC, _DEPENDENCY_ITEM, lambda found: (
        f"invalid dependency magic {found} (expected {DEPENDENCIES_MAGIC})"))


def ndistinct_output(items) -> str:
    return "{" + ", ".join('"' + ", ".join(str(a) for a in attnums) + f'": {int(ndistinct)}'
                           for attnums, ndistinct in items) + "}"


def dependencies_output(items) -> str:
    return "{" + ", ".join(
        '"' + ", ".join(str(a) for a in attnums[:-1]) + f' => {attnums[-1]}": {degree:f}'
        for attnums, degree in items) + "}"


@dataclasses.dataclass(frozen=True, slots=True)
class McvItem:
    values: tuple               # one per dimension, None for NULL
    frequency: float
    base_frequency: float


@dataclasses.dataclass(frozen=True, slots=True)
class McvList:
    type_oids: tuple            # each dimension's type
    items: tuple                # McvItem, most common first


MCV_MAGIC = 0xE1A651C2
_MCV_HEADER = struct.Struct("<IIIh")
_DIMENSION_INFO = struct.Struct("<iiii?3x")        # DimensionInfo, with its padding
_FREQUENCIES = struct.Struct("<dd")
_MAXALIGN = 8


def _maxalign(n: int) -> int:
    return (n + _MAXALIGN - 1) // _MAXALIGN * _MAXALIGN


def serialize_mcv(mcv: McvList, order_key) -> bytes:
    """statext_mcv_serialize: the header (magic, type 1, nitems, int16 ndimensions, the
    types), per dimension its DimensionInfo (distinct values, their bytes, the bytes
    they take aligned once read back, typlen, typbyval), per dimension its distinct
    non-NULL values in the type's order (`order_key(value)`: the caller's, the sort
    order being the catalog layer's business), each as its stored bytes (a varlena's
    or cstring's preceded by a uint32 length), then per item its NULL flags, frequency,
    base frequency and uint16 indexes into those values."""
    from pgsnake.datatypes import registry
    types = [registry.get_type(oid) for oid in mcv.type_oids]
    ndims = len(types)
    distinct, infos, blobs = [], [], []
    for dim, info in enumerate(types):
        values = {}
        for item in mcv.items:
            value = item.values[dim]
            if value is not None:
                values.setdefault(order_key(value), value)
        ordered = sorted(values)
        distinct.append({key: i for i, key in enumerate(ordered)})
        data, aligned = [], 0
        for key in ordered:
            packed = info.pack(values[key])
            if info.typlen > 0:
                data.append(packed[:info.typlen].ljust(info.typlen, b"\x00"))
                aligned += 0 if info.typbyval else _maxalign(info.typlen)
            elif info.typlen == -1:
                data.append(struct.pack("<I", len(packed)) + packed)
                aligned += _maxalign(4 + len(packed))
            else:                                   # cstring: with its terminator
                data.append(struct.pack("<I", len(packed) + 1) + packed + b"\x00")
                aligned += _maxalign(len(packed) + 1)
        blob = b"".join(data)
        blobs.append(blob)
        infos.append(_DIMENSION_INFO.pack(len(ordered), len(blob), aligned, info.typlen,
                                          info.typbyval))
    out = [_MCV_HEADER.pack(MCV_MAGIC, TYPE_BASIC, len(mcv.items), ndims),
           struct.pack(f"<{ndims}I", *mcv.type_oids), *infos, *blobs]
    for item in mcv.items:
        out.append(bytes(v is None for v in item.values))
        out.append(_FREQUENCIES.pack(item.frequency, item.base_frequency))
        out.append(struct.pack(f"<{ndims}H", *(
            0 if v is None else distinct[dim][order_key(v)]
            for dim, v in enumerate(item.values))))
    return b"".join(out)


def deserialize_mcv(data) -> McvList:
    """statext_mcv_deserialize."""
    from pgsnake.datatypes import registry
    data = bytes(data)
    magic, kind, nitems, ndims = _MCV_HEADER.unpack_from(data, 0)
    if magic != MCV_MAGIC or kind != TYPE_BASIC:
        raise PgError("XX000", f"invalid MCV magic {magic} (expected {MCV_MAGIC})")
    pos = _MCV_HEADER.size
    type_oids = struct.unpack_from(f"<{ndims}I", data, pos)
    pos += 4 * ndims
    infos = []
    for _ in range(ndims):
        infos.append(_DIMENSION_INFO.unpack_from(data, pos))
        pos += _DIMENSION_INFO.size
    values = []
    for oid, (nvalues, nbytes, _aligned, typlen, _byval) in zip(type_oids, infos):
        info = registry.get_type(oid)
        dimension, at, end = [], pos, pos + nbytes
        while len(dimension) < nvalues and at < end:
            if typlen > 0:
                dimension.append(info.unpack(data[at:at + typlen]))
                at += typlen
                continue
            (length,) = struct.unpack_from("<I", data, at)
            raw = data[at + 4:at + 4 + length]
            dimension.append(info.unpack(raw if typlen == -1 else raw[:-1]))
            at += 4 + length
        values.append(dimension)
        pos = end
    items = []
    for _ in range(nitems):
        nulls = data[pos:pos + ndims]
        pos += ndims
        frequency, base = _FREQUENCIES.unpack_from(data, pos)
        pos += _FREQUENCIES.size
        indexes = struct.unpack_from(f"<{ndims}H", data, pos)
        pos += 2 * ndims
        items.append(McvItem(tuple(None if nulls[d] else values[d][indexes[d]]
                                   for d in range(ndims)), frequency, base))
    return McvList(tuple(type_oids), tuple(items))


def mcv_list_items(data):
    """pg_mcv_list_items: (index, values as text, nulls, frequency, base_frequency)."""
    from pgsnake.datatypes import registry
    mcv = deserialize_mcv(data)
    types = [registry.get_type(oid) for oid in mcv.type_oids]
    for index, item in enumerate(mcv.items):
        yield (index, [None if v is None else info.output(v)
                       for info, v in zip(types, item.values)],
               [v is None for v in item.values], item.frequency, item.base_frequency)


def _refuse(name: str):
    def refuse(*_args, **_kw):
        raise PgError(FEATURE_NOT_SUPPORTED, f"cannot accept a value of type {name}")
    return refuse


def _bytea_output(value) -> str:
    return "\\x" + bytes(value).hex()


# pg_cast: each is binary-coercible to bytea and converts to text by its output function,
# both implicitly ((source, target, context, method, function) as the cast facts). The
# parser's operator-class search reads them (ORDER BY such a value sorts as bytea);
# casts.py performs the bytea ones with serialized_bytes.
CASTS = tuple((oid, target, "i", method, 0) for oid in (PG_NDISTINCT, PG_DEPENDENCIES,
                                                          PG_MCV_LIST)
              for target, method in ((17, "b"), (25, "i")))


def serialized_bytes(type_oid: int):
    """The value -> bytea conversion of one of the three types: its serialised form."""
    pack = {PG_NDISTINCT: pack_ndistinct, PG_DEPENDENCIES: pack_dependencies,
            PG_MCV_LIST: bytes}[type_oid]
    return lambda value: bytes(pack(value))


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


def register_functions() -> None:
    from pgsnake.datatypes import functions
    functions.register("pg_mcv_list_items", [PG_MCV_LIST], 2249, mcv_list_items, oid=3427,
                       returns_set=True, rows=1000.0, volatility="s",
                       out_columns=[("index", 23), ("values", 1009), ("nulls", 1000),
                                    ("frequency", 701), ("base_frequency", 701)])
