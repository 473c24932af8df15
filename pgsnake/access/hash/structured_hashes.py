"""The hash support functions whose value is not one hash_any / hash_uint32 of a key:
numeric (the significant base-10000 digits XOR the weight), time with time zone (the
time's hash XOR the zone's), jsonb (a rotate-and-XOR fold over its tokens), and
aclitem (whose 32-bit "hash" is the sum of its fields). Each is given as the extended
hash (value, seed) -> uint64 and the 32-bit one value -> uint32, equal to PostgreSQL's.

The byte-keyed ones (inet / cidr, macaddr, macaddr8, tid, oidvector) are here too as key
functions: the bytes PostgreSQL hashes, in its in-memory (little-endian) layout.

Entry points: EXTENDED (type oid -> extended function; the 32-bit one is its low half
at seed 0), BYTE_KEYS (type oid -> key), PROCEDURES (their pg_proc rows).

PostgreSQL: utils/adt/numeric.c (hash_numeric, hash_numeric_extended), date.c
(timetz_hash, timetz_hash_extended), jsonb_op.c (jsonb_hash, jsonb_hash_extended),
jsonb_util.c (JsonbHashScalarValue, JsonbHashScalarValueExtended), acl.c (hash_aclitem,
hash_aclitem_extended), network.c (hashinet), mac.c / mac8.c (hashmacaddr[8]),
tid.c (hashtid), oid.c (hashoidvector).
"""
from __future__ import annotations

import struct

from pgsnake.access.hash.hash_functions import (_M32, fold_int8, hash_bytes_extended,
                                                hash_uint32_extended)

_M64 = (1 << 64) - 1
_NUMERIC, _TIMETZ, _JSONB, _ACLITEM = 1700, 1266, 3802, 1033
_INET, _CIDR, _MACADDR, _MACADDR8, _TID, _OIDVECTOR = 869, 650, 829, 774, 27, 30
_JB_FOBJECT, _JB_FARRAY = 0x20000000, 0x40000000
_NUMERIC_SPECIAL = 0xC000          # NaN and the infinities: the sign word's top bits


def _send(type_oid: int):
    from pgsnake.datatypes import registry
    return registry.get_type(type_oid).send


# ---- numeric ---------------------------------------------------------------------------

def numeric_hash_extended(value, seed: int) -> int:
    """Only the significant digits and the weight count, so equal values of different
    scales ('1.50', '1.5') hash alike; the sign does not count."""
    raw = bytes(_send(_NUMERIC)(value))
    ndigits, weight, sign = struct.unpack(">hhH", raw[:6])
    if sign & _NUMERIC_SPECIAL == _NUMERIC_SPECIAL:
        return seed
    digits = list(struct.unpack(f">{ndigits}h", raw[8:8 + 2 * ndigits]))
    while digits and digits[0] == 0:
        digits.pop(0)
        weight -= 1
    if not digits:
        return (seed - 1) & _M64
    while digits[-1] == 0:
        digits.pop()
    digit_hash = hash_bytes_extended(struct.pack(f"<{len(digits)}h", *digits), seed)
    return digit_hash ^ (weight & _M64)


# ---- time with time zone -----------------------------------------------------------------

def timetz_hash_extended(value, seed: int) -> int:
    raw = bytes(_send(_TIMETZ)(value))
    time, zone = struct.unpack(">qi", raw[:12])
    return hash_uint32_extended(fold_int8(time), seed) ^ \
        hash_uint32_extended(zone & _M32, seed)


# ---- jsonb ---------------------------------------------------------------------------------

def _rotate_halves(code: int) -> int:
    """ROTATE_HIGH_AND_LOW_32BITS: each 32-bit half rotated left by one."""
    return ((code << 1) & 0xFFFFFFFEFFFFFFFE) | ((code >> 31) & 0x100000001)


def _jsonb_scalar_hash(value, seed: int) -> int:
    from decimal import Decimal
    from pgsnake.datatypes.jsonb_value import JSON_NULL
    if value is JSON_NULL:
        return (seed + 1) & _M64
    if isinstance(value, bool):
        if seed:
            return hash_uint32_extended(int(value), seed)
        return 0x02 if value else 0x04
    if isinstance(value, Decimal):
        return numeric_hash_extended(value, seed)
    return hash_bytes_extended(value.encode("utf-8"), seed)


def _jsonb_fold(tree, seed: int, code: int) -> int:
    if isinstance(tree, dict):
        code ^= (_JB_FOBJECT << 32) | _JB_FOBJECT
        for key, item in tree.items():
            code = _rotate_halves(code) ^ _jsonb_scalar_hash(key, seed)
            code = _jsonb_fold(item, seed, code)
        return code
    if isinstance(tree, list):
        code ^= (_JB_FARRAY << 32) | _JB_FARRAY
        for item in tree:
            code = _jsonb_fold(item, seed, code)
        return code
    return _rotate_halves(code) ^ _jsonb_scalar_hash(tree, seed)


def jsonb_hash_extended(value, seed: int) -> int:
    """The tokens in storage order (a scalar is a one-element raw-scalar array): each
    container start XORs in its flag, each key / value / element rotates the code and
    XORs in its own hash; an empty array or object hashes to the seed."""
    tree = value.tree
    if isinstance(tree, (dict, list)) and not tree:
        return seed
    if not isinstance(tree, (dict, list)):
        return _jsonb_fold([tree], seed, 0)
    return _jsonb_fold(tree, seed, 0)


# ---- aclitem -------------------------------------------------------------------------------

def _aclitem_sum(item) -> int:
    privileges = item.privs | (item.goptions << 16)
    return (privileges + item.grantee + item.grantor) & _M32


def aclitem_hash_extended(item, seed: int) -> int:
    """Seed 0 gives the sum itself, as the 32-bit function does."""
    return hash_uint32_extended(_aclitem_sum(item), seed) if seed else _aclitem_sum(item)


# ---- byte keys ---------------------------------------------------------------------------

def _inet_key(value) -> bytes:
    raw = bytes(_send(_INET)(value))
    return raw[:2] + raw[4:]              # family, bits, the address (no is_cidr, no nb)


def _tid_key(value) -> bytes:
    block, offset = value
    return struct.pack("<HHH", (block >> 16) & 0xFFFF, block & 0xFFFF, offset)


def _oidvector_key(value) -> bytes:
    return struct.pack(f"<{len(value)}I", *(o & _M32 for o in value))


EXTENDED = {_NUMERIC: numeric_hash_extended, _TIMETZ: timetz_hash_extended,
            _JSONB: jsonb_hash_extended, _ACLITEM: aclitem_hash_extended}
BYTE_KEYS = {_INET: _inet_key, _CIDR: _inet_key, _MACADDR: bytes, _MACADDR8: bytes,
             _TID: _tid_key, _OIDVECTOR: _oidvector_key}
# type oid -> (support proc oid, name, extended proc oid, name)
PROCEDURES = {
    _NUMERIC: (432, "hash_numeric", 780, "hash_numeric_extended"),
    _TIMETZ: (1696, "timetz_hash", 3410, "timetz_hash_extended"),
    _JSONB: (4045, "jsonb_hash", 3416, "jsonb_hash_extended"),
    _ACLITEM: (329, "hash_aclitem", 777, "hash_aclitem_extended"),
    _INET: (422, "hashinet", 779, "hashinetextended"),
    _CIDR: (422, "hashinet", 779, "hashinetextended"),
    _MACADDR: (399, "hashmacaddr", 778, "hashmacaddrextended"),
    _MACADDR8: (328, "hashmacaddr8", 781, "hashmacaddr8extended"),
    _TID: (2233, "hashtid", 2234, "hashtidextended"),
    _OIDVECTOR: (457, "hashoidvector", 776, "hashoidvectorextended"),
}
