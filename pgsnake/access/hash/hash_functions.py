"""PostgreSQL's hash functions: Bob Jenkins' lookup3 (common/hashfn.c) and the per-type
support functions of the hash operator classes (hashint4, hashtext, ...), bit for bit,
so that hash indexes and hash partitioning agree with PostgreSQL's.

    hash_bytes(data) / hash_bytes_extended(data, seed)     hash_any / hash_any_extended
    hash_uint32(k) / hash_uint32_extended(k, seed)         hash_uint32(_extended)
    hash_combine64(a, b)
    support_function(type_oid) -> (value -> uint32) | None
                                   the 32-bit hash (amproc 1) of a column type
    extended_function(type_oid) -> ((value, seed) -> uint64) | None
                                   its extended hash (amproc 2: hash partitioning)

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
_UUID, _PG_LSN, _INTERVAL = 2950, 3220, 1186
_NAN_BYTES = struct.pack("<Q", 0x7FF8000000000000)     # get_float8_nan()


def _send(type_oid: int):
    from pgsnake.datatypes import registry
    return registry.get_type(type_oid).send


_ZERO = object()          # a float zero: the hash is the seed itself (0 for the 32-bit one)


def _float_key(value):
    value = float(value)
    if value == 0.0:                 # +0 and -0 are equal, so they hash alike
        return _ZERO
    if math.isnan(value):
        return _NAN_BYTES
    return struct.pack("<d", value)


def _signed_send_key(type_oid: int, width: int):
    send = _send(type_oid)
    if width == 8:
        return lambda value: fold_int8(int.from_bytes(send(value), "big", signed=True))
    return lambda value: int.from_bytes(send(value), "big", signed=True) & _M32


def _text_key(value) -> bytes:
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)


def _bpchar_key(value) -> bytes:
    return _text_key(value.rstrip(" ") if isinstance(value, str) else value)


def _int_key(value) -> int:
    return int(value) & _M32


def _int8_key(value) -> int:
    return fold_int8(int(value))


def _char_key(value) -> int:
    if isinstance(value, bool):
        return int(value)
    raw = value.encode("utf-8")[:1] if isinstance(value, str) else bytes(value)[:1]
    byte = raw[0] if raw else 0
    return (byte - 256 if byte >= 128 else byte) & _M32      # C's signed char


def _interval_key(value) -> int:
    """interval_hash: hashint8 of the low 64 bits of the comparison span (months as 30
    days, days as 24 hours), so that '1 month' and '30 days' hash alike."""
    span = value.microseconds + (value.days + value.months * 30) * 86_400_000_000
    low = span & ((1 << 64) - 1)
    return fold_int8(low - (1 << 64) if low >= 1 << 63 else low)


def _bytes_key(type_oid: int):
    send = _send(type_oid)
    return lambda value: bytes(send(value))


def _extended(key_of):
    """The extended hash (value, seed) -> uint64 of a type whose key_of(value) is a
    uint32 (hashed as hash_uint32), bytes (as hash_any) or _ZERO."""
    def extended(value, seed: int) -> int:
        key = key_of(value)
        if key is _ZERO:
            return seed
        if isinstance(key, int):
            return hash_uint32_extended(key, seed)
        return hash_bytes_extended(key, seed)
    return extended


# column type -> (32-bit support function: pg_proc oid, name; extended one: oid, name;
# how to build the key function)
_SUPPORT = {
    _INT2: (449, "hashint2", 441, "hashint2extended", lambda: _int_key),
    _INT4: (450, "hashint4", 425, "hashint4extended", lambda: _int_key),
    _INT8: (949, "hashint8", 442, "hashint8extended", lambda: _int8_key),
    _OID: (453, "hashoid", 445, "hashoidextended", lambda: _int_key),
    _XID: (450, "hashint4", 425, "hashint4extended", lambda: _int_key),
    _CID: (450, "hashint4", 425, "hashint4extended", lambda: _int_key),
    _XID8: (949, "hashint8", 442, "hashint8extended", lambda: _int8_key),
    _TEXT: (400, "hashtext", 448, "hashtextextended", lambda: _text_key),
    _VARCHAR: (400, "hashtext", 448, "hashtextextended", lambda: _text_key),
    _NAME: (455, "hashname", 447, "hashnameextended", lambda: _text_key),
    _BPCHAR: (1080, "hashbpchar", 972, "hashbpcharextended", lambda: _bpchar_key),
    _CHAR: (454, "hashchar", 446, "hashcharextended", lambda: _char_key),
    _BOOL: (454, "hashchar", 446, "hashcharextended", lambda: _char_key),
    _FLOAT4: (451, "hashfloat4", 443, "hashfloat4extended", lambda: _float_key),
    _FLOAT8: (452, "hashfloat8", 444, "hashfloat8extended", lambda: _float_key),
    _DATE: (450, "hashint4", 425, "hashint4extended", lambda: _signed_send_key(_DATE, 4)),
    _TIME: (1688, "time_hash", 3409, "time_hash_extended",
            lambda: _signed_send_key(_TIME, 8)),
    _TIMESTAMP: (2039, "timestamp_hash", 3411, "timestamp_hash_extended",
                 lambda: _signed_send_key(_TIMESTAMP, 8)),
    _TIMESTAMPTZ: (2039, "timestamp_hash", 3411, "timestamp_hash_extended",
                   lambda: _signed_send_key(_TIMESTAMPTZ, 8)),
    _PG_LSN: (3252, "pg_lsn_hash", 3413, "pg_lsn_hash_extended",
              lambda: _signed_send_key(_PG_LSN, 8)),
    _BYTEA: (456, "hashvarlena", 772, "hashvarlenaextended", lambda: _bytes_key(_BYTEA)),
    _UUID: (2963, "uuid_hash", 3412, "uuid_hash_extended", lambda: _bytes_key(_UUID)),
    _INTERVAL: (1697, "interval_hash", 3418, "interval_hash_extended",
                lambda: _interval_key),
}


# Base types an extension makes (citext, hstore) hash through the extension's own
# functions: lookup(type oid) -> (extended hash, (support proc oid, name), (extended
# proc oid, name)) or None, installed by contrib/extension_types.py.
_extension_hash = lambda type_oid: None


def set_extension_hash_lookup(lookup) -> None:
    global _extension_hash
    _extension_hash = lookup


_ENUM_HASH = (_extended(lambda label: label.oid), (3515, "hashenum"),
              (3414, "hashenumextended"))


def _other_hash(type_oid: int):
    """An enum type's hash (hashenum: its label's pg_enum OID as hash_uint32), else an
    extension's: (extended hash, (proc oid, name), (extended proc oid, name)) or None."""
    from pgsnake.datatypes import registry
    from pgsnake.utils.errors import PgError
    try:
        if registry.get_type(type_oid).category == "E":
            return _ENUM_HASH
    except PgError:
        return None
    return _extension_hash(type_oid)


def extended_function(type_oid: int):
    """The extended hash (value, seed) -> uint64 of the type's default hash operator
    class (amproc 2), or None when pgsnake does not have it."""
    entry = _SUPPORT.get(type_oid)
    if entry is None:
        from pgsnake.access.hash import structured_hashes as sh
        if type_oid in sh.EXTENDED:
            return sh.EXTENDED[type_oid]
        if type_oid in sh.BYTE_KEYS:
            return _extended(sh.BYTE_KEYS[type_oid])
        found = _other_hash(type_oid)
        return None if found is None else found[0]
    return _extended(entry[4]())


def support_function(type_oid: int):
    """The 32-bit hash (value -> uint32) of the default hash operator class of a column
    type, or None when pgsnake does not have that class's hash function: the low half
    of the extended hash with seed 0."""
    extended = extended_function(type_oid)
    if extended is None:
        return None
    return lambda value: extended(value, 0) & _M32


def support_procedure(type_oid: int) -> tuple[int, str] | None:
    """(pg_proc oid, name) of that function (the metapage's hashm_procid)."""
    entry = _SUPPORT.get(type_oid)
    if entry is None:
        from pgsnake.access.hash import structured_hashes as sh
        if type_oid in sh.PROCEDURES:
            return sh.PROCEDURES[type_oid][:2]
        found = _other_hash(type_oid)
        return None if found is None else found[1]
    return entry[:2]


def extended_procedure(type_oid: int) -> tuple[int, str] | None:
    entry = _SUPPORT.get(type_oid)
    if entry is None:
        from pgsnake.access.hash import structured_hashes as sh
        if type_oid in sh.PROCEDURES:
            return sh.PROCEDURES[type_oid][2:]
        found = _other_hash(type_oid)
        return None if found is None else found[2]
    return entry[2:4]
