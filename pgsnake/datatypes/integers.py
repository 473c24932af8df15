"""int2, int4, int8 and oid: text and binary I/O, storage, and checked arithmetic.

Entry points: make_integer_io(bits, sql_name) -> (input, output, send, receive, pack,
unpack); oid_input; check_range(value, type_oid); the arithmetic helpers int_add/int_sub/
int_mul/int_div/int_mod used by operators.py.

Invariants:
 1. A value stored or returned for intN always lies in intN's range; every arithmetic
    result is range-checked against the operator's result type ("integer out of range").
 2. Integer division and modulo truncate toward zero (C semantics), unlike Python's //.

PostgreSQL: utils/adt/int.c, int8.c, oid.c, numutils.c (pg_strtoint16/32/64, int4pl, int4div,
oidin).
"""
from __future__ import annotations

import math
import re
import struct

from pgsnake.utils.errors import (PgError, INVALID_TEXT_REPRESENTATION,
                                  NUMERIC_VALUE_OUT_OF_RANGE, DIVISION_BY_ZERO,
                                  INVALID_BINARY_REPRESENTATION)

# Leading/trailing whitespace and one sign are allowed, then decimal digits only.
_INTEGER_TEXT = re.compile(r"[ \t\n\r\f\v]*([+-]?[0-9]+)[ \t\n\r\f\v]*\Z")

RANGES = {
    21: (-(1 << 15), (1 << 15) - 1, "smallint"),
    23: (-(1 << 31), (1 << 31) - 1, "integer"),
    20: (-(1 << 63), (1 << 63) - 1, "bigint"),
}
_STRUCT = {21: "h", 23: "i", 20: "q"}


def check_range(value: int, type_oid: int) -> int:
    low, high, sql_name = RANGES[type_oid]
    if value < low or value > high:
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, f"{sql_name} out of range")
    return value


def make_integer_io(type_oid: int):
    low, high, sql_name = RANGES[type_oid]
    code = _STRUCT[type_oid]
    little = struct.Struct("<" + code)
    big = struct.Struct(">" + code)

    # Plain ASCII digits short enough to be in range whatever they are: int() alone
    # (COPY and VALUES lists are mostly these); everything else takes the full syntax.
    plain_digits = len(str(high)) - 1

    def input_(text: str, typmod: int = -1) -> int:
        if len(text) <= plain_digits and text.isdigit() and text.isascii():
            return int(text)
        match = _INTEGER_TEXT.match(text)
        if match is None:
            raise PgError(INVALID_TEXT_REPRESENTATION,
                          f'invalid input syntax for type {sql_name}: "{text}"')
        value = int(match.group(1))
        if value < low or value > high:
            raise PgError(NUMERIC_VALUE_OUT_OF_RANGE,
                          f'value "{text}" is out of range for type {sql_name}')
        return value

    def receive(data: bytes, typmod: int = -1) -> int:
        if len(data) != big.size:
            raise PgError(INVALID_BINARY_REPRESENTATION,
                          "insufficient data left in message" if len(data) < big.size
                          else "incorrect binary data format")
        return big.unpack(data)[0]

    return (input_, str, big.pack, receive, little.pack,
            lambda data: little.unpack(data)[0])


_OID_STRUCT_LE = struct.Struct("<I")
_OID_STRUCT_BE = struct.Struct(">I")


def oid_input(text: str, typmod: int = -1, sql_name: str = "oid") -> int:
    """oid accepts -2147483648..4294967295; negative values wrap (as strtoul does)."""
    match = _INTEGER_TEXT.match(text)
    if match is None:
        raise PgError(INVALID_TEXT_REPRESENTATION,
                      f'invalid input syntax for type {sql_name}: "{text}"')
    value = int(match.group(1))
    if value > 0xFFFFFFFF or value < -(1 << 31):
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE,
                      f'value "{text}" is out of range for type {sql_name}')
    return value & 0xFFFFFFFF


def oid_pack(value: int) -> bytes:
    return _OID_STRUCT_LE.pack(value)


def oid_unpack(data) -> int:
    return _OID_STRUCT_LE.unpack(data)[0]


def oid_send(value: int) -> bytes:
    return _OID_STRUCT_BE.pack(value)


def oid_receive(data: bytes, typmod: int = -1) -> int:
    return _OID_STRUCT_BE.unpack(data)[0]


# ---- arithmetic (operands already coerced to the operator's input types) ----

def int_div(left: int, right: int, result_type: int) -> int:
    if right == 0:
        raise PgError(DIVISION_BY_ZERO, "division by zero")
    quotient = abs(left) // abs(right)
    if (left < 0) != (right < 0):
        quotient = -quotient
    return check_range(quotient, result_type)


def int_mod(left: int, right: int, result_type: int) -> int:
    if right == 0:
        raise PgError(DIVISION_BY_ZERO, "division by zero")
    remainder = abs(left) % abs(right)
    return -remainder if left < 0 else remainder


# ---- bitwise shifts and lcm (int2shl, int4shr, int8shl, int4lcm, ...) ----

def _wrap(value: int, bits: int) -> int:
    """Two's-complement wrap-around to `bits` bits, as a C cast does."""
    value &= (1 << bits) - 1
    return value - (1 << bits) if value >> (bits - 1) else value


def int_shift_left(value: int, shift: int, type_oid: int) -> int:
    """C's << on int32 (int2 is shifted as an int) or int64: the count is taken modulo
    the width as x86 does, and the result wraps to the type's width."""
    width = 64 if type_oid == 20 else 32
    result = _wrap(value << (shift & (width - 1)), width)
    return _wrap(result, 16) if type_oid == 21 else result


def int_shift_right(value: int, shift: int, type_oid: int) -> int:
    width = 64 if type_oid == 20 else 32
    return value >> (shift & (width - 1))


def int_lcm(a: int, b: int, type_oid: int) -> int:
    if a == 0 or b == 0:
        return 0
    return check_range(abs(a // math.gcd(a, b) * b), type_oid)
