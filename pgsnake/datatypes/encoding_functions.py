"""Encoding functions on bytea not covered by convert_from / convert_to: length(bytea,
encoding) (the characters the bytes make in that encoding), convert(bytea, source,
destination), and pg_encoding_max_length(encoding number).

convert goes through the database encoding (UTF8): the bytes are read as the source
encoding (22021 for an invalid sequence) and written in the destination one (22P05 for
a character it lacks).

Entry point: register_sql_functions() (from catalog/sql_functions.py).

PostgreSQL: utils/mb/mbutils.c (length_in_encoding, pg_convert),
common/wchar.c (pg_wchar_table's maximum character lengths).
"""
from __future__ import annotations

from pgsnake.datatypes import string_functions
from pgsnake.utils.errors import INVALID_PARAMETER_VALUE, PgError

BYTEA, NAME, INT4 = 17, 19, 23

# The longest character of each encoding, by PostgreSQL's encoding number (pg_enc).
_MAX_LENGTHS = (1, 3, 3, 3, 4, 3, 4, 4) + (1,) * 27 + (2, 2, 2, 2, 4, 3, 2)


def length_in_encoding(data: bytes, encoding: str) -> int:
    from pgsnake.utils import encoding_names
    if encoding_names.char_to_encoding(encoding) < 0:
        raise PgError(INVALID_PARAMETER_VALUE, f'invalid encoding name "{encoding}"')
    return len(string_functions.convert_from(data, encoding))


def convert(data: bytes, source: str, destination: str) -> bytes:
    return string_functions.convert_to(string_functions.convert_from(data, source),
                                       destination)


def encoding_max_length(number: int):
    return _MAX_LENGTHS[number] if 0 <= number < len(_MAX_LENGTHS) else None


def register_sql_functions() -> None:
    from pgsnake.datatypes import functions
    functions.register("length", [BYTEA, NAME], INT4, length_in_encoding, oid=1713,
                       volatility="s")
    functions.register("convert", [BYTEA, NAME, NAME], BYTEA, convert, oid=1813,
                       volatility="s")
    functions.register("pg_encoding_max_length", [INT4], INT4, encoding_max_length,
                       oid=2319, volatility="i")
