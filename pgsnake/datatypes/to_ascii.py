"""to_ascii(text [, encoding name or number]): the text's bytes read as one of the
single-byte encodings LATIN1, LATIN2, LATIN9 or WIN1250, each byte from 0x80 replaced
by the ASCII character PostgreSQL writes for it (to_ascii_facts.py, observed on
PostgreSQL 15). Without an encoding the database's (UTF8) is meant, which PostgreSQL
refuses as every other encoding (0A000).

Entry point: register_functions().

PostgreSQL: utils/adt/ascii.c (to_ascii_default, to_ascii_encname, to_ascii_enc,
pg_to_ascii).
"""
from __future__ import annotations

from pgsnake.datatypes.to_ascii_facts import TABLES
from pgsnake.utils import encoding_names
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, UNDEFINED_OBJECT, PgError

TEXT, NAME, INT4 = 25, 19, 23
DATABASE_ENCODING = 6            # UTF8


def _convert(text: str, encoding: int) -> str:
    table = TABLES.get(encoding_names.encoding_to_char(encoding))
    if table is None:
        raise PgError(FEATURE_NOT_SUPPORTED, "encoding conversion from "
                      f"{encoding_names.encoding_to_char(encoding)} to ASCII not supported")
    if text.isascii():
        return text
    return "".join(chr(b) if b < 0x80 else table[b - 0x80] for b in text.encode("utf-8"))


def to_ascii_by_name(text: str, name: str) -> str:
    encoding = encoding_names.char_to_encoding(name)
    if encoding < 0:
        raise PgError(UNDEFINED_OBJECT, f"{name} is not a valid encoding name")
    return _convert(text, encoding)


def to_ascii_by_number(text: str, encoding: int) -> str:
    if not 0 <= encoding < len(encoding_names.ENCODINGS):
        raise PgError(UNDEFINED_OBJECT, f"{encoding} is not a valid encoding code")
    return _convert(text, encoding)


def register_functions(register) -> None:
    register("to_ascii", [TEXT], TEXT, lambda text: _convert(text, DATABASE_ENCODING),
             oid=1845, volatility="i")
    register("to_ascii", [TEXT, INT4], TEXT, to_ascii_by_number, oid=1846, volatility="i")
    register("to_ascii", [TEXT, NAME], TEXT, to_ascii_by_name, oid=1847, volatility="i")
