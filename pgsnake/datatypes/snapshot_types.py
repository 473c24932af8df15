"""xid8, pg_snapshot and txid_snapshot: 64-bit transaction ids and the snapshots
(xmin, xmax, in-progress xids) that pg_current_snapshot() shows.

xid8 values are ints (0 .. 2**64-1); a snapshot is (xmin, xmax, xips) with xips a
sorted tuple of distinct ids in [xmin, xmax). txid_snapshot is the older name of the same
type (same value and forms). Text: 'xmin:xmax:xip,xip,...'; binary: int32 nxip, int64
xmin, int64 xmax, int64 xips (big endian); on disk the same little endian (nxip, then
the 8-byte-aligned ids). pgsnake has no xid epochs yet, so a full id is the 32-bit xid.

Entry points: xid8_input/output/send/receive/pack/unpack, snapshot_input/output/send/
receive/pack/unpack, snapshot_xmin, snapshot_xmax, visible_in_snapshot,
snapshot_from_parts.

PostgreSQL: utils/adt/xid8funcs.c (parse_snapshot, pg_snapshot_out, pg_snapshot_send,
pg_visible_in_snapshot), xid.c (xid8in, xid8out).
"""
from __future__ import annotations

import re
import struct

from pgsnake.utils.errors import (INVALID_BINARY_REPRESENTATION, INVALID_TEXT_REPRESENTATION,
                                  PgError)

_MAX = (1 << 64) - 1
_WIRE_ID = struct.Struct(">Q")
_DISK_ID = struct.Struct("<Q")


def _strtou64(text: str, pos: int) -> tuple[int, int]:
    """C's strtoull: leading spaces, a sign (a '-' wraps around), digits; no digits
    leaves the position where it was and gives 0; too large saturates."""
    start, i = pos, pos
    while i < len(text) and text[i].isspace():
        i += 1
    negative = False
    if i < len(text) and text[i] in "+-":
        negative = text[i] == "-"
        i += 1
    digits_start = i
    while i < len(text) and text[i].isdigit():
        i += 1
    if i == digits_start:
        return 0, start
    value = min(int(text[digits_start:i]), _MAX)
    return ((-value) & _MAX if negative else value), i


def xid8_input(text: str, typmod: int = -1) -> int:
    """xid8in is strtoull(text, NULL, 0): a 0x prefix is hex, a leading 0 octal, and
    whatever does not parse is ignored ('x' is 0)."""
    match = re.match(r"\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)", text)
    if match is None:
        return 0
    digits = match.group(2)
    value = int(digits, 16) if digits[:2].lower() == "0x" else \
        int(digits, 8) if digits.startswith("0") else int(digits)
    value = min(value, _MAX)
    return (-value) & _MAX if match.group(1) == "-" else value


def xid8_output(value: int) -> str:
    return str(value)


def xid8_send(value: int) -> bytes:
    return _WIRE_ID.pack(value)


def xid8_receive(data: bytes, typmod: int = -1) -> int:
    return _WIRE_ID.unpack(bytes(data))[0]


def xid8_pack(value: int) -> bytes:
    return _DISK_ID.pack(value)


def xid8_unpack(data: bytes) -> int:
    return _DISK_ID.unpack(bytes(data))[0]


def snapshot_input(text: str, typmod: int = -1) -> tuple:
    def bad():
        return PgError(INVALID_TEXT_REPRESENTATION,
                       f'invalid input syntax for type pg_snapshot: "{text}"')
    xmin, pos = _strtou64(text, 0)
    if text[pos:pos + 1] != ":":
        raise bad()
    xmax, pos = _strtou64(text, pos + 1)
    if text[pos:pos + 1] != ":":
        raise bad()
    pos += 1
    if xmin == 0 or xmax == 0 or xmin > xmax:
        raise bad()
    xips: list[int] = []
    last = 0
    while pos < len(text):
        value, pos = _strtou64(text, pos)
        if value < xmin or value >= xmax or value < last:
            raise bad()
        if value != last or not xips:
            xips.append(value)
        last = value
        if text[pos:pos + 1] == ",":
            pos += 1
        elif pos < len(text):
            raise bad()
    return (xmin, xmax, tuple(dict.fromkeys(xips)))


def snapshot_output(value: tuple) -> str:
    xmin, xmax, xips = value
    return f"{xmin}:{xmax}:" + ",".join(str(x) for x in xips)


def snapshot_send(value: tuple) -> bytes:
    xmin, xmax, xips = value
    return struct.pack(f">iQQ{len(xips)}Q", len(xips), xmin, xmax, *xips)


def snapshot_receive(data: bytes, typmod: int = -1) -> tuple:
    data = bytes(data)
    (count,) = struct.unpack_from(">i", data)
    if count < 0 or len(data) != 20 + 8 * count:
        raise PgError(INVALID_BINARY_REPRESENTATION, "invalid external pg_snapshot data")
    xmin, xmax, *xips = struct.unpack_from(f">QQ{count}Q", data, 4)
    if xmin == 0 or xmax == 0 or xmin > xmax or xips != sorted(set(xips)) or \
            any(x < xmin or x >= xmax for x in xips):
        raise PgError(INVALID_BINARY_REPRESENTATION, "invalid external pg_snapshot data")
    return (xmin, xmax, tuple(xips))


def snapshot_pack(value: tuple) -> bytes:
    xmin, xmax, xips = value
    return struct.pack(f"<IQQ{len(xips)}Q", len(xips), xmin, xmax, *xips)


def snapshot_unpack(data: bytes) -> tuple:
    data = bytes(data)
    (count,) = struct.unpack_from("<I", data)
    xmin, xmax, *xips = struct.unpack_from(f"<QQ{count}Q", data, 4)
    return (xmin, xmax, tuple(xips))


def snapshot_xmin(value: tuple) -> int:
    return value[0]


def snapshot_xmax(value: tuple) -> int:
    return value[1]


def visible_in_snapshot(xid: int, value: tuple) -> bool:
    """Had transaction `xid` finished (committed or not) when the snapshot was taken?"""
    xmin, xmax, xips = value
    if xid < xmin:
        return True
    if xid >= xmax:
        return False
    return xid not in xips


def snapshot_from_parts(xmin: int, xmax: int, xips) -> tuple:
    return (xmin, xmax, tuple(sorted(set(xips))))
