"""Turning result rows into RowDescription and DataRow messages.

Each column is encoded with its type's output function (text format, code 0) or send
function (binary, code 1). The encoders are looked up once per result, not per value.

Entry points: column_formats, row_description, row_encoders, data_row, send_rows.

PostgreSQL: access/common/printtup.c (SendRowDescriptionMessage, printtup).
"""
from __future__ import annotations

from typing import Any, Callable

from pgsnake.datatypes import registry
from pgsnake.datatypes import user_type_facts
from pgsnake.protocol import messages as m
from pgsnake.utils import errors
from pgsnake.utils.errors import PgError


def column_formats(columns, result_formats: list[int]) -> list[int]:
    """Bind's result-format codes: none = all text, one = applies to all, else one each."""
    n = len(columns)
    if not result_formats:
        return [0] * n
    for fmt in result_formats:          # printtup_prepare_info
        if fmt not in (0, 1):
            raise PgError(errors.INVALID_PARAMETER_VALUE, f"unsupported format code: {fmt}")
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
        type_oid, typmod = col.type_oid, col.typmod
        if type_oid >= user_type_facts.FIRST_CATALOG_TYPE_OID:
            # A domain column is described as its base type (SendRowDescriptionMessage).
            base = user_type_facts.domain_base(type_oid)
            if base is not None:
                type_oid, typmod = base[0], base[1] if base[1] >= 0 else typmod
        fields.append(m.FieldDescription(col.name, getattr(col, "table_oid", 0) or 0,
                                         getattr(col, "attnum", 0) or 0, type_oid,
                                         typlen, typmod, fmt))
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


FETCH_CHUNK = 1000      # rows asked of the executor at a time when sending "all"


def send_rows(conn, execution, max_rows: int, encoders) -> bool:
    """Send up to max_rows rows of a running portal (all if max_rows <= 0) as DataRow
    messages, as the plan produces them (the connection flushes every 64 kB, so memory
    does not grow with the result); True if the end was reached. The execution's
    `processed` then counts the rows of this call only, which a SELECT's command tag
    reports (PostgreSQL's PortalRunSelect)."""
    execution.processed = 0
    send = conn.send
    left = max_rows
    while True:
        rows, at_end = execution.fetch(left if max_rows > 0 else FETCH_CHUNK)
        for row in rows:
            send(data_row(row, encoders))
        if at_end:
            return True
        if max_rows > 0:
            left -= len(rows)
            if left <= 0:
                return False
