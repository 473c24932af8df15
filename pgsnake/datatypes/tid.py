"""tid: a tuple identifier (block number, line pointer offset), the type of ctid.

The Python value is a (block, offset) tuple, as the heap returns ItemPointers. Text form
'(0,1)'; binary form a big-endian u32 block and u16 offset; on disk PostgreSQL's
ItemPointerData: block as two little-endian u16 halves (high first), then the offset.

PostgreSQL: utils/adt/tid.c (tidin, tidout, tidsend, tidrecv), storage/itemptr.h.
"""
from __future__ import annotations

import re
import struct

from pgsnake.utils.errors import INVALID_TEXT_REPRESENTATION, PgError

_TEXT = re.compile(r"\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)\s*")
_WIRE = struct.Struct(">IH")
_DISK = struct.Struct("<HHH")


def tid_input(text: str, typmod: int = -1) -> tuple[int, int]:
    m = _TEXT.fullmatch(text)
    if not m or int(m.group(1)) > 0xFFFFFFFF or int(m.group(2)) > 0xFFFF:
        raise PgError(INVALID_TEXT_REPRESENTATION, f'invalid input syntax for type tid: "{text}"')
    return int(m.group(1)), int(m.group(2))


def tid_output(value) -> str:
    block, offset = value
    return f"({block},{offset})"


def tid_send(value) -> bytes:
    return _WIRE.pack(*value)


def tid_receive(data: bytes, typmod: int = -1) -> tuple[int, int]:
    return _WIRE.unpack(bytes(data))


def tid_pack(value) -> bytes:
    block, offset = value
    return _DISK.pack(block >> 16, block & 0xFFFF, offset)


def tid_unpack(data) -> tuple[int, int]:
    hi, lo, offset = _DISK.unpack(bytes(data[:6]))
    return (hi << 16) | lo, offset
