"""TypeInfo: one built-in type's identity (pg_type facts) and its conversion routines.

A TypeInfo carries the pg_type columns other packages need (oid, name, typlen, typbyval,
typalign, category, array_oid, element_oid) and six conversion callables, stored as plain
attributes so that a call costs one attribute load:
    input(text, typmod=-1) -> value        text format in (typinput)
    output(value) -> str                   text format out (typoutput)
    send(value) -> bytes                   binary wire format (typsend)
    receive(data, typmod=-1) -> value      binary wire format in (typreceive)
    pack(value) -> bytes                   on-disk datum (fixed: typlen bytes little endian;
                                           varlena: payload without the varlena header)
    unpack(data) -> value                  inverse of pack

PostgreSQL: include/catalog/pg_type.h (FormData_pg_type), utils/fmgr (typinput/typoutput).
"""
from __future__ import annotations

from typing import Any, Callable

from pgsnake.utils.errors import PgError, FEATURE_NOT_SUPPORTED


def _not_supported(what: str, name: str) -> Callable[..., Any]:
    def fail(*_args, **_kw):
        raise PgError(FEATURE_NOT_SUPPORTED, f"{what} for type {name} is not supported")
    return fail


class TypeInfo:
    __slots__ = ("oid", "name", "typlen", "typbyval", "typalign", "category", "preferred",
                 "array_oid", "element_oid", "input", "output", "send", "receive",
                 "pack", "unpack", "sql_name")

    def __init__(self, oid: int, name: str, typlen: int, typbyval: bool, typalign: str,
                 category: str, preferred: bool, array_oid: int, element_oid: int,
                 sql_name: str) -> None:
        self.oid = oid
        self.name = name                  # pg_type.typname ('int4')
        self.sql_name = sql_name          # format_type spelling ('integer')
        self.typlen = typlen              # -1 varlena, -2 cstring, else bytes
        self.typbyval = typbyval
        self.typalign = typalign
        self.category = category          # pg_type.typcategory ('N', 'S', 'D', ...)
        self.preferred = preferred        # pg_type.typispreferred
        self.array_oid = array_oid        # 0 if none
        self.element_oid = element_oid    # 0 unless an array type
        self.input = _not_supported("text input", sql_name)
        self.output = _not_supported("text output", sql_name)
        self.send = _not_supported("binary output", sql_name)
        self.receive = _not_supported("binary input", sql_name)
        self.pack = _not_supported("storage", sql_name)
        self.unpack = _not_supported("storage", sql_name)

    def __repr__(self) -> str:
        return f"TypeInfo({self.oid}, {self.name!r})"
