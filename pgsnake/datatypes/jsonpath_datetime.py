"""jsonpath's .datetime() without a template: recognising ISO dates, times and
timestamps in strings, the datetime items it yields, how they print in JSON and how
they compare (with or without the session time zone, as the *_tz functions allow).

Entry points: parse_datetime(text) -> JsonDatetime, JsonDatetime (.kind, .text(),
.type_name()), compare_datetimes(a, b, use_tz) -> -1/0/1 or None (incomparable).

The recognised forms are PostgreSQL 15's template list: yyyy-mm-dd; HH24:MI:SS[.US]
with an optional TZH[:TZM]; the two joined by a space or 'T'. Anything else, or a field
out of range, is 22031 "datetime format is not recognized".

PostgreSQL: utils/adt/jsonpath_exec.c (executeDateTimeMethod, compareDatetime,
checkTimezoneIsUsedForCast), utils/adt/json.c (JsonEncodeDateTime).
"""
from __future__ import annotations

import datetime as dt
import re

from pgsnake.datatypes import datetime_types as dtt
from pgsnake.utils.errors import PgError, FEATURE_NOT_SUPPORTED

INVALID_ARGUMENT_FOR_DATETIME_FUNCTION = "22031"

_DATE = r"(?P<year>\d+)-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
_TIME = r"(?P<hour>\d{1,2}):(?P<minute>\d{1,2}):(?P<second>\d{1,2})(?:\.(?P<fraction>\d{1,6}))?"
_ZONE = r"(?P<sign>[+-])(?P<tzh>\d{1,2})(?::(?P<tzm>\d{1,2}))?"
_FORMS = [
    ("date", re.compile(rf"\s*{_DATE}\s*")),
    ("timetz", re.compile(rf"\s*{_TIME}{_ZONE}\s*")),
    ("time", re.compile(rf"\s*{_TIME}\s*")),
    ("timestamptz", re.compile(rf"\s*{_DATE}[ T]{_TIME}{_ZONE}\s*")),
    ("timestamp", re.compile(rf"\s*{_DATE}[ T]{_TIME}\s*")),
]
_TYPE_NAMES = {"date": "date", "time": "time without time zone",
               "timetz": "time with time zone", "timestamp": "timestamp without time zone",
               "timestamptz": "timestamp with time zone"}


class JsonDatetime:
    """A datetime item: `value` is a date, time or naive datetime as written; `offset`
    the written UTC offset in seconds for the time-zone kinds (else None)."""

    __slots__ = ("kind", "value", "offset")

    def __init__(self, kind: str, value, offset: int | None = None) -> None:
        self.kind = kind
        self.value = value
        self.offset = offset

    def type_name(self) -> str:
        return _TYPE_NAMES[self.kind]

    def text(self) -> str:
        """JsonEncodeDateTime: ISO 8601 with 'T' and a +HH:MM offset."""
        value = self.value
        if self.kind == "date":
            return dtt.date_output(value)
        if self.kind in ("time", "timetz"):
            text = f"{value.hour:02d}:{value.minute:02d}:{_seconds(value)}"
        else:
            text = (f"{value.year:04d}-{value.month:02d}-{value.day:02d}T"
                    f"{value.hour:02d}:{value.minute:02d}:{_seconds(value)}")
        if self.offset is not None:
            text += _offset_text(self.offset)
        return text


def _seconds(value) -> str:
    text = f"{value.second:02d}"
    if value.microsecond:
        text += f".{value.microsecond:06d}".rstrip("0")
    return text


def _offset_text(offset: int) -> str:
    sign = "-" if offset < 0 else "+"
    minutes, seconds = divmod(abs(offset), 60)
    hours, minutes = divmod(minutes, 60)
    text = f"{sign}{hours:02d}:{minutes:02d}"
    return text + (f":{seconds:02d}" if seconds else "")


def _not_recognized(text: str) -> PgError:
    return PgError(INVALID_ARGUMENT_FOR_DATETIME_FUNCTION, f'datetime format is not recognized: "{text}"',
                   hint="Use a datetime template argument to specify the input data format.")


def parse_datetime(text: str) -> JsonDatetime:
    for kind, pattern in _FORMS:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        fields = match.groupdict()
        try:
            date = time = None
            if "year" in fields:
                date = dt.date(int(fields["year"]), int(fields["month"]), int(fields["day"]))
            if "hour" in fields:
                fraction = (fields["fraction"] or "").ljust(6, "0")
                time = dt.time(int(fields["hour"]), int(fields["minute"]), int(fields["second"]),
                               int(fraction or 0))
        except ValueError:
            raise _not_recognized(text) from None
        offset = None
        if "sign" in fields:
            offset = int(fields["tzh"]) * 3600 + int(fields["tzm"] or 0) * 60
            if fields["sign"] == "-":
                offset = -offset
        if kind == "date":
            return JsonDatetime(kind, date)
        if kind in ("time", "timetz"):
            return JsonDatetime(kind, time, offset)
        return JsonDatetime(kind, dt.datetime.combine(date, time), offset)
    raise _not_recognized(text)


def parse_datetime_template(text: str, template: str) -> JsonDatetime:
    """.datetime(template): the text read by the template in the standard mode, as the
    kind of value its patterns give (datetime_parsing.parse_standard)."""
    from pgsnake.datatypes import datetime_parsing
    kind, value, offset = datetime_parsing.parse_standard(text, template)
    return JsonDatetime(kind, value, offset)


# ---------------------------------------------------------------- comparison

def _needs_zone(source: str, target: str) -> PgError:
    return PgError(FEATURE_NOT_SUPPORTED,
                   f"cannot convert value from {source} to {target} without time zone usage",
                   hint="Use *_tz() function for time zone support.")


def _as_utc(item: JsonDatetime, use_tz: bool) -> dt.datetime:
    """A date/timestamp/timestamptz item as an aware UTC instant."""
    if item.kind == "timestamptz":
        return (item.value - dt.timedelta(seconds=item.offset)).replace(tzinfo=dt.timezone.utc)
    local = item.value if item.kind == "timestamp" else dt.datetime.combine(item.value, dt.time())
    if not use_tz:
        raise _needs_zone(item.kind, "timestamptz")
    return dtt._local_to_utc(local, dtt.session_zone())


def _as_naive(item: JsonDatetime) -> dt.datetime:
    if item.kind == "date":
        return dt.datetime.combine(item.value, dt.time())
    return item.value


def _time_utc_micros(item: JsonDatetime, use_tz: bool) -> int:
    micros = dtt.time_to_usec(item.value)
    if item.kind == "timetz":
        return micros - item.offset * 1_000_000
    if not use_tz:
        raise _needs_zone("time", "timetz")
    now = dt.datetime.now(dt.timezone.utc).astimezone(dtt.session_zone())
    return micros - int(now.utcoffset().total_seconds()) * 1_000_000


def compare_datetimes(a: JsonDatetime, b: JsonDatetime, use_tz: bool) -> int | None:
    clock = ("time", "timetz")
    if (a.kind in clock) != (b.kind in clock):
        return None
    if a.kind in clock:
        if a.kind == b.kind == "time":
            left, right = a.value, b.value
        else:
            left, right = _time_utc_micros(a, use_tz), _time_utc_micros(b, use_tz)
    elif "timestamptz" in (a.kind, b.kind):
        left, right = _as_utc(a, use_tz), _as_utc(b, use_tz)
    else:
        left, right = _as_naive(a), _as_naive(b)
    return (left > right) - (left < right)
