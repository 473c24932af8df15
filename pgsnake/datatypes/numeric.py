"""numeric: arbitrary precision decimal values held as decimal.Decimal.

Entry points: numeric_input, numeric_output, numeric_send/receive, numeric_pack/unpack,
apply_numeric_typmod, make_numeric_typmod, and the arithmetic used by operators and
functions (numeric_add/sub/mul/div/mod, numeric_round, numeric_trunc, numeric_sqrt,
numeric_power, numeric_exp, numeric_ln, numeric_to_integer, float_to_numeric, dscale_of).

Invariants (every Decimal this module returns satisfies them):
 1. A finite value's exponent is -dscale with dscale >= 0 (the display scale PostgreSQL
    keeps): '1.50' stays '1.50', '1e2' becomes '100'.
 2. There is no negative zero; NaN and +-Infinity are the only special values.
 3. Division and square root are computed exactly with integers and rounded half away
    from zero at the result scale that PostgreSQL would choose (select_div_scale), so no
    double rounding can occur.

PostgreSQL: utils/adt/numeric.c (numeric_in, numeric_out, numeric_send, numeric_recv,
make_result, apply_typmod, select_div_scale, numeric_sqrt, power_var, numeric_int4).
"""
from __future__ import annotations

import decimal
import math
import re
import struct
import sys
from decimal import Decimal

from pgsnake.utils.errors import (PgError, INVALID_TEXT_REPRESENTATION,
                                  NUMERIC_VALUE_OUT_OF_RANGE, DIVISION_BY_ZERO,
                                  FEATURE_NOT_SUPPORTED, INVALID_BINARY_REPRESENTATION)

# numeric values reach 131072 digits before the point (and their unscaled integers
# more): lift Python's guard on int <-> decimal string conversion of long integers
sys.set_int_max_str_digits(0)

# Exact arithmetic: enough digits for PostgreSQL's numeric range (131072 digits before the
# point, 16383 after); libmpdec only uses as many as a result needs.
EXACT = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN,
                        rounding=decimal.ROUND_HALF_UP, traps=[decimal.InvalidOperation])
NAN = Decimal("NaN")
POS_INF = Decimal("Infinity")
NEG_INF = Decimal("-Infinity")

NUMERIC_MIN_SIG_DIGITS = 16
NUMERIC_MAX_DISPLAY_SCALE = 1000
NUMERIC_MAX_PRECISION = 1000
DEC_DIGITS = 4

_NUMERIC_TEXT = re.compile(
    r"[ \t\n\r\f\v]*(?:([+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)"
    r"|([+-]?)(nan|inf|infinity))[ \t\n\r\f\v]*\Z", re.IGNORECASE)


def make(unscaled: int, dscale: int) -> Decimal:
    """The Decimal unscaled * 10**-dscale (dscale >= 0), without negative zero.

    Built from the integer's decimal text: Decimal(str) is linear, while Decimal(int)
    and per-digit tuples are quadratic or slow for the 131072-digit values numeric
    allows."""
    if unscaled == 0:
        return Decimal((0, (0,), -dscale))
    return Decimal(f"{unscaled}E-{dscale}")


def normalize(value: Decimal) -> Decimal:
    """Enforce invariants 1 and 2."""
    if not value.is_finite():
        return NAN if value.is_nan() else value
    exponent = value.as_tuple().exponent
    if exponent > 0:
        value = value.quantize(Decimal(1), context=EXACT)
    if value.is_zero() and value.is_signed():
        value = value.copy_abs()
    return value


# PostgreSQL's numeric holds at most 131072 digits before the point (base-10000 weight
# NUMERIC_WEIGHT_MAX 32767) and 16383 after it (NUMERIC_DSCALE_MAX).
NUMERIC_MAX_INTEGER_DIGITS = 131072
NUMERIC_DSCALE_MAX = 16383


def check_range(value: Decimal) -> Decimal:
    """make_result's check: a result beyond numeric's range is 22003."""
    if value.is_finite() and not value.is_zero() and (
            value.adjusted() >= NUMERIC_MAX_INTEGER_DIGITS
            or -value.as_tuple().exponent > NUMERIC_DSCALE_MAX):
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "value overflows numeric format")
    return value


def dscale_of(value: Decimal) -> int:
    return -value.as_tuple().exponent if value.is_finite() else 0


def _coefficient_text(value: Decimal) -> str:
    """The digits of value * 10**dscale (finite value), without sign, as text."""
    text = format(value.copy_abs(), "f")
    return text.replace(".", "").lstrip("0") or "0"


def _unscaled(value: Decimal) -> int:
    """value * 10**dscale as an int."""
    n = int(_coefficient_text(value))
    return -n if value.is_signed() else n


def numeric_input(text: str, typmod: int = -1) -> Decimal:
    match = _NUMERIC_TEXT.match(text)
    if match is None:
        raise PgError(INVALID_TEXT_REPRESENTATION,
                      f'invalid input syntax for type numeric: "{text}"')
    if match.group(1) is not None:
        body = match.group(1)
        if "e" in body.lower():
            mantissa, exponent_text = re.split("[eE]", body)
            exponent = int(exponent_text)
            # set_var_from_str: |exponent| >= INT_MAX / 2 overflows; short of that, a
            # non-zero value this far out (or any value with so many fractional digits)
            # cannot be stored either. Refused before Decimal builds it.
            fraction_digits = len(mantissa.partition(".")[2])
            if abs(exponent) >= (2 ** 31 - 1) // 2 or fraction_digits - exponent > 16383 or \
                    exponent > 1000 + 131072 and mantissa.strip("0.+-"):
                raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "value overflows numeric format")
            if exponent > 1000 + 131072:
                body = "0"              # a zero so far out: no fractional digits left
        value = Decimal(body)
        value = check_range(normalize(value))
    else:
        word = match.group(3).lower()
        if word == "nan":
            if match.group(2):
                raise PgError(INVALID_TEXT_REPRESENTATION,
                              f'invalid input syntax for type numeric: "{text}"')
            value = NAN
        else:
            value = NEG_INF if match.group(2) == "-" else POS_INF
    if typmod >= 4:
        value = apply_numeric_typmod(value, typmod)
    return value


def numeric_output(value: Decimal) -> str:
    if value.is_nan():
        return "NaN"
    if value.is_infinite():
        return "-Infinity" if value < 0 else "Infinity"
    return format(value, "f")


def make_numeric_typmod(precision: int, scale: int = 0) -> int:
    if precision < 1 or precision > NUMERIC_MAX_PRECISION:
        raise PgError("22023", f"NUMERIC precision {precision} must be between 1 and 1000")
    if scale < -1000 or scale > 1000:
        # PostgreSQL 15: a scale below zero or above the precision is allowed
        raise PgError("22023", f"NUMERIC scale {scale} must be between -1000 and 1000")
    return ((precision << 16) | (scale & 0x7FF)) + 4


def typmod_precision_scale(typmod: int) -> tuple[int, int]:
    """(precision, scale): the scale is an 11-bit two's complement number."""
    typmod -= 4
    return (typmod >> 16) & 0xFFFF, ((typmod & 0x7FF) ^ 1024) - 1024


def round_half_away(value: Decimal, scale: int) -> Decimal:
    """Round to `scale` digits after the point (scale may be negative); result dscale is
    max(scale, 0)."""
    quantum = Decimal((0, (1,), -scale))
    result = value.quantize(quantum, rounding=decimal.ROUND_HALF_UP, context=EXACT)
    return normalize(result)


def apply_numeric_typmod(value: Decimal, typmod: int) -> Decimal:
    if typmod < 4:
        return value
    precision, scale = typmod_precision_scale(typmod)
    if value.is_nan():
        return value
    if value.is_infinite():
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "numeric field overflow",
                      detail=f"A field with precision {precision}, scale {scale} "
                             "cannot hold an infinite value.")
    value = round_half_away(value, scale)
    max_digits_before = precision - scale
    if not value.is_zero() and value.adjusted() >= max_digits_before:
        limit = f"10^{max_digits_before}" if max_digits_before else "1"
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "numeric field overflow",
                      detail=f"A field with precision {precision}, scale {scale} must "
                             f"round to an absolute value less than {limit}.")
    return value


# ---- base-10000 digit form (PostgreSQL's NumericVar) ----

def to_base10000(value: Decimal) -> tuple[list[int], int, int, int]:
    """(digits, weight, sign, dscale) with leading and trailing zero digits stripped;
    zero is ([], 0, 0x0000, dscale). sign: 0x0000 positive, 0x4000 negative.

    Works on the value's decimal text, four characters a digit, so a value of 131072
    digits converts in linear time."""
    dscale = dscale_of(value)
    if value.is_zero():
        return [], 0, 0x0000, dscale
    sign = 0x4000 if value.is_signed() else 0x0000
    integer, _, fraction = format(value.copy_abs(), "f").partition(".")
    integer = integer.lstrip("0")
    integer = "0" * (-len(integer) % DEC_DIGITS) + integer
    fraction = fraction + "0" * (-len(fraction) % DEC_DIGITS)
    text = integer + fraction
    digits = [int(text[i:i + DEC_DIGITS]) for i in range(0, len(text), DEC_DIGITS)]
    weight = len(integer) // DEC_DIGITS - 1
    leading = 0
    while digits[leading] == 0:
        leading += 1
    weight -= leading
    end = len(digits)
    while digits[end - 1] == 0:
        end -= 1
    return digits[leading:end], weight, sign, dscale


def from_base10000(digits, weight: int, sign: int, dscale: int) -> Decimal:
    """The value of a NumericVar's digits; digits below dscale (absent in a well-formed
    value) are dropped, toward zero."""
    if not any(digits):
        return Decimal((0, (0,), -dscale))
    text = "".join([f"{digit:04d}" for digit in digits])
    exponent = (weight - len(digits) + 1) * DEC_DIGITS
    value = Decimal(f"{'-' if sign == 0x4000 else ''}{text}E{exponent}")
    return normalize(value.quantize(Decimal((0, (1,), -dscale)),
                                    rounding=decimal.ROUND_DOWN, context=EXACT))


_SPECIAL_HEADER = {0xC000: NAN, 0xD000: POS_INF, 0xF000: NEG_INF}


def _special_header(value: Decimal) -> int:
    if value.is_nan():
        return 0xC000
    return 0xD000 if value > 0 else 0xF000


def numeric_send(value: Decimal) -> bytes:
    if not value.is_finite():
        return struct.pack(">hhHh", 0, 0, _special_header(value), 0)
    digits, weight, sign, dscale = to_base10000(value)
    return struct.pack(f">hhHh{len(digits)}h", len(digits), weight, sign, dscale, *digits)


def numeric_receive(data: bytes, typmod: int = -1) -> Decimal:
    if len(data) < 8:
        raise PgError(INVALID_BINARY_REPRESENTATION, "insufficient data left in message")
    ndigits, weight, sign, dscale = struct.unpack_from(">hhHh", data)
    if sign in _SPECIAL_HEADER:
        value = _SPECIAL_HEADER[sign]
    else:
        if sign not in (0x0000, 0x4000):
            raise PgError(INVALID_BINARY_REPRESENTATION, "invalid sign in external \"numeric\" value")
        digits = struct.unpack_from(f">{ndigits}h", data, 8)
        if any(d < 0 or d >= 10000 for d in digits):
            raise PgError(INVALID_BINARY_REPRESENTATION, "invalid digit in external \"numeric\" value")
        value = from_base10000(digits, weight, sign, dscale)
    return apply_numeric_typmod(value, typmod) if typmod >= 4 else value


def numeric_pack(value: Decimal) -> bytes:
    """PostgreSQL's on-disk numeric (without the varlena header): the 2-byte short form
    when dscale <= 63 and -64 <= weight <= 63, else the 4-byte long form; special values
    are a 2-byte header alone."""
    if not value.is_finite():
        return struct.pack("<H", _special_header(value))
    digits, weight, sign, dscale = to_base10000(value)
    if dscale <= 0x3F and -64 <= weight <= 63:
        header = 0x8000 | (0x2000 if sign == 0x4000 else 0) | (dscale << 7)
        header |= (0x0040 if weight < 0 else 0) | (weight & 0x3F)
        return struct.pack(f"<H{len(digits)}h", header, *digits)
    return struct.pack(f"<Hh{len(digits)}h", sign | (dscale & 0x3FFF), weight, *digits)


def numeric_unpack(data) -> Decimal:
    data = bytes(data)
    header = struct.unpack_from("<H", data)[0]
    if header & 0xC000 == 0xC000:
        return _SPECIAL_HEADER[header & 0xF000]
    if header & 0x8000:
        sign = 0x4000 if header & 0x2000 else 0x0000
        dscale = (header & 0x1F80) >> 7
        weight = (header & 0x3F) - (64 if header & 0x0040 else 0)
        offset = 2
    else:
        sign = header & 0xC000
        dscale = header & 0x3FFF
        weight = struct.unpack_from("<h", data, 2)[0]
        offset = 4
    count = (len(data) - offset) // 2
    digits = struct.unpack_from(f"<{count}h", data, offset)
    return from_base10000(digits, weight, sign, dscale)


# ---- arithmetic ----

def _special_arith(op: str, left: Decimal, right: Decimal) -> Decimal:
    if left.is_nan() or right.is_nan():
        return NAN
    try:
        return {"+": EXACT.add, "-": EXACT.subtract, "*": EXACT.multiply}[op](left, right)
    except decimal.InvalidOperation:
        return NAN


def numeric_add(left: Decimal, right: Decimal) -> Decimal:
    if left.is_finite() and right.is_finite():
        return check_range(normalize(EXACT.add(left, right)))
    return _special_arith("+", left, right)


def numeric_sub(left: Decimal, right: Decimal) -> Decimal:
    if left.is_finite() and right.is_finite():
        return check_range(normalize(EXACT.subtract(left, right)))
    return _special_arith("-", left, right)


def numeric_mul(left: Decimal, right: Decimal) -> Decimal:
    if left.is_finite() and right.is_finite():
        product = normalize(EXACT.multiply(left, right))
        if dscale_of(product) > NUMERIC_DSCALE_MAX:
            # the exact product rounded to the most fraction digits numeric can hold
            # (numeric_mul_opt_error's round_var after an exact mul_var)
            product = round_half_away(product, NUMERIC_DSCALE_MAX)
        return check_range(product)
    return _special_arith("*", left, right)


def select_div_scale(left: Decimal, right: Decimal) -> int:
    digits1, weight1, _, dscale1 = to_base10000(left)
    digits2, weight2, _, dscale2 = to_base10000(right)
    first1 = digits1[0] if digits1 else 0
    first2 = digits2[0] if digits2 else 0
    qweight = weight1 - weight2
    if first1 <= first2:
        qweight -= 1
    rscale = NUMERIC_MIN_SIG_DIGITS - qweight * DEC_DIGITS
    rscale = max(rscale, dscale1, dscale2, 0)
    return min(rscale, NUMERIC_MAX_DISPLAY_SCALE)


def _divide_rounded(numerator: int, denominator: int) -> int:
    """numerator/denominator rounded half away from zero."""
    quotient, remainder = divmod(abs(numerator), abs(denominator))
    if 2 * remainder >= abs(denominator):
        quotient += 1
    return -quotient if (numerator < 0) != (denominator < 0) else quotient


def div_at_scale(left: Decimal, right: Decimal, rscale: int) -> Decimal:
    """left / right rounded half away from zero to rscale digits (finite, right != 0)."""
    s1, s2 = dscale_of(left), dscale_of(right)
    numerator = _unscaled(left) * 10 ** (rscale + s2)
    denominator = _unscaled(right) * 10 ** s1
    return make(_divide_rounded(numerator, denominator), rscale)


def numeric_div(left: Decimal, right: Decimal) -> Decimal:
    if left.is_nan() or right.is_nan():
        return NAN
    if right.is_finite() and right.is_zero():
        raise PgError(DIVISION_BY_ZERO, "division by zero")
    if left.is_infinite():
        if right.is_infinite():
            return NAN
        return POS_INF if (left > 0) == (right > 0) else NEG_INF
    if right.is_infinite():
        return Decimal(0)
    if not left.is_zero() and left.adjusted() - right.adjusted() - 1 >= NUMERIC_MAX_INTEGER_DIGITS:
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "value overflows numeric format")
    return check_range(div_at_scale(left, right, select_div_scale(left, right)))


def numeric_div_trunc(left: Decimal, right: Decimal) -> Decimal:
    """div(): the integer part of the quotient (truncated toward zero)."""
    if left.is_nan() or right.is_nan():
        return NAN
    if right.is_finite() and right.is_zero():
        raise PgError(DIVISION_BY_ZERO, "division by zero")
    if not left.is_finite() or not right.is_finite():
        return numeric_div(left, right) if left.is_infinite() and right.is_finite() else (
            NAN if left.is_infinite() else Decimal(0))
    return normalize(EXACT.divide_int(left, right))


def numeric_mod(left: Decimal, right: Decimal) -> Decimal:
    if left.is_nan() or right.is_nan():
        return NAN
    if right.is_finite() and right.is_zero():
        raise PgError(DIVISION_BY_ZERO, "division by zero")
    if left.is_infinite():
        return NAN
    if right.is_infinite():
        return left
    return normalize(EXACT.remainder(left, right))


def numeric_round(value: Decimal, scale: int = 0) -> Decimal:
    if not value.is_finite():
        return value
    # numeric_round's limits: the digits a numeric can hold after the point, and
    # before it plus one (the leading digit may round up, then the result overflows)
    scale = max(min(scale, NUMERIC_DSCALE_MAX), -(NUMERIC_MAX_INTEGER_DIGITS + 1))
    if scale < 0 and -scale > value.adjusted() + 1:
        return Decimal(0)            # every digit is below the rounding position
    return check_range(round_half_away(value, scale))


def numeric_trunc(value: Decimal, scale: int = 0) -> Decimal:
    if not value.is_finite():
        return value
    quantum = Decimal((0, (1,), -scale))
    return normalize(value.quantize(quantum, rounding=decimal.ROUND_DOWN, context=EXACT))


def numeric_ceil(value: Decimal) -> Decimal:
    if not value.is_finite():
        return value
    return normalize(value.quantize(Decimal(1), rounding=decimal.ROUND_CEILING, context=EXACT))


def numeric_floor(value: Decimal) -> Decimal:
    if not value.is_finite():
        return value
    return normalize(value.quantize(Decimal(1), rounding=decimal.ROUND_FLOOR, context=EXACT))


def numeric_abs(value: Decimal) -> Decimal:
    return value if value.is_nan() else value.copy_abs()


def numeric_neg(value: Decimal) -> Decimal:
    return value if value.is_nan() else normalize(value.copy_negate())


def numeric_sign(value: Decimal) -> Decimal:
    if value.is_nan():
        return NAN
    return Decimal(0) if value.is_zero() else Decimal(1 if value > 0 else -1)


def numeric_sqrt(value: Decimal) -> Decimal:
    if value.is_nan():
        return NAN
    if value < 0:
        raise PgError("2201F", "cannot take square root of a negative number")
    if value.is_infinite():
        return value
    _, weight, _, dscale = to_base10000(value)
    # C integer division truncates toward zero.
    sweight = int((weight + 1) * DEC_DIGITS / 2) - 1
    rscale = max(NUMERIC_MIN_SIG_DIGITS - sweight, dscale, 0)
    return sqrt_at_scale(value, min(rscale, NUMERIC_MAX_DISPLAY_SCALE))


def min_scale(value: Decimal) -> int | None:
    """The fewest fraction digits that hold the value exactly (min_scale())."""
    if not value.is_finite():
        return None
    digits = _coefficient_text(value)
    if digits == "0":
        return 0
    return max(dscale_of(value) - (len(digits) - len(digits.rstrip("0"))), 0)


def trim_scale(value: Decimal) -> Decimal:
    """The value with its trailing fraction zeros dropped (trim_scale())."""
    if not value.is_finite():
        return value
    return normalize(value.quantize(Decimal((0, (1,), -min_scale(value))), context=EXACT))


def sqrt_at_scale(value: Decimal, rscale: int) -> Decimal:
    """The square root of a finite value >= 0, rounded half up to rscale digits
    (sqrt_var's rounding)."""
    n = _unscaled(value) * 10 ** (2 * rscale - dscale_of(value))
    root = math.isqrt(n)
    if n - root * root > root:
        root += 1
    return make(root, rscale)


def _is_integral(value: Decimal) -> bool:
    return value == value.to_integral_value(context=EXACT)


def numeric_power(base: Decimal, exponent: Decimal) -> Decimal:
    if base.is_nan() or exponent.is_nan():
        return Decimal(1) if (not base.is_nan() and base == 1) or \
            (not exponent.is_nan() and exponent.is_zero()) else NAN
    if not base.is_finite() or not exponent.is_finite():
        return _power_infinite(base, exponent)
    if base.is_zero() and exponent < 0:
        raise PgError("2201F", "zero raised to a negative power is undefined")
    if base < 0 and not _is_integral(exponent):
        raise PgError("2201F", "a negative number raised to a non-integer power yields a complex result")
    if _is_integral(exponent) and -(1 << 31) <= exponent < 1 << 31:     # an int32
        return check_range(_power_integer(base, int(exponent)))
    if base.is_zero():
        return _power_zero_base(exponent)
    if base < 0:
        # an integral exponent beyond int32: |base| ** exponent, negative when it is odd
        magnitude = numeric_power(-base, exponent)
        return -magnitude if int(exponent) % 2 == 1 else magnitude
    # ln(result), roughly: beyond about e**6020 the result overflows, below its inverse it
    # is zero (PostgreSQL's power_var test, NUMERIC_MAX_RESULT_SCALE * 3.01); checked
    # before computing anything, so a huge exponent fails (or vanishes) at once.
    ln_result = float(exponent) * _ln_abs(base)
    if not math.isfinite(ln_result):
        # an exponent beyond float range on a base next to 1: exp * ln(base) in decimal
        rough = decimal.Context(prec=40, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)
        ln_result = float(rough.multiply(exponent, rough.ln(abs(base))))
    if abs(ln_result) > NUMERIC_MAX_RESULT_SCALE * 3.01:
        if ln_result > 0:
            raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "value overflows numeric format")
        return make(0, NUMERIC_MAX_DISPLAY_SCALE)
    estimate = float(exponent) * math.log10(float(base))
    if not math.isfinite(estimate):
        estimate = max(min(ln_result * 0.434294481903252, NUMERIC_MAX_RESULT_SCALE),
                       -NUMERIC_MAX_RESULT_SCALE)
    rscale = NUMERIC_MIN_SIG_DIGITS - int(estimate)
    rscale = max(rscale, dscale_of(base), dscale_of(exponent), 0)
    rscale = min(rscale, NUMERIC_MAX_DISPLAY_SCALE)
    return _transcendental(lambda ctx: ctx.power(base, exponent), rscale, estimate)


def _power_infinite(base: Decimal, exponent: Decimal) -> Decimal:
    """numeric_power with an infinite operand (POSIX pow()'s rules, with PostgreSQL's
    errors for a zero base and a negative exponent, and -Inf to a non-integer)."""
    if base.is_zero() and exponent < 0:
        raise PgError("2201F", "zero raised to a negative power is undefined")
    if exponent.is_infinite():
        if base.is_finite():
            magnitude = abs(base)
            if magnitude == 1:
                return Decimal(1)
            greater = magnitude > 1
        else:
            greater = True
        return POS_INF if greater == (exponent > 0) else Decimal(0)
    if base > 0:                                # +Inf ** finite
        return POS_INF if exponent > 0 else Decimal(0) if exponent < 0 else Decimal(1)
    if exponent.is_zero():                      # -Inf ** finite
        return Decimal(1)
    if not _is_integral(exponent):
        raise PgError("2201F", "a negative number raised to a non-integer power yields a "
                      "complex result")
    odd = int(exponent) % 2 == 1
    if exponent > 0:
        return NEG_INF if odd else POS_INF
    return Decimal(0)


NUMERIC_MAX_RESULT_SCALE = NUMERIC_MAX_PRECISION * 2


def _ln_abs(value: Decimal) -> float:
    """ln|value| for any finite non-zero Decimal (float() of it could overflow)."""
    exponent = value.adjusted()
    return math.log(float(value.copy_abs().scaleb(-exponent))) + exponent * math.log(10)


def _power_zero_base(exponent: Decimal) -> Decimal:
    if exponent < 0:
        raise PgError("2201F", "zero raised to a negative power is undefined")
    rscale = max(NUMERIC_MIN_SIG_DIGITS, dscale_of(exponent))
    return make(0 if exponent > 0 else 10 ** rscale, min(rscale, NUMERIC_MAX_DISPLAY_SCALE))


def _power_integer(base: Decimal, e: int) -> Decimal:
    """base ** e for an int32 exponent (power_var_int): exact when the exact result is
    small, else computed to the digits the result scale needs; an estimate of the
    result's decimal weight first rejects overflow and returns zero on underflow."""
    rscale = min(max(NUMERIC_MIN_SIG_DIGITS, dscale_of(base), 0), NUMERIC_MAX_DISPLAY_SCALE)
    if base.is_zero():
        if e < 0:
            raise PgError("2201F", "zero raised to a negative power is undefined")
        return round_half_away(Decimal(0 if e else 1), rscale)
    weight = e * _ln_abs(base) / math.log(10)       # log10 |result|
    if weight > 3 * 32767 * DEC_DIGITS:
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "value overflows numeric format")
    if weight + 1 < -rscale:
        return make(0, rscale)
    digits = len(base.as_tuple().digits)
    if abs(e) * digits <= 100_000:
        if e >= 0:
            return round_half_away(EXACT.power(base, e), rscale)
        denominator = EXACT.power(base, -e)
        return div_at_scale(Decimal(1), normalize(denominator), rscale)
    precision = max(int(weight), 0) + rscale + 40
    ctx = decimal.Context(prec=precision, rounding=decimal.ROUND_HALF_EVEN,
                          Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)
    return round_half_away(ctx.power(base, e), rscale)


def _transcendental(compute, rscale: int, log10_result: float = 0.0) -> Decimal:
    """compute(ctx) with enough digits for the integer part (about log10_result digits)
    and rscale decimals, rounded half away from zero to rscale."""
    ctx = decimal.Context(prec=max(int(log10_result), 0) + rscale + 40, rounding=decimal.ROUND_HALF_EVEN,
                          Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)
    return round_half_away(compute(ctx), rscale)


def numeric_exp(value: Decimal) -> Decimal:
    if not value.is_finite():
        return NAN if value.is_nan() else (value if value > 0 else Decimal(0))
    if abs(value) >= NUMERIC_MAX_RESULT_SCALE * 3:
        # exp_var's early test: overflow, or a zero at the largest display scale
        if value > 0:
            raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "value overflows numeric format")
        return make(0, NUMERIC_MAX_DISPLAY_SCALE)
    estimate = float(value) * 0.434294481903252
    rscale = NUMERIC_MIN_SIG_DIGITS - int(estimate)
    rscale = min(max(rscale, dscale_of(value), 0), NUMERIC_MAX_DISPLAY_SCALE)
    return check_range(_transcendental(lambda ctx: ctx.exp(value), rscale, estimate))


def _ln_dweight(value: Decimal) -> int:
    """estimate_ln_dweight: the decimal weight of ln(value) as PostgreSQL estimates it
    (from value - 1 near 1; else from a double, truncated toward zero)."""
    if value <= 0:
        return 0
    if Decimal("0.9") <= value <= Decimal("1.1"):
        near_one = value - 1
        return 0 if near_one.is_zero() else near_one.adjusted()
    exponent = value.adjusted()
    mantissa = float(value.scaleb(-exponent))
    ln_value = math.log(mantissa) + exponent * 2.302585092994046
    return int(math.log10(abs(ln_value))) if ln_value != 0 else 0


def numeric_ln(value: Decimal) -> Decimal:
    if value.is_nan():
        return NAN
    if value <= 0:
        message = ("cannot take logarithm of zero" if value.is_zero()
                   else "cannot take logarithm of a negative number")
        raise PgError("2201E", message)
    if value.is_infinite():
        return value
    rscale = NUMERIC_MIN_SIG_DIGITS - _ln_dweight(value)
    rscale = min(max(rscale, dscale_of(value), 0), NUMERIC_MAX_DISPLAY_SCALE)
    return _transcendental(lambda ctx: ctx.ln(value), rscale)


def numeric_log(base: Decimal, value: Decimal) -> Decimal:
    if base.is_nan() or value.is_nan():
        return NAN                      # before the sign checks, as numeric_log does
    for arg in (base, value):
        if arg <= 0:
            raise PgError("2201E", "cannot take logarithm of zero" if arg.is_zero()
                          else "cannot take logarithm of a negative number")
    if base.is_infinite():
        # log(Inf, Inf) is Inf / Inf: NaN; log(Inf, x) is zero (no underflow error)
        return NAN if value.is_infinite() else Decimal(0)
    if value.is_infinite():
        return POS_INF                  # log(finite, Inf)
    if base == 1:
        raise PgError(DIVISION_BY_ZERO, "division by zero")
    dweight = _ln_dweight(value) - _ln_dweight(base)      # log_var's result_dweight
    rscale = NUMERIC_MIN_SIG_DIGITS - dweight
    rscale = min(max(rscale, dscale_of(base), dscale_of(value), 0), NUMERIC_MAX_DISPLAY_SCALE)
    return _transcendental(lambda ctx: ctx.divide(ctx.ln(value), ctx.ln(base)), rscale)


def numeric_factorial(n: int) -> Decimal:
    if n < 0:
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "factorial of a negative number is undefined")
    if n > 32177:        # 32178! has more than 131072 digits
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "value overflows numeric format")
    return Decimal(math.factorial(n))


def numeric_lcm(a: Decimal, b: Decimal) -> Decimal:
    """The least common multiple at the larger of the two display scales."""
    if not a.is_finite() or not b.is_finite():
        return NAN
    scale = max(dscale_of(a), dscale_of(b))
    x, y = int(a.scaleb(scale)), int(b.scaleb(scale))
    if x == 0 or y == 0:
        return make(0, scale)
    return check_range(make(abs(x // math.gcd(x, y) * y), scale))


# ---- conversions ----

_INT_NAMES = {21: "smallint", 23: "integer", 20: "bigint"}
_INT_LIMITS = {21: 1 << 15, 23: 1 << 31, 20: 1 << 63}


def numeric_to_integer(value: Decimal, type_oid: int) -> int:
    if value.is_nan():
        raise PgError(FEATURE_NOT_SUPPORTED, f"cannot convert NaN to {_INT_NAMES[type_oid]}")
    if value.is_infinite():
        raise PgError(FEATURE_NOT_SUPPORTED,
                      f"cannot convert infinity to {_INT_NAMES[type_oid]}")
    result = int(value.quantize(Decimal(1), rounding=decimal.ROUND_HALF_UP, context=EXACT))
    limit = _INT_LIMITS[type_oid]
    if result < -limit or result >= limit:
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, f"{_INT_NAMES[type_oid]} out of range")
    return result


def float_to_numeric(value: float, significant_digits: int = 15) -> Decimal:
    """float8 -> numeric keeps DBL_DIG (15) significant digits, float4 FLT_DIG (6)."""
    if value != value:
        return NAN
    if math.isinf(value):
        return POS_INF if value > 0 else NEG_INF
    return normalize(Decimal(f"{value:.{significant_digits}g}"))


def numeric_to_float(value: Decimal) -> float:
    """numeric -> float8 goes through the text form in PostgreSQL, so a value beyond
    float8's range fails as float8 input would (22003), instead of becoming Infinity."""
    if value.is_nan():
        return math.nan
    if value.is_infinite():
        return float(value)
    result = float(value)
    if math.isinf(result) or (result == 0.0 and not value.is_zero()):
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE,
                      f'"{numeric_output(value)}" is out of range for type double precision')
    return result
