"""to_date(text, template) and to_timestamp(text, template): reading a date or time by
the datetime template patterns that to_char prints with (datetime_formatting.py reads
the template).

Reading: leading blanks of the input are skipped before each pattern. A numeric pattern
reads at most its width in digits when the next template item is another pattern (so
'YYYYMMDD' works), and all the digits there are otherwise (so 'YYYY-MM-DD' reads
'2020-3-4' and five-digit years); a sign is allowed where a year is read. A name
pattern (Month, Mon, Day, Dy, AM, BC ...) matches case-insensitively. A literal
character of the template skips one input character unless it is a letter or digit
(any separator matches any separator); a blank in the template skips the input's
blanks. With FX, literals must match exactly. Input left over after the template is
ignored, as in PostgreSQL.

Then the fields are combined: YY / YYY / Y years are moved into 1970-2069 (PostgreSQL's
adjust_partial_year_to_2020), HH and HH12 are a 12-hour clock (AM unless PM is given),
DDD gives the month and day, J the whole date, ISO year, week and day (IYYY, IW, ID)
another way to give it; months, days and times left out default to January 1,
midnight. With no year (or a BC one) PostgreSQL gives a date before year 1, which
pgsnake cannot hold: that is an error (0A000) here.
to_timestamp reads the result in the session's time zone unless TZH / TZM give an
offset.

Errors are PostgreSQL's: 22007 'invalid value "x" for "MM"' (DETAIL "Value must be an
integer.") or a name that is not one, 22008 "date/time field value out of range" for a
date that does not exist, 22007 for a pattern that only to_char supports (TZ, OF).

Entry points: to_date(text, template), to_timestamp(text, template),
register_sql_functions().

PostgreSQL: utils/adt/formatting.c (DCH_from_char, do_to_timestamp, from_char_parse_int,
from_char_seq_search, adjust_partial_year_to_2020).
"""
from __future__ import annotations

import datetime as dt

from pgsnake.datatypes import datetime_formatting as fmt
from pgsnake.datatypes import datetime_types as dtt, far_dates
from pgsnake.datatypes import functions
from pgsnake.utils.errors import (DATETIME_FIELD_OVERFLOW, FEATURE_NOT_SUPPORTED,
                                  INVALID_DATETIME_FORMAT, PgError)

TEXT, DATE, TIMESTAMPTZ = 25, 1082, 1184

# pattern (upper case) -> (digits it reads at most, field it sets)
_NUMERIC = {
    "YYYY": (4, "year"), "YYY": (3, "partial_year"), "YY": (2, "partial_year"),
    "Y": (1, "partial_year"), "Y,YYY": (5, "year"), "IYYY": (4, "iso_year"),
    "IYY": (3, "iso_year"), "IY": (2, "iso_year"), "I": (1, "iso_year"),
    "MM": (2, "month"), "DD": (2, "day"), "DDD": (3, "yearday"), "IDDD": (3, "iso_yearday"),
    "D": (1, "weekday"), "ID": (1, "iso_weekday"), "W": (1, "week_of_month"),
    "WW": (2, "week"), "IW": (2, "iso_week"), "CC": (2, "century"), "J": (7, "julian"),
    "Q": (1, "quarter"), "HH": (2, "hour12"), "HH12": (2, "hour12"), "HH24": (2, "hour"),
    "MI": (2, "minute"), "SS": (2, "second"), "MS": (3, "millisecond"),
    "US": (6, "microsecond"), "SSSS": (5, "seconds_of_day"), "SSSSS": (5, "seconds_of_day"),
    "FF1": (1, "fraction"), "FF2": (2, "fraction"), "FF3": (3, "fraction"),
    "FF4": (4, "fraction"), "FF5": (5, "fraction"), "FF6": (6, "fraction"),
    "TZH": (2, "tz_hour"), "TZM": (2, "tz_minute"),
}
_SIGNED = {"YYYY", "TZH", "J"}
_MONTHS = [name.lower() for name in fmt._MONTH_NAMES]
_DAYS = [name.lower() for name in fmt._DAY_NAMES]
_ROMAN = [numeral.lower() for numeral in fmt._ROMAN_MONTHS]


def _invalid_value(text: str, pattern: str, detail: str) -> PgError:
    return PgError(INVALID_DATETIME_FORMAT, f'invalid value "{text}" for "{pattern}"',
                   detail=detail)


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def skip_blanks(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def number(self, pattern: str, width: int, greedy: bool) -> int:
        start = self.pos
        end = start
        if pattern in _SIGNED and end < len(self.text) and self.text[end] in "+-":
            end += 1
        limit = len(self.text) if greedy else min(len(self.text), end + width)
        while end < limit and (self.text[end].isdigit() or
                               (pattern == "Y,YYY" and self.text[end] == ",")):
            end += 1
        digits = self.text[start:end].replace(",", "")
        if not digits.lstrip("+-"):
            shown = self.text[start:start + width]
            if not shown:
                raise PgError(INVALID_DATETIME_FORMAT, f'source string too short for '
                              f'"{pattern}" formatting field',
                              detail=f"Field requires {width} characters, but only 0 remain.",
                              hint="If your source string is not fixed-width, try using "
                                   "the \"FM\" modifier.")
            raise _invalid_value(shown, pattern, "Value must be an integer.")
        self.pos = end
        return int(digits)

    def name(self, pattern: str, names: list[str], length: int | None) -> int:
        """The index of the name (or its first `length` letters) found here."""
        rest = self.text[self.pos:].lower()
        candidates = sorted(((n[:length] if length else n, i) for i, n in enumerate(names)),
                            key=lambda item: -len(item[0]))
        for candidate, index in candidates:
            if rest.startswith(candidate):
                self.pos += len(candidate)
                return index
        shown = self.text[self.pos:self.pos + max(len(n) for n in names)]
        shown = shown.split()[0] if shown.split() else shown
        raise _invalid_value(shown, pattern, "The given value did not match any of the "
                                             "allowed values for this field.")


def _is_separator(char: str) -> bool:
    """is_separator_char: printable ASCII that is not a letter or digit."""
    return "\x20" < char < "\x7f" and not char.isalnum()


def _nodes(items) -> list:
    """The template as DCH_from_char walks it: each pattern, and each literal character
    as a space, a separator or a plain character (quoted text: plain characters)."""
    nodes = []
    for item in items:
        if item.pattern is not None:
            nodes.append(("field", item))
            continue
        for char in item.text:
            if item.quoted:
                nodes.append(("char", char))
            elif char.isspace():
                nodes.append(("space", char))
            elif _is_separator(char):
                nodes.append(("separator", char))
            else:
                nodes.append(("char", char))
    return nodes


def _read_fields(text: str, template: str, strict: bool = False) -> dict[str, int]:
    """DCH_from_char outside FX mode: blanks are skipped at the start, before each field
    and after it; a space or separator in the template consumes one blank or separator of the
    text if there is one; a plain template character consumes one character, unless
    blanks skipped earlier (extra_skip) already stood for it. In FX mode every template
    character consumes exactly one character."""
    nodes = _nodes(fmt.template_items(template))
    reader = _Reader(text)
    fields: dict[str, int] = {}
    fx_mode = False
    extra_skip = 0
    index = -1
    for index, (kind, item) in enumerate(nodes):
        if reader.pos >= len(text):
            index -= 1
            break
        if kind == "field" and item.exact:
            fx_mode = True
        if not fx_mode and (kind == "field" or index == 0):
            while reader.pos < len(text) and text[reader.pos].isspace():
                reader.pos += 1
                extra_skip += 1
        if kind in ("space", "separator"):
            if fx_mode:
                reader.pos += 1
                continue
            extra_skip -= 1
            if reader.pos < len(text) and (text[reader.pos].isspace()
                                           or _is_separator(text[reader.pos])):
                reader.pos += 1
                extra_skip += 1
            continue
        if kind == "char":
            if strict:
                # the standard (jsonpath) mode: a literal character must be there
                if text[reader.pos] != item:
                    raise PgError(INVALID_DATETIME_FORMAT,
                                  f'unmatched format character "{item}"')
                reader.pos += 1
            elif not fx_mode and extra_skip > 0:
                extra_skip -= 1
            else:
                reader.pos += 1
            continue
        pattern = item.pattern.upper()
        if pattern in ("TZ", "OF"):
            raise PgError(FEATURE_NOT_SUPPORTED, f'formatting field "{item.pattern}" is '
                                                 f'only supported in to_char')
        if reader.pos >= len(text):
            break
        if pattern in _NUMERIC:
            width, field = _NUMERIC[pattern]
            following = nodes[index + 1] if index + 1 < len(nodes) else None
            greedy = item.fill_mode or following is None or following[0] != "field"
            if pattern == "TZH" and reader.pos < len(text) and text[reader.pos] in "+-":
                fields["tz_negative"] = text[reader.pos] == "-"
            elif pattern == "TZH":
                # the '-' before it may have been taken for a separator
                fields["tz_negative"] = extra_skip > 0 and text[reader.pos - 1:reader.pos] == "-"
            value = reader.number(item.pattern, width, greedy)
            if field == "fraction":          # FFn's digits are tenths ... millionths
                value *= 10 ** (6 - width)
            fields[field] = value
            if item.ordinal:
                reader.pos += min(2, len(text) - reader.pos)
        elif pattern in ("MONTH", "MON"):
            fields["month"] = reader.name(item.pattern, _MONTHS,
                                          3 if pattern == "MON" else None) + 1
        elif pattern in ("DAY", "DY"):
            fields["weekday"] = reader.name(item.pattern, _DAYS,
                                            3 if pattern == "DY" else None) + 1
        elif pattern == "RM":
            fields["month"] = reader.name(item.pattern, _ROMAN, None) + 1
        elif pattern in ("AM", "PM", "A.M.", "P.M."):
            names = ["a.m.", "p.m."] if "." in pattern else ["am", "pm"]
            fields["pm"] = reader.name(item.pattern, names, None)
        elif pattern in ("AD", "BC", "A.D.", "B.C."):
            names = ["a.d.", "b.c."] if "." in pattern else ["ad", "bc"]
            fields["bc"] = reader.name(item.pattern, names, None)
        if not fx_mode:                  # blanks after a field are skipped too
            extra_skip = 0
            while reader.pos < len(text) and text[reader.pos].isspace():
                reader.pos += 1
                extra_skip += 1
    if strict:
        if index < len(nodes) - 1:
            raise PgError(INVALID_DATETIME_FORMAT,
                          "input string is too short for datetime format")
        if text[reader.pos:].strip():
            raise PgError(INVALID_DATETIME_FORMAT,
                          "trailing characters remain in input string after datetime format")
    return fields


# Which template patterns give a date, a time of day, a time zone (the jsonpath
# .datetime(template) result type, as DCH_datetime_type decides it).
_DATE_PATTERNS = {"YYYY", "YYY", "YY", "Y", "Y,YYY", "IYYY", "IYY", "IY", "I", "MM", "DD",
                  "DDD", "IDDD", "D", "ID", "W", "WW", "IW", "CC", "J", "Q", "MONTH", "MON",
                  "DAY", "DY", "RM", "AD", "BC", "A.D.", "B.C."}
_TIME_PATTERNS = {"HH", "HH12", "HH24", "MI", "SS", "MS", "US", "SSSS", "SSSSS", "FF1", "FF2",
                  "FF3", "FF4", "FF5", "FF6", "AM", "PM", "A.M.", "P.M."}
_ZONE_PATTERNS = {"TZH", "TZM", "TZ", "OF"}


def parse_standard(text: str, template: str):
    """parse_datetime in the standard mode jsonpath's .datetime(template) uses:
    literal template characters must be separators (or quoted) and match the text, the
    whole text must be read, and the kind of value follows from the patterns used:
    ('date' | 'time' | 'timetz' | 'timestamp' | 'timestamptz', value, offset)."""
    items = fmt.template_items(template)
    for item in items:
        if item.pattern is None and not item.quoted:
            for char in item.text:
                if not (char.isspace() or _is_separator(char)):
                    raise PgError(INVALID_DATETIME_FORMAT,
                                  f'invalid datetime format separator: "{char}"')
    patterns = {item.pattern.upper() for item in items if item.pattern is not None}
    dated, timed = bool(patterns & _DATE_PATTERNS), bool(patterns & _TIME_PATTERNS)
    zoned = bool(patterns & _ZONE_PATTERNS)
    fields = _read_fields(text, template, strict=True)
    if not dated:
        fields = dict(fields, year=2000, month=1, day=1)
    value, offset = _combine(fields, text)
    if zoned and offset is None:
        offset = 0
    if dated and not timed:
        return "date", value.date(), None
    if not dated:
        return ("timetz" if zoned else "time"), value.time(), offset if zoned else None
    return ("timestamptz" if zoned else "timestamp"), value, offset if zoned else None


def _partial_year(year: int) -> int:
    """adjust_partial_year_to_2020: 0-69 are 2000-2069, 70-99 1970-1999, 100-519
    2100-2519, 520-999 1520-1999."""
    if year < 70:
        return year + 2000
    if year < 100:
        return year + 1900
    if year < 520:
        return year + 2000
    if year < 1000:
        return year + 1000
    return year


def _out_of_range(text: str) -> PgError:
    return PgError(DATETIME_FIELD_OVERFLOW,
                   f'date/time field value out of range: "{text}"')


def _combine(fields: dict[str, int], text: str) -> tuple[dt.datetime, int | None]:
    """The timestamp the fields give, and the offset (seconds east) if TZH was read."""
    if "julian" in fields:
        day = dt.date.fromordinal(fields["julian"] - 1_721_425)
        year, month, mday = day.year, day.month, day.day
    else:
        year = fields.get("year")
        if year is None and "partial_year" in fields:
            year = _partial_year(fields["partial_year"])
        if year is None and "century" in fields:
            year = (fields["century"] - 1) * 100 + 1
        month, mday = fields.get("month", 1), fields.get("day", 1)
        if "iso_year" in fields:
            iso_year = fields["iso_year"]
            if iso_year < 100:
                iso_year = _partial_year(iso_year)
            try:
                day = dt.date.fromisocalendar(iso_year, fields.get("iso_week", 1),
                                              fields.get("iso_weekday", 1))
            except ValueError:
                raise _out_of_range(text) from None
            year, month, mday = day.year, day.month, day.day
        elif "yearday" in fields and "month" not in fields and year is not None:
            try:
                day = dt.date(year, 1, 1) + dt.timedelta(days=fields["yearday"] - 1)
            except (ValueError, OverflowError):
                raise _out_of_range(text) from None
            if day.year != year:
                raise _out_of_range(text)
            month, mday = day.month, day.day
        if year is None:                 # no year given: PostgreSQL's year 0, 1 BC
            year = 0
        else:
            # BC negates the year; a year below zero is that many years BC (-44 and
            # "44 BC" are both 44 BC, "-44 BC" is 44 AD), 0 is 1 BC; astronomical
            # numbering makes 44 BC -43
            if fields.get("bc"):
                year = -year
            if year < 0:
                year += 1
    hour = fields.get("hour", 0)
    if "hour12" in fields:
        hour = fields["hour12"]
        if not 1 <= hour <= 12:
            raise PgError(INVALID_DATETIME_FORMAT, f'hour "{hour}" is invalid for the '
                                                   f'12-hour clock',
                          hint="Use the 24-hour clock, or give an hour between 1 and 12.")
        hour = hour % 12 + (12 if fields.get("pm") else 0)
    elif fields.get("pm") and hour < 12:
        hour += 12
    minute, second = fields.get("minute", 0), fields.get("second", 0)
    if "seconds_of_day" in fields:
        hour, rest = divmod(fields["seconds_of_day"], 3600)
        minute, second = divmod(rest, 60)
    micro = fields.get("microsecond", 0) + fields.get("millisecond", 0) * 1000
    micro += fields.get("fraction", 0)
    try:
        if not far_dates.MIN_ORDINAL <= far_dates.ordinal_of(year, month, mday) \
                < far_dates.TIMESTAMP_END_ORDINAL:
            raise ValueError
        value = far_dates.add_usec(far_dates.make_datetime(year, month, mday),
                                   ((hour * 60 + minute) * 60 + second) * 1_000_000 + micro)
    except (ValueError, OverflowError):
        raise _out_of_range(text) from None
    if hour > 24 or minute > 59 or second > 60:
        raise _out_of_range(text)
    offset = None
    if "tz_hour" in fields or "tz_minute" in fields:
        tz_hour = fields.get("tz_hour", 0)
        minutes = fields.get("tz_minute", 0)
        sign = -1 if tz_hour < 0 or fields.get("tz_negative") else 1
        offset = sign * (abs(tz_hour) * 3600 + minutes * 60)
    return value, offset


def to_date(text: str, template: str) -> dt.date:
    value, _offset = _combine(_read_fields(text, template), text)
    return value.date()


def to_timestamp(text: str, template: str) -> dt.datetime:
    value, offset = _combine(_read_fields(text, template), text)
    if offset is not None:
        zone: dt.tzinfo = dt.timezone(dt.timedelta(seconds=offset))
        return value.replace(tzinfo=zone).astimezone(dtt.UTC)
    return dtt.timestamp_to_timestamptz(value)


def register_sql_functions() -> None:
    functions.register("to_date", [TEXT, TEXT], DATE, to_date, oid=1780, volatility="s")
    functions.register("to_timestamp", [TEXT, TEXT], TIMESTAMPTZ, to_timestamp, oid=1778,
                       volatility="s")
