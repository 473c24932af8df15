"""money: a signed 64-bit count of cents, printed as lc_monetary 'C' prints it ($1,234.56).

The Python value is an int (cents). Text input accepts an optional sign (leading '-' or
'+', or parentheses), a '$', digits with ',' group separators anywhere, and a '.' with up
to two decimals (a third digit rounds half up); output is '$' + groups of three + '.' +
two decimals, '-' first when negative. Binary form big-endian int64, on disk little
endian (typbyval, 8 bytes). Only the C locale's symbols are supported: pgsnake always
runs with lc_monetary 'C'.

Entry points: money_input, money_output, money_send, money_receive, money_pack,
money_unpack, the arithmetic helpers (money_add, money_mul_int, money_mul_float,
money_div_int, money_div_float, money_div_money), money_to_numeric, numeric_to_money,
int_to_money, cash_words.

PostgreSQL: utils/adt/cash.c (cash_in, cash_out, cash_pl, cash_mul_flt8, cash_div_int4,
cash_numeric, numeric_cash, int8_cash, cash_words).
"""
from __future__ import annotations

import math
import struct
from decimal import Decimal

from pgsnake.datatypes import floats, numeric
from pgsnake.utils.errors import (DIVISION_BY_ZERO, FEATURE_NOT_SUPPORTED,
                                  INVALID_TEXT_REPRESENTATION, NUMERIC_VALUE_OUT_OF_RANGE,
                                  PgError)

MIN, MAX = -(1 << 63), (1 << 63) - 1
_WIRE = struct.Struct(">q")
_DISK = struct.Struct("<q")


def _out_of_range() -> PgError:
    return PgError(NUMERIC_VALUE_OUT_OF_RANGE, "money out of range")


def _check(value: int) -> int:
    if value < MIN or value > MAX:
        raise _out_of_range()
    return value


def money_input(text: str, typmod: int = -1) -> int:
    def syntax_error():
        return PgError(INVALID_TEXT_REPRESENTATION, f'invalid input syntax for type money: "{text}"')

    def range_error():
        return PgError(NUMERIC_VALUE_OUT_OF_RANGE,
                       f'value "{text}" is out of range for type money')

    s, i, negative = text, 0, False

    def skip_spaces(i):
        while i < len(s) and s[i].isspace():
            i += 1
        return i
    i = skip_spaces(i)
    if s[i:i + 1] == "(":
        negative, i = True, i + 1
    i = skip_spaces(i)
    if s[i:i + 1] == "$":
        i = skip_spaces(i + 1)
    if s[i:i + 1] == "-":
        negative, i = True, i + 1
        if s[i:i + 1] == "(":
            i += 1
    elif s[i:i + 1] == "+":
        i += 1
    i = skip_spaces(i)
    if s[i:i + 1] == "$":
        i = skip_spaces(i + 1)
    value, decimals, seen_dot = 0, 0, False
    while i < len(s):
        ch = s[i]
        if ch.isdigit() and (not seen_dot or decimals < 2):
            value = value * 10 + int(ch)
            if seen_dot:
                decimals += 1
            if value > -MIN:
                raise range_error()
        elif ch == "." and not seen_dot:
            seen_dot = True
        elif ch != ",":
            break
        i += 1
    if i < len(s) and s[i].isdigit() and s[i] >= "5":
        value += 1   # a third decimal rounds half up (away from zero)
    while i < len(s) and s[i].isdigit():
        i += 1
    value *= 10 ** (2 - decimals)
    while i < len(s):
        if s[i].isspace() or s[i] == ")":
            i += 1
        elif s[i] == "-":
            negative, i = True, i + 1
        elif s[i] in "+$":
            i += 1
        else:
            raise syntax_error()
    value = -value if negative else value
    if value < MIN or value > MAX:
        raise range_error()
    return value


def money_output(value: int) -> str:
    digits = f"{abs(value):03d}"
    whole, cents = digits[:-2], digits[-2:]
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return ("-" if value < 0 else "") + "$" + ",".join(groups) + "." + cents


def money_send(value: int) -> bytes:
    return _WIRE.pack(value)


def money_receive(data: bytes, typmod: int = -1) -> int:
    return _WIRE.unpack(data)[0]


def money_pack(value: int) -> bytes:
    return _DISK.pack(value)


def money_unpack(data: bytes) -> int:
    return _DISK.unpack(data)[0]


# ---------------------------------------------------------------- arithmetic

def money_add(left: int, right: int) -> int:
    return _check(left + right)


def money_sub(left: int, right: int) -> int:
    return _check(left - right)


def money_neg(value: int) -> int:
    return _check(-value)


def money_mul_int(cents: int, factor: int) -> int:
    return _check(cents * factor)


def _rint(value: float) -> int:
    if value != value or math.isinf(value):
        raise _out_of_range()
    result = round(value)   # round half to even, as rint() does
    return _check(result)


def money_mul_float(cents: int, factor: float) -> int:
    # the product is float8_mul's (its overflow error), then rounded into money
    return _rint(floats.float_mul(float(cents), factor))


def money_div_float(cents: int, divisor: float) -> int:
    if divisor == 0:
        raise PgError(DIVISION_BY_ZERO, "division by zero")
    return _rint(floats.float_div(float(cents), divisor))


def money_div_int(cents: int, divisor: int) -> int:
    if divisor == 0:
        raise PgError(DIVISION_BY_ZERO, "division by zero")
    quotient = abs(cents) // abs(divisor)          # C division truncates toward zero
    return _check(quotient if (cents >= 0) == (divisor > 0) else -quotient)


def money_div_money(left: int, right: int) -> float:
    if right == 0:
        raise PgError(DIVISION_BY_ZERO, "division by zero")
    return left / right


def money_to_numeric(cents: int) -> Decimal:
    return numeric.make(cents, 2)


def numeric_to_money(value: Decimal) -> int:
    if value.is_nan():
        raise PgError(FEATURE_NOT_SUPPORTED, "cannot convert NaN to bigint")
    if value.is_infinite():
        raise PgError(FEATURE_NOT_SUPPORTED, "cannot convert infinity to bigint")
    cents = numeric.numeric_round(value * 100, 0)
    if cents < MIN or cents > MAX:
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "bigint out of range")
    return int(cents)


def int_to_money(value: int) -> int:
    value *= 100
    if value < MIN or value > MAX:
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "bigint out of range")
    return value


# ---------------------------------------------------------------- cash_words

_SMALL = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
          "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
          "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty",
          "seventy", "eighty", "ninety")


def _tens(n: int) -> str:
    return _SMALL[18 + n]      # 2 -> twenty, 3 -> thirty, ...


def _words_below_1000(value: int) -> str:
    """PostgreSQL's wording: 'one hundred and fifteen', 'one hundred twenty', ..."""
    rest = value % 100
    if value <= 20:
        return _SMALL[value]
    if not rest:
        return f"{_SMALL[value // 100]} hundred"
    if rest % 10 == 0 and rest > 10:
        tail = _tens(rest // 10)
    elif rest < 20:
        tail = _SMALL[rest]
    else:
        tail = f"{_tens(rest // 10)} {_SMALL[rest % 10]}"
    if value > 99:
        joiner = " and " if rest < 20 and not (rest % 10 == 0 and rest > 10) else " "
        return f"{_SMALL[value // 100]} hundred{joiner}{tail}"
    return tail


def cash_words(cents: int) -> str:
    """The amount in English words, as cash_words() writes it (for cheque printing),
    including its spacing: each scale word is followed by a space."""
    text = "minus " if cents < 0 else ""
    amount = abs(cents)
    dollars = amount // 100
    body = ""
    for divisor, name in ((10 ** 15, "quadrillion"), (10 ** 12, "trillion"),
                          (10 ** 9, "billion"), (10 ** 6, "million"), (10 ** 3, "thousand")):
        count = dollars // divisor % 1000
        if count:
            body += f"{_words_below_1000(count)} {name} "
    if dollars % 1000:
        body += _words_below_1000(dollars % 1000)
    text += body or "zero"
    text += " dollar and " if dollars == 1 else " dollars and "
    rest = amount % 100
    text += _words_below_1000(rest) + (" cent" if rest == 1 else " cents")
    return text[0].upper() + text[1:]
