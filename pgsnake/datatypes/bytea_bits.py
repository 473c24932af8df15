"""get_byte / set_byte / get_bit / set_bit / bit_count on bytea.

Entry point: register_sql_functions() (from catalog/sql_functions.py).

Bytes count from 0; bit n is bit n % 8 (least significant first) of byte n / 8, as
PostgreSQL numbers them. An index outside the value is 2202E "index N out of valid
range, 0..M"; a new bit other than 0 or 1 is 22023.

PostgreSQL: utils/adt/varlena.c (byteaGetByte, byteaSetByte, byteaGetBit, byteaSetBit,
bytea_bit_count).
"""
from __future__ import annotations

from pgsnake.datatypes import functions
from pgsnake.utils.errors import INVALID_PARAMETER_VALUE, PgError

BYTEA, INT4, INT8 = 17, 23, 20
ARRAY_SUBSCRIPT_ERROR = "2202E"


def _check(index: int, size: int) -> None:
    if not 0 <= index < size:
        raise PgError(ARRAY_SUBSCRIPT_ERROR,
                      f"index {index} out of valid range, 0..{size - 1}")


def get_byte(data: bytes, index: int) -> int:
    _check(index, len(data))
    return data[index]


def set_byte(data: bytes, index: int, value: int) -> bytes:
    _check(index, len(data))
    out = bytearray(data)
    out[index] = value & 0xFF
    return bytes(out)


def get_bit(data: bytes, index: int) -> int:
    _check(index, len(data) * 8)
    return (data[index // 8] >> (index % 8)) & 1


def set_bit(data: bytes, index: int, bit: int) -> bytes:
    _check(index, len(data) * 8)
    if bit not in (0, 1):
        raise PgError(INVALID_PARAMETER_VALUE, "new bit must be 0 or 1")
    out = bytearray(data)
    mask = 1 << (index % 8)
    out[index // 8] = (out[index // 8] | mask) if bit else (out[index // 8] & ~mask)
    return bytes(out)


def bit_count(data: bytes) -> int:
    """The number of bits set in the whole value."""
    return int.from_bytes(data, "little").bit_count()


def register_sql_functions() -> None:
    register = functions.register
    register("get_byte", [BYTEA, INT4], INT4, get_byte, oid=721, volatility="i")
    register("set_byte", [BYTEA, INT4, INT4], BYTEA, set_byte, oid=722, volatility="i")
    register("get_bit", [BYTEA, INT8], INT4, get_bit, oid=723, volatility="i")
    register("set_bit", [BYTEA, INT8, INT4], BYTEA, set_bit, oid=724, volatility="i")
    register("bit_count", [BYTEA], INT8, bit_count, oid=6163, volatility="i")
