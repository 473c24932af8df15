"""PostgreSQL's hash functions: Bob Jenkins' lookup3 (common/hashfn.c) and the per-type
support functions of the hash operator classes (hashint4, hashtext, ...), bit for bit,
so that hash indexes and hash partitioning agree with PostgreSQL's.

    hash_bytes(data) / hash_bytes_extended(data, seed)     hash_any / hash_any_extended
    hash_uint32(k) / hash_uint32_extended(k, seed)         hash_uint32(_extended)
    hash_combine64(a, b)
    support_function(type_oid) -> (value -> uint32) | None
                                   the 32-bit hash (amproc 1) of a column type

The 32-bit hash of a value is the low half of its extended hash with seed 0 (PostgreSQL
guarantees that for every type), so both come from one implementation here. Words
are read little-endian, as on the machines PostgreSQL's hashes are compared with.

PostgreSQL: common/hashfn.c, utils/adt/int.c, int8.c, varlena.c, float.c, bool.c,
char.c, name.c, oid.c, date.c, timestamp.c, uuid.c, pg_lsn.c (the hash functions).
"""
from __future__ import annotations

import math
import struct

_M32 = 0xFFFFFFFF
_M64 = 0xFFFFFFFFFFFFFFFF


def _rot(x: int, k: int) -> int:
    return ((x << k) | (x >> (32 - k))) & _M32


def _mix(a: int, b: int, c: int):
    a = (a - c) & _M32; a ^= _rot(c, 4); c = (c + b) & _M32      # noqa: E702
    b = (b - a) & _M32; b ^= _rot(a, 6); a = (a + c) & _M32      # noqa: E702
    c = (c - b) & _M32; c ^= _rot(b, 8); b = (b + a) & _M32      # noqa: E702
    a = (a - c) & _M32; a ^= _rot(c, 16); c = (c + b) & _M32     # noqa: E702
    b = (b - a) & _M32; b ^= _rot(a, 19); a = (a + c) & _M32     # noqa: E702
    c = (c - b) & _M32; c ^= _rot(b, 4); b = (b + a) & _M32      # noqa: E702
    return a, b, c


def _final(a: int, b: int, c: int):
    c ^= b; c = (c - _rot(b, 14)) & _M32      # noqa: E702
    a ^= c; a = (a - _rot(c, 11)) & _M32      # noqa: E702
    b ^= a; b = (b - _rot(a, 25)) & _M32      # noqa: E702
    c ^= b; c = (c - _rot(b, 16)) & _M32      # noqa: E702
    a ^= c; a = (a - _rot(c, 4)) & _M32       # noqa: E702
    b ^= a; b = (b - _rot(a, 14)) & _M32      # noqa: E702
    c ^= b; c = (c - _rot(b, 24)) & _M32      # noqa: E702
    return a, b, c


def hash_uint32_extended(k: int, seed: int) -> int:
    a = b = c = (0x9e3779b9 + 4 + 3923095) & _M32
    if seed:
        a = (a + (seed >> 32)) & _M32
        b = (b + (seed & _M32)) & _M32
        a, b, c = _mix(a, b, c)
    a = (a + (k & _M32)) & _M32
    a, b, c = _final(a, b, c)
    return (b << 32) | c


def hash_bytes_extended(data: bytes, seed: int) -> int:
    length = len(data)
    a = b = c = (0x9e3779b9 + length + 3923095) & _M32
    if seed:
        a = (a + (seed >> 32)) & _M32
        b = (b + (seed & _M32)) & _M32
        a, b, c = _mix(a, b, c)
    pos = 0
    while length >= 12:
        a = (a + int.from_bytes(data[pos:pos + 4], "little")) & _M32
        b = (b + int.from_bytes(data[pos + 4:pos + 8], "little")) & _M32
        c = (c + int.from_bytes(data[pos + 8:pos + 12], "little")) & _M32
        a, b, c = _mix(a, b, c)
        pos += 12
        length -= 12
    tail = data[pos:]
    # The last 11 bytes: c's low byte is reserved for the length (added above).
    if length >= 9:
        c = (c + (int.from_bytes(tail[8:length], "little") << 8)) & _M32
    if length >= 5:
        b = (b + int.from_bytes(tail[4:min(length, 8)], "little")) & _M32
    if length >= 1:
        a = (a + int.from_bytes(tail[0:min(length, 4)], "little")) & _M32
    a, b, c = _final(a, b, c)
    return (b << 32) | c


def hash_uint32(k: int) -> int:
    return hash_uint32_extended(k, 0) & _M32


def hash_bytes(data: bytes) -> int:
    return hash_bytes_extended(data, 0) & _M32


def hash_combine64(a: int, b: int) -> int:
    return (a ^ ((b + 0x49a0f4dd15e5a8e3 + (a << 54) + (a >> 7)) & _M64)) & _M64


def fold_int8(value: int) -> int:
    """hashint8's fold of a 64-bit value to 32 bits: the high half is XORed into the
    low one, complemented for negative values, so that int8 and int4 values that are
    equal hash alike."""
    low, high = value & _M32, (value >> 32) & _M32
    return low ^ (high if value >= 0 else (~high & _M32))


# ---- the support functions (amproc 1) of the hash operator classes ------------------

_INT2, _INT4, _INT8, _OID, _XID, _CID, _XID8 = 21, 23, 20, 26, 28, 29, 5069
_TEXT, _VARCHAR, _BPCHAR, _NAME, _BYTEA, _CHAR, _BOOL = 25, 1043, 1042, 19, 17, 18, 16
_FLOAT4, _FLOAT8, _DATE, _TIME, _TIMESTAMP, _TIMESTAMPTZ = 700, 701, 1082, 1083, 1114, 1184
_UUID, _PG_LSN = 2950, 3220
_NAN_BYTES = struct.pack("<Q", 0x7FF8000000000000)     # get_float8_nan()


def _send(type_oid: int):
    from pgsnake.datatypes import registry
    return registry.get_type(type_oid).send


def _hash_float(value) -> int:
    value = float(value)
    if value == 0.0:                 # +0 and -0 are equal, so they hash alike
        return 0
    if math.isnan(value):
        return hash_bytes(_NAN_BYTES)
    return hash_bytes(struct.pack("<d", value))


def _hash_integer_send(type_oid: int, width: int):
    send = _send(type_oid)
    if width == 8:
        return lambda value: hash_uint32(fold_int8(int.from_bytes(send(value), "big",
                                                                  signed=True)))
    return lambda value: hash_uint32(int.from_bytes(send(value), "big", signed=True))


def _hash_text(value) -> int:
    return hash_bytes(value.encode("utf-8") if isinstance(value, str) else bytes(value))


def _hash_bpchar(value) -> int:
    return _hash_text(value.rstrip(" ") if isinstance(value, str) else value)


def _hash_int(value) -> int:
    return hash_uint32(int(value))


def _hash_int8(value) -> int:
    return hash_uint32(fold_int8(int(value)))


def _hash_char(value) -> int:
    if isinstance(value, bool):
        return hash_uint32(int(value))
    if isinstance(value, str):
        raw = value.encode("utf-8")[:1]
    else:
        raw = bytes(value)[:1]
    byte = raw[0] if raw else 0
    return hash_uint32(byte - 256 if byte >= 128 else byte)     # C's signed char


def _bytes_hash(type_oid: int):
    send = _send(type_oid)
    return lambda value: hash_bytes(bytes(send(value)))


# column type -> (pg_proc oid of the hash support function, its name, how to build it)
_SUPPORT = {
    _INT2: (449, "hashint2", lambda: _hash_int), _INT4: (450, "hashint4", lambda: _hash_int),
    _INT8: (949, "hashint8", lambda: _hash_int8), _OID: (453, "hashoid", lambda: _hash_int),
    _XID: (450, "hashint4", lambda: _hash_int), _CID: (450, "hashint4", lambda: _hash_int),
    _XID8: (949, "hashint8", lambda: _hash_int8),
    _TEXT: (400, "hashtext", lambda: _hash_text), _VARCHAR: (400, "hashtext", lambda: _hash_text),
    _NAME: (455, "hashname", lambda: _hash_text),
    _BPCHAR: (1080, "hashbpchar", lambda: _hash_bpchar),
    _CHAR: (454, "hashchar", lambda: _hash_char), _BOOL: (454, "hashchar", lambda: _hash_char),
    _FLOAT4: (451, "hashfloat4", lambda: _hash_float),
    _FLOAT8: (452, "hashfloat8", lambda: _hash_float),
    _DATE: (450, "hashint4", lambda: _hash_integer_send(_DATE, 4)),
    _TIME: (1688, "time_hash", lambda: _hash_integer_send(_TIME, 8)),
    _TIMESTAMP: (2039, "timestamp_hash", lambda: _hash_integer_send(_TIMESTAMP, 8)),
    _TIMESTAMPTZ: (2039, "timestamp_hash", lambda: _hash_integer_send(_TIMESTAMPTZ, 8)),
    _PG_LSN: (3252, "pg_lsn_hash", lambda: _hash_integer_send(_PG_LSN, 8)),
    _BYTEA: (456, "hashvarlena", lambda: _bytes_hash(_BYTEA)),
    _UUID: (2963, "uuid_hash", lambda: _bytes_hash(_UUID)),
}


def support_function(type_oid: int):
    """The 32-bit hash (value -> uint32) of the default hash operator class of a column
    type, or None when pgsnake does not have that class's hash function."""
    entry = _SUPPORT.get(type_oid)
    return None if entry is None else entry[2]()


def support_procedure(type_oid: int) -> tuple[int, str] | None:
    """(pg_proc oid, name) of that function (the metapage's hashm_procid)."""
    entry = _SUPPORT.get(type_oid)
    return None if entry is None else entry[:2]
