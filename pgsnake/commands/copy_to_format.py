"""COPY TO's output formats: one row of values -> the bytes of one line (or binary tuple).

Entry points:
    row_encoder(opts, type_oids, force_quote_flags) -> encode(row) -> bytes
    header_line(opts, names) -> bytes               HEADER (text and CSV)
    BINARY_HEADER, BINARY_TRAILER                   the PGCOPY file's first and last bytes

Each value goes through its type's output function (text, CSV) or send function
(binary); the functions are looked up once per COPY, not per value.

PostgreSQL: commands/copyto.c (CopyOneRowTo, CopyAttributeOutText, CopyAttributeOutCSV,
CopyTo's header and trailer).
"""
from __future__ import annotations

import struct

from pgsnake.commands.copy_from_parse import BINARY_SIGNATURE
from pgsnake.commands.copy_options import CopyOptions
from pgsnake.datatypes import registry

BINARY_HEADER = BINARY_SIGNATURE + struct.pack("!ii", 0, 0)
BINARY_TRAILER = struct.pack("!h", -1)

_INT16 = struct.Struct("!h")
_INT32 = struct.Struct("!i")


def _text_escapes(delimiter: str) -> dict:
    table = {ord("\\"): "\\\\", 8: "\\b", 12: "\\f", 10: "\\n", 13: "\\r", 9: "\\t",
             11: "\\v"}
    table.setdefault(ord(delimiter), "\\" + delimiter)
    return table


def escape_text(value: str, table: dict) -> str:
    """CopyAttributeOutText: backslash, the control characters with a letter escape, and
    the delimiter are written with a backslash."""
    return value.translate(table)


def quote_csv(value: str, opts: CopyOptions, force: bool, single_column: bool) -> str:
    """CopyAttributeOutCSV: quote when forced, when the value is the NULL string, when
    it holds the delimiter, the quote or a line break, or when it is a lone \\. that a
    reader would take for the end-of-data marker."""
    quote, escape = opts.quote, opts.escape
    use_quote = force or value == opts.null
    if not use_quote:
        if single_column and value == "\\.":
            use_quote = True
        else:
            use_quote = (opts.delimiter in value or quote in value or "\n" in value
                         or "\r" in value)
    if not use_quote:
        return value
    if quote in value or escape in value:
        value = "".join(escape + ch if ch == quote or ch == escape else ch for ch in value)
    return quote + value + quote


def header_line(opts: CopyOptions, names: list[str]) -> bytes:
    if opts.csv:
        single = len(names) == 1
        text = opts.delimiter.join(quote_csv(n, opts, False, single) for n in names)
    else:
        table = _text_escapes(opts.delimiter)
        text = opts.delimiter.join(escape_text(n, table) for n in names)
    return (text + "\n").encode("utf-8")


def row_encoder(opts: CopyOptions, type_oids: list[int], force_quote_flags: list[bool]):
    infos = [registry.get_type(oid) for oid in type_oids]
    if opts.binary:
        sends = [info.send for info in infos]
        count = _INT16.pack(len(sends))
        pack_length = _INT32.pack
        null_field = pack_length(-1)

        def encode_binary(row) -> bytes:
            parts = [count]
            for value, send in zip(row, sends):
                if value is None:
                    parts.append(null_field)
                else:
                    data = send(value)
                    parts.append(pack_length(len(data)))
                    parts.append(data)
            return b"".join(parts)
        return encode_binary

    outputs = [info.output for info in infos]
    delimiter = opts.delimiter
    null = opts.null
    if opts.csv:
        single = len(outputs) == 1
        flags = list(force_quote_flags)

        def encode_csv(row) -> bytes:
            out = []
            for value, output, force in zip(row, outputs, flags):
                if value is None:
                    out.append(null)
                else:
                    out.append(quote_csv(output(value), opts, force, single))
            return (delimiter.join(out) + "\n").encode("utf-8")
        return encode_csv

    table = _text_escapes(delimiter)
    # Output that can hold no backslash, control character or delimiter needs no
    # escaping: numbers and booleans, unless the delimiter is a letter, digit or sign.
    plain = not (delimiter.isalnum() or delimiter in "-+. ")
    escapes = [None if plain and oid in _PLAIN_OUTPUT_TYPES else table for oid in type_oids]

    def encode_text(row) -> bytes:
        return (delimiter.join([null if value is None
                                else output(value) if escape is None
                                else output(value).translate(escape)
                                for value, output, escape in zip(row, outputs, escapes)])
                + "\n").encode("utf-8")
    return encode_text


# bool, int8, int2, int4, oid, float4, float8, numeric: output is digits, signs, '.',
# 'e', letters of NaN / Infinity / true / false.
_PLAIN_OUTPUT_TYPES = frozenset({16, 20, 21, 23, 26, 700, 701, 1700})
