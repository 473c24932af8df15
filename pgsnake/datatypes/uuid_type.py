"""uuid: a 128-bit identifier, as PostgreSQL's uuid type.

The Python value is a `uuid.UUID`; its ordering (by the 128-bit integer) is PostgreSQL's
(memcmp of the 16 bytes). Text input takes 32 hex digits, optionally inside one pair of
braces, with an optional hyphen after any group of four digits; output is the canonical
lower-case 8-4-4-4-12 form. Binary and on-disk forms are the 16 bytes.

Entry points: uuid_input, uuid_output, uuid_send, uuid_receive, uuid_pack, uuid_unpack,
gen_random_uuid.

PostgreSQL: utils/adt/uuid.c (uuid_in/string_to_uuid, uuid_out, uuid_send, uuid_recv,
gen_random_uuid).
"""
from __future__ import annotations

import os
import uuid

from pgsnake.utils.errors import INVALID_BINARY_REPRESENTATION, INVALID_TEXT_REPRESENTATION, PgError

_HEX = frozenset("0123456789abcdefABCDEF")


def _syntax_error(text: str) -> PgError:
    return PgError(INVALID_TEXT_REPRESENTATION, f'invalid input syntax for type uuid: "{text}"')


def uuid_input(text: str, typmod: int = -1) -> uuid.UUID:
    position, braces = 0, text.startswith("{")
    if braces:
        position = 1
    digits = []
    for byte_index in range(16):
        pair = text[position:position + 2]
        if len(pair) != 2 or pair[0] not in _HEX or pair[1] not in _HEX:
            raise _syntax_error(text)
        digits.append(pair)
        position += 2
        # a hyphen may follow any group of four hex digits (not the last)
        if byte_index % 2 == 1 and byte_index < 15 and text[position:position + 1] == "-":
            position += 1
    if braces:
        if text[position:position + 1] != "}":
            raise _syntax_error(text)
        position += 1
    if position != len(text):
        raise _syntax_error(text)
    return uuid.UUID(hex="".join(digits))


def uuid_output(value: uuid.UUID) -> str:
    return str(value)


def uuid_send(value: uuid.UUID) -> bytes:
    return value.bytes


def uuid_receive(data: bytes, typmod: int = -1) -> uuid.UUID:
    if len(data) != 16:
        raise PgError(INVALID_BINARY_REPRESENTATION, "insufficient data left in message")
    return uuid.UUID(bytes=bytes(data))


def uuid_unpack(data: bytes) -> uuid.UUID:
    return uuid.UUID(bytes=bytes(data))


uuid_pack = uuid_send


def gen_random_uuid() -> uuid.UUID:
    """A version 4 (random) UUID from the operating system's random source."""
    return uuid.UUID(bytes=os.urandom(16), version=4)
