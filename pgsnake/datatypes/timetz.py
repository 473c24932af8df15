"""time with time zone (timetz): a time of day and a fixed UTC offset.

The Python value is `TimeTZ(usec, zone)`: microseconds since midnight (0 .. 24:00:00) and
PostgreSQL's zone field, seconds WEST of Greenwich (so '+02' is zone -7200). Order is
timetz_cmp's: the UTC instant (usec + zone) first, then the zone, so '12:00+02' and
'10:00+00' are different values that sort apart. Without an explicit offset, input takes
the session time zone's offset for the current date. Binary form: int64 usec + int32
zone, big endian; on disk the same, little endian (typlen 12).

Entry points: TimeTZ, timetz_input, timetz_output, timetz_send, timetz_receive,
timetz_pack, timetz_unpack, timetz_plus_interval, date_plus_timetz, time_to_timetz,
timestamptz_to_timetz, timetz_to_time, timetz_at_zone, timetz_at_interval, timetz_part,
apply_timetz_typmod.

PostgreSQL: utils/adt/date.c (timetz_in, timetz_out, timetz_cmp_internal,
timetz_pl_interval, datetimetz_timestamptz, timetz_zone, timetz_part_common).
"""
from __future__ import annotations

import datetime as dt
import struct
from decimal import Decimal

from pgsnake.datatypes import datetime_types as dtt, numeric
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, INVALID_PARAMETER_VALUE, PgError

USECS_PER_DAY = dtt.USECS_PER_DAY
MAX_ZONE = 15 * 3600 + 59 * 60 + 59
_WIRE = struct.Struct(">qi")
_DISK = struct.Struct("<qi")


class TimeTZ:
    __slots__ = ("usec", "zone")

    def __init__(self, usec: int, zone: int) -> None:
        self.usec = usec
        self.zone = zone

    def _key(self):
        return (self.usec + self.zone * 1_000_000, self.zone)

    def __eq__(self, other):
        return isinstance(other, TimeTZ) and self._key() == other._key()

    def __hash__(self):
        return hash(self._key())

    def __lt__(self, other):
        return self._key() < other._key()

    def __le__(self, other):
        return self._key() <= other._key()

    def __gt__(self, other):
        return self._key() > other._key()

    def __ge__(self, other):
        return self._key() >= other._key()

    def __repr__(self) -> str:
        return f"TimeTZ({timetz_output(self)!r})"


def _session_zone_seconds_west(on: dt.date | None = None) -> int:
    zone = dtt.session_zone()
    day = on or dtt._now_utc().astimezone(zone).date()
    offset = dtt.far_dates.make_datetime(day.year, day.month, day.day, 12,
                                         tzinfo=zone).utcoffset()
    return -int(offset.total_seconds())


def timetz_input(text: str, typmod: int = -1) -> TimeTZ:
    type_name = "time with time zone"
    fields = dtt._decode(text, type_name, want_date=False, want_time=True)
    if fields.second == 60 or (fields.hour == 24 and (fields.minute or fields.second or fields.usec)):
        raise dtt._field_error(text)
    usec = ((fields.hour * 60 + fields.minute) * 60 + fields.second) * 1_000_000 + fields.usec
    if fields.tz is None:
        zone = _session_zone_seconds_west()
    elif fields.year is None or fields.bc or not 2 <= fields.year <= 9998:
        if fields.year is None and dtt.zone_needs_date(fields.tz):     # 'America/New_York' after a time alone
            raise dtt._syntax_error(type_name, text)
        today = dtt._now_utc().date()
        offset = fields.tz.utcoffset(dt.datetime(today.year, today.month, today.day, 12))
        zone = -int(offset.total_seconds())
    else:       # the offset in force at the date and time given (DetermineTimeZoneOffset)
        local = dt.datetime(fields.year, fields.month, fields.day, min(fields.hour, 23),
                            fields.minute, min(fields.second, 59))
        zone = -int((local - dtt.local_to_utc(local, fields.tz).replace(tzinfo=None))
                    .total_seconds())
    if abs(zone) > MAX_ZONE:
        raise PgError("22009", f'time zone displacement out of range: "{text}"')
    value = TimeTZ(usec, zone)
    return apply_timetz_typmod(value, typmod) if typmod >= 0 else value


def timetz_output(value: TimeTZ) -> str:
    hours, rest = divmod(value.usec, 3_600_000_000)
    minutes, rest = divmod(rest, 60_000_000)
    seconds, micros = divmod(rest, 1_000_000)
    return f"{hours:02d}:{minutes:02d}:{dtt._seconds_text(seconds, micros)}" + \
        dtt.format_offset(-value.zone)


def timetz_send(value: TimeTZ) -> bytes:
    return _WIRE.pack(value.usec, value.zone)


def timetz_receive(data: bytes, typmod: int = -1) -> TimeTZ:
    usec, zone = _WIRE.unpack(data)
    if usec < 0 or usec > USECS_PER_DAY:
        raise PgError("22008", "time out of range")
    if abs(zone) > MAX_ZONE:
        raise PgError("22009", "time zone displacement out of range")
    return TimeTZ(usec, zone)


def timetz_pack(value: TimeTZ) -> bytes:
    return _DISK.pack(value.usec, value.zone)


def timetz_unpack(data: bytes) -> TimeTZ:
    return TimeTZ(*_DISK.unpack(data))


def apply_timetz_typmod(value: TimeTZ, typmod: int) -> TimeTZ:
    if typmod < 0:
        return value
    return TimeTZ(dtt._round_usec(value.usec, typmod), value.zone)


# ---------------------------------------------------------------- arithmetic, conversions

def timetz_plus_interval(value: TimeTZ, interval, sign: int = 1) -> TimeTZ:
    return TimeTZ((value.usec + sign * interval.microseconds) % USECS_PER_DAY, value.zone)


def date_plus_timetz(day: dt.date, value: TimeTZ) -> dt.datetime:
    if dtt.is_infinite(day):
        return dtt.date_to_timestamptz(day)
    local = dtt.far_dates.make_datetime(day.year, day.month, day.day, tzinfo=dtt.UTC)
    return dtt._checked_timestamp(
        dtt.far_dates.add_usec(local, value.usec + value.zone * 1_000_000))


def time_to_timetz(value: dt.time) -> TimeTZ:
    return TimeTZ(dtt.time_to_usec(value), _session_zone_seconds_west())


def timestamptz_to_timetz(value: dt.datetime) -> TimeTZ | None:
    if dtt.is_infinite(value):
        return None             # timestamptz_timetz: NULL for an infinite timestamp
    local = value.astimezone(dtt.session_zone())
    zone = -int(local.utcoffset().total_seconds())
    return TimeTZ(dtt.time_to_usec(local.time()), zone)


def timetz_to_time(value: TimeTZ) -> dt.time:
    if value.usec == USECS_PER_DAY:
        raise PgError("22008", "time out of range")   # pgsnake: datetime.time cannot hold 24:00
    return dtt.usec_to_time(value.usec)


def timetz_at_zone(zone_name: str, value: TimeTZ) -> TimeTZ:
    zone = dtt.zone_by_name(zone_name)
    if zone is None:
        raise PgError(INVALID_PARAMETER_VALUE, f'time zone "{zone_name}" not recognized')
    now = dtt._now_utc()
    new_zone = -int(now.astimezone(zone).utcoffset().total_seconds())
    usec = (value.usec + (value.zone - new_zone) * 1_000_000) % USECS_PER_DAY
    return TimeTZ(usec, new_zone)


def timetz_at_interval(span, value: TimeTZ) -> TimeTZ:
    """timetz AT TIME ZONE interval (timetz_izone): the interval's whole seconds as the
    zone's offset east of UTC (months or days refused, 22023)."""
    if span.months or span.days:
        raise PgError(INVALID_PARAMETER_VALUE, f'interval time zone "'
                      f'{dtt.interval_output(span)}" must not include months or days')
    seconds = abs(span.microseconds) // 1_000_000          # C's division: toward zero
    new_zone = -seconds if span.microseconds >= 0 else seconds
    usec = (value.usec + (value.zone - new_zone) * 1_000_000) % USECS_PER_DAY
    return TimeTZ(usec, new_zone)


def timetz_part(unit: str, value: TimeTZ, as_numeric: bool) -> Decimal:
    """date_part/extract on timetz: time fields, the zone fields and epoch."""
    hours, rest = divmod(value.usec, 3_600_000_000)
    minutes, rest = divmod(rest, 60_000_000)
    offset = -value.zone
    if unit == "timezone":
        return Decimal(offset)
    if unit == "timezone_hour":
        return Decimal(int(offset / 3600))
    if unit == "timezone_minute":
        return Decimal(int(offset / 60) - int(offset / 3600) * 60)
    if unit == "hour":
        return Decimal(hours)
    if unit == "minute":
        return Decimal(minutes)
    if unit == "second":
        return numeric.make(rest, 6)
    if unit == "milliseconds":
        return numeric.make(rest, 3)
    if unit == "microseconds":
        return Decimal(rest)
    if unit == "epoch":
        return numeric.make(value.usec + value.zone * 1_000_000, 6)
    if unit in ("day", "month", "year", "quarter", "decade", "century", "millennium",
                "dow", "doy", "isodow", "isoyear", "week", "julian"):
        raise PgError(FEATURE_NOT_SUPPORTED,
                      f'unit "{unit}" not supported for type time with time zone')
    raise PgError(INVALID_PARAMETER_VALUE,
                  f'unit "{unit}" not recognized for type time with time zone')


__all__ = ["TimeTZ"]
