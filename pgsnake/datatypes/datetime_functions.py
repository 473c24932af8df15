"""Date and time functions that build or reshape values: justify_hours, justify_days,
justify_interval, date_bin, make_timestamp, make_timestamptz, make_time.

justify_*: an interval keeps months, days and microseconds apart; these move whole days
out of the time part (24 hours) and whole months out of the days (30 days), truncating
toward zero, and then make the parts agree in sign, as PostgreSQL does.
date_bin(stride, source, origin): the start of the stride-wide bin, counted from origin,
that holds source (bins before the origin too); a stride with months is refused (0A000),
as is one that is not positive (22008).

Entry point: register_sql_functions().

PostgreSQL: utils/adt/timestamp.c (interval_justify_hours, interval_justify_days,
interval_justify_interval, timestamp_bin, timestamptz_bin, make_timestamp_internal,
make_timestamptz_at_timezone), utils/adt/date.c (make_time).
"""
from __future__ import annotations

import datetime as dt
import math
import re

from pgsnake.datatypes import datetime_types as dtt
from pgsnake.datatypes import functions
from pgsnake.utils.errors import (DATETIME_FIELD_OVERFLOW, FEATURE_NOT_SUPPORTED,
                                  INVALID_PARAMETER_VALUE, PgError)

INT4, FLOAT8, TEXT = 23, 701, 25
DATE, TIME, TIMESTAMP, TIMESTAMPTZ, INTERVAL = 1082, 1083, 1114, 1184, 1186
DAY = dtt.USECS_PER_DAY
MONTH_DAYS = dtt.DAYS_PER_MONTH


def _trunc_div(a: int, b: int) -> int:
    """C's integer division (toward zero)."""
    quotient = abs(a) // abs(b)
    return quotient if (a >= 0) == (b > 0) else -quotient


def _agree(big: int, small: int, unit: int) -> tuple[int, int]:
    """Borrow one `unit` so that the larger part and the smaller one share a sign."""
    if big > 0 and small < 0:
        return big - 1, small + unit
    if big < 0 and small > 0:
        return big + 1, small - unit
    return big, small


def _int32(value: int) -> int:
    """A months or days field after a carry: out of int32 is 22008."""
    if not -(1 << 31) <= value < (1 << 31):
        raise PgError(DATETIME_FIELD_OVERFLOW, "interval out of range")
    return value


def justify_hours(value: dtt.Interval) -> dtt.Interval:
    whole_days = _trunc_div(value.microseconds, DAY)
    days, time = _agree(_int32(value.days + whole_days), value.microseconds - whole_days * DAY,
                        DAY)
    return dtt.Interval(value.months, days, time)


def justify_days(value: dtt.Interval) -> dtt.Interval:
    whole_months = _trunc_div(value.days, MONTH_DAYS)
    months, days = _agree(_int32(value.months + whole_months),
                          value.days - whole_months * MONTH_DAYS, MONTH_DAYS)
    return dtt.Interval(months, days, value.microseconds)


def justify_interval(value: dtt.Interval) -> dtt.Interval:
    """Whole days of the time carried into the days, then whole months of the days into
    the months (either carry overflowing is 22008), then the signs made to agree. When
    days and time share a sign the days' whole months are carried first, so that a
    carry into a full days field does not overflow."""
    months, days, time = value.months, value.days, value.microseconds
    if (days > 0 and time > 0) or (days < 0 and time < 0):
        whole_months = _trunc_div(days, MONTH_DAYS)
        days -= whole_months * MONTH_DAYS
        months = _int32(months + whole_months)
    whole_days = _trunc_div(time, DAY)
    time -= whole_days * DAY
    days = _int32(days + whole_days)
    whole_months = _trunc_div(days, MONTH_DAYS)
    days -= whole_months * MONTH_DAYS
    months = _int32(months + whole_months)
    if months > 0 and (days < 0 or (days == 0 and time < 0)):
        days += MONTH_DAYS
        months -= 1
    elif months < 0 and (days > 0 or (days == 0 and time > 0)):
        days -= MONTH_DAYS
        months += 1
    days, time = _agree(days, time, DAY)
    return dtt.Interval(months, days, time)


def _stride_usec(stride: dtt.Interval) -> int:
    if stride.months:
        raise PgError(FEATURE_NOT_SUPPORTED, "timestamps cannot be binned into intervals "
                                             "containing months or years")
    usec = stride.days * DAY + stride.microseconds
    if not -(1 << 63) <= usec < (1 << 63):
        raise PgError(DATETIME_FIELD_OVERFLOW, "interval out of range")
    if usec <= 0:
        raise PgError(DATETIME_FIELD_OVERFLOW, "stride must be greater than zero")
    return usec


def date_bin(stride: dtt.Interval, source: dt.datetime, origin: dt.datetime) -> dt.datetime:
    if dtt.is_infinite(source):
        return source
    if dtt.is_infinite(origin):
        raise PgError(FEATURE_NOT_SUPPORTED, "origin out of range")
    usec = _stride_usec(stride)
    difference = (source - origin) // dtt.ONE_USEC
    if not -(1 << 63) <= difference < (1 << 63):
        raise PgError(DATETIME_FIELD_OVERFLOW, "interval out of range")
    return dtt._checked_timestamp(dtt.far_dates.add_usec(origin, difference // usec * usec))


def _time_out_of_range(hour: int, minute: int, second: float) -> PgError:
    return PgError(DATETIME_FIELD_OVERFLOW, "time field value out of range: "
                                            "%d:%02d:%02g" % (hour, minute, second))


def _time_of_day(hour: int, minute: int, second: float) -> dt.timedelta:
    if not (0 <= hour <= 24 and 0 <= minute < 60 and 0 <= second <= 60) or \
            (hour == 24 and (minute or second)) or math.isnan(second):
        raise _time_out_of_range(hour, minute, second)
    return dt.timedelta(hours=hour, minutes=minute, microseconds=round(second * 1_000_000))


def make_timestamp(year: int, month: int, day: int, hour: int, minute: int,
                   second: float) -> dt.datetime:
    try:
        date = dtt.date_to_timestamp(dtt.date_from_fields(year, month, day))
    except PgError as err:
        raise PgError(DATETIME_FIELD_OVERFLOW, f"date field value out of range: "
                                               f"{year}-{month:02d}-{day:02d}") from err
    usec = _time_of_day(hour, minute, second) // dt.timedelta(microseconds=1)
    return dtt.far_dates.add_usec(date, usec)


def make_timestamptz(year: int, month: int, day: int, hour: int, minute: int,
                     second: float, zone_name: str | None = None) -> dt.datetime:
    local = make_timestamp(year, month, day, hour, minute, second)
    if zone_name is None:
        return dtt.timestamp_to_timestamptz(local)
    offset = _numeric_zone(zone_name)
    if offset is not None:
        return (local - dt.timedelta(seconds=offset)).replace(tzinfo=dtt.UTC)
    zone = dtt.zone_by_name(zone_name)
    if zone is None:
        # an abbreviation (EDT, MSK) or a POSIX zone specification: as AT TIME ZONE
        # reads them (its error when none fits)
        from pgsnake.datatypes import timestamp_at_zone
        return timestamp_at_zone.timestamp_at_zone(zone_name, local)
    return local.replace(tzinfo=zone).astimezone(dtt.UTC)


def _numeric_zone(zone_name: str) -> int | None:
    """parse_sane_timezone's numeric zones (DecodeTimezone): +hh, +hh:mm[:ss], +hhmm,
    east of UTC, as seconds; None for a zone that is not numeric. A zone may
    not start with a digit (it needs its sign), nor pass 15 hours."""
    if zone_name[:1].isdigit():
        raise PgError("22023", f'invalid input syntax for type numeric time zone: '
                               f'"{zone_name}"',
                      hint='Numeric time zones must have "-" or "+" as first character.')
    match = re.fullmatch(r"([+-])(\d+)(?::(\d+))?(?::(\d+))?", zone_name)
    if match is None:
        return None
    digits = match.group(2)
    if match.group(3) is None and len(digits) > 2:     # +hhmm (no run-together seconds)
        hours, minutes, seconds = int(digits) // 100, int(digits) % 100, 0
    else:
        hours, minutes = int(digits), int(match.group(3) or 0)
        seconds = int(match.group(4) or 0)
    if hours > 15 or minutes > 59 or seconds > 59:
        raise PgError("22023", f'numeric time zone "{zone_name}" out of range')
    offset = hours * 3600 + minutes * 60 + seconds
    return -offset if match.group(1) == "-" else offset


def make_time(hour: int, minute: int, second: float) -> dt.time:
    span = _time_of_day(hour, minute, second)
    if span >= dt.timedelta(days=1):     # PostgreSQL's 24:00:00, which time here cannot hold
        raise _time_out_of_range(hour, minute, second)
    return dtt.usec_to_time(span // dtt.ONE_USEC)


def _wrap(value: int, bits: int) -> int:
    """C's two's-complement wrap-around of a signed integer (make_interval checks none)."""
    half = 1 << (bits - 1)
    return (value + half) % (1 << bits) - half


def make_interval(years: int, months: int, weeks: int, days: int, hours: int, mins: int,
                  secs: float) -> dtt.Interval:
    """make_interval(years, months, weeks, days, hours, mins, secs): only an infinite or
    NaN secs is refused, as in PostgreSQL 15 (timestamp.c make_interval)."""
    if math.isinf(secs) or math.isnan(secs):
        raise PgError("22008", "interval out of range")
    # rint(secs * 1e6): Python's round also takes ties to even
    scaled = secs * 1_000_000
    second_usec = round(scaled) if not math.isinf(scaled) else 1 << 63
    if not -(1 << 63) <= second_usec < (1 << 63):
        # x86's double -> int64 conversion of an out-of-range value gives INT64_MIN
        second_usec = -(1 << 63)
    micros = _wrap(hours * 3_600_000_000 + mins * 60_000_000 + second_usec, 64)
    return dtt.Interval(_wrap(years * 12 + months, 32), _wrap(weeks * 7 + days, 32), micros)


_UNIX_EPOCH_FROM_2000_SEC = 946_684_800
_MIN_UNIX_SECONDS = (dtt.far_dates.MIN_ORDINAL - dtt.UNIX_EPOCH.toordinal()) * 86_400
_END_UNIX_SECONDS = (dtt.far_dates.TIMESTAMP_END_ORDINAL - dtt.UNIX_EPOCH.toordinal()) * 86_400


def float8_to_timestamptz(seconds: float) -> dt.datetime:
    """to_timestamp(double precision): seconds since 1970-01-01 00:00 UTC; infinities
    map to infinity, NaN and values outside timestamp's range are errors."""
    if seconds != seconds:
        raise PgError(DATETIME_FIELD_OVERFLOW, "timestamp cannot be NaN")
    if seconds == float("inf"):
        return dtt.TIMESTAMPTZ_INFINITY
    if seconds == float("-inf"):
        return dtt.TIMESTAMPTZ_MINUS_INFINITY
    if not _MIN_UNIX_SECONDS <= seconds < _END_UNIX_SECONDS:
        raise PgError(DATETIME_FIELD_OVERFLOW, f'timestamp out of range: "{seconds:g}"')
    usec = round((seconds - _UNIX_EPOCH_FROM_2000_SEC) * 1_000_000)   # rint()
    return dtt.usec_to_datetime(usec, aware=True)


def register_sql_functions() -> None:
    register = functions.register
    register("to_timestamp", [FLOAT8], TIMESTAMPTZ, float8_to_timestamptz, oid=1158,
             volatility="i")
    register("justify_hours", [INTERVAL], INTERVAL, justify_hours, oid=1175, volatility="i")
    register("justify_days", [INTERVAL], INTERVAL, justify_days, oid=1295, volatility="i")
    register("justify_interval", [INTERVAL], INTERVAL, justify_interval, oid=2711,
             volatility="i")
    register("date_bin", [INTERVAL, TIMESTAMP, TIMESTAMP], TIMESTAMP, date_bin, oid=6177,
             volatility="i")
    register("date_bin", [INTERVAL, TIMESTAMPTZ, TIMESTAMPTZ], TIMESTAMPTZ, date_bin,
             oid=6178, volatility="i")
    register("make_timestamp", [INT4, INT4, INT4, INT4, INT4, FLOAT8], TIMESTAMP,
             make_timestamp, oid=3461, volatility="i")
    register("make_timestamptz", [INT4, INT4, INT4, INT4, INT4, FLOAT8], TIMESTAMPTZ,
             make_timestamptz, oid=3462, volatility="s")
    register("make_timestamptz", [INT4, INT4, INT4, INT4, INT4, FLOAT8, TEXT], TIMESTAMPTZ,
             make_timestamptz, oid=3463, volatility="s")
    register("make_time", [INT4, INT4, FLOAT8], TIME, make_time, oid=3847, volatility="i")
    register("make_interval", [INT4, INT4, INT4, INT4, INT4, INT4, FLOAT8], INTERVAL,
             make_interval, oid=3464, volatility="i")
