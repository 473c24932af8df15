"""The row hash that picks a hash partition, equal to PostgreSQL's so that a row lands in
the same partition as it would there (and satisfies_hash_partition agrees).

Each non-NULL key column is hashed with its type's extended hash function seeded with
HASH_PARTITION_SEED; the column hashes are folded with hash_combine64 from 0; the row
goes to the partition whose remainder is hash % modulus (unsigned 64-bit arithmetic).
The hash functions are Bob Jenkins' lookup3 as PostgreSQL's common/hashfn.c has them:
integers through hash_bytes_uint32_extended (int8 folded to 32 bits first), text-like
values through hash_bytes_extended of their UTF-8 bytes.

Entry points: row_hash(values, type_oids) -> int (unsigned 64-bit),
extended_hash(value, type_oid, seed) -> int.

PostgreSQL: common/hashfn.c (hash_bytes_extended, hash_bytes_uint32_extended,
hash_combine64), utils/adt/int.c / int8.c / varlena.c (hashint4extended,
hashint8extended, hashtextextended), partitioning/partbounds.c
(compute_partition_hash_value).
"""
from __future__ import annotations

from pgsnake.utils.errors import PgError

HASH_PARTITION_SEED = 0x7A5B22367996DCFD
_M32 = 0xFFFFFFFF
_M64 = 0xFFFFFFFFFFFFFFFF
_INTEGER_TYPES = {20, 21, 23, 26, 16, 18}
_TEXT_TYPES = {25, 1043, 19, 1042}


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
    while length >= 12:          # little-endian words, as on the machines we run on
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


def hash_combine64(a: int, b: int) -> int:
    return (a ^ ((b + 0x49a0f4dd15e5a8e3 + (a << 54) + (a >> 7)) & _M64)) & _M64


def extended_hash(value, type_oid: int, seed: int) -> int:
    if type_oid == 20:
        low, high = value & _M32, (value >> 32) & _M32
        low ^= high if value >= 0 else (~high & _M32)
        return hash_uint32_extended(low, seed)
    if type_oid in _INTEGER_TYPES:
        if isinstance(value, bool):
            value = int(value)
        if isinstance(value, str):
            value = ord(value[0]) if value else 0
        return hash_uint32_extended(value & _M32, seed)
    if type_oid in _TEXT_TYPES:
        text = value.rstrip(" ") if type_oid == 1042 else value
        return hash_bytes_extended(text.encode("utf-8"), seed)
    from pgsnake.datatypes import registry
    raise PgError("0A000", f"hash partitioning on type {registry.format_type(type_oid)} "
                           f"is not supported yet")


def row_hash(values, type_oids) -> int:
    result = 0
    for value, type_oid in zip(values, type_oids):
        if value is not None:
            result = hash_combine64(result, extended_hash(value, type_oid,
                                                          HASH_PARTITION_SEED))
    return result
