"""float4 (real) and float8 (double precision): I/O, storage and checked arithmetic.

Entry points: float8_input, float4_input, float8_output, float4_output, the binary and
storage routines, round_to_float4, check_float_result, float_div, float_mod_error.

Output follows PostgreSQL with extra_float_digits >= 1 (the default): the shortest text
that reads back to the same value, printed in plain notation when the decimal exponent is
in [-4, 15) for float8 ([-4, 6) for float4) and otherwise as d.ddde+XX; the special values
are 'NaN', 'Infinity', '-Infinity' and negative zero prints '-0'.

PostgreSQL: utils/adt/float.c (float8in_internal, float8out_internal, float4in,
check_float8_val, float8div), common/d2s.c, f2s.c (shortest output).
"""
from __future__ import annotations

import math
import re
import struct

from pgsnake.utils import settings
from pgsnake.utils.errors import (PgError, INVALID_TEXT_REPRESENTATION,
                                  NUMERIC_VALUE_OUT_OF_RANGE, DIVISION_BY_ZERO)

_FLOAT_TEXT = re.compile(
    r"[ \t\n\r\f\v]*([+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
    r"|inf|infinity|nan))[ \t\n\r\f\v]*\Z", re.IGNORECASE)
_F4 = struct.Struct("<f")
_F8 = struct.Struct("<d")
_F4_BE = struct.Struct(">f")
_F8_BE = struct.Struct(">d")
FLOAT4_MAX = 3.4028234663852886e38


def _parse(text: str, sql_name: str) -> tuple[float, str]:
    match = _FLOAT_TEXT.match(text)
    if match is None:
        raise PgError(INVALID_TEXT_REPRESENTATION,
                      f'invalid input syntax for type {sql_name}: "{text}"')
    body = match.group(1)
    return float(body), body


def _mantissa_is_zero(body: str) -> bool:
    mantissa = re.split(r"[eE]", body)[0]
    return not any(ch in "123456789" for ch in mantissa)


def float8_input(text: str, typmod: int = -1) -> float:
    value, body = _parse(text, "double precision")
    lowered = body.lower().lstrip("+-")
    if lowered not in ("inf", "infinity", "nan"):
        if math.isinf(value) or (value == 0.0 and not _mantissa_is_zero(body)):
            raise PgError(NUMERIC_VALUE_OUT_OF_RANGE,
                          f'"{text}" is out of range for type double precision')
    return value


def round_to_float4(value: float) -> float:
    """The nearest float4, as a Python float (raises OverflowError past FLOAT4_MAX)."""
    return _F4.unpack(_F4.pack(value))[0]


def float4_input(text: str, typmod: int = -1) -> float:
    value, body = _parse(text, "real")
    lowered = body.lower().lstrip("+-")
    if lowered in ("inf", "infinity", "nan"):
        return value
    try:
        result = round_to_float4(value) if not math.isinf(value) else math.inf
    except OverflowError:
        result = math.inf
    if math.isinf(result) or (result == 0.0 and not _mantissa_is_zero(body)):
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, f'"{text}" is out of range for type real')
    return result


def _format_shortest(digits: str, exponent: int, negative: bool, plain_limit: int) -> str:
    """digits: significant digits without leading/trailing zeros ('15'); exponent: the
    decimal exponent of the first digit (1.5 -> 0)."""
    sign = "-" if negative else ""
    if exponent < -4 or exponent >= plain_limit:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{mantissa}e{'-' if exponent < 0 else '+'}{abs(exponent):02d}"
    if exponent < 0:
        return f"{sign}0.{'0' * (-exponent - 1)}{digits}"
    if len(digits) <= exponent + 1:
        return sign + digits + "0" * (exponent + 1 - len(digits))
    return f"{sign}{digits[:exponent + 1]}.{digits[exponent + 1:]}"


def _split_scientific(text: str) -> tuple[str, int]:
    mantissa, _, exp = text.partition("e")
    digits = mantissa.replace(".", "").lstrip("-")
    exponent = int(exp) if exp else 0
    stripped = digits.lstrip("0")
    exponent -= len(digits) - len(stripped) if stripped else 0
    return stripped.rstrip("0") or "0", exponent


def _special(value: float) -> str | None:
    if value != value:
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0.0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    return None


def _extra_float_digits() -> int:
    try:
        return settings.get("extra_float_digits")
    except Exception:
        return 1


def float8_output(value: float) -> str:
    special = _special(value)
    if special is not None:
        return special
    extra = _extra_float_digits()
    if extra > 0:
        digits, exponent = _split_scientific(_repr_to_sci(abs(value)))
        return _format_shortest(digits, exponent, value < 0, 15)
    return _general_format(value, 15 + extra)


def _repr_to_sci(value: float) -> str:
    text = repr(value)
    if "e" in text:
        return text
    integer, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    if integer != "0":
        return f"{integer[0]}.{integer[1:]}{fraction}e{len(integer) - 1}"
    stripped = fraction.lstrip("0")
    return f"{stripped[0]}.{stripped[1:]}e-{len(fraction) - len(stripped) + 1}"


def float4_output(value: float) -> str:
    special = _special(value)
    if special is not None:
        return special
    extra = _extra_float_digits()
    if extra > 0:
        for precision in range(1, 10):
            text = f"{abs(value):.{precision - 1}e}"
            if round_to_float4(float(text)) == abs(value):
                break
        digits, exponent = _split_scientific(text)
        return _format_shortest(digits, exponent, value < 0, 6)
    return _general_format(value, 6 + extra)


def _general_format(value: float, precision: int) -> str:
    """printf %.*g, as PostgreSQL prints floats when extra_float_digits <= 0."""
    text = f"{value:.{max(precision, 1)}g}"
    if "e" in text:
        mantissa, exp = text.split("e")
        return f"{mantissa}e{exp[0]}{int(exp[1:]):02d}"
    return text


def float8_send(value: float) -> bytes:
    return _F8_BE.pack(value)


def float8_receive(data: bytes, typmod: int = -1) -> float:
    return _F8_BE.unpack(data)[0]


def float4_send(value: float) -> bytes:
    return _F4_BE.pack(value)


def float4_receive(data: bytes, typmod: int = -1) -> float:
    return _F4_BE.unpack(data)[0]


def float8_pack(value: float) -> bytes:
    return _F8.pack(value)


def float8_unpack(data) -> float:
    return _F8.unpack(data)[0]


def float4_pack(value: float) -> bytes:
    return _F4.pack(value)


def float4_unpack(data) -> float:
    return _F4.unpack(data)[0]


# ---- arithmetic ----

def check_float_result(result: float, left: float, right: float, *, zero_ok: bool,
                       is_float4: bool = False) -> float:
    """Overflow: an infinite result from finite inputs. Underflow: a zero result where
    zero is not a possible exact answer (multiplication/division of nonzero values)."""
    if is_float4 and not math.isinf(result) and result == result:
        try:
            result = round_to_float4(result)
        except OverflowError:
            result = math.copysign(math.inf, result)
    if math.isinf(result) and not math.isinf(left) and not math.isinf(right):
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: overflow")
    if result == 0.0 and not zero_ok:
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: underflow")
    return result


def float_add(left: float, right: float, is_float4: bool = False) -> float:
    try:
        result = left + right
    except OverflowError:  # pragma: no cover - Python float addition does not raise
        result = math.inf
    return check_float_result(result, left, right, zero_ok=True, is_float4=is_float4)


def float_sub(left: float, right: float, is_float4: bool = False) -> float:
    return check_float_result(left - right, left, right, zero_ok=True, is_float4=is_float4)


def float_mul(left: float, right: float, is_float4: bool = False) -> float:
    return check_float_result(left * right, left, right,
                              zero_ok=(left == 0.0 or right == 0.0), is_float4=is_float4)


def float_div(left: float, right: float, is_float4: bool = False) -> float:
    if right == 0.0:
        if left != left:
            return math.nan              # NaN / 0 is NaN (float8div)
        raise PgError(DIVISION_BY_ZERO, "division by zero")
    if math.isinf(right) and not math.isinf(left) and left == left:
        return 0.0 if (left >= 0) == (right > 0) else -0.0
    result = left / right
    return check_float_result(result, left, right,
                              zero_ok=(left == 0.0 or math.isinf(right)), is_float4=is_float4)
