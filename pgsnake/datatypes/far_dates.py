"""Dates and timestamps outside Python's years 1..9999: BC dates (back to 4714-11-24 BC)
and years after 9999 (dates to 5874897 AD, timestamps to 294276 AD), as PostgreSQL keeps.

Python's datetime cannot hold them, so such a value is a FarDate / FarDatetime: a
dt.date / dt.datetime subclass holding the same month, day and time in a stand-in year
400*k years away (the Gregorian calendar repeats every 400 years, 146097 days, a whole
number of weeks, so weekday and leap days are right), with `year`, ordinals,
arithmetic, comparison, hashing, replace, date() and astimezone() answering for the real
year. Years here are astronomical: 1 BC is year 0, 44 BC is -43 (PostgreSQL's tm_year).
The constructors here (make_date, make_datetime, date_from_ordinal, datetime_from_usec)
also make years 1 and 9999 far ones, so that a step across the edge (a day back, a time
zone west) never overflows Python's types; a far value in years 1..9999 equals and
hashes as the plain value of the same day, which other code may still make.

Stand-in years: 1200..1599 for years before 5000 (before any time zone's first
transition, so a zone gives its local mean time, as PostgreSQL does there) and
9600..9999 for later ones.

Entry points: make_date, make_datetime, date_from_ordinal, ordinal_of, datetime_to_usec /
datetime_from_usec (microseconds from 0001-01-01 00:00, naive fields), add_days,
add_usec, is_far, ordinal_key (comparison key shared with the infinity sentinels),
MIN_ORDINAL / DATE_MAX_ORDINAL / TIMESTAMP_END_ORDINAL (PostgreSQL's ranges).

PostgreSQL: utils/adt/datetime.c (date2j / j2date over the Julian day count),
include/datatype/timestamp.h (DATETIME_MIN_JULIAN, DATE_END_JULIAN, TIMESTAMP_END_JULIAN).
"""
from __future__ import annotations

import datetime as dt
import operator

CYCLE_YEARS = 400
CYCLE_DAYS = 146_097
USECS_PER_DAY = 86_400_000_000
_PAST_BASE, _FUTURE_BASE = 1200, 9600
_PAST_BASE_ORDINAL = dt.date(_PAST_BASE, 1, 1).toordinal()
_FUTURE_BASE_ORDINAL = dt.date(_FUTURE_BASE, 1, 1).toordinal()
_MIDDLE_ORDINAL = dt.date(5000, 1, 1).toordinal()
_PLAIN_MIN_ORDINAL = dt.date(2, 1, 1).toordinal()      # years 2..9998 are plain
_PLAIN_MAX_ORDINAL = dt.date(9998, 12, 31).toordinal()


_MIDDLE_YEAR = 5000


def _base_year(year: int) -> tuple[int, int]:
    """(stand-in year, cycles) with year = stand-in + 400 * cycles."""
    start = _PAST_BASE if year < _MIDDLE_YEAR else _FUTURE_BASE
    base = start + (year - start) % CYCLE_YEARS
    return base, (year - base) // CYCLE_YEARS


def _base_ordinal(ordinal: int) -> tuple[int, int]:
    start = _PAST_BASE_ORDINAL if ordinal < _MIDDLE_ORDINAL else _FUTURE_BASE_ORDINAL
    cycles = (ordinal - start) // CYCLE_DAYS
    return ordinal - cycles * CYCLE_DAYS, cycles


def ordinal_of(year: int, month: int, day: int) -> int:
    """Day number of a (proleptic Gregorian, astronomical-year) date; 0001-01-01 is 1.
    Raises ValueError for a month or day that does not exist."""
    if 1 <= year <= 9999:
        return dt.date(year, month, day).toordinal()
    base, cycles = _base_year(year)
    return dt.date(base, month, day).toordinal() + cycles * CYCLE_DAYS


MIN_ORDINAL = ordinal_of(-4713, 11, 24)             # Julian day 0
DATE_MAX_ORDINAL = ordinal_of(5874897, 12, 31)
TIMESTAMP_END_ORDINAL = ordinal_of(294277, 1, 1)     # first day past timestamp's range


class _FarComparisons:
    """The six comparisons of a far value, with far and ordinary values alike
    (_compare); the classes below keep their own __hash__."""
    __slots__ = ()

    def __eq__(self, other):
        return _compare(self, other, operator.eq)

    def __ne__(self, other):
        return _compare(self, other, operator.ne)

    def __lt__(self, other):
        return _compare(self, other, operator.lt)

    def __le__(self, other):
        return _compare(self, other, operator.le)

    def __gt__(self, other):
        return _compare(self, other, operator.gt)

    def __ge__(self, other):
        return _compare(self, other, operator.ge)


class FarDate(_FarComparisons, dt.date):
    """A date outside 1..9999 (see the module docstring)."""

    def __new__(cls, year: int, month: int = 1, day: int = 1):
        base, cycles = _base_year(year)
        self = dt.date.__new__(cls, base, month, day)
        self._cycles = cycles
        return self

    @property
    def year(self) -> int:
        return dt.date.year.__get__(self) + self._cycles * CYCLE_YEARS

    def toordinal(self) -> int:
        return dt.date.toordinal(self) + self._cycles * CYCLE_DAYS

    def __reduce__(self):
        return (make_date, (self.year, self.month, self.day))

    def __repr__(self) -> str:
        return f"FarDate({self.year}, {self.month}, {self.day})"

    def replace(self, year=None, month=None, day=None):
        return make_date(self.year if year is None else year,
                         self.month if month is None else month,
                         self.day if day is None else day)

    def __add__(self, other):
        if isinstance(other, dt.timedelta):
            return date_from_ordinal(self.toordinal() + other.days)
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other):
        if isinstance(other, dt.timedelta):
            return date_from_ordinal(self.toordinal() - other.days)
        if isinstance(other, dt.date) and not isinstance(other, dt.datetime):
            return dt.timedelta(days=self.toordinal() - ordinal_key(other))
        return NotImplemented

    def __rsub__(self, other):
        if isinstance(other, dt.date) and not isinstance(other, dt.datetime):
            return dt.timedelta(days=ordinal_key(other) - self.toordinal())
        return NotImplemented

    def timetuple(self):
        return _time_tuple(self)

    def isoformat(self) -> str:
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    __str__ = isoformat

    def strftime(self, *_args):
        raise OverflowError("date value out of range")

    ctime = strftime

    def isocalendar(self):
        base = dt.date.isocalendar(self)
        return (base[0] + self._cycles * CYCLE_YEARS, base[1], base[2])

    def __hash__(self) -> int:
        ordinal = self.toordinal()
        if 1 <= ordinal <= _DATE_MAX_ORDINAL:
            return hash(dt.date.fromordinal(ordinal))
        return hash(("FarDate", ordinal))


def _compare(left, right, test):
    if isinstance(right, dt.datetime) != isinstance(left, dt.datetime) \
            or not isinstance(right, dt.date):
        return NotImplemented
    return test(ordinal_key(left), ordinal_key(right))


def ordinal_key(value) -> int | float:
    """A comparison key for a date or datetime, plain, far or an infinity sentinel
    (datetime_types marks those with `infinite_sign`)."""
    sign = getattr(value, "infinite_sign", 0)
    if sign:
        return sign * float("inf")
    if isinstance(value, dt.datetime):
        return _aware_usec(value)
    return value.toordinal()


class FarDatetime(_FarComparisons, dt.datetime):
    """A timestamp outside years 1..9999; naive, or aware (timestamptz values are UTC,
    astimezone gives local ones)."""

    def __new__(cls, year: int, month: int = 1, day: int = 1, hour: int = 0,
                minute: int = 0, second: int = 0, microsecond: int = 0, tzinfo=None):
        base, cycles = _base_year(year)
        self = dt.datetime.__new__(cls, base, month, day, hour, minute, second, microsecond,
                                   tzinfo)
        self._cycles = cycles
        return self

    @property
    def year(self) -> int:
        return dt.datetime.year.__get__(self) + self._cycles * CYCLE_YEARS

    def toordinal(self) -> int:
        return dt.datetime.toordinal(self) + self._cycles * CYCLE_DAYS

    def __reduce__(self):
        return (make_datetime, (self.year, self.month, self.day, self.hour, self.minute,
                                self.second, self.microsecond, self.tzinfo))

    def __repr__(self) -> str:
        return (f"FarDatetime({self.year}, {self.month}, {self.day}, {self.hour}, "
                f"{self.minute}, {self.second}, {self.microsecond}, {self.tzinfo!r})")

    def _plain_base(self) -> dt.datetime:
        return dt.datetime(dt.datetime.year.__get__(self), self.month, self.day, self.hour,
                           self.minute, self.second, self.microsecond, self.tzinfo)

    def date(self):
        return make_date(self.year, self.month, self.day)

    def replace(self, year=None, month=None, day=None, hour=None, minute=None, second=None,
                microsecond=None, tzinfo=True, *, fold=0):
        return make_datetime(
            self.year if year is None else year, self.month if month is None else month,
            self.day if day is None else day, self.hour if hour is None else hour,
            self.minute if minute is None else minute,
            self.second if second is None else second,
            self.microsecond if microsecond is None else microsecond,
            self.tzinfo if tzinfo is True else tzinfo)

    def astimezone(self, tz=None):
        local = self._plain_base().astimezone(tz)
        shift = self._cycles * CYCLE_YEARS
        return make_datetime(local.year + shift, local.month, local.day, local.hour,
                             local.minute, local.second, local.microsecond, local.tzinfo)

    def __add__(self, other):
        if isinstance(other, dt.timedelta):
            return add_usec(self, other // dt.timedelta(microseconds=1))
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other):
        if isinstance(other, dt.timedelta):
            return add_usec(self, -(other // dt.timedelta(microseconds=1)))
        if isinstance(other, dt.datetime):
            return dt.timedelta(microseconds=_aware_usec(self) - _aware_usec(other))
        return NotImplemented

    def __rsub__(self, other):
        if isinstance(other, dt.datetime):
            return dt.timedelta(microseconds=_aware_usec(other) - _aware_usec(self))
        return NotImplemented

    def timetuple(self):
        return _time_tuple(self)

    def isoformat(self, sep="T", *_args) -> str:
        return (f"{self.year:04d}-{self.month:02d}-{self.day:02d}{sep}{self.hour:02d}:"
                f"{self.minute:02d}:{self.second:02d}")

    def __str__(self) -> str:
        return self.isoformat(" ")

    def strftime(self, *_args):
        raise OverflowError("date value out of range")

    ctime = utctimetuple = strftime

    def timestamp(self) -> float:
        return (_aware_usec(self) - _UNIX_EPOCH_USEC) / 1_000_000

    def isocalendar(self):
        return self.date().isocalendar()

    def __hash__(self) -> int:
        if 1 <= self.year <= 9999:
            return hash(dt.datetime(self.year, self.month, self.day, self.hour, self.minute,
                                    self.second, self.microsecond, self.tzinfo))
        return hash(("FarDatetime", _aware_usec(self)))


def _time_tuple(value):
    """time.struct_time with the real year (tm_yday from the ordinals)."""
    import time
    yday = value.toordinal() - ordinal_of(value.year, 1, 1) + 1
    hour, minute, second = (getattr(value, n, 0) for n in ("hour", "minute", "second"))
    return time.struct_time((value.year, value.month, value.day, hour, minute, second,
                             value.weekday(), yday, -1))


_DATE_MAX_ORDINAL = dt.date.max.toordinal()


def make_date(year: int, month: int, day: int) -> dt.date:
    if 2 <= year <= 9998:
        return dt.date(year, month, day)
    return FarDate(year, month, day)


def make_datetime(year: int, month: int = 1, day: int = 1, hour: int = 0, minute: int = 0,
                  second: int = 0, microsecond: int = 0, tzinfo=None) -> dt.datetime:
    if 2 <= year <= 9998:
        return dt.datetime(year, month, day, hour, minute, second, microsecond, tzinfo)
    return FarDatetime(year, month, day, hour, minute, second, microsecond, tzinfo)


def date_from_ordinal(ordinal: int) -> dt.date:
    if _PLAIN_MIN_ORDINAL <= ordinal <= _PLAIN_MAX_ORDINAL:
        return dt.date.fromordinal(ordinal)
    base_ordinal, cycles = _base_ordinal(ordinal)
    base = dt.date.fromordinal(base_ordinal)
    return FarDate(base.year + cycles * CYCLE_YEARS, base.month, base.day)


def datetime_to_usec(value: dt.datetime) -> int:
    """Microseconds of the value's own fields (its zone ignored) from 0001-01-01 00:00."""
    return (value.toordinal() * 86_400 + value.hour * 3600 + value.minute * 60
            + value.second) * 1_000_000 + value.microsecond - USECS_PER_DAY


def _aware_usec(value: dt.datetime) -> int:
    usec = datetime_to_usec(value)
    offset = value.utcoffset() if value.tzinfo is not None else None
    return usec - (offset // dt.timedelta(microseconds=1) if offset else 0)


def datetime_from_usec(usec: int, tzinfo=None) -> dt.datetime:
    days, rest = divmod(usec, USECS_PER_DAY)
    day = date_from_ordinal(days + 1)
    seconds, micro = divmod(rest, 1_000_000)
    hour, seconds = divmod(seconds, 3600)
    minute, second = divmod(seconds, 60)
    return make_datetime(day.year, day.month, day.day, hour, minute, second, micro, tzinfo)


_UNIX_EPOCH_USEC = datetime_to_usec(dt.datetime(1970, 1, 1))


def add_days(value: dt.date, days: int) -> dt.date:
    return date_from_ordinal(value.toordinal() + days)


def add_usec(value: dt.datetime, usec: int) -> dt.datetime:
    return datetime_from_usec(datetime_to_usec(value) + usec, value.tzinfo)


def is_far(value) -> bool:
    return isinstance(value, (FarDate, FarDatetime))
