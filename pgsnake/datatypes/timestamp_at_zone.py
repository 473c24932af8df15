"""AT TIME ZONE on timestamps: the four timezone(zone, value) functions that the grammar's
`value AT TIME ZONE zone` calls for timestamp and timestamptz values (ORMs send it for every
date lookup on a timestamptz column, e.g. Django's `published__date=...`).

    timezone(text, timestamptz) -> timestamp     the wall-clock time in that zone
    timezone(text, timestamp)   -> timestamptz   the instant that wall-clock time names there
    timezone(interval, timestamptz), timezone(interval, timestamp): the same with a fixed
        offset east of UTC given as an interval (months or days refused, 22023)

Zone names resolve as PostgreSQL resolves them here: a time zone abbreviation first ('EST',
'CEST': a fixed offset), then a zone name or POSIX-style offset, where a bare number counts
hours west of UTC ('5' is UTC-5, unlike SET TIME ZONE 5). Infinite values stay infinite.
A local time that a zone's clock skips (spring forward) takes the offset in force before the
change; one it repeats (fall back) takes the offset after it, as PostgreSQL decides.

Entry point: register_sql_functions().

PostgreSQL: utils/adt/timestamp.c (timestamptz_zone, timestamp_zone, timestamptz_izone,
timestamp_izone), utils/adt/datetime.c (DecodeTimezoneName, DetermineTimeZoneOffset).
"""
from __future__ import annotations

import datetime as dt
import re

from pgsnake.datatypes import datetime_types as dtt
from pgsnake.datatypes import functions, timezone_abbrevs, zone_abbrev_history
from pgsnake.utils.errors import INVALID_PARAMETER_VALUE, PgError

TEXT, TIMESTAMP, TIMESTAMPTZ, INTERVAL = 25, 1114, 1184, 1186


def _zone(name: str) -> dt.tzinfo:
    key = name.strip()
    dynamic = zone_abbrev_history.zone_for(key)
    if dynamic is not None:
        return dynamic
    abbreviation = timezone_abbrevs.ABBREVIATIONS.get(key.lower())
    if abbreviation is not None:
        return dt.timezone(dt.timedelta(seconds=abbreviation[0]))
    if re.fullmatch(r"[+-]?\d+", key):
        # A zone given as a bare number is POSIX's: hours west of UTC.
        return dt.timezone(dt.timedelta(hours=-int(key)))
    zone = dtt.zone_by_name(key)
    if zone is None:
        raise PgError(INVALID_PARAMETER_VALUE, f'time zone "{name}" not recognized')
    return zone


_local_to_utc = dtt.local_to_utc


def _interval_offset(span: dtt.Interval) -> dt.timedelta:
    if span.months or span.days:
        raise PgError(INVALID_PARAMETER_VALUE, f'interval time zone "'
                      f'{dtt.interval_output(span)}" must not include months or days')
    return dt.timedelta(microseconds=span.microseconds)


def timestamptz_at_zone(zone_name: str, value: dt.datetime) -> dt.datetime:
    if dtt.is_infinite(value):
        return dtt.TIMESTAMP_INFINITY if value.year == 9999 else dtt.TIMESTAMP_MINUS_INFINITY
    zone = _zone(zone_name)
    return value.astimezone(zone).replace(tzinfo=None)


def timestamp_at_zone(zone_name: str, value: dt.datetime) -> dt.datetime:
    if dtt.is_infinite(value):
        return dtt.TIMESTAMPTZ_INFINITY if value.year == 9999 else dtt.TIMESTAMPTZ_MINUS_INFINITY
    zone = _zone(zone_name)
    return _local_to_utc(value, zone)


def timestamptz_at_interval(span: dtt.Interval, value: dt.datetime) -> dt.datetime:
    if dtt.is_infinite(value):
        return dtt.TIMESTAMP_INFINITY if value.year == 9999 else dtt.TIMESTAMP_MINUS_INFINITY
    offset = _interval_offset(span)
    return value.astimezone(dtt.UTC).replace(tzinfo=None) + offset


def timestamp_at_interval(span: dtt.Interval, value: dt.datetime) -> dt.datetime:
    if dtt.is_infinite(value):
        return dtt.TIMESTAMPTZ_INFINITY if value.year == 9999 else dtt.TIMESTAMPTZ_MINUS_INFINITY
    offset = _interval_offset(span)
    return (value - offset).replace(tzinfo=dtt.UTC)


def timestamptz_trunc_zone(unit: str, value: dt.datetime, zone_name: str) -> dt.datetime:
    """date_trunc(unit, timestamptz, zone): truncated as a wall-clock time in that zone,
    then back to an instant there."""
    if dtt.is_infinite(value):
        return value
    local = timestamptz_at_zone(zone_name, value)
    try:
        truncated = functions._date_trunc(unit, local)
    except PgError as error:
        error.message = error.message.replace("timestamp without time zone",
                                              "timestamp with time zone")
        raise
    return timestamp_at_zone(zone_name, truncated)


def register_sql_functions() -> None:
    register = functions.register
    register("timezone", [TEXT, TIMESTAMPTZ], TIMESTAMP, timestamptz_at_zone, oid=1159,
             volatility="i")
    register("timezone", [INTERVAL, TIMESTAMPTZ], TIMESTAMP, timestamptz_at_interval,
             oid=1026, volatility="i")
    register("timezone", [TEXT, TIMESTAMP], TIMESTAMPTZ, timestamp_at_zone, oid=2069,
             volatility="i")
    register("timezone", [INTERVAL, TIMESTAMP], TIMESTAMPTZ, timestamp_at_interval,
             oid=2070, volatility="i")
    register("date_trunc", [TEXT, TIMESTAMPTZ, TEXT], TIMESTAMPTZ, timestamptz_trunc_zone,
             oid=1284, volatility="s")
