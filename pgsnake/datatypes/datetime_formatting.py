"""to_char(timestamp | timestamptz | interval, format): dates and times as text by a
template of PostgreSQL's datetime template patterns.

A template is read left to right. At each place the longest template pattern that
starts there is taken (patterns are case-sensitive: `Month`, `MONTH` and `month` print
the name capitalised, upper- and lower-case; numeric patterns such as `yyyy` work in
either case). An `FM` prefix (fill mode) drops the padding of the next pattern (leading
zeros, the blanks that pad names to nine characters), `TM` is accepted and changes
nothing (names are English, as in the C locale), and a `TH` / `th` suffix adds the
ordinal suffix of the number just printed. Text in double quotes is copied as it is (a
backslash before a quote keeps the quote); any other character is copied.

For an interval the fields are its own: years and months from its months, days, and
hours that may pass 24; names of months print only when the months are not zero.
A non-finite timestamp gives NULL, as in PostgreSQL.

Entry points: timestamp_to_char(value, template), timestamptz_to_char(value, template),
interval_to_char(value, template), register_sql_functions().

PostgreSQL: utils/adt/formatting.c (DCH_keywords, DCH_to_char, str_numth), the
"Template Patterns for Date/Time Formatting" table of the documentation.
"""
from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Callable, NamedTuple

from pgsnake.datatypes import datetime_types as dtt, far_dates
from pgsnake.datatypes import functions
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, INVALID_DATETIME_FORMAT, PgError


TEXT, TIMESTAMP, TIMESTAMPTZ, INTERVAL = 25, 1114, 1184, 1186

_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
_DAY_NAMES = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
_ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


class _Fields(NamedTuple):
    """What the patterns print (struct pg_tm plus the extra fields to_char needs)."""
    year: int
    month: int              # 1-12; 0 for an interval with no months
    day: int
    hour: int
    minute: int
    second: int
    microsecond: int
    weekday: int | None     # 0 = Sunday; None for an interval
    yearday: int            # 1-366 (an interval: its total days, months as 30)
    zone_name: str          # TZ ('' for a timestamp without time zone)
    offset: int | None      # seconds east of UTC (None without time zone)
    is_interval: bool


def _number(value: int, width: int, fill_mode: bool, signed_width: bool = False) -> str:
    """Zero-padded to `width` digits; with `signed_width` a minus sign comes on top of
    the width (PostgreSQL pads the hour, minute, second, month and year fields so)."""
    if fill_mode:
        return str(value)
    return str(value).zfill(width + (1 if signed_width and value < 0 else 0))


def _name(name: str, pattern: str, fill_mode: bool, width: int) -> str:
    if pattern.isupper():
        name = name.upper()
    elif pattern.islower():
        name = name.lower()
    return name if fill_mode else name.ljust(width)


def _iso(fields: _Fields) -> tuple[int, int, int]:
    """(ISO year, ISO week, ISO weekday 1-7)."""
    iso = far_dates.make_date(fields.year, fields.month, fields.day).isocalendar()
    return (_adjust_year(iso[0]), iso[1], iso[2])


def _julian_day(fields: _Fields) -> int:
    return far_dates.ordinal_of(fields.year, fields.month, fields.day) + 1_721_425


def _adjust_year(year: int) -> int:
    """A date's year as to_char prints it: 44 BC (astronomical -43) is 44 (ADJUST_YEAR)."""
    return year if year > 0 else 1 - year


def _year(fields: _Fields) -> int:
    return fields.year if fields.is_interval else _adjust_year(fields.year)


def _century(year: int) -> int:
    # C's truncating division: 44 BC (-43) is century -1
    return (year - 1) // 100 + 1 if year > 0 else -(-year // 100) - 1


def _hour12(hour: int) -> int:
    return 12 if hour % 12 == 0 else hour % 12


def _meridiem(fields: _Fields, pattern: str) -> str:
    afternoon = fields.hour % 24 >= 12
    if "." in pattern:
        text = "P.M." if afternoon else "A.M."
    else:
        text = "PM" if afternoon else "AM"
    return text.lower() if pattern.islower() else text


def _era(fields: _Fields, pattern: str) -> str:
    dotted = "." in pattern
    text = ("B.C." if dotted else "BC") if fields.year <= 0 else ("A.D." if dotted else "AD")
    return text.lower() if pattern.islower() else text


def _offset_text(seconds: int | None) -> str:
    if seconds is None:
        return ""
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes = rest // 60
    return f"{sign}{hours:02d}" + (f":{minutes:02d}" if minutes else "")


# pattern -> (fields, pattern as written, fill mode) -> text. Keys are matched longest
# first; both cases of each pattern are listed, as PostgreSQL lists them.
_Printer = Callable[[_Fields, str, bool], str]
_PATTERNS: dict[str, _Printer] = {}


def _pattern(*names: str):
    def register(printer: _Printer) -> _Printer:
        for name in names:
            _PATTERNS[name] = printer
            _PATTERNS[name.lower()] = printer
        return printer
    return register


def _numeric_pattern(names: tuple[str, ...], width: int, value: Callable[[_Fields], int],
                     signed_width: bool = False):
    _pattern(*names)(lambda f, _p, fm: _number(value(f), width, fm, signed_width))


def _not_for_intervals(printer: _Printer) -> _Printer:
    def checked(fields: _Fields, pattern: str, fill_mode: bool) -> str:
        if fields.is_interval:
            raise PgError(INVALID_DATETIME_FORMAT,
                          "invalid format specification for an interval value",
                          hint="Intervals are not tied to specific calendar dates.")
        return printer(fields, pattern, fill_mode)
    return checked


def _calendar_only(printer: _Printer) -> _Printer:
    """ISO-week and Julian-day patterns of an interval: PostgreSQL computes them from
    the interval's fields as if they were a date (year 0, month 0); not done here."""
    def checked(fields: _Fields, pattern: str, fill_mode: bool) -> str:
        if fields.is_interval:
            raise PgError(FEATURE_NOT_SUPPORTED,
                          f'to_char of an interval with pattern "{pattern}" is not supported')
        return printer(fields, pattern, fill_mode)
    return checked


_numeric_pattern(("HH24",), 2, lambda f: f.hour, True)
_numeric_pattern(("HH12", "HH"), 2, lambda f: _hour12(f.hour), True)
_numeric_pattern(("MI",), 2, lambda f: f.minute, True)
_numeric_pattern(("SS",), 2, lambda f: f.second, True)
_numeric_pattern(("MS",), 3, lambda f: f.microsecond // 1000)
_numeric_pattern(("US",), 6, lambda f: f.microsecond)
_numeric_pattern(("SSSSS", "SSSS"), 1, lambda f: f.hour * 3600 + f.minute * 60 + f.second)
_numeric_pattern(("YYYY",), 4, _year, True)
_numeric_pattern(("YYY",), 3, lambda f: _year(f) % 1000 if _year(f) >= 0 else -(-_year(f) % 1000), True)
_numeric_pattern(("YY",), 2, lambda f: _year(f) % 100 if _year(f) >= 0 else -(-_year(f) % 100), True)
_numeric_pattern(("Y",), 1, lambda f: _year(f) % 10 if _year(f) >= 0 else -(-_year(f) % 10))
_numeric_pattern(("MM",), 2, lambda f: f.month, True)
_numeric_pattern(("DDD",), 3, lambda f: f.yearday)
_numeric_pattern(("DD",), 2, lambda f: f.day)
_numeric_pattern(("W",), 1, lambda f: (f.day - 1) // 7 + 1)
_numeric_pattern(("WW",), 2, lambda f: (f.yearday - 1) // 7 + 1)
_numeric_pattern(("CC",), 2, lambda f: f.year // 100 if f.is_interval else _century(f.year),
                 True)
_pattern("D")(_not_for_intervals(lambda f, _p, fm: _number((f.weekday or 0) + 1, 1, fm)))
_pattern("ID")(_not_for_intervals(lambda f, _p, fm: _number(_iso(f)[2], 1, fm)))
for _names, _width, _value in ((("IYYY",), 4, lambda f: _iso(f)[0]),
                               (("IYY",), 3, lambda f: _iso(f)[0] % 1000),
                               (("IY",), 2, lambda f: _iso(f)[0] % 100),
                               (("I",), 1, lambda f: _iso(f)[0] % 10),
                               (("IDDD",), 3, lambda f: (_iso(f)[1] - 1) * 7 + _iso(f)[2]),
                               (("IW",), 2, lambda f: _iso(f)[1]),
                               (("J",), 1, _julian_day)):
    _pattern(*_names)(_calendar_only(
        lambda f, _p, fm, w=_width, v=_value: _number(v(f), w, fm)))
_pattern("Q")(lambda f, _p, fm: _number((f.month - 1) // 3 + 1, 1, fm) if f.month else "")
for _digits in range(1, 7):
    _numeric_pattern((f"FF{_digits}",), _digits,
                     lambda f, d=_digits: f.microsecond // 10 ** (6 - d))
_pattern("Y,YYY")(lambda f, _p, _fm: f"{abs(_year(f)) // 1000},{abs(_year(f)) % 1000:03d}")
_pattern("AM", "PM", "A.M.", "P.M.")(lambda f, p, _fm: _meridiem(f, p))
_pattern("BC", "AD", "B.C.", "A.D.")(_not_for_intervals(lambda f, p, _fm: _era(f, p)))
_pattern("TZH")(_not_for_intervals(lambda f, _p, _fm: "" if f.offset is None else
                                   f"{'-' if f.offset < 0 else '+'}{abs(f.offset) // 3600:02d}"))
_pattern("TZM")(_not_for_intervals(lambda f, _p, _fm: "" if f.offset is None else
                                   f"{abs(f.offset) % 3600 // 60:02d}"))
_pattern("OF")(_not_for_intervals(lambda f, _p, _fm: _offset_text(f.offset)))
_pattern("TZ")(_not_for_intervals(
    lambda f, p, _fm: f.zone_name.lower() if p.islower() else f.zone_name))


@_pattern("MONTH", "Month")
@_not_for_intervals
def _month(fields: _Fields, pattern: str, fill_mode: bool) -> str:
    if not fields.month:
        return ""
    return _name(_MONTH_NAMES[fields.month - 1], pattern, fill_mode, 9)


@_pattern("MON", "Mon")
@_not_for_intervals
def _month_abbreviation(fields: _Fields, pattern: str, fill_mode: bool) -> str:
    if not fields.month:
        return ""
    return _name(_MONTH_NAMES[fields.month - 1][:3], pattern, True, 3)


@_pattern("DAY", "Day")
@_not_for_intervals
def _day(fields: _Fields, pattern: str, fill_mode: bool) -> str:
    if fields.weekday is None:
        return ""
    return _name(_DAY_NAMES[fields.weekday], pattern, fill_mode, 9)


@_pattern("DY", "Dy")
@_not_for_intervals
def _day_abbreviation(fields: _Fields, pattern: str, fill_mode: bool) -> str:
    if fields.weekday is None:
        return ""
    return _name(_DAY_NAMES[fields.weekday][:3], pattern, True, 3)


@_pattern("RM")
def _roman_month(fields: _Fields, pattern: str, fill_mode: bool) -> str:
    if not fields.month and not fields.year:
        return ""
    if fields.month > 0:
        month = fields.month
    elif fields.month < 0:          # an interval's negative months: -1 is December
        month = 12 + fields.month + 1
    else:                           # whole years of an interval: XII, or I when negative
        month = 12 if fields.year >= 0 else 1
    text = _ROMAN_MONTHS[month - 1]
    text = text.lower() if pattern.islower() else text
    return text if fill_mode else text.ljust(4)


_BY_LENGTH = sorted(_PATTERNS, key=len, reverse=True)


def _ordinal_suffix(text: str, upper: bool) -> str:
    digits = text.rstrip()
    if not digits or not digits[-1].isdigit():
        return ""
    if len(digits) >= 2 and digits[-2] == "1":
        suffix = "th"
    else:
        suffix = {"1": "st", "2": "nd", "3": "rd"}.get(digits[-1], "th")
    return suffix.upper() if upper else suffix


class TemplateItem(NamedTuple):
    """One piece of a datetime template: a pattern (`pattern` set; `fill_mode`,
    `exact` for FX, `ordinal` 'TH' / 'th' / '') or literal text (`text`, `quoted`)."""
    pattern: str | None
    text: str = ""
    quoted: bool = False
    fill_mode: bool = False
    exact: bool = False
    ordinal: str = ""


def quoted_text(template: str, start: int) -> tuple[str, int]:
    """The text of the double-quoted part that starts at `start` (a backslash takes the
    next character as it is, a quote too) and where the template goes on after it;
    shared by every template reader (number_formatting.py too)."""
    i, n = start + 1, len(template)
    quoted = []
    while i < n and template[i] != '"':
        if template[i] == "\\" and i + 1 < n:
            i += 1
        quoted.append(template[i])
        i += 1
    return "".join(quoted), i + 1


def template_items(template: str) -> list[TemplateItem]:
    """The template read left to right, longest pattern first (shared with
    datetime_parsing.py, which reads text by the same templates)."""
    items: list[TemplateItem] = []
    i, n = 0, len(template)
    exact = False
    while i < n:
        fill_mode = False
        while template.startswith(("FM", "fm", "TM", "tm", "FX", "fx"), i):
            fill_mode |= template[i] in "Ff" and template[i + 1] in "Mm"
            exact |= template[i + 1] in "Xx"
            i += 2
        pattern = next((p for p in _BY_LENGTH if template.startswith(p, i)), None)
        if pattern is not None:
            i += len(pattern)
            ordinal = ""
            if template.startswith(("TH", "th"), i):
                ordinal = template[i:i + 2]
                i += 2
            elif template.startswith(("SP", "sp"), i):
                i += 2
            items.append(TemplateItem(pattern, "", False, fill_mode, exact, ordinal))
            continue
        char = template[i]
        if char == '"':
            text, i = quoted_text(template, i)
            items.append(TemplateItem(None, text, True))
            continue
        if char == "\\" and i + 1 < n and template[i + 1] == '"':
            items.append(TemplateItem(None, '"'))
            i += 2
            continue
        items.append(TemplateItem(None, char))
        i += 1
    return items


def _format(fields: _Fields, template: str) -> str:
    out: list[str] = []
    for item in template_items(template):
        if item.pattern is None:
            out.append(item.text)
            continue
        text = _PATTERNS[item.pattern](fields, item.pattern, item.fill_mode)
        if item.ordinal:
            text += _ordinal_suffix(text, item.ordinal == "TH")
        out.append(text)
    return "".join(out)


def _datetime_fields(value: dt.datetime, zone_name: str, offset: int | None) -> _Fields:
    return _Fields(value.year, value.month, value.day, value.hour, value.minute,
                   value.second, value.microsecond, (value.isoweekday()) % 7,
                   value.timetuple().tm_yday, zone_name, offset, False)


def timestamp_to_char(value: dt.datetime, template: str) -> str | None:
    if dtt.is_infinite(value):
        return None
    return _format(_datetime_fields(value, "", None), template)


def timestamptz_to_char(value: dt.datetime, template: str) -> str | None:
    if dtt.is_infinite(value):
        return None
    local = value.astimezone(dtt.session_zone())
    offset = int(local.utcoffset().total_seconds())
    if isinstance(local.tzinfo, zoneinfo.ZoneInfo):
        name = local.tzname() or ""
    elif local.tzinfo is dtt.UTC:
        name = "UTC"
    else:       # a bare-number zone is named by its offset; a POSIX offset has no name
        name = local.tzname() or ""
        name = "" if name.startswith("UTC") else name
    return _format(_datetime_fields(local.replace(tzinfo=None), name, offset), template)


def interval_to_char(value: dtt.Interval, template: str) -> str:
    years, months = divmod(abs(value.months), 12)
    sign = -1 if value.months < 0 else 1
    usec = value.microseconds
    negative = usec < 0
    hours, rest = divmod(abs(usec), 3_600_000_000)
    minutes, rest = divmod(rest, 60_000_000)
    seconds, micro = divmod(rest, 1_000_000)
    if negative:
        hours, minutes, seconds, micro = -hours, -minutes, -seconds, -micro
    yearday = value.months * dtt.DAYS_PER_MONTH + value.days
    fields = _Fields(sign * years, sign * months, value.days, hours, minutes, seconds,
                     micro, None, yearday, "", None, True)
    return _format(fields, template)


def register_sql_functions() -> None:
    for oid, arg_type, fn in ((2049, TIMESTAMP, timestamp_to_char),
                              (1770, TIMESTAMPTZ, timestamptz_to_char),
                              (1768, INTERVAL, interval_to_char)):
        functions.register("to_char", [arg_type, TEXT], TEXT, fn, oid=oid, volatility="s")
