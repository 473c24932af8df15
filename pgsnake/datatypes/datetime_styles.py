"""DateStyle and IntervalStyle: how dates, timestamps and intervals are printed (and in
which order ambiguous numeric dates are read) under the session's settings.

DateStyle is '<style>, <order>' (settings normalise it): style ISO, SQL, Postgres or
German; order MDY, DMY or YMD. IntervalStyle is postgres, postgres_verbose, sql_standard
or iso_8601. datetime_types keeps the ISO / postgres forms itself (the defaults, the fast
path) and asks this module for the others.

Entry points: date_style() -> (style, order), interval_style(), encode_date(date, style,
order), encode_timestamp(local naive datetime, style, order, zone_name=None) (zone_name
given for timestamptz), encode_interval(years, months, days, micros, style).

PostgreSQL: utils/adt/datetime.c (EncodeDateOnly, EncodeDateTime, EncodeInterval,
AddVerboseIntPart, AddISO8601IntPart, AppendSeconds), commands/variable.c (check_datestyle).
"""
from __future__ import annotations

import contextlib
import datetime as dt

from pgsnake.utils import settings

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_style_cache: dict[str, tuple[str, str]] = {}
_portable = False          # inside portable_output(): ISO dates, postgres intervals


@contextlib.contextmanager
def portable_output():
    """Print dates, times and intervals in the styles every session reads back the same
    way (ISO, postgres), whatever this session's DateStyle and IntervalStyle: for
    constants written into the catalogs as SQL text and parsed again later."""
    global _portable
    saved, _portable = _portable, True
    try:
        yield
    finally:
        _portable = saved


def date_style() -> tuple[str, str]:
    if _portable:
        return "ISO", "MDY"
    try:
        text = settings.get("datestyle")
    except Exception:      # no settings loaded (pure-datatype use): PostgreSQL's default
        return "ISO", "MDY"
    style = _style_cache.get(text)
    if style is None:
        parts = [p.strip() for p in str(text).split(",")]
        style = _style_cache[text] = (parts[0], parts[1] if len(parts) > 1 else "MDY")
    return style


def interval_style() -> str:
    if _portable:
        return "postgres"
    try:
        return str(settings.get("intervalstyle"))
    except Exception:
        return "postgres"


def _seconds(second: int, usec: int) -> str:
    if usec:
        return f"{second:02d}.{usec:06d}".rstrip("0")
    return f"{second:02d}"


def _year(year: int) -> tuple[str, str]:
    """The printed year and era suffix: astronomical year 0 is '0001 BC'."""
    return (f"{year:04d}", "") if year > 0 else (f"{1 - year:04d}", " BC")


def encode_date(value: dt.date, style: str, order: str) -> str:
    y, era = _year(value.year)
    return _encode_date(y, value, style, order) + era


def _encode_date(y: str, value, style: str, order: str) -> str:
    m, d = f"{value.month:02d}", f"{value.day:02d}"
    if style == "SQL":
        return f"{d}/{m}/{y}" if order == "DMY" else f"{m}/{d}/{y}"
    if style == "German":
        return f"{d}.{m}.{y}"
    if style == "Postgres":
        return f"{d}-{m}-{y}" if order == "DMY" else f"{m}-{d}-{y}"
    return f"{y}-{m}-{d}"


def encode_timestamp(value: dt.datetime, style: str, order: str,
                     zone_name: str | None = None) -> str:
    """The era (' BC') comes last, after the zone, as EncodeDateTime puts it."""
    clock = f"{value.hour:02d}:{value.minute:02d}:{_seconds(value.second, value.microsecond)}"
    suffix = f" {zone_name}" if zone_name is not None else ""
    y, era = _year(value.year)
    if style == "Postgres":
        day, month = f"{value.day:02d}", _MONTHS[value.month - 1]
        middle = f"{day} {month}" if order == "DMY" else f"{month} {day}"
        return f"{_DAYS[value.weekday()]} {middle} {clock} {y}{suffix}{era}"
    return f"{_encode_date(y, value, style, order)} {clock}{suffix}{era}"


def _verbose(years: int, months: int, days: int, micros: int) -> str:
    hours, rest = _c_divmod(micros, 3_600_000_000)
    minutes, rest = _c_divmod(rest, 60_000_000)
    seconds, usec = _c_divmod(rest, 1_000_000)
    out = "@"
    is_zero, is_before = True, False
    for value, unit in ((years, "year"), (months, "mon"), (days, "day"), (hours, "hour"),
                        (minutes, "min")):
        if value == 0:
            continue
        if is_zero:
            is_before = value < 0
            value = abs(value)
        elif is_before:
            value = -value
        out += f" {value} {unit}{'' if value == 1 else 's'}"
        is_zero = False
    if seconds or usec:
        sign = ""
        if seconds < 0 or (seconds == 0 and usec < 0):
            if is_zero:
                is_before = True
            elif not is_before:
                sign = "-"
        elif is_before:
            sign = "-"
        text = f"{abs(seconds)}" + (f".{abs(usec):06d}".rstrip("0") if usec else "")
        plural = "s" if abs(seconds) != 1 or usec else ""
        out += f" {sign}{text} sec{plural}"
        is_zero = False
    if is_zero:
        out += " 0"
    if is_before:
        out += " ago"
    return out


def _c_divmod(a: int, b: int) -> tuple[int, int]:
    q = abs(a) // b
    q = q if a >= 0 else -q
    return q, a - q * b


def _seconds_signed(seconds: int, usec: int) -> str:
    return _seconds(abs(seconds), abs(usec))


def _sql_standard(years: int, months: int, days: int, micros: int) -> str:
    hours, rest = _c_divmod(micros, 3_600_000_000)
    minutes, rest = _c_divmod(rest, 60_000_000)
    seconds, usec = _c_divmod(rest, 1_000_000)
    fields = (years, months, days, hours, minutes, seconds, usec)
    has_negative = any(f < 0 for f in fields)
    has_positive = any(f > 0 for f in fields)
    has_year_month = years != 0 or months != 0
    has_day_time = any(f != 0 for f in fields[2:])
    standard = not (has_negative and has_positive) and not (has_year_month and has_day_time)
    if not has_negative and not has_positive:
        return "0"
    if not standard:
        year_sign = "-" if years < 0 or months < 0 else "+"
        day_sign = "-" if days < 0 else "+"
        time_sign = "-" if hours < 0 or minutes < 0 or seconds < 0 or usec < 0 else "+"
        return (f"{year_sign}{abs(years)}-{abs(months)} {day_sign}{abs(days)} "
                f"{time_sign}{abs(hours)}:{abs(minutes):02d}:{_seconds_signed(seconds, usec)}")
    sign = "-" if has_negative else ""
    if has_year_month:
        return f"{sign}{abs(years)}-{abs(months)}"
    clock = f"{abs(hours)}:{abs(minutes):02d}:{_seconds_signed(seconds, usec)}"
    if days != 0:
        return f"{sign}{abs(days)} {clock}"
    return f"{sign}{clock}"


def _iso_8601(years: int, months: int, days: int, micros: int) -> str:
    hours, rest = _c_divmod(micros, 3_600_000_000)
    minutes, rest = _c_divmod(rest, 60_000_000)
    seconds, usec = _c_divmod(rest, 1_000_000)
    if not any((years, months, days, hours, minutes, seconds, usec)):
        return "PT0S"
    out = "P"
    for value, letter in ((years, "Y"), (months, "M"), (days, "D")):
        if value:
            out += f"{value}{letter}"
    if hours or minutes or seconds or usec:
        out += "T"
    for value, letter in ((hours, "H"), (minutes, "M")):
        if value:
            out += f"{value}{letter}"
    if seconds or usec:
        sign = "-" if seconds < 0 or usec < 0 else ""
        text = f"{abs(seconds)}" + (f".{abs(usec):06d}".rstrip("0") if usec else "")
        out += f"{sign}{text}S"
    return out


def encode_interval(years: int, months: int, days: int, micros: int, style: str) -> str:
    if style == "postgres_verbose":
        return _verbose(years, months, days, micros)
    if style == "sql_standard":
        return _sql_standard(years, months, days, micros)
    return _iso_8601(years, months, days, micros)
