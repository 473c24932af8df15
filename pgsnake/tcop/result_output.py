"""Turning result rows into RowDescription and DataRow messages.

Each column is encoded with its type's output function (text format, code 0) or send
function (binary, code 1). The encoders are looked up once per result, not per value.

PostgreSQL: access/common/printtup.c (SendRowDescriptionMessage, printtup).
"""
from __future__ import annotations

from typing import Any, Callable

from pgsnake.datatypes import registry
from pgsnake.protocol import messages as m
from pgsnake.utils import errors
from pgsnake.utils.errors import PgError


def column_formats(columns, result_formats: list[int]) -> list[int]:
    """Bind's result-format codes: none = all text, one = applies to all, else one each."""
    n = len(columns)
    if not result_formats:
        return [0] * n
    if len(result_formats) == 1:
        return result_formats * n
    if len(result_formats) != n:
        raise PgError(errors.PROTOCOL_VIOLATION,
                      f"bind message has {len(result_formats)} result formats but query has {n} columns")
    return list(result_formats)


def row_description(columns, formats: list[int]) -> bytes:
    fields = []
    for col, fmt in zip(columns, formats):
        typlen = getattr(col, "typlen", None)
        if typlen is None:
            typlen = registry.get_type(col.type_oid).typlen
        fields.append(m.FieldDescription(col.name, getattr(col, "table_oid", 0) or 0,
                                         getattr(col, "attnum", 0) or 0, col.type_oid,
                                         typlen, col.typmod, fmt))
    return m.row_description(fields)


def row_encoders(columns, formats: list[int]) -> list[Callable[[Any], bytes]]:
    encoders = []
    for col, fmt in zip(columns, formats):
        info = registry.get_type(col.type_oid)
        if fmt == 1:
            encoders.append(info.send)
        else:
            output = info.output
            encoders.append(lambda v, _out=output: _out(v).encode("utf-8"))
    return encoders


def data_row(values: list, encoders) -> bytes:
    return m.data_row([None if v is None else enc(v) for v, enc in zip(values, encoders)])
