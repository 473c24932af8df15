"""pg_column_size and pg_column_compression: how a value is stored.

A value decoded from a compressed or external datum is known by identity
(toast_format.stored_form_of): its stored size (the compressed datum with its header,
or the bytes kept in the TOAST table) and its compression method. Any other value is
sized as a tuple would store it: typlen bytes, a varlena's payload plus a 1-byte
header up to 127 bytes and a 4-byte one above (always 4 bytes for the types whose
storage is plain), a cstring with its NUL.

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


def column_size(type_oid: int, value) -> int | None:
    if value is None:
        return None
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
