"""bool: text and binary I/O and storage.

Entry points: bool_input, bool_output, bool_send, bool_receive, bool_pack, bool_unpack,
parse_bool (also used for settings-like text).

Input accepts, after trimming whitespace and ignoring case, any prefix of 'true', 'false',
'yes', 'no' that is long enough to be unique, 'on', 'off' (at least 'of'), '1' and '0'.

PostgreSQL: utils/adt/bool.c (boolin, boolout, boolsend, boolrecv, parse_bool_with_len).
"""
from __future__ import annotations

from pgsnake.utils.errors import PgError, INVALID_TEXT_REPRESENTATION

_TRUE_WORDS = ("true", "yes")
_FALSE_WORDS = ("false", "no")


def parse_bool(text: str) -> bool | None:
    word = text.strip(" \t\n\r\f\v").lower()
    if not word:
        return None
    if word in ("1", "on"):
        return True
    if word in ("0", "of", "off"):
        return False
    for candidate in _TRUE_WORDS:
        if candidate.startswith(word):
            return True
    for candidate in _FALSE_WORDS:
        if candidate.startswith(word):
            return False
    return None


def bool_input(text: str, typmod: int = -1) -> bool:
    value = parse_bool(text)
    if value is None:
        raise PgError(INVALID_TEXT_REPRESENTATION,
                      f'invalid input syntax for type boolean: "{text}"')
    return value


def bool_output(value: bool) -> str:
    return "t" if value else "f"


def bool_send(value: bool) -> bytes:
    return b"\x01" if value else b"\x00"


def bool_receive(data: bytes, typmod: int = -1) -> bool:
    return data[0] != 0


bool_pack = bool_send


def bool_unpack(data) -> bool:
    return data[0] != 0
