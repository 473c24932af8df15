"""date, time, timestamp, timestamptz and interval: parsing, output, storage, arithmetic.

Entry points: date_input/output, time_input/output, timestamp_input/output,
timestamptz_input/output, interval_input/output, their send/receive/pack/unpack,
Interval, apply_timestamp_typmod, session_zone, and arithmetic helpers used by operators
(date_add_days, timestamp_add_interval, timestamp_diff, ...).

Values: date -> datetime.date, time -> datetime.time, timestamp -> naive datetime,
timestamptz -> aware datetime in UTC, interval -> Interval(months, days, microseconds).
Binary and on-disk forms count from PostgreSQL's epoch 2000-01-01: date = int4 days,
time/timestamp/timestamptz = int64 microseconds, interval = int64 us, int4 days, int4 months.

Invariants:
 1. Text output follows the session's DateStyle and IntervalStyle: the defaults ('ISO,
    MDY', 'postgres') here, the others through datetime_styles; timestamptz prints in the
    session TimeZone with PostgreSQL's offset form ('+00', '+05:30'). Ambiguous numeric
    dates are read in DateStyle's field order (MDY, DMY, YMD).
 2. +-infinity are the sentinels DATE_INFINITY, TIMESTAMP_INFINITY, ... (subclass
    instances, so they order after/before every real value) and map to PostgreSQL's
    INT32/INT64 extremes on disk and on the wire.
 3. Field errors are 22008 'date/time field value out of range: "..."', unparsable text
    is 22007 'invalid input syntax for type <type>: "..."'.

PostgreSQL: utils/adt/datetime.c (ParseDateTime, DecodeDateTime, DecodeInterval,
EncodeDateTime, EncodeInterval), date.c, timestamp.c (timestamp_in, timestamp_out,
interval_in, interval_out, timestamp_pl_interval, timestamp_mi, AdjustTimestampForTypmod).
"""
from __future__ import annotations

import datetime as dt
import re
import struct
import zoneinfo

from pgsnake.datatypes import (datetime_styles, far_dates, posix_zone, timezone_abbrevs,
                                zone_abbrev_history)
from pgsnake.utils import settings
from pgsnake.utils.errors import (PgError, INVALID_DATETIME_FORMAT, DATETIME_FIELD_OVERFLOW,
                                  NUMERIC_VALUE_OUT_OF_RANGE)

UTC = dt.timezone.utc
POSTGRES_EPOCH = dt.datetime(2000, 1, 1)
POSTGRES_EPOCH_DATE = dt.date(2000, 1, 1)
UNIX_EPOCH = dt.datetime(1970, 1, 1)
USECS_PER_DAY = 86_400_000_000
USECS_PER_SEC = 1_000_000
DAYS_PER_MONTH = 30
INT64_MAX = (1 << 63) - 1
INT64_MIN = -(1 << 63)
INT32_MAX = (1 << 31) - 1
INT32_MIN = -(1 << 31)
ONE_USEC = dt.timedelta(microseconds=1)


class _InfiniteOrdering:
    """Comparisons of an infinity sentinel by far_dates.ordinal_key, so that it orders
    after (before) every date, BC and after-9999 ones (far_dates) included."""
    infinite_sign = 0

    def __eq__(self, other):
        return far_dates._compare(self, other, lambda a, b: a == b)

    def __ne__(self, other):
        return far_dates._compare(self, other, lambda a, b: a != b)

    def __lt__(self, other):
        return far_dates._compare(self, other, lambda a, b: a < b)

    def __le__(self, other):
        return far_dates._compare(self, other, lambda a, b: a <= b)

    def __gt__(self, other):
        return far_dates._compare(self, other, lambda a, b: a > b)

    def __ge__(self, other):
        return far_dates._compare(self, other, lambda a, b: a >= b)

    def __hash__(self) -> int:
        return hash(("infinity", self.infinite_sign, isinstance(self, dt.datetime)))


class _InfiniteDate(_InfiniteOrdering, dt.date):
    """date sentinel for +-infinity (see invariant 2)."""


class _InfiniteDatetime(_InfiniteOrdering, dt.datetime):
    """timestamp/timestamptz sentinel for +-infinity."""


def _sentinel(cls, sign: int, *fields, **kw):
    value = cls(*fields, **kw)
    value.infinite_sign = sign
    return value


DATE_INFINITY = _sentinel(_InfiniteDate, 1, 9999, 12, 31)
DATE_MINUS_INFINITY = _sentinel(_InfiniteDate, -1, 1, 1, 1)
TIMESTAMP_INFINITY = _sentinel(_InfiniteDatetime, 1, 9999, 12, 31, 23, 59, 59, 999999)
TIMESTAMP_MINUS_INFINITY = _sentinel(_InfiniteDatetime, -1, 1, 1, 1)
TIMESTAMPTZ_INFINITY = _sentinel(_InfiniteDatetime, 1, 9999, 12, 31, 23, 59, 59, 999999,
                                 tzinfo=UTC)
TIMESTAMPTZ_MINUS_INFINITY = _sentinel(_InfiniteDatetime, -1, 1, 1, 1, tzinfo=UTC)


def is_infinite(value) -> bool:
    return isinstance(value, (_InfiniteDate, _InfiniteDatetime))


def _is_positive_infinity(value) -> bool:
    return value.year == 9999


class Interval:
    """PostgreSQL's interval: months, days and microseconds kept separately. Ordering and
    equality use one linear value (a month is 30 days, a day 24 hours), as PostgreSQL's
    interval_cmp does, so '1 mon' = '30 days'."""
    __slots__ = ("months", "days", "microseconds")

    def __init__(self, months: int = 0, days: int = 0, microseconds: int = 0) -> None:
        self.months = months
        self.days = days
        self.microseconds = microseconds

    def key(self) -> int:
        return ((self.months * DAYS_PER_MONTH + self.days) * USECS_PER_DAY
                + self.microseconds)

    def __eq__(self, other) -> bool:
        return isinstance(other, Interval) and self.key() == other.key()

    def __hash__(self) -> int:
        return hash(self.key())

    def __lt__(self, other) -> bool:
        return self.key() < other.key()

    def __le__(self, other) -> bool:
        return self.key() <= other.key()

    def __gt__(self, other) -> bool:
        return self.key() > other.key()

    def __ge__(self, other) -> bool:
        return self.key() >= other.key()

    def __repr__(self) -> str:
        return f"Interval({self.months}, {self.days}, {self.microseconds})"


# ---------------------------------------------------------------- time zones

_zone_cache: dict[str, dt.tzinfo] = {}


def zone_by_name(name: str) -> dt.tzinfo | None:
    key = name.strip()
    if key in _zone_cache:
        return _zone_cache[key]
    lowered = key.lower()
    zone: dt.tzinfo | None
    number = re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", key)
    if lowered in ("utc", "gmt", "z", "zulu", "etc/utc", "universal"):
        zone = UTC
    elif number:
        # A bare number of hours is an offset east of UTC (SQL's sign, as SET TIME ZONE
        # 5.5 gives), named by the offset as PostgreSQL names such a zone.
        seconds = round(float(key) * 3600)
        zone = dt.timezone(dt.timedelta(seconds=seconds), format_offset(seconds))
    else:
        # a zone file first, then a POSIX string ('UTC+3', '+03:30', 'EST5EDT4,M3.2.0,...'),
        # as pg_tzset tries them
        try:
            zone = zoneinfo.ZoneInfo(key)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            zone = _zone_file_any_case(lowered) or posix_zone.parse(key)
    if zone is not None:
        _zone_cache[key] = zone
    return zone


_zone_files_by_lower_name: dict[str, str] = {}


def _zone_file_any_case(lowered: str) -> dt.tzinfo | None:
    if not _zone_files_by_lower_name:
        _zone_files_by_lower_name.update(
            (name.lower(), name) for name in zoneinfo.available_timezones())
    name = _zone_files_by_lower_name.get(lowered)
    return zoneinfo.ZoneInfo(name) if name else None


def zone_needs_date(zone: dt.tzinfo) -> bool:
    """Whether a time written with this zone needs a date to know its offset: a zone
    file or POSIX string with more than one offset (pg_get_timezone_offset fails), as
    DecodeTimeOnly refuses such a zone after a time alone."""
    if isinstance(zone, posix_zone.PosixZone):
        return zone.dst_name is not None
    if isinstance(zone, zoneinfo.ZoneInfo):
        return len(zone_abbrev_history.zone_offsets(zone.key) or ()) > 1
    return False


def session_zone() -> dt.tzinfo:
    try:
        name = settings.get("timezone")
    except Exception:
        name = "UTC"
    return zone_by_name(name) or UTC


# ---------------------------------------------------------------- parsing

_MONTHS = {name: i + 1 for i, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"))}
_MONTH_ABBREV = {name[:3]: number for name, number in _MONTHS.items()}
_MONTH_ABBREV["sept"] = 9
_DAY_NAMES = {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
              "sun", "mon", "tue", "tues", "wed", "weds", "thu", "thur", "thurs", "fri", "sat"}

_RE_YMD = re.compile(r"(\d{4,7})([-/.])(\d{1,2})\2(\d{1,2})")
_RE_YMD_OFFSET = re.compile(r"(\d{4,7})(-)(\d{1,2})-(\d{1,2})(\+\d{1,2}(?::?\d{2})?)")
_RE_MDY = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{1,4})")
_RE_YMD_PACKED = re.compile(r"(\d{4,})(\d{2})(\d{2})")
_RE_TEXT_MONTH = re.compile(r"(\d{1,4})-([a-z]+)-(\d{1,4})")
_RE_MONTH_FIRST = re.compile(r"([a-z]+)-(\d{1,4})-(\d{1,4})")
_RE_TIME = re.compile(r"(\d{1,2}):(\d{1,2})(?::(\d{1,2})(\.\d*)?)?"
                      r"(z|[+-]\d{1,2}(?::?\d{2})?(?::\d{2})?)?")
_RE_ABBREV_OFFSET = re.compile(r"([a-z]+)([+-]\d{1,2}(?::?\d{2})?)")
_RE_YEAR_DAY = re.compile(r"(\d{4})\.(\d{3})")
_RE_JULIAN = re.compile(r"j(\d{1,9})(\.\d*)?(z|[+-]\d{1,2}(?::?\d{2})?)?")
# HHMM / HHMMSS[.fff] written without colons, possibly with an offset attached
_RE_PACKED_TIME = re.compile(r"(\d{4}|\d{6})(\.\d*)?(z|[+-]\d{1,2}(?::?\d{2})?)?")
_RELATIVE_DAYS = {"today": 0, "tomorrow": 1, "yesterday": -1}
_RE_TIME_MERIDIAN = re.compile(r"(\d{1,2}:\d{1,2}(?::\d{1,2}(?:\.\d*)?)?)(am|pm)")
_RE_OFFSET = re.compile(r"([+-])(\d{1,2})(?::?(\d{2}))?(?::(\d{2}))?")


class _Fields:
    __slots__ = ("year", "month", "day", "hour", "minute", "second", "usec", "tz",
                 "month_overflow", "bc", "two_digit_year", "astronomical")

    def __init__(self) -> None:
        self.year = self.month = self.day = None
        self.hour = self.minute = self.second = 0
        self.usec = 0
        self.tz = None
        self.month_overflow = False
        self.bc = False
        self.two_digit_year = None     # the year as written when it had 1-2 digits
        self.astronomical = False      # the year came from a Julian day (0 is 1 BC)


def _syntax_error(type_name: str, text: str) -> PgError:
    return PgError(INVALID_DATETIME_FORMAT,
                   f'invalid input syntax for type {type_name}: "{text}"')


def _field_error(text: str, hint: bool = False) -> PgError:
    return PgError(DATETIME_FIELD_OVERFLOW, f'date/time field value out of range: "{text}"',
                   hint='Perhaps you need a different "datestyle" setting.' if hint else None)


def _parse_offset(token: str) -> dt.tzinfo | None:
    if token in ("z",):
        return UTC
    match = _RE_OFFSET.fullmatch(token)
    if not match:
        return None
    hours, minutes, seconds = int(match.group(2)), int(match.group(3) or 0), int(match.group(4) or 0)
    if len(match.group(2)) > 2:
        return None
    if hours > 15 or minutes > 59 or seconds > 59:
        # DecodeTimezone's limit (MAX_TZDISP_HOUR); _decode adds the text
        raise _TimeZoneDisplacement
    total = hours * 3600 + minutes * 60 + seconds
    return dt.timezone(dt.timedelta(seconds=-total if match.group(1) == "-" else total))


def _fraction_usec(fraction: str | None) -> int:
    if not fraction or fraction == ".":
        return 0
    # Round to the microsecond, half away from zero, as rint() on a positive value does.
    digits = (fraction[1:] + "0000000")[:7]
    usec = int(digits[:6])
    if int(digits[6]) >= 5:
        usec += 1
    return usec


class _TimeZoneDisplacement(Exception):
    """A numeric zone offset beyond 15:59:59."""


_RE_EMBEDDED_MONTH = re.compile(r"(\d*)([a-z]+)(\d*)")


def _split_text_month(token: str) -> list[str]:
    """ParseDateTime ends a number field at a letter, and a word at a digit when the
    word is a keyword: '97feb10' is three fields, 97, feb and 10."""
    match = _RE_EMBEDDED_MONTH.fullmatch(token)
    if match is None or not (match.group(1) or match.group(3)) \
            or _month_number(match.group(2)) is None:
        return [token]
    return [part for part in match.groups() if part]


def _decode(text: str, type_name: str, *, want_date: bool, want_time: bool) -> _Fields:
    try:
        return _decode_fields(text, type_name, want_date=want_date, want_time=want_time)
    except _TimeZoneDisplacement:
        raise PgError("22009", f'time zone displacement out of range: "{text}"') from None


def _decode_fields(text: str, type_name: str, *, want_date: bool,
                   want_time: bool) -> _Fields:
    fields = _Fields()
    lowered = text.strip().lower()
    # 'T' between a date and a time, as in ISO 8601.
    lowered = re.sub(r"(?<=\d)t(?=\d)", " ", lowered)
    # ... and 'T' leading a time on its own ('T04:05:06', '2001-12-27 T040506')
    lowered = re.sub(r"(?:(?<=\s)|^)t(?=\d)", "", lowered)
    tokens = [part for token in re.findall(r"[^\s,]+", lowered)
              for part in _split_text_month(token)]
    if not tokens:
        raise _syntax_error(type_name, text)
    numbers: list[str] = []
    saw_time = False
    meridian = None
    daylight_zone = False     # the zone is a daylight-time abbreviation or moved by DST
    for token in tokens:
        if token in ("am", "pm") and meridian is None:
            meridian = token[0]
            continue
        match = _RE_YMD.fullmatch(token) or _RE_YMD_OFFSET.fullmatch(token)
        if match and fields.year is None:
            fields.year, fields.month, fields.day = (int(match.group(1)), int(match.group(3)),
                                                     int(match.group(4)))
            if len(match.groups()) > 4 and fields.tz is None:
                fields.tz = _parse_offset(match.group(5))   # '2001-01-01+11'
                if fields.tz is None:
                    raise _syntax_error(type_name, text)
            continue
        match = _RE_MDY.fullmatch(token)
        if match and fields.year is None:
            first, second, year = int(match.group(1)), int(match.group(3)), match.group(4)
            order = datetime_styles.date_style()[1]
            if order == "YMD":
                # year first: '01/02/03' is 2001-02-03
                first, second, year = second, int(year), match.group(1)
            elif order == "DMY":
                first, second = second, first
            fields.month, fields.day = first, second
            fields.year = _two_digit_year(year, fields)
            continue
        match = _RE_TEXT_MONTH.fullmatch(token)
        if match and fields.year is None:
            month = _month_number(match.group(2))
            if month is None:
                raise _syntax_error(type_name, text)
            fields.month = month             # the numbers are read as bare ones below
            numbers.extend((match.group(1), match.group(3)))
            continue
        match = _RE_MONTH_FIRST.fullmatch(token)
        if match and fields.year is None and fields.month is None:   # Jan-08-1999
            month = _month_number(match.group(1))
            if month is not None:
                fields.month = month
                numbers.extend((match.group(2), match.group(3)))
                continue
        # six digits or more are a packed date or time unless a date field and the time
        # are both known already, when they are a year ('Mar 12 23:58:48 100000')
        plain_number = saw_time and (fields.month is not None or fields.day is not None)
        match = _RE_YMD_PACKED.fullmatch(token)
        if match and fields.year is None and not plain_number:
            fields.year, fields.month, fields.day = (int(g) for g in match.groups())
            continue
        if token in _RELATIVE_DAYS and fields.year is None and want_date:
            # '10:30 today': the session's current date, moved by a day or not
            day = _now_utc().astimezone(session_zone()).date() + \
                dt.timedelta(days=_RELATIVE_DAYS[token])
            fields.year, fields.month, fields.day = day.year, day.month, day.day
            continue
        match = _RE_PACKED_TIME.fullmatch(token)
        if match and not saw_time and token.isascii() and (
                (len(match.group(1)) == 6 and (fields.year is not None or not want_date))
                or (len(match.group(1)) == 4 and not want_date)):
            # DecodeNumberField: HHMMSS (or HHMM) once the date is known, or in a time
            digits = match.group(1)
            saw_time = True
            fields.hour, fields.minute = int(digits[:2]), int(digits[2:4])
            fields.second = int(digits[4:]) if len(digits) == 6 else 0
            fields.usec = _fraction_usec(match.group(2))
            if match.group(3):
                fields.tz = _parse_offset(match.group(3))
                if fields.tz is None:
                    raise _syntax_error(type_name, text)
            continue
        if token.isdigit() and len(token) == 6 and token.isascii() and not plain_number:
            # DecodeNumberField: YYMMDD before a date is known, HHMMSS after it
            if fields.year is None:
                fields.year = _two_digit_year(token[:2], fields)
                fields.month, fields.day = int(token[2:4]), int(token[4:])
                continue
            if not saw_time:
                saw_time = True
                fields.hour, fields.minute = int(token[:2]), int(token[2:4])
                fields.second = int(token[4:])
                continue
        match = _RE_YEAR_DAY.fullmatch(token)
        if match and fields.year is None:          # 1999.008: year and day of year
            year, yearday = int(match.group(1)), int(match.group(2))
            # like PostgreSQL, a day past the year's end runs into the next year
            day = far_dates.add_days(far_dates.make_date(max(year, 1), 1, 1), yearday - 1)
            fields.year, fields.month, fields.day = day.year, day.month, day.day
            continue
        match = _RE_JULIAN.fullmatch(token)
        if match and fields.year is None:          # J2451187: a Julian day number
            ordinal = int(match.group(1)) - 1_721_425
            if not far_dates.MIN_ORDINAL <= ordinal <= far_dates.DATE_MAX_ORDINAL:
                raise PgError(DATETIME_FIELD_OVERFLOW, f'date out of range: "{text}"')
            day = far_dates.date_from_ordinal(ordinal)
            fields.year, fields.month, fields.day = day.year, day.month, day.day
            fields.astronomical = True
            if match.group(2) and match.group(2) != ".":
                # a fraction of the day is its time
                usec = round(float(match.group(2)) * USECS_PER_DAY)
                saw_time = True
                fields.hour, rest = divmod(usec, 3600 * USECS_PER_SEC)
                fields.minute, rest = divmod(rest, 60 * USECS_PER_SEC)
                fields.second, fields.usec = divmod(rest, USECS_PER_SEC)
            if match.group(3):
                fields.tz = _parse_offset(match.group(3))
                if fields.tz is None:
                    raise _syntax_error(type_name, text)
            continue
        match = _RE_TIME_MERIDIAN.fullmatch(token)
        if match and not saw_time and meridian is None:   # 5:32PM
            token, meridian = match.group(1), match.group(2)[0]
        match = _RE_TIME.fullmatch(token)
        if match and not saw_time:
            saw_time = True
            fields.hour, fields.minute = int(match.group(1)), int(match.group(2))
            fields.second = int(match.group(3) or 0)
            fields.usec = _fraction_usec(match.group(4))
            if match.group(5):
                fields.tz = _parse_offset(match.group(5))
                if fields.tz is None:
                    raise _syntax_error(type_name, text)
            continue
        if token[0] in "+-" and saw_time and fields.tz is None:
            zone = _parse_offset(token)
            if zone is None:
                raise _syntax_error(type_name, text)
            fields.tz = zone
            continue
        if token.isdigit():
            numbers.append(token)
            continue
        if token.isalpha() or "/" in token or "_" in token:
            month = _month_number(token)
            if month is not None and fields.month is None:
                fields.month = month
                continue
            if token in _DAY_NAMES or token == "ad":
                continue
            if token in ("allballs",) and want_time:
                continue
            if token == "bc":
                fields.bc = True
                continue
            if token == "dst":
                # 'MET DST': a fixed zone moved an hour east (DTZMOD); not after a
                # daylight-time abbreviation or a zone with rules of its own
                if type(fields.tz) is not dt.timezone or daylight_zone:
                    raise _syntax_error(type_name, text)
                fields.tz = dt.timezone(fields.tz.utcoffset(None) + dt.timedelta(hours=1))
                daylight_zone = True
                continue
            dynamic = zone_abbrev_history.zone_for(token) if fields.tz is None else None
            if dynamic is not None:         # 'MSK': the offset its zone used then
                fields.tz = dynamic
                continue
            abbreviation = timezone_abbrevs.ABBREVIATIONS.get(token)
            if abbreviation is not None and fields.tz is None:   # 'PST', 'CEST', ...
                fields.tz = dt.timezone(dt.timedelta(seconds=abbreviation[0]))
                daylight_zone = abbreviation[1]
                continue
            zone = zone_by_name(token) if fields.tz is None else None
            if zone is not None:
                fields.tz = zone
                continue
            if "/" in token and fields.tz is None and token[0].isalpha():
                raise PgError("22023", f'time zone "{token}" not recognized')
        match = _RE_ABBREV_OFFSET.fullmatch(token)
        if match and fields.tz is None and saw_time and (
                match.group(1) in timezone_abbrevs.ABBREVIATIONS
                or zone_by_name(match.group(1)) is not None):
            # 'GMT+8', 'PST+8', 'MST+7:00': a POSIX-style offset, hours west of UTC
            offset = _parse_offset(match.group(2))
            if offset is None:
                raise _syntax_error(type_name, text)
            fields.tz = dt.timezone(-offset.utcoffset(None))
            continue
        if token[0].isalpha() and not token.isalpha() and fields.tz is None \
                and (not want_date or fields.month is not None and fields.day is not None) \
                and not _is_datetime_keyword(re.match(r"[a-z]*", token).group()):
            # after the date (or in a time), a word with digits is a zone name ('EST5EDT',
            # a POSIX string), as DecodeDateTime / DecodeTimeOnly read such a field
            zone = zone_by_name(token)
            if zone is None:
                raise PgError("22023", f'time zone "{token}" not recognized')
            fields.tz = zone
            continue
        raise _syntax_error(type_name, text)
    if fields.year is None and fields.month is None and len(numbers) == 3:
        # '1999 01 08', '01 08 99': three bare numbers are a date in DateStyle's field
        # order, unless the first has more than two digits (then it is the year)
        first, second, third = numbers
        order = "YMD" if len(first) > 2 else datetime_styles.date_style()[1]
        by_field = dict(zip(order, (first, second, third)))
        fields.year = _two_digit_year(by_field["Y"], fields)
        fields.month, fields.day = int(by_field["M"]), int(by_field["D"])
        numbers = []
    # Bare numbers fill the day and year around a textual month ('Jan 2 2024', '2 Jan 2024'):
    # a number of more than two digits is the year; otherwise DateStyle YMD reads the
    # year first (when no number is longer), the others the day first.
    year_first = datetime_styles.date_style()[1] == "YMD" \
        and not any(len(number) > 2 for number in numbers)
    for number in numbers:
        if len(number) <= 2 and year_first and fields.year is None and fields.day is None:
            fields.year = _two_digit_year(number, fields)
        elif fields.day is None and len(number) <= 2:
            fields.day = int(number)
        elif fields.year is None:
            fields.year = int(number) if len(number) > 2 else _two_digit_year(number, fields)
        elif fields.day is None:
            fields.day = int(number)
        else:
            raise _syntax_error(type_name, text)
    if want_date and (fields.year is None or fields.month is None or fields.day is None):
        raise _syntax_error(type_name, text)
    if meridian is not None:
        # 12-hour clock: 12 am is midnight, 1-11 pm add twelve; a 24-hour value is wrong
        if fields.hour > 12:
            raise _field_error(text)
        if meridian == "a" and fields.hour == 12:
            fields.hour = 0
        elif meridian == "p" and fields.hour != 12:
            fields.hour += 12
    _check_fields(fields, text, want_date, type_name)
    return fields


def _two_digit_year(text: str, fields: _Fields | None = None) -> int:
    year = int(text)
    if len(text) <= 2:
        if fields is not None:
            fields.two_digit_year = year
        year += 2000 if year < 70 else 1900
    return year


def _month_number(token: str) -> int | None:
    if token in _MONTHS:
        return _MONTHS[token]
    return _MONTH_ABBREV.get(token[:4] if token.startswith("sept") else token)


_JULIAN_FIELDS_MIN_ORDINAL = far_dates.ordinal_of(-4713, 11, 1)


# the words of PostgreSQL's datetktbl besides month and day names: a word with digits
# that starts with one is not read as a zone name ('m2' is the unit m and 2)
_DATETIME_KEYWORDS = {"ad", "allballs", "am", "at", "bc", "d", "dst", "epoch", "h",
                      "infinity", "j", "jd", "m", "mm", "now", "on", "pm", "s", "t",
                      "today", "tomorrow", "y", "yesterday", "z", "zulu"}


def _is_datetime_keyword(word: str) -> bool:
    return word in _DATETIME_KEYWORDS or word in _DAY_NAMES or _month_number(word) is not None


def _check_timestamp_start(value: dt.datetime, text: str) -> dt.datetime:
    """`value` (UTC, or local for timestamp) if not before 4714-11-24 BC, as
    IS_VALID_TIMESTAMP checks after tm2timestamp."""
    if value.toordinal() < far_dates.MIN_ORDINAL:
        raise PgError(DATETIME_FIELD_OVERFLOW, f'timestamp out of range: "{text}"')
    return value


def _check_fields(fields: _Fields, text: str, want_date: bool,
                  type_name: str = "date") -> None:
    if want_date:
        if not 1 <= fields.month <= 12 or not 1 <= fields.day <= 31:
            raise _field_error(text, hint=True)
        if fields.year < 1 and not fields.astronomical:
            raise _field_error(text)        # there is no year 0 (nor -1 ...)
        if fields.bc:
            if fields.two_digit_year is not None:   # '45 BC' is 45 BC, not 2045 BC
                fields.year = fields.two_digit_year
                if fields.year < 1:
                    raise _field_error(text)
            fields.year = 1 - fields.year   # astronomical: 1 BC is year 0
        try:
            ordinal = far_dates.ordinal_of(fields.year, fields.month, fields.day)
        except ValueError:
            raise _field_error(text) from None
        # a date must be in the Julian-day range; a timestamp's fields only from November
        # 4714 BC on (IS_VALID_JULIAN), the value itself is checked once converted
        low = far_dates.MIN_ORDINAL if type_name == "date" else _JULIAN_FIELDS_MIN_ORDINAL
        if not low <= ordinal <= far_dates.DATE_MAX_ORDINAL:
            what = "date" if type_name == "date" else "timestamp"
            raise PgError(DATETIME_FIELD_OVERFLOW, f'{what} out of range: "{text}"')
    if (not 0 <= fields.hour <= 24 or not 0 <= fields.minute <= 59
            or not 0 <= fields.second <= 60
            or (fields.hour == 24 and (fields.minute or fields.second or fields.usec))):
        raise _field_error(text)


def _fields_to_datetime(fields: _Fields, text: str) -> dt.datetime:
    if far_dates.ordinal_of(fields.year, fields.month, fields.day) \
            >= far_dates.TIMESTAMP_END_ORDINAL:
        raise PgError(DATETIME_FIELD_OVERFLOW, f'timestamp out of range: "{text}"')
    base = far_dates.make_datetime(fields.year, fields.month, fields.day)
    return far_dates.add_usec(base, ((fields.hour * 60 + fields.minute) * 60 + fields.second)
                              * USECS_PER_SEC + fields.usec)


_SPECIAL_WORDS = ("epoch", "infinity", "-infinity", "now", "today", "tomorrow", "yesterday")


def _special(text: str, type_name: str = "", want_time: bool = False):
    """The special value `text` stands for: the whole text, or (PostgreSQL 15's
    DecodeDateTime) the last special word among other fields, when that is epoch or
    [-]infinity: '1995-08-06 epoch' is the epoch, 'today infinity' infinity. The other
    fields must still be valid ones."""
    word = text.strip().lower()
    if word in _SPECIAL_WORDS:
        return word
    if not type_name or ("epoch" not in word and "infinity" not in word):
        return None
    tokens = re.findall(r"[^\s,]+", word)
    specials = [t for t in tokens if t in _SPECIAL_WORDS]
    if sum(t in ("epoch", "infinity", "-infinity") for t in specials) > 1 \
            or sum(t in _RELATIVE_DAYS for t in specials) > 1:
        # each sets every date field (or the date), so a second one conflicts
        raise _syntax_error(type_name, text)
    rest = " ".join(t for t in tokens if t not in _SPECIAL_WORDS)
    if not specials or (rest and specials[-1] not in ("epoch", "infinity", "-infinity")):
        return None
    if rest:
        try:
            _decode(rest, type_name, want_date=True, want_time=want_time)
        except PgError:
            try:
                _decode(rest, type_name, want_date=False, want_time=True)
            except PgError as error:
                if error.sqlstate == "22008":
                    raise _field_error(text) from None
                raise _syntax_error(type_name, text) from None
    return specials[-1]


def _now_utc() -> dt.datetime:
    """'now', 'today', ... in input: the transaction's start, as GetCurrentDateTime /
    GetCurrentTimeUsec take it (so 'now' twice in a transaction is one instant)."""
    from pgsnake.datatypes import clock
    return clock.now()


def date_input(text: str, typmod: int = -1) -> dt.date:
    special = _special(text, "date")
    if special:
        if special == "infinity":
            return DATE_INFINITY
        if special == "-infinity":
            return DATE_MINUS_INFINITY
        if special == "epoch":
            return dt.date(1970, 1, 1)
        today = _now_utc().astimezone(session_zone()).date()
        return today + dt.timedelta(days={"now": 0, "today": 0, "tomorrow": 1,
                                          "yesterday": -1}[special])
    fields = _decode(text, "date", want_date=True, want_time=False)
    return far_dates.make_date(fields.year, fields.month, fields.day)


def date_from_fields(year: int, month: int, day: int) -> dt.date:
    """make_date's reading of its arguments: a negative year is BC, there is no year 0,
    and the result must lie in date's range (22008 otherwise)."""
    astronomical = year if year > 0 else year + 1
    try:
        if year == 0:
            raise ValueError
        ordinal = far_dates.ordinal_of(astronomical, month, day)
    except ValueError:
        raise PgError(DATETIME_FIELD_OVERFLOW, f"date field value out of range: "
                                               f"{year}-{month:02d}-{day:02d}") from None
    if not far_dates.MIN_ORDINAL <= ordinal <= far_dates.DATE_MAX_ORDINAL:
        raise PgError(DATETIME_FIELD_OVERFLOW, f"date out of range: "
                                               f"{year}-{month:02d}-{day:02d}")
    return far_dates.date_from_ordinal(ordinal)


def year_text(year: int) -> tuple[str, str]:
    """(the year as printed, ' BC' or ''): PostgreSQL prints astronomical year 0 as
    '0001 ... BC' (EncodeDateOnly / EncodeDateTime)."""
    if year > 0:
        return f"{year:04d}", ""
    return f"{1 - year:04d}", " BC"


def date_output(value: dt.date) -> str:
    if type(value) is _InfiniteDate:
        return "infinity" if _is_positive_infinity(value) else "-infinity"
    style, order = datetime_styles.date_style()
    if style != "ISO":
        return datetime_styles.encode_date(value, style, order)
    year, era = year_text(value.year)
    return f"{year}-{value.month:02d}-{value.day:02d}{era}"


def _timestamp_special(special: str, aware: bool):
    if special == "infinity":
        return TIMESTAMPTZ_INFINITY if aware else TIMESTAMP_INFINITY
    if special == "-infinity":
        return TIMESTAMPTZ_MINUS_INFINITY if aware else TIMESTAMP_MINUS_INFINITY
    zone = session_zone()
    if special == "epoch":
        return dt.datetime(1970, 1, 1, tzinfo=UTC) if aware else dt.datetime(1970, 1, 1)
    now = _now_utc()
    if special == "now":
        return now if aware else now.astimezone(zone).replace(tzinfo=None)
    local_midnight = dt.datetime.combine(now.astimezone(zone).date(), dt.time())
    local_midnight += dt.timedelta(days={"today": 0, "tomorrow": 1, "yesterday": -1}[special])
    if aware:
        return _local_to_utc(local_midnight, zone)
    return local_midnight


def local_to_utc(local: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """The instant a wall-clock time names in `zone` (DetermineTimeZoneOffsetInternal):
    in a skipped hour the offset before the change, in a repeated hour the one after."""
    before = local.replace(tzinfo=zone, fold=0)
    after = local.replace(tzinfo=zone, fold=1)
    chosen = after if before.utcoffset() > after.utcoffset() else before
    return chosen.astimezone(UTC)


_local_to_utc = local_to_utc


def timestamp_input(text: str, typmod: int = -1) -> dt.datetime:
    special = _special(text, "timestamp", want_time=True)
    if special:
        return _timestamp_special(special, aware=False)
    fields = _decode(text, "timestamp", want_date=True, want_time=True)
    value = _check_timestamp_start(_fields_to_datetime(fields, text), text)
    return apply_timestamp_typmod(value, typmod) if typmod >= 0 else value


def timestamptz_input(text: str, typmod: int = -1) -> dt.datetime:
    special = _special(text, "timestamp with time zone", want_time=True)
    if special:
        return _timestamp_special(special, aware=True)
    fields = _decode(text, "timestamp with time zone", want_date=True, want_time=True)
    local = _fields_to_datetime(fields, text)
    value = _check_timestamp_start(_local_to_utc(local, fields.tz or session_zone()), text)
    return apply_timestamp_typmod(value, typmod) if typmod >= 0 else value


def _seconds_text(second: int, usec: int) -> str:
    if usec:
        return f"{second:02d}.{usec:06d}".rstrip("0")
    return f"{second:02d}"


def timestamp_output(value: dt.datetime) -> str:
    if type(value) is _InfiniteDatetime:
        return "infinity" if _is_positive_infinity(value) else "-infinity"
    style, order = datetime_styles.date_style()
    if style != "ISO":
        return datetime_styles.encode_timestamp(value, style, order)
    year, era = year_text(value.year)
    return (f"{year}-{value.month:02d}-{value.day:02d} {value.hour:02d}:{value.minute:02d}:"
            f"{_seconds_text(value.second, value.microsecond)}{era}")


def format_offset(seconds: int) -> str:
    sign = "-" if seconds < 0 else "+"
    seconds = abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{sign}{hours:02d}"
    if minutes or secs:
        text += f":{minutes:02d}"
    if secs:
        text += f":{secs:02d}"
    return text


def timestamptz_output(value: dt.datetime) -> str:
    if type(value) is _InfiniteDatetime:
        return "infinity" if _is_positive_infinity(value) else "-infinity"
    local = value.astimezone(session_zone())
    offset = int(local.utcoffset().total_seconds())
    style, order = datetime_styles.date_style()
    if style != "ISO":
        # the zone's abbreviation (a POSIX string's may be empty); a fixed-offset zone has
        # none and prints its offset
        if isinstance(local.tzinfo, posix_zone.PosixZone):
            name = local.tzname()
        else:
            name = local.tzname() if isinstance(local.tzinfo, zoneinfo.ZoneInfo) else \
                "UTC" if local.tzinfo is UTC else None
            name = name or format_offset(offset)
        return datetime_styles.encode_timestamp(local.replace(tzinfo=None), style, order,
                                                name)
    text = timestamp_output(local.replace(tzinfo=None))
    if text.endswith(" BC"):
        return text[:-3] + format_offset(offset) + " BC"
    return text + format_offset(offset)


def time_input(text: str, typmod: int = -1) -> dt.time:
    if text.strip().lower() == "allballs":
        return dt.time(0, 0)
    if text.strip().lower() == "now":
        return _now_utc().astimezone(session_zone()).time()
    fields = _decode(text, "time", want_date=False, want_time=True)
    if fields.tz is not None and fields.year is None and zone_needs_date(fields.tz):
        raise _syntax_error("time", text)
    if fields.hour == 24:
        raise _field_error(text)   # pgsnake: datetime.time cannot hold 24:00:00
    if fields.second == 60:
        raise _field_error(text)
    if fields.usec >= USECS_PER_SEC:
        # a fraction rounded up to a whole second ('12:00:00.9999999')
        total = ((fields.hour * 60 + fields.minute) * 60 + fields.second) * USECS_PER_SEC \
            + fields.usec
        if total >= USECS_PER_DAY:
            raise _field_error(text)   # pgsnake: datetime.time cannot hold 24:00:00
        return usec_to_time(total)
    value = dt.time(fields.hour, fields.minute, fields.second, fields.usec)
    if typmod >= 0:
        micros = _round_usec(time_to_usec(value), typmod)
        value = usec_to_time(micros % USECS_PER_DAY)
    return value


def time_output(value: dt.time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}:{_seconds_text(value.second, value.microsecond)}"


def time_to_usec(value: dt.time) -> int:
    return ((value.hour * 60 + value.minute) * 60 + value.second) * USECS_PER_SEC + value.microsecond


def usec_to_time(usec: int) -> dt.time:
    seconds, micro = divmod(usec, USECS_PER_SEC)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return dt.time(hour, minute, second, micro)


# ---------------------------------------------------------------- typmod

def _round_usec(usec: int, precision: int) -> int:
    if precision >= 6:
        return usec
    scale = 10 ** (6 - precision)
    offset = scale // 2
    if usec >= 0:
        return ((usec + offset) // scale) * scale
    return -(((-usec + offset) // scale) * scale)


def apply_timestamp_typmod(value: dt.datetime, typmod: int) -> dt.datetime:
    if typmod < 0 or is_infinite(value):
        return value
    aware = value.tzinfo is not None
    micros = _round_usec(datetime_to_usec(value), typmod)
    return usec_to_datetime(micros, aware)


# ---------------------------------------------------------------- int forms

def date_to_days(value: dt.date) -> int:
    if type(value) is _InfiniteDate:
        return INT32_MAX if _is_positive_infinity(value) else INT32_MIN
    return value.toordinal() - _EPOCH_ORDINAL


def days_to_date(days: int) -> dt.date:
    if days == INT32_MAX:
        return DATE_INFINITY
    if days == INT32_MIN:
        return DATE_MINUS_INFINITY
    ordinal = days + _EPOCH_ORDINAL
    if not far_dates.MIN_ORDINAL <= ordinal <= far_dates.DATE_MAX_ORDINAL:
        raise PgError(DATETIME_FIELD_OVERFLOW, "date out of range")
    return far_dates.date_from_ordinal(ordinal)


_EPOCH_ORDINAL = POSTGRES_EPOCH_DATE.toordinal()
_EPOCH_USEC = far_dates.datetime_to_usec(POSTGRES_EPOCH)
_MIN_USEC = (far_dates.MIN_ORDINAL - 1) * USECS_PER_DAY - _EPOCH_USEC
_END_USEC = (far_dates.TIMESTAMP_END_ORDINAL - 1) * USECS_PER_DAY - _EPOCH_USEC


def datetime_to_usec(value: dt.datetime) -> int:
    if type(value) is _InfiniteDatetime:
        return INT64_MAX if _is_positive_infinity(value) else INT64_MIN
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return far_dates.datetime_to_usec(value) - _EPOCH_USEC


def usec_to_datetime(usec: int, aware: bool) -> dt.datetime:
    if usec == INT64_MAX:
        return TIMESTAMPTZ_INFINITY if aware else TIMESTAMP_INFINITY
    if usec == INT64_MIN:
        return TIMESTAMPTZ_MINUS_INFINITY if aware else TIMESTAMP_MINUS_INFINITY
    if not _MIN_USEC <= usec < _END_USEC:
        raise PgError(DATETIME_FIELD_OVERFLOW, "timestamp out of range")
    return far_dates.datetime_from_usec(usec + _EPOCH_USEC, UTC if aware else None)


_I4LE, _I4BE = struct.Struct("<i"), struct.Struct(">i")
_I8LE, _I8BE = struct.Struct("<q"), struct.Struct(">q")
_INTERVAL_LE, _INTERVAL_BE = struct.Struct("<qii"), struct.Struct(">qii")


def date_send(value):
    return _I4BE.pack(date_to_days(value))


def date_receive(data, typmod=-1):
    return days_to_date(_I4BE.unpack(data)[0])


def date_pack(value):
    return _I4LE.pack(date_to_days(value))


def date_unpack(data):
    return days_to_date(_I4LE.unpack(data)[0])


def time_send(value):
    return _I8BE.pack(time_to_usec(value))


def time_receive(data, typmod=-1):
    return usec_to_time(_I8BE.unpack(data)[0])


def time_pack(value):
    return _I8LE.pack(time_to_usec(value))


def time_unpack(data):
    return usec_to_time(_I8LE.unpack(data)[0])


def timestamp_send(value):
    return _I8BE.pack(datetime_to_usec(value))


def timestamp_receive(data, typmod=-1):
    return usec_to_datetime(_I8BE.unpack(data)[0], False)


def timestamp_pack(value):
    return _I8LE.pack(datetime_to_usec(value))


def timestamp_unpack(data):
    return usec_to_datetime(_I8LE.unpack(data)[0], False)


def timestamptz_receive(data, typmod=-1):
    return usec_to_datetime(_I8BE.unpack(data)[0], True)


def timestamptz_unpack(data):
    return usec_to_datetime(_I8LE.unpack(data)[0], True)


def interval_send(value: Interval) -> bytes:
    return _INTERVAL_BE.pack(value.microseconds, value.days, value.months)


def interval_receive(data, typmod=-1) -> Interval:
    micros, days, months = _INTERVAL_BE.unpack(data)
    return Interval(months, days, micros)


def interval_pack(value: Interval) -> bytes:
    return _INTERVAL_LE.pack(value.microseconds, value.days, value.months)


def interval_unpack(data) -> Interval:
    micros, days, months = _INTERVAL_LE.unpack(data)
    return Interval(months, days, micros)


# ---------------------------------------------------------------- interval text

# Interval typmods: (range << 16) | precision, range a mask of the fields named in the
# type (INTERVAL_MASK(YEAR) = 1 << 2 and so on), precision 0xFFFF when not given.
MONTH_MASK, YEAR_MASK, DAY_MASK = 1 << 1, 1 << 2, 1 << 3
HOUR_MASK, MINUTE_MASK, SECOND_MASK = 1 << 10, 1 << 11, 1 << 12
INTERVAL_FULL_RANGE, INTERVAL_FULL_PRECISION = 0x7FFF, 0xFFFF
_RANGE_NAMES = {
    YEAR_MASK: "year", MONTH_MASK: "month", DAY_MASK: "day", HOUR_MASK: "hour",
    MINUTE_MASK: "minute", SECOND_MASK: "second",
    YEAR_MASK | MONTH_MASK: "year to month", DAY_MASK | HOUR_MASK: "day to hour",
    DAY_MASK | HOUR_MASK | MINUTE_MASK: "day to minute",
    DAY_MASK | HOUR_MASK | MINUTE_MASK | SECOND_MASK: "day to second",
    HOUR_MASK | MINUTE_MASK: "hour to minute",
    HOUR_MASK | MINUTE_MASK | SECOND_MASK: "hour to second",
    MINUTE_MASK | SECOND_MASK: "minute to second",
}



def make_interval_typmod(mods: list[int]) -> int:
    """intervaltypmodin: mods are the range mask and an optional precision."""
    range_mask = mods[0]
    if mods == [INTERVAL_FULL_RANGE]:
        return -1                  # plain interval (what intervaltypmodin makes of it)
    if range_mask not in _RANGE_NAMES and range_mask != INTERVAL_FULL_RANGE or len(mods) > 2:
        raise PgError("22023", "invalid INTERVAL type modifier")
    precision = INTERVAL_FULL_PRECISION
    if len(mods) == 2:
        precision = mods[1]
        if precision < 0:
            raise PgError("22023", f"INTERVAL({precision}) precision must not be negative")
        precision = min(precision, 6)
    return (range_mask << 16) | precision


def interval_range(typmod: int) -> int:
    return (typmod >> 16) & INTERVAL_FULL_RANGE if typmod >= 0 else INTERVAL_FULL_RANGE


def interval_precision(typmod: int) -> int:
    return typmod & 0xFFFF if typmod >= 0 else INTERVAL_FULL_PRECISION


def format_interval_typmod(typmod: int) -> str:
    """'interval year', 'interval day to second(3)', 'interval(2)' (format_type)."""
    fields = _RANGE_NAMES.get(interval_range(typmod))
    precision = interval_precision(typmod)
    text = "interval" + (f" {fields}" if fields else "")
    return text + (f"({precision})" if precision != INTERVAL_FULL_PRECISION else "")


def interval_typmod_suffix(typmod: int) -> str:
    """intervaltypmodout: ' year to month', '(3)', ' day to second(2)', '' for -1."""
    if typmod < 0:
        return ""
    range_mask = interval_range(typmod)
    if range_mask != INTERVAL_FULL_RANGE and range_mask not in _RANGE_NAMES:
        raise PgError("XX000", f"invalid INTERVAL typmod: {typmod:#x}")
    return format_interval_typmod(typmod)[len("interval"):]


def apply_interval_typmod(value: Interval, typmod: int) -> Interval:
    """AdjustIntervalForTypmod: drop the fields below the range, round the seconds."""
    if typmod < 0:
        return value
    range_mask, precision = interval_range(typmod), interval_precision(typmod)
    if range_mask != INTERVAL_FULL_RANGE and range_mask not in _RANGE_NAMES:
        raise PgError("XX000", f"unrecognized interval typmod: {typmod}")  # interval(i, n)
    months, days, micros = value.months, value.days, value.microseconds
    if range_mask == YEAR_MASK:
        months, days, micros = _c_divmod(months, 12)[0] * 12, 0, 0
    elif range_mask in (MONTH_MASK, YEAR_MASK | MONTH_MASK):
        days, micros = 0, 0
    elif range_mask == DAY_MASK:
        micros = 0
    elif range_mask in (HOUR_MASK, DAY_MASK | HOUR_MASK):
        micros = _c_divmod(micros, 3600 * USECS_PER_SEC)[0] * 3600 * USECS_PER_SEC
    elif range_mask in (MINUTE_MASK, HOUR_MASK | MINUTE_MASK,
                        DAY_MASK | HOUR_MASK | MINUTE_MASK):
        micros = _c_divmod(micros, 60 * USECS_PER_SEC)[0] * 60 * USECS_PER_SEC
    if precision != INTERVAL_FULL_PRECISION and not 0 <= precision <= 6:
        raise PgError("22023", f"interval({precision}) precision must be between 0 and 6")
    if precision != INTERVAL_FULL_PRECISION and precision < 6:
        micros = _round_interval_usec(micros, precision)
    return Interval(months, days, micros)


def _wrap_int64(value: int) -> int:
    return ((value - INT64_MIN) % (1 << 64)) + INT64_MIN


def _round_interval_usec(usec: int, precision: int) -> int:
    """AdjustIntervalForTypmod's rounding, in int64 arithmetic that wraps around as
    PostgreSQL 15's does for values within half a unit of the int64 limits."""
    scale = 10 ** (6 - precision)
    offset = scale // 2
    if usec >= 0:
        return _wrap_int64(_c_divmod(_wrap_int64(usec + offset), scale)[0] * scale)
    magnitude = _wrap_int64(_wrap_int64(-usec) + offset)
    return _wrap_int64(-(_c_divmod(magnitude, scale)[0] * scale))


def interval_input(text: str, typmod: int = -1) -> Interval:
    from pgsnake.datatypes.interval_input import parse_interval
    months, days, micros = parse_interval(text, interval_range(typmod))
    return apply_interval_typmod(Interval(months, days, micros), typmod)


def _c_divmod(a: int, b: int) -> tuple[int, int]:
    """Division truncating toward zero, remainder with the sign of a (C semantics)."""
    q = abs(a) // abs(b)
    if (a < 0) != (b < 0):
        q = -q
    return q, a - q * b


def interval_output(value: Interval) -> str:
    years, months = _c_divmod(value.months, 12)
    style = datetime_styles.interval_style()
    if style != "postgres":
        return datetime_styles.encode_interval(years, months, value.days, value.microseconds,
                                               style)
    parts: list[str] = []
    is_before = False
    for amount, unit in ((years, "year"), (months, "mon"), (value.days, "day")):
        if amount == 0:
            continue
        sign = "+" if is_before and amount > 0 else ""
        parts.append(f"{sign}{amount} {unit}{'' if amount == 1 else 's'}")
        is_before = amount < 0
    micros = value.microseconds
    if not parts or micros != 0:
        negative = micros < 0
        hours, rest = divmod(abs(micros), 3600 * USECS_PER_SEC)
        minutes, rest = divmod(rest, 60 * USECS_PER_SEC)
        seconds, usec = divmod(rest, USECS_PER_SEC)
        sign = "-" if negative else ("+" if is_before else "")
        parts.append(f"{sign}{hours:02d}:{minutes:02d}:{_seconds_text(seconds, usec)}")
    return " ".join(parts)


# ---------------------------------------------------------------- arithmetic

def _out_of_range(what: str) -> PgError:
    return PgError(DATETIME_FIELD_OVERFLOW, f"{what} out of range")


def date_add_days(value: dt.date, days: int) -> dt.date:
    if is_infinite(value):
        return value
    ordinal = value.toordinal() + days
    if not far_dates.MIN_ORDINAL <= ordinal <= far_dates.DATE_MAX_ORDINAL:
        raise _out_of_range("date")
    return far_dates.date_from_ordinal(ordinal)


def date_diff(left: dt.date, right: dt.date) -> int:
    if is_infinite(left) or is_infinite(right):
        raise PgError(DATETIME_FIELD_OVERFLOW, "cannot subtract infinite dates")
    return left.toordinal() - right.toordinal()


def _add_months(value: dt.datetime, months: int) -> dt.datetime:
    total = value.year * 12 + (value.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    if not -4713 <= year <= 294276:
        raise _out_of_range("timestamp")
    import calendar
    day = min(value.day, calendar.monthrange(2000 + year % 400, month)[1])
    return value.replace(year=year, month=month, day=day)


def timestamp_add_interval(value: dt.datetime, interval: Interval, sign: int = 1) -> dt.datetime:
    """timestamp(tz) + interval: months first (clamping the day to the month's end),
    then days, then microseconds. timestamptz adds months and days in the session zone."""
    if is_infinite(value):
        return value
    months, days, micros = sign * interval.months, sign * interval.days, sign * interval.microseconds
    try:
        if value.tzinfo is not None:
            zone = session_zone()
            local = value.astimezone(zone).replace(tzinfo=None)
            if months:
                local = _add_months(local, months)
            if days:
                local = far_dates.add_usec(local, days * USECS_PER_DAY)
            result = _local_to_utc(local, zone) if (months or days) else value
            return _checked_timestamp(far_dates.add_usec(result, micros))
        result = value
        if months:
            result = _add_months(result, months)
        return _checked_timestamp(far_dates.add_usec(result, days * USECS_PER_DAY + micros))
    except (OverflowError, ValueError):
        raise _out_of_range("timestamp") from None


def _checked_timestamp(value: dt.datetime) -> dt.datetime:
    """A timestamp arithmetic result inside PostgreSQL's range, else 22008."""
    if value.tzinfo is not None:
        usec = datetime_to_usec(value)
    else:
        usec = far_dates.datetime_to_usec(value) - _EPOCH_USEC
    if not _MIN_USEC <= usec < _END_USEC:
        raise _out_of_range("timestamp")
    return value


def timestamp_diff(left: dt.datetime, right: dt.datetime) -> Interval:
    if is_infinite(left) or is_infinite(right):
        raise PgError(DATETIME_FIELD_OVERFLOW, "cannot subtract infinite timestamps")
    micros = datetime_to_usec(left) - datetime_to_usec(right)
    days, micros = _c_divmod(micros, USECS_PER_DAY)
    return Interval(0, days, micros)


def interval_add(left: Interval, right: Interval) -> Interval:
    return _checked_result(left.months + right.months, left.days + right.days,
                           left.microseconds + right.microseconds)


def interval_sub(left: Interval, right: Interval) -> Interval:
    return _checked_result(left.months - right.months, left.days - right.days,
                           left.microseconds - right.microseconds)


def interval_neg(value: Interval) -> Interval:
    return _checked_result(-value.months, -value.days, -value.microseconds)


def _checked_result(months: int, days: int, micros: int) -> Interval:
    if not (INT32_MIN <= months <= INT32_MAX and INT32_MIN <= days <= INT32_MAX
            and INT64_MIN <= micros <= INT64_MAX):
        raise PgError(DATETIME_FIELD_OVERFLOW, "interval out of range")
    return Interval(months, days, micros)


def interval_mul(value: Interval, factor: float) -> Interval:
    """interval * float8: fractional months spill into days, fractional days into time."""
    months_f = _finite_or_error(value.months * factor)
    months = int(months_f)
    days_f = _finite_or_error(value.days * factor + (months_f - months) * DAYS_PER_MONTH)
    days = int(days_f)
    micros = round(_finite_or_error(value.microseconds * factor
                                    + (days_f - days) * USECS_PER_DAY))
    if not all(abs(x) < float(1 << 63) for x in (months_f, days_f)):
        raise PgError(DATETIME_FIELD_OVERFLOW, "interval out of range")
    return _checked_result(months, days, micros)


def _finite_or_error(value: float) -> float:
    """A NaN or infinite part of an interval product / quotient is out of range."""
    if value != value or value in (float("inf"), float("-inf")):
        raise PgError(DATETIME_FIELD_OVERFLOW, "interval out of range")
    return value


def interval_div(value: Interval, divisor: float) -> Interval:
    if divisor == 0:
        raise PgError("22012", "division by zero")
    return _interval_div_exact(value, divisor)


def _interval_div_exact(value: Interval, divisor: float) -> Interval:
    months_f = _finite_or_error(value.months / divisor)
    months = int(months_f)
    days_f = _finite_or_error(value.days / divisor + (months_f - months) * DAYS_PER_MONTH)
    days = int(days_f)
    micros = round(_finite_or_error(value.microseconds / divisor
                                    + (days_f - days) * USECS_PER_DAY))
    return _checked_result(months, days, micros)


def timestamp_to_date(value: dt.datetime) -> dt.date:
    if type(value) is _InfiniteDatetime:
        return DATE_INFINITY if _is_positive_infinity(value) else DATE_MINUS_INFINITY
    if value.tzinfo is not None:
        value = value.astimezone(session_zone())
    return value.date()


def date_to_timestamp(value: dt.date) -> dt.datetime:
    if type(value) is _InfiniteDate:
        return TIMESTAMP_INFINITY if _is_positive_infinity(value) else TIMESTAMP_MINUS_INFINITY
    if value.toordinal() >= far_dates.TIMESTAMP_END_ORDINAL:
        raise PgError(DATETIME_FIELD_OVERFLOW, "date out of range for timestamp")
    return far_dates.make_datetime(value.year, value.month, value.day)


def date_to_timestamptz(value: dt.date) -> dt.datetime:
    if type(value) is _InfiniteDate:
        return TIMESTAMPTZ_INFINITY if _is_positive_infinity(value) else TIMESTAMPTZ_MINUS_INFINITY
    return _local_to_utc(date_to_timestamp(value), session_zone())


def timestamp_to_timestamptz(value: dt.datetime) -> dt.datetime:
    if type(value) is _InfiniteDatetime:
        return TIMESTAMPTZ_INFINITY if _is_positive_infinity(value) else TIMESTAMPTZ_MINUS_INFINITY
    return _local_to_utc(value, session_zone())


def timestamptz_to_timestamp(value: dt.datetime) -> dt.datetime:
    if type(value) is _InfiniteDatetime:
        return TIMESTAMP_INFINITY if _is_positive_infinity(value) else TIMESTAMP_MINUS_INFINITY
    return value.astimezone(session_zone()).replace(tzinfo=None)


def timestamp_to_time(value: dt.datetime) -> dt.time | None:
    if type(value) is _InfiniteDatetime:
        return None             # timestamp_time: an infinite timestamp has no time: NULL
    if value.tzinfo is not None:
        value = value.astimezone(session_zone())
    return value.time()
