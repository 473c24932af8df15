"""anyarray as a stored type: arrays whose element type travels with the value.

pg_statistic's stavalues1..5 columns are declared anyarray: each row holds an array of
the analyzed column's own type (int4[] for an int4 column, text[] for text). On disk an
array already names its element type (the array header's element OID), so a stored
anyarray is an ordinary array; only the Python value must remember the element type,
which a plain list cannot. A TypedArray is that list plus `element_oid`.

Text output prints the array as its real array type does ('{1,2,3}', '{x1,x0}'), so
pg_stats shows most_common_vals and histogram_bounds as PostgreSQL does. Text and binary
input are refused as PostgreSQL's anyarray_in / anyarray_recv refuse them (0A000).

Entry points: TypedArray(element_oid, items); install(info) gives the registry's
anyarray TypeInfo (OID 2277) its storage and I/O functions.

PostgreSQL: utils/adt/pseudotypes.c (anyarray_in, anyarray_out, anyarray_recv,
anyarray_send), utils/adt/arrayfuncs.c (array_out, array_send).
"""
from __future__ import annotations

import struct

from pgsnake.datatypes import array_storage
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError


class TypedArray(list):
    """A one-dimensional array value that knows its element type."""

    __slots__ = ("element_oid",)

    def __init__(self, element_oid: int, items=()) -> None:
        super().__init__(items)
        self.element_oid = element_oid


_element_io: dict[int, object] = {}


class _OneDimensionalArrayIO:
    """output / send / unpack of a one-dimensional array whose elements may themselves
    be lists (arrays.py would take nested lists for more dimensions)."""

    def __init__(self, element) -> None:
        self.element = element

    def output(self, value: list) -> str:
        parts = []
        for item in value:
            if item is None:
                parts.append("NULL")
                continue
            text = self.element.output(item)
            if text == "" or text.upper() == "NULL" or any(
                    ch in '{},"\\' or ch.isspace() for ch in text):
                text = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
            parts.append(text)
        return "{" + ",".join(parts) + "}"

    def send(self, value: list) -> bytes:
        has_nulls = any(item is None for item in value)
        parts = [struct.pack(">iiI", 1 if value else 0, 1 if has_nulls else 0,
                             self.element.oid)]
        if value:
            parts.append(struct.pack(">ii", len(value), 1))
        for item in value:
            if item is None:
                parts.append(struct.pack(">i", -1))
            else:
                data = self.element.send(item)
                parts.append(struct.pack(">i", len(data)) + data)
        return b"".join(parts)

    def pack(self, value: list) -> bytes:
        return array_storage.pack(self.element, value, one_dimensional=True)

    def unpack(self, data: bytes, typmod: int = -1) -> list:
        return array_storage.unpack(self.element, data, lower_bound_is_stored=False)


def _array_type(element_oid: int):
    """The array type of `element_oid`, or, for an element type that has none (an array
    type itself: pg_statistic holds arrays of int4[] values for an int4[] column; or
    int2vector), array functions made for it, as PostgreSQL builds such arrays with
    construct_array."""
    from pgsnake.datatypes import registry
    element = registry.get_type(element_oid)
    if element.array_oid:
        try:
            return registry.get_type(element.array_oid)
        except PgError:
            pass
    io = _element_io.get(element_oid)
    if io is None:
        io = _element_io[element_oid] = _OneDimensionalArrayIO(element)
    return io


def _element_oid_of(value) -> int:
    oid = getattr(value, "element_oid", 0)
    if not oid:
        raise PgError(FEATURE_NOT_SUPPORTED, "cannot store an array of unknown element type "
                                             "as anyarray")
    return oid


def _output(value) -> str:
    return _array_type(_element_oid_of(value)).output(list(value))


def _send(value) -> bytes:
    return _array_type(_element_oid_of(value)).send(list(value))


def _pack(value) -> bytes:
    return _array_type(_element_oid_of(value)).pack(list(value))


def _unpack(data: bytes, typmod: int = -1) -> TypedArray:
    element_oid = array_storage.element_oid_of(data)     # the stored array names it
    return TypedArray(element_oid, _array_type(element_oid).unpack(data))


def _refuse(what: str):
    def refuse(*_args, **_kwargs):
        raise PgError(FEATURE_NOT_SUPPORTED, f"cannot accept a value of type {what}")
    return refuse


def install(info) -> None:
    """Give the anyarray TypeInfo its functions."""
    info.input = _refuse("anyarray")
    info.receive = _refuse("anyarray")
    info.output = _output
    info.send = _send
    info.pack = _pack
    info.unpack = _unpack
