"""Setting values: text to value and back, exactly as PostgreSQL parses and shows them.

    parse_bool(text)                       on/off/true/false/yes/no/1/0 and their prefixes
    parse_integer(text, unit)              C strtol (hex, octal) or strtod, then a unit
    parse_real(text, unit)                 C strtod, then a unit
    format_integer(value, unit)            '64MB', '1500ms', '-1' (the largest exact unit)
    format_real(value, unit)               '1500us', '0.1' (%g, the largest exact unit)
    range_error(name, value, lo, hi, unit) PostgreSQL's 22023 "... is outside the valid range"
    quote_identifier(name)                 for list settings that quote their elements

The parsers return (value, hint) and raise nothing: a value of None means "invalid", and
the caller builds the error with the hint (a unit hint, "Value exceeds integer range.", or
none), as guc.c's parse_and_validate_value does. A number with a unit is converted to the
setting's base unit, rounding a fractional value to the next smaller unit first ("1.5s"
for a millisecond setting is 1500 ms; "100.5kB" for a kB setting is 100 kB); integers are
then rounded half to even (C's rint).

Units: memory B, kB, MB, GB, TB (1024-based) and time us, ms, s, min, h, d, case-sensitive,
at most one space before them and any whitespace after. Base units are the ones
pg_settings.unit shows: B, kB, MB, 8kB (pages), ms, s, min.

PostgreSQL: utils/misc/guc.c (parse_int, parse_real, convert_to_base_unit,
convert_int_from_base_unit, convert_real_from_base_unit), utils/adt/bool.c
(parse_bool_with_len), utils/adt/ruleutils.c (quote_identifier).
"""
from __future__ import annotations

import math
import re
import sys

MEMORY_HINT = 'Valid units for this parameter are "B", "kB", "MB", "GB", and "TB".'
TIME_HINT = 'Valid units for this parameter are "us", "ms", "s", "min", "h", and "d".'
INTEGER_RANGE_HINT = "Value exceeds integer range."

INT_MIN, INT_MAX = -2**31, 2**31 - 1
_KB = 1024.0

# For each base unit, the units a value may be written in, largest first, with their size
# in the base unit (PostgreSQL's memory_unit_conversion_table and time_unit_conversion_table).
_MEMORY_SIZES_IN_BYTES = (("TB", _KB**4), ("GB", _KB**3), ("MB", _KB**2), ("kB", _KB), ("B", 1.0))
_TIME_SIZES_IN_MS = (("d", 86_400_000.0), ("h", 3_600_000.0), ("min", 60_000.0), ("s", 1000.0),
                     ("ms", 1.0), ("us", 0.001))
_BASE_BYTES = {"B": 1.0, "kB": _KB, "MB": _KB**2, "8kB": 8 * _KB}
_BASE_MS = {"ms": 1.0, "s": 1000.0, "min": 60_000.0}

UNIT_TABLES: dict[str, tuple[tuple[str, float], ...]] = {}
for _base, _size in _BASE_BYTES.items():
    UNIT_TABLES[_base] = tuple((name, bytes_ / _size) for name, bytes_ in _MEMORY_SIZES_IN_BYTES)
for _base, _size in _BASE_MS.items():
    UNIT_TABLES[_base] = tuple((name, ms / _size) for name, ms in _TIME_SIZES_IN_MS)

_SPACE = " \t\n\v\f\r"
_MAX_UNIT_LEN = 3


def is_memory_unit(unit: str | None) -> bool:
    return unit in _BASE_BYTES


def unit_hint(unit: str) -> str:
    return MEMORY_HINT if is_memory_unit(unit) else TIME_HINT


# ---- booleans ---------------------------------------------------------------------------

def parse_bool(text: str) -> bool | None:
    """True/False, or None if `text` is not a Boolean (no whitespace is trimmed)."""
    low = text.lower()
    n = len(low)
    if n == 0:
        return None
    if low[0] in "tf" and (n <= 4 if low[0] == "t" else n <= 5):
        return True if "true".startswith(low) else (False if "false".startswith(low) else None)
    if low[0] == "y" and "yes".startswith(low):
        return True
    if low[0] == "n" and "no".startswith(low):
        return False
    if low[0] == "o" and n >= 2:
        if low == "on":
            return True
        if "off".startswith(low):
            return False
        return None
    if low == "1":
        return True
    if low == "0":
        return False
    return None


# ---- numbers as C reads them ------------------------------------------------------------

def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] in _SPACE:
        i += 1
    return i


def _strtol(text: str) -> tuple[int, int, bool]:
    """C strtol(text, &end, 0): (value, end index, overflowed). end 0 = no number."""
    i = _skip_space(text, 0)
    sign = 1
    if i < len(text) and text[i] in "+-":
        sign = -1 if text[i] == "-" else 1
        i += 1
    base, digits = 10, "0123456789"
    if text[i:i + 2].lower() == "0x" and i + 2 < len(text) and text[i + 2] in "0123456789abcdefABCDEF":
        base, digits, i = 16, "0123456789abcdefABCDEF", i + 2
    elif text[i:i + 1] == "0":
        base, digits = 8, "01234567"
    start = i
    while i < len(text) and text[i] in digits:
        i += 1
    if i == start:
        return 0, 0, False
    value = sign * int(text[start:i], base)
    overflow = not (-2**63 <= value < 2**63)
    return value, i, overflow


_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_HEX_FLOAT = re.compile(r"[+-]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d+)?")
_SPECIAL = re.compile(r"[+-]?(?:infinity|inf|nan)", re.IGNORECASE)


def _strtod(text: str) -> tuple[float, int, bool]:
    """C strtod(text, &end): (value, end index, out of range). end 0 = no number.
    Out of range covers overflow and results too small for a normal double."""
    i = _skip_space(text, 0)
    m = _SPECIAL.match(text, i)
    if m:
        return float(m.group()), m.end(), False
    m = _HEX_FLOAT.match(text, i)
    if m:
        literal = m.group()
        value = float.fromhex(literal if "p" in literal.lower() else literal + "p0")
        mantissa = re.split("[pP]", literal.lstrip("+-")[2:])[0]
    else:
        m = _DECIMAL.match(text, i)
        if not m:
            return 0.0, 0, False
        literal = m.group()
        value = float(literal)
        mantissa = re.split("[eE]", literal.lstrip("+-"))[0]
    nonzero = any(ch not in "0." for ch in mantissa)
    erange = math.isinf(value) or (nonzero and abs(value) < sys.float_info.min)
    return value, m.end(), erange


def _convert_to_base_unit(value: float, rest: str, base_unit: str) -> float | None:
    """`value` written in the unit at the start of `rest`, in `base_unit`; None if `rest`
    is not one known unit followed only by whitespace."""
    end = 0
    while end < len(rest) and rest[end] not in _SPACE:
        end += 1
    unit = rest[:end]
    if len(unit) > _MAX_UNIT_LEN or rest[_skip_space(rest, end):]:
        return None
    table = UNIT_TABLES[base_unit]
    for index, (name, size) in enumerate(table):
        if name == unit:
            converted = value * size
            if index + 1 < len(table):
                # A fraction such as "30.1GB" rounds to a whole number of the next
                # smaller unit, as PostgreSQL does.
                smaller = table[index + 1][1]
                converted = _rint(converted / smaller) * smaller
            return converted
    return None


def _rint(x: float) -> float:
    """C rint(): round half to even (Python's round does the same for floats)."""
    return float(round(x)) if math.isfinite(x) else x


def parse_integer(text: str, unit: str | None) -> tuple[int | None, str | None]:
    """(value in the base unit, None) or (None, hint-or-None) for an invalid value."""
    value, end, overflow = _strtol(text)
    number: float = value
    # Re-read as a float only where strtol stopped at a decimal point or exponent (with
    # no digits, it stopped at the very start), or overflowed: " .5" and "inf" stay invalid.
    if text[end:end + 1] in (".", "e", "E") or overflow:
        number, end, erange = _strtod(text)
        if erange:
            return None, None
    if end == 0:
        return None, None
    if math.isnan(number):
        return None, None
    rest = text[_skip_space(text, end):]
    if rest:
        if unit is None:
            return None, None
        converted = _convert_to_base_unit(float(number), rest, unit)
        if converted is None:
            return None, unit_hint(unit)
        number = converted
    if isinstance(number, float):
        number = _rint(number)
        if not math.isfinite(number):
            return None, INTEGER_RANGE_HINT
    if number > INT_MAX or number < INT_MIN:
        return None, INTEGER_RANGE_HINT
    return int(number), None


def parse_real(text: str, unit: str | None) -> tuple[float | None, str | None]:
    number, end, erange = _strtod(text)
    if end == 0 or erange or math.isnan(number):
        return None, None
    rest = text[_skip_space(text, end):]
    if rest:
        if unit is None:
            return None, None
        converted = _convert_to_base_unit(number, rest, unit)
        if converted is None:
            return None, unit_hint(unit)
        number = converted
    return number, None


# ---- numbers as SHOW prints them ---------------------------------------------------------

def format_g(value: float) -> str:
    """C's %g as PostgreSQL's snprintf prints it (infinities spelled out)."""
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if math.isnan(value):
        return "NaN"
    return "%g" % value


def format_integer(value: int, unit: str | None) -> str:
    if unit is None or value <= 0:
        return str(value)
    for name, size in UNIT_TABLES[unit]:
        if size <= 1.0 or value % int(size) == 0:
            return f"{int(_rint(value / size))}{name}"
    return str(value)


def format_real(value: float, unit: str | None) -> str:
    if unit is None or not value > 0:
        return format_g(value)
    shown, name = value, unit
    for name, size in UNIT_TABLES[unit]:
        shown = value / size
        if shown > 0 and abs(_rint(shown) / shown - 1.0) <= 1e-8:
            break
    return f"{format_g(shown)}{name}"


def range_error_message(name: str, vartype: str, value: float, lo: float, hi: float,
                        unit: str | None) -> str:
    suffix = f" {unit}" if unit else ""
    if vartype == "integer":
        return (f'{int(value)}{suffix} is outside the valid range for parameter "{name}" '
                f"({int(lo)} .. {int(hi)})")
    return (f'{format_g(value)}{suffix} is outside the valid range for parameter "{name}" '
            f"({format_g(lo)} .. {format_g(hi)})")


# ---- identifiers in list settings --------------------------------------------------------

_SAFE_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*\Z")


def _quoted_keywords() -> frozenset[str]:
    from pglast import keywords
    return frozenset(keywords.RESERVED_KEYWORDS | keywords.COL_NAME_KEYWORDS
                     | keywords.TYPE_FUNC_NAME_KEYWORDS)


_KEYWORDS_TO_QUOTE: frozenset[str] | None = None


def quote_identifier(name: str) -> str:
    """Double-quote `name` unless it is a lower-case identifier that is not a keyword
    (an unreserved keyword needs no quotes), as PostgreSQL's quote_identifier does."""
    global _KEYWORDS_TO_QUOTE
    if _SAFE_IDENTIFIER.match(name):
        if _KEYWORDS_TO_QUOTE is None:
            _KEYWORDS_TO_QUOTE = _quoted_keywords()
        if name not in _KEYWORDS_TO_QUOTE:
            return name
    return '"' + name.replace('"', '""') + '"'
