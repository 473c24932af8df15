"""Built-in SQL functions: PostgreSQL's OIDs and signatures (catalog_facts.PROCS) with
Python implementations, a registry that higher layers extend, and resolution by name and
argument types.

Entry points: resolve_function(name, arg_types, *, schema=None, arg_names=None,
exact_name=None) -> Function;
set_user_function_lookup(candidates, by_oid) (CREATE FUNCTION's functions, installed by
pl/function_manager.py); function_by_oid(oid); registered(name, arg_types); register(name, arg_types,
result_type, fn, *, oid=0, strict=True, volatility='v', extension=None); version_string();
register_schema_resolver(schema, resolver, functions) (built-in functions of another
schema: information_schema's helpers, found only by a qualified call);
set_extension_check(check): functions registered with `extension=` resolve only while
check(extension) is true (contrib/ installs it: the extension is created in this database).

A strict function is not called when an argument is NULL (the caller returns NULL);
`concat` is variadic over "any" and receives (type_oid, value) pairs.

PostgreSQL: parser/parse_func.c (func_get_detail, func_select_candidate),
utils/adt/varlena.c, oracle_compat.c, numeric.c, float.c, int.c, timestamp.c, date.c,
version.c.
"""
from __future__ import annotations

import dataclasses
import hashlib
import math
from decimal import Decimal
from typing import Any, Callable

from pgsnake.datatypes import (character, clock, datetime_types as dtt, floats, integers,
                               numeric, registry)
from pgsnake.datatypes import (polymorphic_binding, scalar_facts, scalar_types, text_format,
                               user_type_facts)
from pgsnake.datatypes.catalog_facts import PROCS
from pgsnake.datatypes.type_coercion import (AmbiguousCandidates, chosen_function,
                                           select_candidate)
from pgsnake.utils.errors import (PgError, UNDEFINED_FUNCTION, AMBIGUOUS_FUNCTION,
                                  FEATURE_NOT_SUPPORTED, INVALID_PARAMETER_VALUE,
                                  NUMERIC_VALUE_OUT_OF_RANGE, DIVISION_BY_ZERO)

VERSION = ("PostgreSQL 15.18 (pgsnake 0.1.0) on x86_64-pc-linux-gnu, "
           "compiled by Python 3.11, 64-bit")


@dataclasses.dataclass(frozen=True, slots=True)
class Function:
    oid: int
    name: str
    arg_types: tuple[int, ...]
    result_type: int
    fn: Callable[..., Any]
    strict: bool = True
    volatility: str = "i"
    variadic: bool = False
    # A set-returning function (proretset) yields rows; `out_columns` names and types
    # them when it returns a record (its OUT parameters), and `rows` is prorows, the
    # planner's estimate of how many.
    returns_set: bool = False
    out_columns: tuple = ()
    rows: float = 0.0
    # prosupport's row estimate: rows_support(argument values, NOT_CONSTANT where the
    # planner does not know one) -> rows or None
    rows_support: Callable[..., Any] | None = None
    # The extension (contrib module) the function belongs to, or None for a built-in:
    # such a function resolves only where that extension is created (the hook below).
    extension: str | None = None
    # A polymorphic user function bound to one call's argument types (arg_types are then
    # the bound ones): its declared parameter types, which candidate ranking compares
    # (func_select_candidate ranks declared types, anyelement matching nothing exactly).
    declared_types: tuple | None = None
    # Another function of the same schema takes the same arguments once defaults or
    # VARIADIC spread them (FuncnameGetCandidates' InvalidOid mark): chosen, it is 42725.
    ambiguous: bool = False


def version_string() -> str:
    return VERSION


# ---------------------------------------------------------------- implementations

def _substr(text, start, length=None):
    if length is not None and length < 0:
        raise PgError("22011", "negative substring length not allowed")
    begin = start - 1
    end = None if length is None else begin + length
    begin = max(begin, 0)
    if end is not None:
        end = max(end, 0)
    return text[begin:end]


def _trim_chars(chars: str):
    return lambda value, what=" ": value.strip(what)


def _left(text, n):
    return text[:n] if n >= 0 else text[:max(len(text) + n, 0)]


def _right(text, n):
    if n >= 0:
        return text[len(text) - n:] if n else ""
    return text[-n:]


# MaxAllocSize less the varlena header, and UTF-8's longest character: lpad / rpad / repeat
# refuse results PostgreSQL could not allocate (54000) instead of building them.
_MAX_TEXT_BYTES = 0x3fffffff - 4
_MAX_CHAR_BYTES = 4


def _too_long() -> PgError:
    return PgError("54000", "requested length too large")


def _repeat(text, n):
    if n > 0 and n * len(text.encode("utf-8")) > _MAX_TEXT_BYTES:
        raise _too_long()
    return text * max(n, 0)


def _strpos(text, sub):
    return text.find(sub) + 1


def _int_abs(type_oid):
    return lambda v: integers.check_range(abs(v), type_oid)


def _int_mod(type_oid):
    return lambda a, b: integers.int_mod(a, b, type_oid)


def _float_round(v):
    # rint / trunc / ceil / floor keep the sign of zero: round(-0.4) is -0
    return v if math.isinf(v) or v != v else math.copysign(float(round(v)), v)


def _float_trunc(v):
    # rint / trunc / ceil / floor keep the sign of zero: round(-0.4) is -0
    return v if math.isinf(v) or v != v else math.copysign(float(math.trunc(v)), v)


def _float_ceil(v):
    # rint / trunc / ceil / floor keep the sign of zero: round(-0.4) is -0
    return v if math.isinf(v) or v != v else math.copysign(float(math.ceil(v)), v)


def _float_floor(v):
    # rint / trunc / ceil / floor keep the sign of zero: round(-0.4) is -0
    return v if math.isinf(v) or v != v else math.copysign(float(math.floor(v)), v)


def _float_sqrt(v):
    if v < 0:
        raise PgError("2201F", "cannot take square root of a negative number")
    return math.sqrt(v)


def _float_power(a, b):
    from pgsnake.datatypes.operators import _float_power as power
    return power(a, b)


def _float_ln(v):
    if v == 0:
        raise PgError("2201E", "cannot take logarithm of zero")
    if v < 0:
        raise PgError("2201E", "cannot take logarithm of a negative number")
    return math.log(v)


def _float_log10(v):
    return _float_ln(v) and math.log10(v)


def _float_degrees(v):
    """degrees / radians: float_overflow_check and float_underflow_check, as PostgreSQL."""
    result = math.degrees(v)
    if math.isinf(result) and not math.isinf(v):
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: overflow")
    return result


def _float_radians(v):
    result = math.radians(v)
    if result == 0.0 and v != 0.0:
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: underflow")
    return result


def _float_exp(v):
    try:
        result = math.exp(v)
    except OverflowError:
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: overflow") from None
    if result == 0.0 and not math.isinf(v):
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: underflow")
    return result


def _float_sign(v):
    return 0.0 if v == 0 else (1.0 if v > 0 else -1.0) if v == v else v


def _concat(*typed_args):
    parts = []
    for type_oid, value in typed_args:
        if value is None:
            continue
        parts.append(value if isinstance(value, str) and type_oid != registry.BPCHAR
                     else registry.get_type(type_oid).output(value))
    return "".join(parts)


def _concat_ws(separator, *typed_args):
    if separator is None:
        return None
    parts = [registry.get_type(t).output(v) if not isinstance(v, str) else v
             for t, v in typed_args if v is not None]
    return separator.join(parts)


def _lpad(text, length, fill=" "):
    if length <= 0:
        return ""
    if _MAX_CHAR_BYTES * (length if fill else min(length, len(text))) > _MAX_TEXT_BYTES:
        raise _too_long()
    if len(text) >= length:
        return text[:length]
    if not fill:
        return text
    pad = (fill * length)[:length - len(text)]
    return pad + text


def _rpad(text, length, fill=" "):
    if length <= 0:
        return ""
    if _MAX_CHAR_BYTES * (length if fill else min(length, len(text))) > _MAX_TEXT_BYTES:
        raise _too_long()
    if len(text) >= length:
        return text[:length]
    if not fill:
        return text
    return text + (fill * length)[:length - len(text)]


def _split_part(text, delimiter, field):
    if field == 0:
        raise PgError(INVALID_PARAMETER_VALUE, "field position must not be zero")
    pieces = text.split(delimiter) if delimiter else [text]
    if field < 0:
        field = len(pieces) + field + 1
        if field <= 0:
            return ""
    return pieces[field - 1] if field <= len(pieces) else ""


_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_ASCII_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


def _database_ctype_is_c() -> bool:
    """The default collation's LC_CTYPE (the database's datctype, SHOW lc_ctype)."""
    from pgsnake.utils import locale_names, settings
    return locale_names.is_c(settings.get("lc_ctype") or "C")


database_ctype_is_c = _database_ctype_is_c


def _simple_upper(ch: str) -> str:
    """towupper: one character's single-character mapping, else itself ('ß')."""
    mapped = ch.upper()
    return mapped if len(mapped) == 1 else ch


def _simple_lower(ch: str) -> str:
    """towlower: the simple mapping. Python's lower() gives U+0130 (İ) its full
    mapping "i" + U+0307; UnicodeData's simple one (glibc's) is "i"."""
    mapped = ch.lower()
    return mapped if len(mapped) == 1 else mapped[0] if ch == "\u0130" else ch


def upper_in(text, c_ctype: bool):
    """upper() in a C ctype (asc_toupper: ASCII letters only) or a UTF-8 one (every
    character's simple mapping, as towupper)."""
    if c_ctype or text.isascii():
        return text.translate(_ASCII_UPPER)
    return "".join(map(_simple_upper, text))


def lower_in(text, c_ctype: bool):
    if c_ctype or text.isascii():
        return text.translate(_ASCII_LOWER)
    return "".join(map(_simple_lower, text))


def initcap_in(text, c_ctype: bool):
    """initcap(): a letter after a letter or digit is lowered, any other is raised; in
    the C ctype (asc_initcap) only ASCII letters change and count."""
    out, previous_alnum = [], False
    unicode = not c_ctype and not text.isascii()
    for ch in text:
        if unicode:
            ch = _simple_lower(ch) if previous_alnum else _simple_upper(ch)
            previous_alnum = ch.isalnum()
        else:
            ch = ch.translate(_ASCII_LOWER if previous_alnum else _ASCII_UPPER)
            previous_alnum = ch in _ASCII_ALNUM
        out.append(ch)
    return "".join(out)


def _upper(text):
    """upper() under the database's default collation."""
    return upper_in(text, _database_ctype_is_c())


def _lower(text):
    return lower_in(text, _database_ctype_is_c())


def _initcap(text):
    return initcap_in(text, _database_ctype_is_c())


CASE_MAPPINGS = {"upper": upper_in, "lower": lower_in, "initcap": initcap_in}


def _chr(code):
    if code < 0:
        raise PgError("22023", "character number must be positive")
    if code == 0:
        raise PgError("54000", "null character not permitted")
    if code > 0x10FFFF:
        raise PgError("54000", "requested character too large for encoding: %d" % code)
    if 0xD800 <= code <= 0xDFFF:            # a surrogate is not a UTF-8 character
        raise PgError("54000", "requested character not valid for encoding: %d" % code)
    return chr(code)


def _gcd(a, b):
    return math.gcd(a, b)


def _numeric_gcd(a: Decimal, b: Decimal) -> Decimal:
    """gcd(numeric, numeric): Euclid on the exact values, at the larger display scale;
    NaN or an infinity gives NaN."""
    if not (a.is_finite() and b.is_finite()):
        return Decimal("NaN")
    scale = max(numeric.dscale_of(a), numeric.dscale_of(b))
    factor = 10 ** scale
    x, y = abs(int(a * factor)), abs(int(b * factor))
    return numeric.make(math.gcd(x, y), scale)


def _numeric_round(v, scale=0):
    return numeric.numeric_round(v, scale)


def _numeric_trunc(v, scale=0):
    return numeric.numeric_trunc(v, scale)


def _numeric_log(*args):
    if len(args) == 1:
        return numeric.numeric_log(Decimal(10), args[0])
    return numeric.numeric_log(args[0], args[1])


def _int_div_numeric(a, b):
    return numeric.numeric_div_trunc(a, b)


def _width_bucket(operand, low, high, count):
    if count <= 0:
        raise PgError("2201G", "count must be greater than zero")
    values = (operand, low, high)
    if any(v.is_nan() if isinstance(v, Decimal) else v != v for v in values):
        raise PgError("2201G", "operand, lower bound, and upper bound cannot be NaN")
    if any(v.is_infinite() if isinstance(v, Decimal) else math.isinf(v) for v in (low, high)):
        raise PgError("2201G", "lower and upper bounds must be finite")
    if (operand >= high if low < high else operand <= high) and count == 2**31 - 1:
        raise PgError("22003", "integer out of range")
    if low == high:
        raise PgError("2201G", "lower bound cannot equal upper bound")
    if low < high:
        if operand < low:
            return 0
        if operand >= high:
            return count + 1
        return _bucket(operand - low, high - low, count, operand, low, high)
    if operand > low:
        return 0
    if operand <= high:
        return count + 1
    return _bucket(low - operand, low - high, count, -operand, -low, -high)


def _bucket(offset, width, count, operand, low, high) -> int:
    """The 1-based bucket of a value inside the bounds. Floats as PostgreSQL 15 computes
    it, count * offset / width + 1 in double precision, a NaN or out-of-range quotient
    converting to INT_MIN as the C cast does on x86; numerics exactly."""
    if isinstance(width, float):
        result = float(count) * offset / width + 1
        if result != result or not -2147483648.0 <= result < 2147483648.0:
            return -2147483648
        return int(result)
    return int(offset * count / width) + 1


# ---- date_part / extract ----

_UNIT_ALIASES = {
    "years": "year", "y": "year", "yr": "year", "yrs": "year",
    "months": "month", "mon": "month", "mons": "month",
    "days": "day", "d": "day", "hours": "hour", "h": "hour", "hr": "hour", "hrs": "hour",
    "minutes": "minute", "m": "minute", "min": "minute", "mins": "minute",
    "seconds": "second", "s": "second", "sec": "second", "secs": "second",
    "milliseconds": "milliseconds", "millisecond": "milliseconds", "ms": "milliseconds",
    "msec": "milliseconds", "microseconds": "microseconds", "microsecond": "microseconds",
    "us": "microseconds", "usec": "microseconds", "decades": "decade",
    "centuries": "century", "millennia": "millennium", "quarters": "quarter",
    "weeks": "week", "timezone_h": "timezone_hour", "timezone_m": "timezone_minute",
}


def _unit(name: str) -> str:
    key = name.strip().lower()
    return _UNIT_ALIASES.get(key, key)


def _datetime_fields(value, unit: str, type_name: str, has_time: bool) -> Decimal:
    """extract() result as numeric: seconds-based fields carry 6 decimals, like PG."""
    if unit in ("hour", "minute", "second", "milliseconds", "microseconds") and not has_time:
        raise PgError(FEATURE_NOT_SUPPORTED, f'unit "{unit}" not supported for type {type_name}')
    if unit == "epoch":
        if isinstance(value, dtt.dt.datetime):
            aware = value if value.tzinfo else value.replace(tzinfo=dtt.UTC)
            micros = (aware - dtt.dt.datetime(1970, 1, 1, tzinfo=dtt.UTC)) // dtt.ONE_USEC
            if micros > dtt.INT64_MAX:
                # PostgreSQL divides in numeric here, keeping 4 decimals before rounding
                # to 6 (timestamp_part_common: ts - epoch overflows int64)
                micros = (micros + 50) // 100 * 100
            return numeric.make(micros, 6)
        return Decimal((value - dtt.dt.date(1970, 1, 1)).days * 86400)
    if unit == "year":          # there is no year 0: astronomical 0 is 1 BC, i.e. -1
        return Decimal(value.year if value.year > 0 else value.year - 1)
    if unit == "month":
        return Decimal(value.month)
    if unit == "day":
        return Decimal(value.day)
    if unit == "quarter":
        return Decimal((value.month - 1) // 3 + 1)
    if unit == "dow":
        return Decimal(value.isoweekday() % 7)
    if unit == "isodow":
        return Decimal(value.isoweekday())
    if unit == "doy":
        return Decimal(value.timetuple().tm_yday)
    if unit == "week":
        return Decimal(value.isocalendar()[1])
    if unit == "isoyear":
        year = value.isocalendar()[0]
        return Decimal(year if year > 0 else year - 1)
    if unit == "decade":
        return Decimal(value.year // 10)
    if unit == "century":       # BC centuries count down from -1 (C division)
        year = value.year
        return Decimal((year + 99) // 100 if year > 0 else -((99 - (year - 1)) // 100))
    if unit == "millennium":
        year = value.year
        return Decimal((year + 999) // 1000 if year > 0 else -((999 - (year - 1)) // 1000))
    if unit == "julian":        # the Julian day, with the time as a fraction of a day
        day = Decimal(value.toordinal() + 1_721_425)
        if not has_time:
            return day
        usec = ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 \
            + value.microsecond
        return numeric.numeric_add(day, numeric.numeric_div(Decimal(usec),
                                                            Decimal(86_400_000_000)))
    if unit == "hour":
        return Decimal(value.hour)
    if unit == "minute":
        return Decimal(value.minute)
    if unit == "second":
        return numeric.make(value.second * 1_000_000 + value.microsecond, 6)
    if unit == "milliseconds":
        return numeric.make(value.second * 1_000_000 + value.microsecond, 3)
    if unit == "microseconds":
        return Decimal(value.second * 1_000_000 + value.microsecond)
    raise PgError(INVALID_PARAMETER_VALUE, f'unit "{unit}" not recognized for type {type_name}')


_ZONE_UNITS = {"timezone", "timezone_hour", "timezone_minute"}
_CALENDAR_UNITS = {"year", "month", "day", "quarter", "decade", "century", "millennium",
                   "dow", "doy", "isodow", "isoyear", "week", "julian"}


def _extract(type_oid: int):
    type_name = registry.format_type(type_oid)

    def extract(unit_name, value):
        unit = _unit(unit_name)
        if type_oid == registry.INTERVAL:
            return _interval_field(value, unit_name)
        if unit in _ZONE_UNITS or (type_oid == registry.TIME and unit in _CALENDAR_UNITS):
            # known units the type has no such field for (timestamptz's zone fields are
            # answered where the zone is known)
            if type_oid != registry.TIMESTAMPTZ or unit not in _ZONE_UNITS:
                raise PgError(FEATURE_NOT_SUPPORTED, f'unit "{unit_name.lower()}" not '
                                                     f'supported for type {type_name}')
            if dtt.is_infinite(value):
                return None
            local = value.astimezone(dtt.session_zone())
            offset = int(local.utcoffset().total_seconds())
            sign = -1 if offset < 0 else 1
            return Decimal({"timezone": offset,
                            "timezone_hour": sign * (abs(offset) // 3600),
                            "timezone_minute": sign * (abs(offset) // 60 % 60)}[unit])
        if type_oid == registry.TIME:
            if unit == "epoch":
                return numeric.make(dtt.time_to_usec(value), 6)
            return _datetime_fields(value, unit, type_name, True)
        if dtt.is_infinite(value):
            if unit in _MONOTONIC_UNITS:
                return numeric.POS_INF if value.year == 9999 else numeric.NEG_INF
            # NonFiniteTimestampTzPart: other fields of an infinity are NULL (a unit
            # the type does not take is still an error: tried on a finite value)
            finite = dtt.dt.date(2000, 1, 1) if type_oid == registry.DATE else \
                dtt.dt.datetime(2000, 1, 1, tzinfo=value.tzinfo)
            _datetime_fields(finite, unit, type_name, type_oid != registry.DATE)
            return None
        if type_oid == registry.TIMESTAMPTZ and unit != "epoch":
            value = value.astimezone(dtt.session_zone())
        return _datetime_fields(value, unit, type_name, type_oid != registry.DATE)
    return extract


def _interval_field(value: dtt.Interval, unit_name: str) -> Decimal:
    """interval_part: the unit is read as interval input reads unit words ('mins',
    'microsecon...'); a unit word an interval has no field for is 0A000, anything else
    22023."""
    from pgsnake.datatypes.interval_input import unit_of_word
    lowered = unit_name.lower()
    unit = unit_of_word(lowered)
    if unit is None:
        if lowered == "epoch":
            unit = "epoch"
        else:
            raise PgError(INVALID_PARAMETER_VALUE,
                          f'unit "{lowered}" not recognized for type interval')
    if unit == "epoch":
        years, months = divmod(value.months, 12)
        seconds_micro = (years * 36525 * 864 * 1_000_000 + months * 30 * 86400 * 1_000_000
                         + value.days * 86400 * 1_000_000 + value.microseconds)
        return numeric.make(seconds_micro, 6)
    years, months = dtt._c_divmod(value.months, 12)
    hours, rest = dtt._c_divmod(value.microseconds, 3600 * 1_000_000)
    minutes, rest = dtt._c_divmod(rest, 60 * 1_000_000)
    table = {"year": years, "month": months, "day": value.days, "hour": hours,
             "minute": minutes, "decade": dtt._c_divmod(years, 10)[0],
             "century": dtt._c_divmod(years, 100)[0],
             "millennium": dtt._c_divmod(years, 1000)[0],
             "quarter": dtt._c_divmod(months, 3)[0] + 1}
    if unit in table:
        return Decimal(table[unit])
    if unit == "second":
        return numeric.make(rest, 6)
    if unit == "millisecond":
        return numeric.make(rest, 3)
    if unit == "microsecond":
        return Decimal(rest)
    raise PgError(FEATURE_NOT_SUPPORTED, f'unit "{lowered}" not supported for type interval')


# The fields that grow with time: an infinite date or timestamp has them infinite.
_MONOTONIC_UNITS = {"year", "decade", "century", "millennium", "julian", "isoyear", "epoch"}


def _date_part(type_oid: int):
    extract = _extract(type_oid)

    def date_part(unit, value):
        field = extract(unit, value)
        return None if field is None else float(field)
    return date_part


def _with_fields(value, **fields):
    """value.replace(**fields) that may leave years 1..9999 (date_trunc of a BC decade)."""
    from pgsnake.datatypes import far_dates
    names = ("year", "month", "day", "hour", "minute", "second", "microsecond")
    return far_dates.make_datetime(*(fields.get(n, getattr(value, n)) for n in names),
                                   value.tzinfo)


_INTERVAL_TRUNC_ORDER = ("millennium", "century", "decade", "year", "quarter", "month",
                         "day", "hour", "minute", "second")


def _interval_trunc(unit_name, value: dtt.Interval) -> dtt.Interval:
    """date_trunc(text, interval): every field below the unit set to zero (quarter keeps
    whole quarters of the months); week is refused, months having fractional weeks."""
    from pgsnake.datatypes.interval_input import unit_of_word
    lowered = unit_name.lower()
    unit = unit_of_word(lowered)
    if unit is None:
        raise PgError(INVALID_PARAMETER_VALUE,
                      f'unit "{lowered}" not recognized for type interval')
    div = lambda a, b: dtt._c_divmod(a, b)[0]       # noqa: E731 - C's division
    years, months = dtt._c_divmod(value.months, 12)
    days, usec = value.days, value.microseconds
    if unit == "millisecond":
        usec = div(usec, 1000) * 1000
    elif unit in _INTERVAL_TRUNC_ORDER:
        hours, rest = dtt._c_divmod(usec, 3_600_000_000)
        minutes, rest = dtt._c_divmod(rest, 60_000_000)
        seconds, micro = dtt._c_divmod(rest, 1_000_000)
        for step in _INTERVAL_TRUNC_ORDER[_INTERVAL_TRUNC_ORDER.index(unit):]:
            if step == "millennium":
                years = div(years, 1000) * 1000
            elif step == "century":
                years = div(years, 100) * 100
            elif step == "decade":
                years = div(years, 10) * 10
            elif step == "year":
                months = 0
            elif step == "quarter":
                months = 3 * div(months, 3)
            elif step == "month":
                days = 0
            elif step == "day":
                hours = 0
            elif step == "hour":
                minutes = 0
            elif step == "minute":
                seconds = 0
            else:
                micro = 0
        usec = ((hours * 60 + minutes) * 60 + seconds) * 1_000_000 + micro
    elif unit != "microsecond":
        raise PgError(FEATURE_NOT_SUPPORTED,
                      f'unit "{lowered}" not supported for type interval',
                      detail="Months usually have fractional weeks." if unit == "week"
                      else None)
    return dtt.Interval(years * 12 + months, days, usec)


def _date_trunc(unit_name, value):
    unit = _unit(unit_name)
    if dtt.is_infinite(value):
        return value
    aware = value.tzinfo is not None
    local = value.astimezone(dtt.session_zone()).replace(tzinfo=None) if aware else value
    if unit == "microseconds":
        pass
    elif unit == "milliseconds":
        local = _with_fields(local, microsecond=local.microsecond // 1000 * 1000)
    else:
        order = ["second", "minute", "hour", "day", "month", "year"]
        if unit == "week":
            local = (local - dtt.dt.timedelta(days=local.weekday())).replace(
                hour=0, minute=0, second=0, microsecond=0)
        elif unit == "quarter":
            local = _with_fields(local, month=(local.month - 1) // 3 * 3 + 1, day=1, hour=0,
                                  minute=0, second=0, microsecond=0)
        elif unit in ("decade", "century", "millennium"):
            span = {"decade": 10, "century": 100, "millennium": 1000}[unit]
            year = local.year // span * span if unit == "decade" else \
                (local.year - 1) // span * span + 1
            local = _with_fields(local, year=year, month=1, day=1, hour=0, minute=0, second=0,
                                  microsecond=0)
        elif unit in order:
            fields = {"microsecond": 0}
            index = order.index(unit)
            if index >= 0:
                fields["microsecond"] = 0
            if index >= 1:
                fields["second"] = 0
            if index >= 2:
                fields["minute"] = 0
            if index >= 3:
                fields["hour"] = 0
            if index >= 4:
                fields["day"] = 1
            if index >= 5:
                fields["month"] = 1
            local = _with_fields(local, **fields)
        else:
            from pgsnake.datatypes.interval_input import unit_of_word
            type_name = "timestamp with time zone" if aware else "timestamp without time zone"
            if unit_of_word(unit_name.lower()) is None:
                raise PgError(INVALID_PARAMETER_VALUE,
                              f'unit "{unit_name.lower()}" not recognized for type {type_name}')
            raise PgError(FEATURE_NOT_SUPPORTED,
                          f'unit "{unit}" not supported for type {type_name}')
    result = dtt._local_to_utc(local, dtt.session_zone()) if aware else local
    return dtt._checked_timestamp(result)     # 4714-11-24 BC truncated to its year is not


def _age(a, b):
    """age(): a symbolic year/month/day difference, as PostgreSQL's timestamp_age: the
    fields of b subtracted from a's one by one, then negative ones borrowed from the
    next larger field; a day borrow adds the length of the month of the earlier
    timestamp (b's when a >= b), so age('2002-08-14', '1962-02-18') is 40 years 5 mons
    24 days (February has 28)."""
    import calendar
    if a.tzinfo is not None:
        if dtt.TIMESTAMPTZ_MINUS_INFINITY in (a, b):
            # timestamptz_age: timestamp2tm cannot take -infinity to the session zone
            raise PgError("22008", "timestamp out of range")
        zone = dtt.session_zone()
        a, b = a.astimezone(zone).replace(tzinfo=None), b.astimezone(zone).replace(tzinfo=None)
    sign = -1 if a < b else 1
    later, earlier = (a, b) if sign > 0 else (b, a)
    fields = [later.microsecond - earlier.microsecond, later.second - earlier.second,
              later.minute - earlier.minute, later.hour - earlier.hour,
              later.day - earlier.day, later.month - earlier.month, later.year - earlier.year]
    spans = (1_000_000, 60, 60, 24)
    for index, span in enumerate(spans):
        while fields[index] < 0:
            fields[index] += span
            fields[index + 1] -= 1
    while fields[4] < 0:
        fields[4] += calendar.monthrange(earlier.year, earlier.month)[1]
        fields[5] -= 1
    while fields[5] < 0:
        fields[5] += 12
        fields[6] -= 1
    micros, seconds, minutes, hours, days, months, years = fields
    time = ((hours * 60 + minutes) * 60 + seconds) * 1_000_000 + micros
    return dtt.Interval(sign * (years * 12 + months), sign * days, sign * time)


def _make_date(year, month, day):
    return dtt.date_from_fields(year, month, day)


_IMPLEMENTATIONS: dict[str, Callable[..., Any]] = {
    "pgsql_version": version_string,
    "now": clock.now, "transaction_timestamp": clock.now,
    "statement_timestamp": clock.statement_timestamp,
    "clock_timestamp": clock.clock_timestamp,
    "timeofday": lambda: clock.clock_timestamp().strftime("%a %b %d %H:%M:%S.%f %Y UTC"),
    "float4abs": abs, "float8abs": abs,
    "int8abs": _int_abs(registry.INT8), "int4abs": _int_abs(registry.INT4),
    "int2abs": _int_abs(registry.INT2), "numeric_abs": numeric.numeric_abs,
    "int2mod": _int_mod(registry.INT2), "int4mod": _int_mod(registry.INT4),
    "int8mod": _int_mod(registry.INT8), "numeric_mod": numeric.numeric_mod,
    "numeric_round": _numeric_round, "numeric_trunc": _numeric_trunc,
    "numeric_ceil": numeric.numeric_ceil, "numeric_floor": numeric.numeric_floor,
    "numeric_sqrt": numeric.numeric_sqrt, "numeric_power": numeric.numeric_power,
    "numeric_exp": numeric.numeric_exp, "numeric_ln": numeric.numeric_ln,
    "numeric_log": _numeric_log, "numeric_sign": numeric.numeric_sign,
    "numeric_div_trunc": _int_div_numeric,
    "numeric_scale": lambda v: numeric.dscale_of(v) if v.is_finite() else None,
    "dround": _float_round, "dtrunc": _float_trunc, "dceil": _float_ceil,
    "dfloor": _float_floor, "dsqrt": _float_sqrt, "dpow": _float_power,
    "dexp": _float_exp, "dlog1": _float_ln, "dlog10": _float_log10, "dsign": _float_sign,
    "dcbrt": math.cbrt, "dpi": lambda: math.pi,
    "degrees": _float_degrees, "radians": _float_radians,
    "drandom": lambda: __import__("random").random(),
    "textlen": len, "bpcharlen": lambda v: len(character.bpchar_trimmed(v)),
    "textoctetlen": lambda v: len(v.encode("utf-8")),
    "bpcharoctetlen": lambda v: len(v.encode("utf-8")),
    "byteaoctetlen": len,
    "lower": _lower, "upper": _upper, "initcap": _initcap,
    "text_substr": _substr, "text_substr_no_len": _substr,
    "bytea_substr": _substr, "bytea_substr_no_len": _substr,
    "textpos": _strpos, "byteapos": lambda a, b: a.find(b) + 1,
    "replace_text": lambda text, old, new: text.replace(old, new) if old else text,
    "btrim": lambda v, chars: v.strip(chars), "btrim1": lambda v: v.strip(" "),
    "ltrim": lambda v, chars: v.lstrip(chars), "ltrim1": lambda v: v.lstrip(" "),
    "rtrim": lambda v, chars: v.rstrip(chars), "rtrim1": lambda v: v.rstrip(" "),
    "byteatrim": lambda v, chars: v.strip(chars),
    "bytealtrim": lambda v, chars: v.lstrip(chars),
    "byteartrim": lambda v, chars: v.rstrip(chars),
    "text_left": _left, "text_right": _right, "repeat": _repeat,
    "text_reverse": lambda v: v[::-1], "lpad": _lpad, "rpad": _rpad,
    "split_part": _split_part, "text_starts_with": lambda a, b: a.startswith(b),
    "md5_text": lambda v: hashlib.md5(v.encode("utf-8")).hexdigest(),
    "md5_bytea": lambda v: hashlib.md5(v).hexdigest(),
    "ascii": lambda v: ord(v[0]) if v else 0, "chr": _chr,
    "text_concat": _concat, "text_concat_ws": _concat_ws,
    "int4gcd": lambda a, b: integers.check_range(_gcd(a, b), registry.INT4),
    "int8gcd": lambda a, b: integers.check_range(_gcd(a, b), registry.INT8),
    "numeric_gcd": _numeric_gcd,
    "width_bucket_float8": _width_bucket, "width_bucket_numeric": _width_bucket,
    "timestamp_trunc": _date_trunc, "timestamptz_trunc": _date_trunc,
    "interval_trunc": _interval_trunc,
    "timestamp_age": _age, "timestamptz_age": _age,
    "date_finite": lambda v: not dtt.is_infinite(v),
    "timestamp_finite": lambda v: not dtt.is_infinite(v),
    "interval_finite": lambda v: True,
    "make_date": _make_date,
}

# By (name, argument types) where prosrc is empty or shared (SQL-language functions in PG).
_BY_SIGNATURE: dict[tuple[str, tuple[int, ...]], Callable[..., Any]] = {
    ("round", (1700,)): numeric.numeric_round,
    ("trunc", (1700,)): numeric.numeric_trunc,
    ("log", (1700,)): lambda v: numeric.numeric_log(Decimal(10), v),
    ("lpad", (25, 23)): _lpad, ("rpad", (25, 23)): _rpad,
    # date_part(text, date) is SQL in pg_proc: date_part($1, $2::timestamp), so an
    # out-of-range date fails first and units are judged as a timestamp's
    ("date_part", (25, 1082)): lambda unit, value, _part=_date_part(registry.TIMESTAMP):
        _part(unit, dtt.date_to_timestamp(value)),
    ("date_part", (25, 1083)): _date_part(registry.TIME),
    ("date_part", (25, 1114)): _date_part(registry.TIMESTAMP),
    ("date_part", (25, 1184)): _date_part(registry.TIMESTAMPTZ),
    ("date_part", (25, 1186)): _date_part(registry.INTERVAL),
    ("extract", (25, 1082)): _extract(registry.DATE),
    ("extract", (25, 1083)): _extract(registry.TIME),
    ("extract", (25, 1114)): _extract(registry.TIMESTAMP),
    ("extract", (25, 1184)): _extract(registry.TIMESTAMPTZ),
    ("extract", (25, 1186)): _extract(registry.INTERVAL),
    ("timestamptz", (1082, 1083)): lambda d, t: _date_time_tz(d, t),
    ("age", (1114,)): lambda t: _age(dtt.date_to_timestamp(dtt.timestamp_to_date(
        dtt.timestamptz_to_timestamp(clock.now()))), t),
    ("age", (1184,)): lambda t: _age(dtt.date_to_timestamptz(dtt.timestamp_to_date(clock.now())), t),
}

def _date_time_tz(day, time_of_day):
    """timestamptz(date, time): the date at that time, in the session's time zone."""
    stamp = dtt.date_to_timestamp(day)
    if not dtt.is_infinite(stamp):
        stamp = stamp + dtt.dt.timedelta(microseconds=dtt.time_to_usec(time_of_day))
    return dtt.timestamp_to_timestamptz(stamp)


_BY_NAME: dict[str, list[Function]] = {}
_BY_OID: dict[int, Function] = {}
_EXACT: dict[tuple[str, tuple[int, ...]], Function] = {}
# extension name -> installed in the current database? (set by contrib, a higher layer;
# without it no extension function resolves)
_extension_installed: Callable[[str], bool] = lambda name: False


def set_extension_check(check: Callable[[str], bool]) -> None:
    """Install the test that decides whether an extension's functions are visible."""
    global _extension_installed
    _extension_installed = check


def extension_functions(extension: str) -> list[Function]:
    """The functions registered for `extension`, in registration order (CREATE
    EXTENSION makes a pg_proc row for each: contrib/extension_members.py)."""
    seen, out = set(), []
    for functions in _BY_NAME.values():
        for function in functions:
            if function.extension == extension and id(function) not in seen:
                seen.add(id(function))
                out.append(function)
    return out


_extension_type = lambda type_oid: type_oid


def set_extension_type_mapping(mapping: Callable[[int], int]) -> None:
    """mapping(type oid) -> the placeholder OID the registry knows an extension's type
    by (its pg_type row has an OID CREATE EXTENSION chose): contrib/extension_types.py."""
    global _extension_type
    _extension_type = mapping


def extension_function(name: str, arg_types: tuple[int, ...]) -> Function | None:
    """The body of an extension function's pg_proc row (prosrc, proargtypes)."""
    function = _EXACT.get((name, tuple(arg_types)))
    types = tuple(arg_types)
    mapped = tuple(map(_extension_type, arg_types))    # an extension type's placeholder
    function = _EXACT.get((name, types)) or _EXACT.get((name, mapped))
    if function is not None and function.extension is not None:
        return function
    # One that shares a built-in's signature (pgcrypto's gen_random_uuid()).
    return next((f for f in _BY_NAME.get(name, ()) if f.extension is not None
                 and f.arg_types in (types, mapped)), None)


def registered(name: str, arg_types) -> bool:
    """Whether a built-in function of that name and exact argument types is registered."""
    return (name, tuple(arg_types)) in _EXACT


def _visible(function: Function) -> bool:
    return function.extension is None or _extension_installed(function.extension)


def register(name: str, arg_types, result_type: int, fn: Callable[..., Any], *, oid: int = 0,
             strict: bool = True, volatility: str = "v", variadic: bool = False,
             returns_set: bool = False, out_columns=(), rows: float = 1000.0,
             rows_support=None, extension: str | None = None) -> Function:
    function = Function(oid, name, tuple(arg_types), result_type, fn, strict, volatility,
                        variadic, returns_set, tuple(out_columns), rows if returns_set else 1.0,
                        rows_support, extension)
    _BY_NAME.setdefault(name, []).append(function)
    existing = _EXACT.get((name, function.arg_types))
    if extension is None or existing is None or existing.extension is not None:
        _EXACT[(name, function.arg_types)] = function    # a built-in keeps its entry
    if oid:
        _BY_OID[oid] = function
    return function


class _NotConstant:
    """An argument whose value the planner does not know (a column, a parameter)."""

    def __repr__(self) -> str:
        return "NOT_CONSTANT"


NOT_CONSTANT = _NotConstant()


def rows_estimate(oid: int, args: list | None = None) -> float:
    """How many rows a call returns: its support function's estimate from the argument
    values (NOT_CONSTANT for those not known when planning), else prorows for a
    set-returning function, 1 for any other."""
    function = function_by_oid(oid)
    if function is None or not function.returns_set:
        return 1.0
    if function.rows_support is not None and args is not None:
        rows = function.rows_support(*args)
        if rows is not None:
            return float(rows)
    return function.rows


def out_columns_of(oid: int, name: str, fn: Callable | None = None) -> tuple:
    """(name, type oid) of each column a function in FROM returns, when it returns a
    record; () for a function returning one value. `fn`, the call's bound
    implementation, may carry the columns itself (`out_columns`): a polymorphic
    function's, bound to its argument types (information_schema._pg_expandarray)."""
    bound = getattr(fn, "out_columns", None)
    if bound is not None:
        return bound
    function = function_by_oid(oid)
    return function.out_columns if function is not None else ()


def _cast_function(target: int, source: int) -> Callable[..., Any] | None:
    from pgsnake.datatypes import casts
    cast = casts.find_cast(source, target, "explicit")
    if cast is None:
        return None
    return lambda value, typmod=-1: cast(value, typmod)


_CAST_NAMES = {"int2", "int4", "int8", "float4", "float8", "numeric", "text", "bool", "date",
               "timestamp", "timestamptz"}


def _generate_series(start, stop, step=1):
    """generate_series for integers: start, start+step, ... while not past stop."""
    if step == 0:
        raise PgError("22023", "step size cannot equal zero")
    value = start
    while (value <= stop) if step > 0 else (value >= stop):
        yield value
        value += step


def _generate_series_numeric(start, stop, step=Decimal(1)):
    """generate_series(numeric, numeric[, numeric]): NaN and infinite bounds or steps
    are refused (22023), as generate_series_step_numeric does."""
    for value, what in ((start, "start value"), (stop, "stop value"), (step, "step size")):
        if value.is_nan():
            raise PgError("22023", f"{what} cannot be NaN")
        if value.is_infinite():
            raise PgError("22023", f"{what} cannot be infinity")
    if step == 0:
        raise PgError("22023", "step size cannot equal zero")
    value = start
    while (value <= stop) if step > 0 else (value >= stop):
        yield value
        # no range check: the step past the last value may leave numeric's range
        value = numeric.normalize(numeric.EXACT.add(value, step))


def _generate_series_rows(start, stop, step=1):
    """generate_series_int4_support: the exact count for constant, non-null arguments."""
    if any(a is None or a is NOT_CONSTANT for a in (start, stop, step)) or step == 0:
        return None
    return max(0, (stop - start) // step + 1)


def _generate_series_timestamp(start, stop, step):
    """generate_series for timestamp(tz) by an interval (generate_series_timestamp):
    start, start + step, ... while not past stop; the timestamptz one adds months and
    days in the session's time zone (timestamp_add_interval)."""
    sign = (step > dtt.Interval()) - (step < dtt.Interval())
    if sign == 0:
        raise PgError("22023", "step size cannot equal zero")
    value = start
    while (value <= stop) if sign > 0 else (value >= stop):
        yield value
        value = dtt.timestamp_add_interval(value, step)


# Set-returning functions: (oid, name, argument types, result type, implementation), as
# in pg_proc (all immutable and strict, prorows 1000).
_SET_RETURNING = (
    (1066, "generate_series", (23, 23, 23), 23, _generate_series),
    (1067, "generate_series", (23, 23), 23, _generate_series),
    (1068, "generate_series", (20, 20, 20), 20, _generate_series),
    (1069, "generate_series", (20, 20), 20, _generate_series),
)


def _cardinality(array) -> int:
    """The number of elements, over all dimensions (nested lists here)."""
    return sum(_cardinality(e) if isinstance(e, list) else 1 for e in array)


def _setseed(seed: float) -> str:
    """setseed(): the seed of random() for this session, from [-1, 1] (returns void)."""
    if not -1.0 <= seed <= 1.0 or seed != seed:
        raise PgError("22023", f"setseed parameter {seed:g} is out of allowed range [-1,1]")
    __import__("random").seed(seed)
    return ""


def _null_count_resolver(name: str, oid: int, count_nulls: bool):
    """num_nulls(VARIADIC "any") / num_nonnulls: how many arguments are (not) NULL."""
    def resolve(arg_types: list[int]):
        if not arg_types:
            return None
        return Function(oid, name, tuple(arg_types), registry.INT4,
                        lambda *values: sum((v is None) == count_nulls for v in values),
                        strict=False, volatility="i")
    return resolve


def _quote_any_resolver(name: str, oid: int, strict: bool):
    """quote_literal(anyelement) / quote_nullable(anyelement): the value's text, quoted."""
    quote = getattr(text_format, name)

    def resolve(arg_types: list[int]):
        if len(arg_types) != 1 or arg_types[0] in (registry.TEXT, registry.UNKNOWN):
            return None
        output = registry.get_type(arg_types[0]).output
        return Function(oid, name, (arg_types[0],), registry.TEXT,
                        lambda value: quote(None if value is None else output(value)),
                        strict=strict, volatility="s")
    return resolve


def _build() -> None:
    register("cardinality", (2277,), 23, _cardinality, oid=3179, volatility="i")
    for oid, name, arg_types, result_type, fn in _SET_RETURNING:
        register(name, arg_types, result_type, fn, oid=oid, volatility="i",
                 returns_set=True, rows=1000, rows_support=_generate_series_rows)
    for oid, arg_types in ((3259, (1700, 1700, 1700)), (3260, (1700, 1700))):
        register("generate_series", arg_types, 1700, _generate_series_numeric, oid=oid,
                 volatility="i", returns_set=True, rows=1000)   # no support function
    for oid, type_oid, volatility in ((938, registry.TIMESTAMP, "i"),
                                      (939, registry.TIMESTAMPTZ, "s")):
        register("generate_series", (type_oid, type_oid, registry.INTERVAL), type_oid,
                 _generate_series_timestamp, oid=oid, volatility=volatility,
                 returns_set=True, rows=1000)
    # log10(float8) shares log(float8)'s dlog10 but is not among the generated rows
    register("log10", (registry.FLOAT8,), registry.FLOAT8, _float_log10, oid=1194, strict=True,
             volatility="i")
    for oid, name, arg_types, result_type, strict, volatility, prosrc in PROCS:
        fn = _BY_SIGNATURE.get((name, arg_types)) or _IMPLEMENTATIONS.get(prosrc)
        if fn is None and name in _CAST_NAMES and (len(arg_types) == 1 or len(
                arg_types) == 2 and arg_types[1] == registry.INT4):   # (value [, typmod])
            fn = _cast_function(result_type, arg_types[0])
        if fn is None:
            continue
        register(name, arg_types, result_type, fn, oid=oid, strict=strict,
                 volatility=volatility, variadic=name in ("concat", "concat_ws"))
    for oid, name, arg_types, result_type, strict, volatility, prosrc in scalar_facts.PROCS:
        fn = scalar_types.function_for(name, prosrc)
        if fn is not None:
            register(name, arg_types, result_type, fn, oid=oid, strict=strict,
                     volatility=volatility)
    # poly_center(polygon), center(polygon)'s twin by name (not among the generated rows)
    register("poly_center", (604,), 600, scalar_types.FUNCTIONS["poly_center"], oid=227,
             volatility="i")
    register("format", (25, 2276), 25, text_format.format_text, oid=3539, strict=False,
             volatility="s", variadic=True)
    register("format", (25,), 25, text_format.format_text, oid=3540, strict=False,
             volatility="s")
    register("quote_ident", (25,), 25, text_format.quote_ident, oid=1282)
    register("parse_ident", (25, 16), 1009, text_format.parse_ident, oid=1268, volatility="i")
    register("log10", (registry.NUMERIC,), registry.NUMERIC,
             lambda v: numeric.numeric_log(Decimal(10), v), oid=1481, volatility="i")
    register("numeric_inc", (registry.NUMERIC,), registry.NUMERIC,
             lambda v: numeric.numeric_add(v, Decimal(1)), oid=1764, volatility="i")
    register("quote_literal", (25,), 25, text_format.quote_literal, oid=1283)
    register("quote_nullable", (25,), 25, text_format.quote_nullable, oid=1289, strict=False)
    for name, oid, strict in (("quote_literal", 1285, True), ("quote_nullable", 1290, False)):
        register_resolver(name, _quote_any_resolver(name, oid, strict))
    register("min_scale", (registry.NUMERIC,), registry.INT4, numeric.min_scale, oid=5042,
             volatility="i")
    register("trim_scale", (registry.NUMERIC,), registry.NUMERIC, numeric.trim_scale,
             oid=5043, volatility="i")
    register("setseed", (registry.FLOAT8,), registry.VOID, _setseed, oid=1599)
    for name, oid, count_nulls in (("num_nulls", 438, True), ("num_nonnulls", 440, False)):
        register_resolver(name, _null_count_resolver(name, oid, count_nulls))
    # substring(x from a for b) and position(a in b) map to these names in the parser.


def _describe(name: str, arg_types: list[int]) -> str:
    return f"{name}({', '.join(registry.format_type(t) for t in arg_types)})"


# Per-call resolution for polymorphic and variadic "any" functions: name -> resolver
# (argument types) -> Function bound to those types, or None to resolve as usual.
_RESOLVERS: dict[str, Callable[[list[int]], Function | None]] = {}


def register_resolver(name: str, resolver: Callable[[list[int]], Function | None]) -> None:
    """Bind calls of `name` per argument types; a resolver added for a name that has
    one is tried first, then the earlier one (unnest of arrays and of multiranges)."""
    previous = _RESOLVERS.get(name)
    if previous is None or previous is resolver:
        _RESOLVERS[name] = resolver
    else:
        _RESOLVERS[name] = lambda arg_types: resolver(arg_types) or previous(arg_types)


# User-defined functions (pg_proc rows made by CREATE FUNCTION) come from a higher layer
# (pl/function_manager.py), which installs candidates(name, schema, arg_types, arg_names)
# -> [Function] (one per way a function can take that many arguments: defaults filled,
# named arguments put in place) and by_oid(oid) -> Function | None.
_user_candidates: Callable[..., list] = lambda name, schema, types, names, **_: []
_user_by_oid: Callable[[int], Function | None] = lambda oid: None


def set_user_function_lookup(candidates, by_oid) -> None:
    global _user_candidates, _user_by_oid
    _user_candidates, _user_by_oid = candidates, by_oid


def resolve_function(name: str, arg_types: list[int], *, schema: str | None = None,
                     arg_names: list | None = None, exact_name: str | None = None,
                     variadic_array: bool = False) -> Function:
    """The function a call of `name` with these argument types runs. variadic_array: the
    call wrote f(..., VARIADIC array), so a VARIADIC function matches only unexpanded
    (its last parameter takes the array itself) and a VARIADIC "any" one not at all."""
    if variadic_array:
        return _resolve_unexpanded(name, arg_types, schema, arg_names, exact_name)
    based = [user_type_facts.base_type(t) for t in arg_types] \
        if any(t >= user_type_facts.FIRST_CATALOG_TYPE_OID for t in arg_types) else None
    if based is None or based == list(arg_types):
        return _resolve_function(name, arg_types, schema, arg_names, exact_name)
    # A domain argument: the domain itself first (pg_typeof(d), "any"), then its base
    # type, as func_select_candidate compares getBaseType of the inputs.
    try:
        return _resolve_function(name, arg_types, schema, arg_names, exact_name)
    except PgError as err:
        if err.sqlstate not in (UNDEFINED_FUNCTION, AMBIGUOUS_FUNCTION):
            raise
        try:
            return _resolve_function(name, based, schema, arg_names, exact_name)
        except PgError as again:
            if again.sqlstate != UNDEFINED_FUNCTION:
                raise
            raise err from None


def _resolve_unexpanded(name, arg_types, schema, arg_names, exact_name) -> Function:
    key = (exact_name or name) if exact_name is not None else name.lower()
    user = _user_candidates(exact_name or name, schema, list(arg_types), arg_names,
                            variadic_array=True)
    if user or arg_names or (schema is not None and schema != "pg_catalog"):
        return _resolve_with_user_functions(key, arg_types, user, arg_names)
    exact = _EXACT.get((key, tuple(arg_types)))
    if exact is not None and _visible(exact) and not exact.variadic:
        return exact
    try:
        return _resolve_with_user_functions(key, arg_types, [], None)
    except PgError as err:
        if err.sqlstate != UNDEFINED_FUNCTION or key not in _RESOLVERS:
            raise
        # polymorphic built-ins bind through their resolver (int4multirange(anyarray))
        resolved = _RESOLVERS[key](list(arg_types))
        if resolved is None or resolved.variadic:
            raise
        return resolved


# Built-in functions that live in a schema other than pg_catalog (information_schema's
# helpers): schema -> resolver(name, arg_types) -> Function | None. Only a call that
# names the schema finds them.
_SCHEMA_RESOLVERS: dict[str, Callable[[str, list[int]], Function | None]] = {}


def register_schema_resolver(schema: str, resolver, functions=()) -> None:
    """Install `resolver` for calls qualified with `schema`; `functions` are its
    Functions to find by OID."""
    _SCHEMA_RESOLVERS[schema] = resolver
    for function in functions:
        _BY_OID[function.oid] = function


def _resolve_function(name: str, arg_types, schema, arg_names, exact_name) -> Function:
    key = name.lower()
    if schema in _SCHEMA_RESOLVERS and not arg_names:
        found = _SCHEMA_RESOLVERS[schema](exact_name or key, list(arg_types))
        if found is not None:
            return found
    user = _user_candidates(exact_name or name, schema, list(arg_types), arg_names)
    if exact_name is not None and exact_name != key:
        key = exact_name              # a quoted name matches only itself, never a built-in
    if user or arg_names or (schema is not None and schema != "pg_catalog"):
        return _resolve_with_user_functions(key, arg_types, user, arg_names,
                                            f"{schema}.{key}" if schema else key)
    resolver = _RESOLVERS.get(key)
    if resolver is not None:
        resolved = resolver(list(arg_types))
        if resolved is not None:
            return resolved
    exact = _EXACT.get((key, tuple(arg_types)))
    if exact is not None and _visible(exact):
        return exact
    candidates = [c for c in _BY_NAME.get(key, []) if _visible(c)]
    variadic = [c for c in candidates if c.variadic]
    if variadic:
        fixed = len(variadic[0].arg_types) - 1
        if len(arg_types) >= fixed + 1:
            return variadic[0]
    chosen = select_candidate([c for c in candidates if not c.variadic], list(arg_types))
    shown = f"{schema}.{key}" if schema else key       # the name as written (NameListToString)
    return chosen_function(chosen, _describe(shown, arg_types))


def _resolve_with_user_functions(key: str, arg_types: list[int], user: list,
                                 arg_names: list | None, written: str | None = None) -> Function:
    """Overload resolution over the built-in functions of that name (pg_catalog comes
    first in the search path, so a built-in wins an exact tie) and the user's."""
    builtins = [] if arg_names else [c for c in _BY_NAME.get(key, [])
                                     if _visible(c) and not c.variadic]
    chosen = next((c for c in builtins + user
                   if (c.declared_types or c.arg_types) == tuple(arg_types)), None) \
        or select_candidate(builtins + user, list(arg_types))
    if getattr(chosen, "ambiguous", False):
        chosen = AmbiguousCandidates([chosen])
    if isinstance(chosen, Function) and chosen.declared_types is not None and \
            any(polymorphic_binding.is_polymorphic(t) for t in chosen.arg_types):
        # chosen though its polymorphic types rest on untyped literals only: the
        # binding's 42804 "could not determine polymorphic type" (after the choice)
        polymorphic_binding.bind(chosen.declared_types, list(arg_types))
    # shown as written: s.f(...)
    return chosen_function(chosen, _describe_named(written or key, arg_types, arg_names))


def _describe_named(name: str, arg_types: list[int], arg_names: list | None) -> str:
    names = arg_names or [None] * len(arg_types)
    shown = [(f"{n} => " if n else "") + registry.format_type(t) for t, n in zip(arg_types, names)]
    return f"{name}({', '.join(shown)})"


def function_by_oid(oid: int) -> Function | None:
    """A built-in or user function by OID."""
    return _BY_OID.get(oid) or _user_by_oid(oid)


_build()

# The JSON family (json_functions.py) registers here, with this module's entry points.
from pgsnake.datatypes import json_functions  # noqa: E402
json_functions.install_functions(register, register_resolver, Function)
from pgsnake.datatypes import array_functions  # noqa: E402
array_functions.install(register, register_resolver, Function)
from pgsnake.datatypes import regex_functions  # noqa: E402
regex_functions.install_functions(register)
from pgsnake.datatypes import like_match  # noqa: E402  (like_escape)
like_match.install_functions(register)
from pgsnake.datatypes import ts_functions  # noqa: E402  (full text search)
ts_functions.install_functions(register)
from pgsnake.datatypes import xml_type  # noqa: E402  (xml_is_well_formed, xmlcomment, ...)
xml_type.register_functions()
from pgsnake.datatypes import xml_xpath  # noqa: E402  (xpath, xpath_exists, xmlexists)
xml_xpath.register_functions()
from pgsnake.datatypes import to_ascii  # noqa: E402  (to_ascii(text [, encoding]))
to_ascii.register_functions(register)
from pgsnake.datatypes import sql_keywords  # noqa: E402  (pg_get_keywords())
sql_keywords.register_functions(register)

__all__ = ["Function", "resolve_function", "NOT_CONSTANT", "rows_estimate", "register", "set_extension_check",
           "set_user_function_lookup", "function_by_oid", "register_schema_resolver",
           "version_string", "VERSION"]
