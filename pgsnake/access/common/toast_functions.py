"""pg_column_size and pg_column_compression: how a value is stored.

A value decoded from a compressed or external datum is known by identity
(toast_format.stored_form_of): its stored size (the compressed datum with its header,
or the bytes kept in the TOAST table) and its compression method. Any other value is
sized as a tuple would store it: typlen bytes, a varlena's payload plus a 1-byte
header up to 127 bytes and a 4-byte one above (always 4 bytes for the types whose
storage is plain), a cstring with its NUL. A row value (record or a composite type) is
sized as PostgreSQL's composite datum, a heap tuple: the MAXALIGNed 23-byte header
(with a null bitmap when a column is NULL) and the columns laid out at their alignment,
varlenas (nested rows too) short where they fit (heap_fill_tuple's rule). The row itself
is sized as a datum in memory (4-byte header): a composite column read from a table,
which PostgreSQL stores with a 1-byte header when short, is 3 bytes larger here.

Entry point: register_all() (from catalog/sql_functions.py).

PostgreSQL: utils/adt/varlena.c (pg_column_size, pg_column_compression),
access/common/detoast.c (toast_datum_size), access/common/toast_compression.c
(toast_get_compression_id).
"""
from __future__ import annotations

from pgsnake.access.common import toast_format
from pgsnake.datatypes import functions, registry

_INT4, _TEXT = 23, 25
_PG_COLUMN_SIZE, _PG_COLUMN_COMPRESSION = 1269, 2121
# The built-in varlena types whose typstorage is 'p' (plain): never a 1-byte header.
_PLAIN_STORAGE_TYPES = frozenset({22, 30})          # int2vector, oidvector


_ALIGNMENT = {"c": 1, "s": 2, "i": 4, "d": 8}
_HEAP_TUPLE_HEADER = 23
_MAXALIGN = 8


def _align(offset: int, alignment: int) -> int:
    return (offset + alignment - 1) // alignment * alignment


def _composite_size(record) -> int:
    """t_len of the heap tuple PostgreSQL builds for a row value (heap_form_tuple)."""
    count = len(record.values)
    header = _HEAP_TUPLE_HEADER
    if any(v is None for v in record.values):
        header += (count + 7) // 8
    offset = 0
    for type_oid, item in zip(record.type_oids, record.values):
        if item is None:
            continue
        if isinstance(item, registry.Record):
            info = registry.get_type(2249)             # a composite datum is a varlena
            size = _composite_size(item)
            size = size - 3 if size - 3 <= toast_format.VARATT_SHORT_MAX else size
        else:
            info = registry.get_type(type_oid)
            size = column_size(type_oid, item)
        if info.typlen == -1 and size <= toast_format.VARATT_SHORT_MAX \
                and type_oid not in _PLAIN_STORAGE_TYPES:
            offset += size                            # a short varlena is not aligned
        else:
            offset = _align(offset, _ALIGNMENT.get(info.typalign, 1)) + size
    return _align(header, _MAXALIGN) + offset


def column_size(type_oid: int, value) -> int | None:
    if value is None:
        return None
    if isinstance(value, registry.Record):
        return _composite_size(value)
    info = registry.get_type(type_oid)
    if info.typlen > 0:
        return info.typlen
    form = toast_format.stored_form_of(value)
    if form is not None:
        return form.size
    payload = info.pack(value)
    if info.typlen == -2:
        return len(payload) + 1
    if len(payload) + 1 <= toast_format.VARATT_SHORT_MAX \
            and type_oid not in _PLAIN_STORAGE_TYPES:
        return len(payload) + 1
    return len(payload) + 4


def column_compression(type_oid: int, value) -> str | None:
    if value is None or registry.get_type(type_oid).typlen != -1:
        return None
    form = toast_format.stored_form_of(value)
    if form is None or form.method is None:
        return None
    return toast_format.method_name(form.method)


def _resolver(name: str, oid: int, result: int, fn):
    def resolve(arg_types: list[int]):
        if len(arg_types) != 1:
            return None
        type_oid = arg_types[0]
        return functions.Function(oid, name, (type_oid,), result,
                                  lambda value: fn(type_oid, value), strict=True,
                                  volatility="s")
    return resolve


def register_all() -> None:
    functions.register_resolver("pg_column_size", _resolver(
        "pg_column_size", _PG_COLUMN_SIZE, _INT4, column_size))
    functions.register_resolver("pg_column_compression", _resolver(
        "pg_column_compression", _PG_COLUMN_COMPRESSION, _TEXT, column_compression))
