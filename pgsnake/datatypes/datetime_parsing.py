"""to_date(text, template) and to_timestamp(text, template): reading a date or time by
the datetime template patterns that to_char prints with (datetime_formatting.py reads
the template).

Reading: leading blanks of the input are skipped before each pattern. A numeric pattern
followed by another pattern reads exactly its width, all digits (so 'YYYYMMDD' works;
fewer characters left or fewer digits there are 22007 errors); followed by anything
else, or with FM, it reads all the digits there are, with a sign (so 'YYYY-MM-DD' reads
'2020-3-4' and five-digit years). Values must fit in an int4; a field set twice must
get the same value ("conflicting values"); Gregorian patterns (YYYY, MM, DD, DDD, D, WW,
W, month names) and ISO week ones (IYYY, IW, ID, IDDD) cannot be mixed. FFn reads the
digits there are as a fraction of a second, and to_timestamp rounds the result to n
digits. A name
pattern (Month, Mon, Day, Dy, AM, BC ...) matches case-insensitively. A literal
character of the template skips one input character unless it is a letter or digit
(any separator matches any separator); a blank in the template skips the input's
blanks. With FX, literals must match exactly. Input left over after the template is
ignored, as in PostgreSQL.

Then the fields are combined: YY / YYY / Y years are moved into 1970-2069 (PostgreSQL's
adjust_partial_year_to_2020), HH and HH12 are a 12-hour clock (AM unless PM is given),
CC with a one- or two-digit year puts it in that century (CC alone: the century's first
year), DDD gives the month and day where they are not given, WW the week's first day, W
the day of the month's week, J the whole date, ISO year, week and day (IYYY, IW, ID,
IDDD) another way to give it; months, days and times left out default to January 1,
midnight; an hour, minute, second or fraction beyond its range is 22008. With no year (or a BC one) PostgreSQL gives a date before year 1, which
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
import re

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


def _invalid_value(text: str, pattern: str, detail: str, hint=None) -> PgError:
    return PgError(INVALID_DATETIME_FORMAT, f'invalid value "{text}" for "{pattern}"',
                   detail=detail, hint=hint)


_INTEGER = re.compile(r"\s*[+-]?\d+")         # what strtol reads
_FM_HINT = 'If your source string is not fixed-width, try using the "FM" modifier.'
# the date convention of each pattern that has one: mixing them is an error
_GREGORIAN = {"YYYY", "YYY", "YY", "Y", "Y,YYY", "MM", "MON", "MONTH", "RM", "DD", "DDD",
              "D", "WW", "W"}
_ISO_WEEK = {"IYYY", "IYY", "IY", "I", "IW", "ID", "IDDD"}


def _set_field(fields: dict, name: str, value: int, pattern: str) -> None:
    """from_char_set_int: a field set twice must be set to the same value."""
    if name in fields and fields[name] != value:
        raise PgError(INVALID_DATETIME_FORMAT, f'conflicting values for "{pattern}" field '
                      f'in formatting string',
                      detail="This value contradicts a previous setting for the same "
                             "field type.")
    fields[name] = value


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def skip_blanks(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def number(self, pattern: str, width: int, greedy: bool) -> int:
        """from_char_parse_int_len: a field followed by a separator (or in FM mode) takes
        every digit there is (strtol: blanks, a sign, digits); otherwise exactly `width`
        characters, all digits. The value must fit in an int4."""
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1
        start = self.pos
        rest = self.text[start:]
        copy = rest[:width]
        if pattern == "Y,YYY":
            found = re.match(r"[+-]?[\d,]+", rest)
            used = found.end() if found and any(c.isdigit() for c in found.group()) else 0
            digits = rest[:used].replace(",", "")
        elif greedy:
            found = _INTEGER.match(rest)
            used = found.end() if found else 0
            digits = rest[:used]
        else:
            if len(rest) < width:
                raise PgError(INVALID_DATETIME_FORMAT, f'source string too short for '
                              f'"{pattern}" formatting field',
                              detail=f"Field requires {width} characters, but only "
                                     f"{len(rest)} remain.", hint=_FM_HINT)
            found = _INTEGER.match(copy)
            used = found.end() if found else 0
            if 0 < used < width:
                raise _invalid_value(copy, pattern, f"Field requires {width} characters, "
                                                    f"but only {used} could be parsed.",
                                     hint=_FM_HINT)
            digits = copy[:used]
        if not used:
            raise _invalid_value(copy, pattern, "Value must be an integer.")
        value = int(digits)
        if not -2**31 <= value < 2**31:
            raise PgError(DATETIME_FIELD_OVERFLOW, f'value for "{pattern}" in source '
                          f'string is out of range',
                          detail="Value must be in the range -2147483648 to 2147483647.")
        self.pos = start + used
        return value

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
        mode = "gregorian" if pattern in _GREGORIAN else "iso" if pattern in _ISO_WEEK \
            else None
        if mode is not None:
            if fields.setdefault("mode", mode) != mode:
                raise PgError(INVALID_DATETIME_FORMAT, "invalid combination of date "
                              "conventions", hint="Do not mix Gregorian and ISO week date "
                                                  "conventions in a formatting template.")
        if pattern in _NUMERIC:
            width, field = _NUMERIC[pattern]
            following = nodes[index + 1] if index + 1 < len(nodes) else None
            greedy = item.fill_mode or following is None or following[0] != "field"
            if pattern == "TZH" and reader.pos < len(text) and text[reader.pos] in "+-":
                fields["tz_negative"] = text[reader.pos] == "-"
            elif pattern == "TZH":
                # the '-' before it may have been taken for a separator
                fields["tz_negative"] = extra_skip > 0 and text[reader.pos - 1:reader.pos] == "-"
            start = reader.pos
            value = reader.number(item.pattern, width, greedy)
            if field == "fraction":          # the digits read are tenths ... millionths
                used = len(text[start:reader.pos].strip())
                if used > 6:
                    raise _out_of_range(text)
                value *= 10 ** (6 - used)
                fields["fraction_digits"] = width     # the result is rounded to FFn
            if field in ("partial_year", "iso_year", "year"):
                fields["year_size"] = width
            _set_field(fields, field, value, item.pattern)
            if item.ordinal:
                reader.pos += min(2, len(text) - reader.pos)
        elif pattern in ("MONTH", "MON"):
            _set_field(fields, "month", reader.name(item.pattern, _MONTHS,
                                                    3 if pattern == "MON" else None) + 1,
                       item.pattern)
        elif pattern in ("DAY", "DY"):
            _set_field(fields, "weekday", reader.name(item.pattern, _DAYS,
                                                      3 if pattern == "DY" else None) + 1,
                       item.pattern)
        elif pattern == "RM":
            _set_field(fields, "month", reader.name(item.pattern, _ROMAN, None) + 1,
                       item.pattern)
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


def _year(fields: dict[str, int]) -> int | None:
    """The year given (YYYY, a partial YY moved near 2020, or an ISO year), with CC: a
    YY / Y year within the century; CC alone its first year. None: no year. (A BC year
    comes back as its number; the caller negates it.)"""
    year = fields.get("year", fields.get("partial_year", fields.get("iso_year")))
    size = fields.get("year_size", 4)
    if year is not None and size < 4:
        year = _partial_year(year)
    century = fields.get("century")
    if century is None:
        return year
    if year is None:                     # its first year; counted back from its end BC
        return century * 100 if fields.get("bc") else (century - 1) * 100 + 1
    if size > 2:
        return year                      # a 3- or 4-digit year overrides CC
    rest = year % 100
    return (century - 1) * 100 + rest if rest else century * 100


def _date_fields(fields: dict[str, int], text: str) -> tuple[int, int, int]:
    """(astronomical year, month, day), as do_to_timestamp: J the whole date; a week
    (WW: its first day; IW with ID: that ISO date) or W (week of the month) give the day,
    DDD / IDDD the month and day when they are not given."""
    if "julian" in fields:
        day = dt.date.fromordinal(fields["julian"] - 1_721_425)
        return day.year, day.month, day.day
    iso = fields.get("mode") == "iso"
    year = _year(fields)
    if year is not None and fields.get("bc"):
        year = -year                 # 44 BC; -44 BC is 44 AD (negated twice)
    month, mday = fields.get("month", 0), fields.get("day", 0)
    yearday = fields.get("iso_yearday" if iso else "yearday", 0)
    week = fields.get("iso_week" if iso else "week", 0)
    if week and iso:
        try:
            day = dt.date.fromisocalendar(year or 1, week, fields.get("iso_weekday") or 1)
        except ValueError:
            raise _out_of_range(text) from None
        return _astronomical(day.year, fields), day.month, day.day
    if week:
        yearday = (week - 1) * 7 + 1
    if fields.get("week_of_month"):
        mday = (fields["week_of_month"] - 1) * 7 + 1
    if yearday and (month <= 1 or mday <= 1):
        if year is None:
            raise PgError(INVALID_DATETIME_FORMAT,
                          "cannot calculate day of year without year information")
        if iso:
            try:
                start = dt.date.fromisocalendar(year, 1, 1)
            except ValueError:
                raise _out_of_range(text) from None
            day = start + dt.timedelta(days=yearday - 1)
            return _astronomical(day.year, fields), day.month, day.day
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        sums = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365]
        sums = [n + (1 if leap and i >= 2 else 0) for i, n in enumerate(sums)]
        found = next((i for i in range(1, 13) if yearday <= sums[i]), 13)
        if found == 13:
            raise _out_of_range(text)
        if month <= 1:
            month = found
        if mday <= 1:
            mday = yearday - sums[found - 1]
    return _astronomical(year, fields), month or 1, mday or 1


def _astronomical(year: int | None, fields: dict[str, int]) -> int:
    """No year: PostgreSQL's year 0 (1 BC). A year below zero is that many years BC: 1
    BC is 0, 44 BC is -43."""
    if year is None:
        return 0
    return year + 1 if year < 0 else year


def _combine(fields: dict[str, int], text: str) -> tuple[dt.datetime, int | None]:
    """The timestamp the fields give, and the offset (seconds east) if TZH was read."""
    year, month, mday = _date_fields(fields, text)
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
    if not (0 <= hour < 24 and 0 <= minute < 60 and 0 <= second < 60
            and 0 <= micro < 1_000_000):
        raise _out_of_range(text)

    try:
        if not far_dates.MIN_ORDINAL <= far_dates.ordinal_of(year, month, mday) \
                < far_dates.TIMESTAMP_END_ORDINAL:
            raise ValueError
        value = far_dates.add_usec(far_dates.make_datetime(year, month, mday),
                                   ((hour * 60 + minute) * 60 + second) * 1_000_000 + micro)
    except (ValueError, OverflowError):
        raise _out_of_range(text) from None
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
    fields = _read_fields(text, template)
    value, offset = _combine(fields, text)
    if offset is not None:
        zone: dt.tzinfo = dt.timezone(dt.timedelta(seconds=offset))
        value = value.replace(tzinfo=zone).astimezone(dtt.UTC)
    else:
        value = dtt.timestamp_to_timestamptz(value)
    # FFn: the result has n fractional digits (rounded as a timestamptz(n) is)
    return dtt.apply_timestamp_typmod(value, fields.get("fraction_digits", -1))


def register_sql_functions() -> None:
    functions.register("to_date", [TEXT, TEXT], DATE, to_date, oid=1780, volatility="s")
    functions.register("to_timestamp", [TEXT, TEXT], TIMESTAMPTZ, to_timestamp, oid=1778,
                       volatility="s")
