"""bit(n) and bit varying(n): strings of bits, as PostgreSQL's bit and varbit types.

The Python value is a str of '0'/'1' characters. Python's string order is PostgreSQL's
bit_cmp order (bytes compared with zero padding, then the shorter string first), so the
comparison operators need nothing special. Text input is binary digits, or 'b'/'x'
prefixed binary/hex; output is the binary digits. Binary and on-disk forms are an int32
bit count (big endian on the wire, little endian on disk) followed by the bits packed
most significant first, padding bits zero. The typmod is the declared length.

Entry points: bit_input, varbit_input, bit_output, bit_send, bit_receive, bit_pack,
bit_unpack, apply_bit_typmod, apply_varbit_typmod, operators (bit_and/or/xor/not,
bit_shift_left/right, bit_concat), functions (bit_length, bit_octet_length,
bit_count, bit_get, bit_set, bit_position, bit_substring, bit_overlay), int <-> bit
casts (int_to_bit, bit_to_int).

PostgreSQL: utils/adt/varbit.c.
"""
from __future__ import annotations

import struct

from pgsnake.utils.errors import (INVALID_PARAMETER_VALUE, INVALID_TEXT_REPRESENTATION,
                                  NUMERIC_VALUE_OUT_OF_RANGE, PgError)

STRING_DATA_LENGTH_MISMATCH = "22026"
ARRAY_SUBSCRIPT_ERROR = "2202E"
SUBSTRING_ERROR = "22011"
_WIRE_LEN = struct.Struct(">i")
_DISK_LEN = struct.Struct("<i")
_HEX = "0123456789abcdefABCDEF"


def _parse(text: str) -> str:
    if text[:1] in ("x", "X"):
        out = []
        for ch in text[1:]:
            if ch not in _HEX:
                raise PgError(INVALID_TEXT_REPRESENTATION,
                              f'"{ch}" is not a valid hexadecimal digit')
            out.append(format(int(ch, 16), "04b"))
        return "".join(out)
    body = text[1:] if text[:1] in ("b", "B") else text
    for ch in body:
        if ch not in "01":
            raise PgError(INVALID_TEXT_REPRESENTATION, f'"{ch}" is not a valid binary digit')
    return body


def bit_input(text: str, typmod: int = -1) -> str:
    bits = _parse(text)
    if typmod > 0 and len(bits) != typmod:
        raise PgError(STRING_DATA_LENGTH_MISMATCH,
                      f"bit string length {len(bits)} does not match type bit({typmod})")
    return bits


def varbit_input(text: str, typmod: int = -1) -> str:
    bits = _parse(text)
    if typmod > 0 and len(bits) > typmod:
        raise PgError(STRING_DATA_LENGTH_MISMATCH,
                      f"bit string too long for type bit varying({typmod})")
    return bits


def bit_output(value: str) -> str:
    return value


def apply_bit_typmod(value: str, typmod: int, explicit: bool) -> str:
    """bit(bit, int4, bool): pad or truncate in an explicit cast, else insist on the length."""
    if typmod <= 0 or len(value) == typmod:
        return value
    if not explicit:
        raise PgError(STRING_DATA_LENGTH_MISMATCH,
                      f"bit string length {len(value)} does not match type bit({typmod})")
    return value[:typmod].ljust(typmod, "0")


def apply_varbit_typmod(value: str, typmod: int, explicit: bool) -> str:
    if typmod <= 0 or len(value) <= typmod:
        return value
    if not explicit:
        raise PgError(STRING_DATA_LENGTH_MISMATCH,
                      f"bit string too long for type bit varying({typmod})")
    return value[:typmod]


def _to_bytes(value: str) -> bytes:
    if not value:
        return b""
    padded = value.ljust((len(value) + 7) // 8 * 8, "0")
    return int(padded, 2).to_bytes(len(padded) // 8, "big")


def _from_bytes(count: int, data: bytes) -> str:
    if count == 0:
        return ""
    return format(int.from_bytes(data, "big"), f"0{len(data) * 8}b")[:count]


def bit_send(value: str) -> bytes:
    return _WIRE_LEN.pack(len(value)) + _to_bytes(value)


def bit_receive(data: bytes, typmod: int = -1) -> str:
    count = _WIRE_LEN.unpack_from(data)[0]
    if count < 0 or len(data) - 4 != (count + 7) // 8:
        raise PgError("22P03", "invalid length in external bit string")
    return _from_bytes(count, bytes(data[4:]))


def bit_pack(value: str) -> bytes:
    return _DISK_LEN.pack(len(value)) + _to_bytes(value)


def bit_unpack(data: bytes) -> str:
    return _from_bytes(_DISK_LEN.unpack_from(data)[0], bytes(data[4:]))


# ---------------------------------------------------------------- operators

def _bitwise(verb: str, combine):
    def apply(a: str, b: str) -> str:
        if len(a) != len(b):
            raise PgError(STRING_DATA_LENGTH_MISMATCH, f"cannot {verb} bit strings of different sizes")
        if not a:
            return ""
        return format(combine(int(a, 2), int(b, 2)), f"0{len(a)}b")
    return apply


bit_and = _bitwise("AND", lambda x, y: x & y)
bit_or = _bitwise("OR", lambda x, y: x | y)
bit_xor = _bitwise("XOR", lambda x, y: x ^ y)


def bit_not(value: str) -> str:
    return value.translate(str.maketrans("01", "10"))


def bit_shift_left(value: str, shift: int) -> str:
    if shift < 0:
        return bit_shift_right(value, -shift)
    shift = min(shift, len(value))
    return value[shift:] + "0" * shift


def bit_shift_right(value: str, shift: int) -> str:
    if shift < 0:
        return bit_shift_left(value, -shift)
    shift = min(shift, len(value))
    return "0" * shift + value[:len(value) - shift]


def bit_concat(a: str, b: str) -> str:
    return a + b


# ---------------------------------------------------------------- functions

def bit_length(value: str) -> int:
    return len(value)


def bit_octet_length(value: str) -> int:
    return (len(value) + 7) // 8


def bit_count(value: str) -> int:
    return value.count("1")


def _check_index(value: str, n: int) -> None:
    if n < 0 or n >= len(value):
        raise PgError(ARRAY_SUBSCRIPT_ERROR,
                      f"bit index {n} out of valid range (0..{len(value) - 1})")


def bit_get(value: str, n: int) -> int:
    _check_index(value, n)
    return int(value[n])


def bit_set(value: str, n: int, new: int) -> str:
    _check_index(value, n)
    if new not in (0, 1):
        raise PgError(INVALID_PARAMETER_VALUE, "new bit must be 0 or 1")
    return value[:n] + str(new) + value[n + 1:]


def bit_position(value: str, sub: str) -> int:
    if not sub:
        return 0
    return value.find(sub) + 1


def bit_substring(value: str, start: int, length: int | None = None) -> str:
    if length is not None and length < 0:
        raise PgError(SUBSTRING_ERROR, "negative substring length not allowed")
    begin = max(start, 1) - 1
    end = len(value) if length is None else max(start + length - 1, 0)
    return value[begin:end] if end > begin else ""


def bit_overlay(value: str, placing: str, start: int, length: int | None = None) -> str:
    if length is None:
        length = len(placing)
    if start <= 0:
        raise PgError(SUBSTRING_ERROR, "negative substring length not allowed")
    return bit_substring(value, 1, start - 1) + placing + bit_substring(value, start + length)


# ---------------------------------------------------------------- integer casts

def int_to_bit(value: int, typmod: int, width: int) -> str:
    """bitfromint4/bitfromint8: the low `typmod` bits, sign-extended past `width`."""
    length = typmod if typmod > 0 else 1
    unsigned = value & ((1 << width) - 1)
    bits = format(unsigned, f"0{width}b")
    if length <= width:
        return bits[width - length:]
    return ("1" if value < 0 else "0") * (length - width) + bits


def bit_to_int(value: str, width: int) -> int:
    if len(value) > width:
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE,
                      "integer out of range" if width == 32 else "bigint out of range")
    if not value:
        return 0
    unsigned = int(value, 2)
    return unsigned - (1 << width) if unsigned >= 1 << (width - 1) else unsigned
