"""Composite (row) values: text and binary I/O of a composite type, and field access.

A composite value is a `registry.Record` (its column types and values). A composite type
(a table's row type, or CREATE TYPE t AS (...)) has a TypeInfo built by
make_composite_type() from its live columns; the catalog layer supplies the columns.

Text form, as record_in / record_out: '(1,"a b",)': fields separated by commas inside
parentheses; an empty field is NULL; a field is quoted when it is empty or holds a
quote, backslash, parenthesis, comma or white space, with '"' and '\\' doubled inside the
quotes. Input accepts backslash escapes and doubled quotes inside quotes, keeps
unquoted white space as part of the field, and reports 22P02 'malformed record literal'
with PostgreSQL's DETAIL.

Binary form, as record_send / record_recv: int4 column count, then per column the type
OID, an int4 length (-1 for NULL) and the column's binary value. Stored (pack) in the
same layout with a place for every attnum, dropped ones included (type 0, NULL).

Entry points: make_composite_type(oid, name, sql_name, array_oid, columns),
record_text(types, values), parse_record(text, columns).

PostgreSQL: utils/adt/rowtypes.c (record_in, record_out, record_recv, record_send).
"""
from __future__ import annotations

import struct
from typing import Callable

from pgsnake.datatypes.quoted_field import read_quoted_field
from pgsnake.datatypes.type_info import TypeInfo
from pgsnake.utils.errors import (DATATYPE_MISMATCH, INVALID_BINARY_REPRESENTATION,
                                  INVALID_TEXT_REPRESENTATION, PgError)

_INT4 = struct.Struct("!i")
_UINT4 = struct.Struct("!I")
_QUOTE_TRIGGERS = frozenset('"\\(),')
_ANYARRAY = 2277


def record_text(outputs, values) -> str:
    """record_out: `outputs` are the columns' output functions."""
    parts = []
    for output, item in zip(outputs, values):
        if item is None:
            parts.append("")
            continue
        text = output(item)
        if text == "" or any(ch in _QUOTE_TRIGGERS or ch.isspace() for ch in text):
            text = '"' + text.replace("\\", "\\\\").replace('"', '""') + '"'
        parts.append(text)
    return "(" + ",".join(parts) + ")"


def _malformed(text: str, detail: str) -> PgError:
    return PgError(INVALID_TEXT_REPRESENTATION, f'malformed record literal: "{text}"',
                   detail=detail)


def split_record(text: str, count: int) -> list[str | None]:
    """The `count` fields of a record literal (None for NULL), checked as record_in."""
    i, n = 0, len(text)
    while i < n and text[i].isspace():
        i += 1
    if i >= n or text[i] != "(":
        raise _malformed(text, "Missing left parenthesis.")
    i += 1
    fields: list[str | None] = []
    for column in range(count):
        if column > 0:
            if i < n and text[i] == ",":
                i += 1
            else:
                raise _malformed(text, "Too few columns.")
        if i < n and text[i] in ",)":
            fields.append(None)
            continue
        field, i = read_quoted_field(text, i, ",)", "record")
        fields.append(field)
    if i >= n or text[i] != ")":
        raise _malformed(text, "Too many columns.")
    i += 1
    if text[i:].strip():
        raise _malformed(text, "Junk after right parenthesis.")
    return fields


def make_composite_type(oid: int, name: str, sql_name: str, array_oid: int,
                        attributes: list[tuple[int, int] | None],
                        get_type: Callable[[int], TypeInfo]) -> TypeInfo:
    """A composite type's TypeInfo. `attributes` has one entry per attnum: (type oid,
    typmod), or None for a dropped column. Values hold the live columns only; the
    stored form keeps a place for every attnum, as a heap tuple does, so values stored
    before ALTER TYPE ... ADD / DROP ATTRIBUTE still read (new columns as NULL)."""
    from pgsnake.datatypes.registry import Record, apply_typmod
    info = TypeInfo(oid, name, -1, False, "d", "C", False, array_oid, 0, sql_name)
    columns = [a for a in attributes if a is not None]
    live = [i for i, a in enumerate(attributes) if a is not None]
    type_oids = tuple(t for t, _m in columns)

    def input_(text: str, typmod: int = -1):
        fields = split_record(text, len(columns))
        values = []
        for (type_oid, column_typmod), field in zip(columns, fields):
            if field is None:
                values.append(None)
                continue
            value = get_type(type_oid).input(field, column_typmod)
            values.append(apply_typmod(type_oid, value, column_typmod))
        return Record(type_oids, tuple(values))

    def output(value) -> str:
        return record_text([get_type(t).output for t in value.type_oids], value.values)

    def send(value) -> bytes:
        parts = [_INT4.pack(len(value.values))]
        for type_oid, item in zip(value.type_oids, value.values):
            parts.append(_field(type_oid, item))
        return b"".join(parts)

    def _field(type_oid: int, item) -> bytes:
        if item is None:
            return _UINT4.pack(type_oid) + _INT4.pack(-1)
        data = get_type(type_oid).send(item)
        return _UINT4.pack(type_oid) + _INT4.pack(len(data)) + data

    def _fields(data: bytes) -> list:
        """(type oid, bytes or None) per column of a binary record."""
        (count,) = _INT4.unpack_from(data, 0)
        offset, fields = 4, []
        for _ in range(count):
            if offset + 8 > len(data):
                raise PgError(INVALID_BINARY_REPRESENTATION, "insufficient data left in message")
            (sent_type,) = _UINT4.unpack_from(data, offset)
            (length,) = _INT4.unpack_from(data, offset + 4)
            offset += 8
            if length == -1:
                fields.append((sent_type, None))
                continue
            fields.append((sent_type, data[offset:offset + length]))
            offset += length
        return fields

    def receive(data: bytes, typmod: int = -1):
        fields = _fields(bytes(data))
        if len(fields) != len(columns):
            raise PgError(DATATYPE_MISMATCH,
                          f"wrong number of columns: {len(fields)}, expected {len(columns)}")
        values = []
        for (type_oid, column_typmod), (sent_type, raw) in zip(columns, fields):
            if sent_type != type_oid:
                raise PgError(DATATYPE_MISMATCH, f"wrong data type: {sent_type}, expected "
                                                 f"{type_oid}")
            values.append(None if raw is None else get_type(type_oid).receive(raw, column_typmod))
        return Record(type_oids, tuple(values))

    def _stored_field(type_oid: int, item) -> bytes:
        if type_oid != _ANYARRAY or item is None:
            return _field(type_oid, item)
        # anyarray (pg_statistic's stavalues in _pg_statistic): its binary input is
        # refused, so it is kept in its stored form, which names the element type
        data = get_type(type_oid).pack(item)
        return _UINT4.pack(type_oid) + _INT4.pack(len(data)) + data

    def pack(value) -> bytes:
        by_position = dict(zip(live, zip(value.type_oids, value.values)))
        parts = [_INT4.pack(len(attributes))]
        for position in range(len(attributes)):
            type_oid, item = by_position.get(position, (0, None))
            parts.append(_stored_field(type_oid, item))
        return b"".join(parts)

    def unpack(data: bytes):
        fields = _fields(bytes(data))
        values = []
        for position in live:
            if position < len(fields) and fields[position][1] is not None:
                type_oid = attributes[position][0]
                if type_oid == _ANYARRAY:
                    values.append(get_type(type_oid).unpack(fields[position][1]))
                    continue
                values.append(get_type(type_oid).receive(fields[position][1]))
            else:
                values.append(None)
        return Record(type_oids, tuple(values))

    info.input, info.output, info.send, info.receive = input_, output, send, receive
    info.pack, info.unpack = pack, unpack
    return info
