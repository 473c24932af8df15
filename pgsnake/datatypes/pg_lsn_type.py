"""pg_lsn: a WAL location (64-bit unsigned integer), as PostgreSQL's pg_lsn type.

The Python value is an int in 0 .. 2**64-1. Text form: two upper-case hex halves 'X/X'
(each 1-8 hex digits on input, no spaces); binary form big-endian uint64; on disk
little-endian (typbyval, 8 bytes). Arithmetic: pg_lsn - pg_lsn is numeric, pg_lsn +/-
numeric is pg_lsn (range-checked).

Entry points: lsn_input, lsn_output, lsn_send, lsn_receive, lsn_pack, lsn_unpack,
lsn_minus, lsn_plus_numeric, lsn_minus_numeric, numeric_to_lsn.

PostgreSQL: utils/adt/pg_lsn.c (pg_lsn_in_internal, pg_lsn_out, pg_lsn_mi, pg_lsn_pli,
pg_lsn_mii, numeric_pg_lsn).
"""
from __future__ import annotations

import struct
from decimal import Decimal

from pgsnake.datatypes import numeric
from pgsnake.utils.errors import (FEATURE_NOT_SUPPORTED, INVALID_PARAMETER_VALUE,
                                  INVALID_TEXT_REPRESENTATION, PgError)

_HEX = frozenset("0123456789abcdefABCDEF")
_WIRE = struct.Struct(">Q")
_DISK = struct.Struct("<Q")
_MAX = (1 << 64) - 1


def _hex_run(text: str, start: int) -> int:
    end = start
    while end < len(text) and text[end] in _HEX:
        end += 1
    return end - start


def lsn_input(text: str, typmod: int = -1) -> int:
    high_len = _hex_run(text, 0)
    low_len = _hex_run(text, high_len + 1) if high_len < len(text) else 0
    if (not 1 <= high_len <= 8 or text[high_len:high_len + 1] != "/"
            or not 1 <= low_len <= 8 or high_len + 1 + low_len != len(text)):
        raise PgError(INVALID_TEXT_REPRESENTATION, f'invalid input syntax for type pg_lsn: "{text}"')
    return (int(text[:high_len], 16) << 32) | int(text[high_len + 1:], 16)


def lsn_output(value: int) -> str:
    return f"{value >> 32:X}/{value & 0xFFFFFFFF:X}"


def lsn_send(value: int) -> bytes:
    return _WIRE.pack(value)


def lsn_receive(data: bytes, typmod: int = -1) -> int:
    return _WIRE.unpack(data)[0]


def lsn_pack(value: int) -> bytes:
    return _DISK.pack(value)


def lsn_unpack(data: bytes) -> int:
    return _DISK.unpack(data)[0]


def lsn_minus(left: int, right: int) -> Decimal:
    return Decimal(left - right)


def numeric_to_lsn(value: Decimal) -> int:
    if value.is_nan():
        raise PgError(FEATURE_NOT_SUPPORTED, "cannot convert NaN to pg_lsn")
    if value.is_infinite():
        raise PgError(FEATURE_NOT_SUPPORTED, "cannot convert infinity to pg_lsn")
    rounded = int(numeric.numeric_round(value, 0))
    if rounded < 0 or rounded > _MAX:
        raise PgError(INVALID_PARAMETER_VALUE, "pg_lsn out of range")
    return rounded


def lsn_plus_numeric(lsn: int, amount: Decimal) -> int:
    if amount.is_nan():
        raise PgError(FEATURE_NOT_SUPPORTED, "cannot add NaN to pg_lsn")
    return numeric_to_lsn(numeric.numeric_add(Decimal(lsn), amount))


def lsn_minus_numeric(lsn: int, amount: Decimal) -> int:
    if amount.is_nan():
        raise PgError(FEATURE_NOT_SUPPORTED, "cannot subtract NaN from pg_lsn")
    return numeric_to_lsn(numeric.numeric_sub(Decimal(lsn), amount))
