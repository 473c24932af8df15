"""POSIX time zone strings ('EST5EDT4,M3.2.0/2,M11.1.0/2', 'FOO-3', '<+03>-3<+04>,J60,300')
as a datetime.tzinfo, for SET TIME ZONE, AT TIME ZONE and zone names in timestamp input.

A string is `std offset [dst [offset] [,start[/time],end[/time]]]`:
- a name is any run of characters other than digits, ',', '+', '-' (it may be empty or
  short, as PostgreSQL allows) or <...> quoted; PostgreSQL upper-cases the whole string
  first, so the names print upper-case;
- an offset is [+-]hh[:mm[:ss]] counted west of UTC (hours up to 167); the DST offset
  defaults to one hour east of standard time;
- a rule date is Jn (1..365, February 29 never counted), n (0..365, counted) or Mm.w.d
  (day d, 0 = Sunday, of week w, 5 = last, of month m); its time, default 02:00, is a
  signed offset as above, local time (standard time for the start, DST for the end);
- without rules, the United States' rules since 2007 (M3.2.0,M11.1.0) apply.
The rules apply to every year. Each year contributes its two transitions only when DST
does not cover the whole year (tzcode's test), so a rule that never ends means DST all
year from its start; a string whose rules produce no transition at all is DST always.

Entry point: parse(text) -> PosixZone | None (None: not a POSIX string, the caller says
"not recognized" or "invalid value").

Invariants: PosixZone.fromutc and utcoffset agree: a wall-clock time the zone repeats
has fold 0 for its first (DST) instant and fold 1 for the second, one it skips answers
the offset in force before the change for fold 0 and after it for fold 1 (PEP 495), which
datetime_types.local_to_utc turns into PostgreSQL's choice.

PostgreSQL: src/timezone/localtime.c (tzparse, getzname, getqzname, getoffset, getsecs,
getrule, transtime) and pgtz.c (pg_tzset upper-cases the name).
"""
from __future__ import annotations

import datetime as dt
import functools
import re

_DAY = 86400
_MAX_HOURS = 167            # tzcode's HOURSPERDAY * DAYSPERWEEK - 1
_DEFAULT_RULES = ",M3.2.0,M11.1.0"
_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_MONTH_START = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _days_before_year(year: int) -> int:
    """Days from 1970-01-01 to January 1 of `year` (proleptic Gregorian, any year)."""
    y = year - 1
    return y * 365 + y // 4 - y // 100 + y // 400 - 719162


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def at_end(self) -> bool:
        return self.pos >= len(self.text)

    def name(self) -> str | None:
        """An unquoted name (possibly empty) or a <quoted> one; None if the quote is open."""
        if self.peek() == "<":
            end = self.text.find(">", self.pos + 1)
            if end < 0:
                return None
            name = self.text[self.pos + 1:end]
            self.pos = end + 1
            return name
        match = re.compile(r"[^0-9,+\-]*").match(self.text, self.pos)
        self.pos = match.end()
        return match.group()

    def number(self, low: int, high: int) -> int | None:
        match = re.compile(r"\d+").match(self.text, self.pos)
        if not match:
            return None
        value = int(match.group())
        if not low <= value <= high:
            return None
        self.pos = match.end()
        return value

    def seconds(self) -> int | None:
        """hh[:mm[:ss]] in seconds (getsecs)."""
        hours = self.number(0, _MAX_HOURS)
        if hours is None:
            return None
        total = hours * 3600
        if self.peek() == ":":
            self.pos += 1
            minutes = self.number(0, 59)
            if minutes is None:
                return None
            total += minutes * 60
            if self.peek() == ":":
                self.pos += 1
                secs = self.number(0, 60)      # 60: a leap second, as tzcode allows
                if secs is None:
                    return None
                total += secs
        return total

    def offset(self) -> int | None:
        """[+-]hh[:mm[:ss]] in seconds, as written (getoffset)."""
        sign = 1
        if self.peek() in "+-":
            sign = -1 if self.peek() == "-" else 1
            self.pos += 1
        value = self.seconds()
        return None if value is None else sign * value

    def rule(self) -> tuple | None:
        """Jn, n or Mm.w.d with an optional /time (getrule)."""
        if self.peek() == "J":
            self.pos += 1
            day = self.number(1, 365)
            rule = None if day is None else ("J", day)
        elif self.peek() == "M":
            self.pos += 1
            month = self.number(1, 12)
            if month is None or self.peek() != ".":
                return None
            self.pos += 1
            week = self.number(1, 5)
            if week is None or self.peek() != ".":
                return None
            self.pos += 1
            weekday = self.number(0, 6)
            rule = None if weekday is None else ("M", month, week, weekday)
        else:
            day = self.number(0, 365)
            rule = None if day is None else ("n", day)
        if rule is None:
            return None
        time = 2 * 3600
        if self.peek() == "/":
            self.pos += 1
            time = self.offset()
            if time is None:
                return None
        return rule + (time,)


def _rule_seconds(year: int, rule: tuple, west: int) -> int:
    """Seconds from January 1 00:00 UTC of `year` to the rule's moment (transtime)."""
    kind = rule[0]
    if kind == "J":
        day = rule[1] - 1
        if _is_leap(year) and rule[1] >= 60:
            day += 1
    elif kind == "n":
        day = rule[1]
    else:
        _, month, week, weekday, _time = rule
        month_start = _MONTH_START[month - 1] + (1 if month > 2 and _is_leap(year) else 0)
        first_weekday = (_days_before_year(year) + month_start + 4) % 7   # 1970-01-01: Thu
        month_days = (31, 29 if _is_leap(year) else 28, 31, 30, 31, 30, 31, 31, 30, 31,
                      30, 31)[month - 1]
        offset = (weekday - first_weekday) % 7
        for _ in range(week - 1):
            if offset + 7 >= month_days:
                break
            offset += 7
        day = month_start + offset
    return day * _DAY + rule[-1] + west


class PosixZone(dt.tzinfo):
    """A zone given by a POSIX string; offsets are kept east of UTC (datetime's sign)."""

    def __init__(self, key: str, std_name: str, std_east: int, dst_name: str | None = None,
                 dst_east: int = 0, start: tuple | None = None, end: tuple | None = None):
        self.key = key
        self.std_name, self.std_east = std_name, std_east
        self.dst_name, self.dst_east = dst_name, dst_east
        self.start, self.end = start, end
        self._std = dt.timedelta(seconds=std_east)
        self._dst = dt.timedelta(seconds=dst_east)

    def __repr__(self) -> str:
        return f"PosixZone({self.key!r})"

    # ---- transitions (UTC seconds since 1970, is_dst) ----------------------------------

    @functools.lru_cache(maxsize=64)
    def _year_transitions(self, year: int) -> tuple:
        std_west, dst_west = -self.std_east, -self.dst_east
        start = _rule_seconds(year, self.start, std_west)
        end = _rule_seconds(year, self.end, dst_west)
        year_seconds = (366 if _is_leap(year) else 365) * _DAY
        reversed_ = end < start
        if reversed_:
            start, end = end, start
        if reversed_ or (start < end and end - start < year_seconds + (std_west - dst_west)):
            january_first = _days_before_year(year) * _DAY
            return ((january_first + start, not reversed_), (january_first + end, reversed_))
        return ()

    def _is_dst_at(self, utc_seconds: int) -> bool:
        if self.dst_name is None:
            return False
        year = 1970 + utc_seconds // (_DAY * 365)
        while _days_before_year(year) * _DAY > utc_seconds:
            year -= 1
        while _days_before_year(year + 1) * _DAY <= utc_seconds:
            year += 1
        seen_any = False
        for back in range(0, 9):
            transitions = self._year_transitions(year - back)
            if back == 0:
                transitions = transitions + self._year_transitions(year + 1)
            latest = None
            for at, is_dst in transitions:
                seen_any = True
                if at <= utc_seconds:
                    latest = is_dst
            if latest is not None:
                return latest
        # no transition in eight years before: before the first one, or none ever (DST
        # all the time, as tzcode makes a zone whose rules never change the clock)
        return not seen_any

    def _offset_at_utc(self, utc_seconds: int) -> int:
        return self.dst_east if self._is_dst_at(utc_seconds) else self.std_east

    def _local_offset(self, local: dt.datetime) -> int:
        """The offset (east, seconds) of a wall-clock time, its fold choosing as PEP 495."""
        if self.dst_name is None:
            return self.std_east
        seconds = (local.toordinal() - _EPOCH_ORDINAL) * _DAY + local.hour * 3600 \
            + local.minute * 60 + local.second
        candidates = [o for o in {self.std_east, self.dst_east}
                      if self._offset_at_utc(seconds - o) == o]
        if len(candidates) == 2:
            return max(candidates) if not local.fold else min(candidates)
        if candidates:
            return candidates[0]
        # a skipped time: the offset before the change (fold 0) or after it (fold 1)
        high, low = max(self.std_east, self.dst_east), min(self.std_east, self.dst_east)
        return self._offset_at_utc(seconds - (low if local.fold else high))

    # ---- tzinfo ------------------------------------------------------------------------

    def utcoffset(self, value: dt.datetime | None) -> dt.timedelta:
        if value is None or self.dst_name is None:
            return self._std
        return dt.timedelta(seconds=self._local_offset(value))

    def dst(self, value: dt.datetime | None) -> dt.timedelta:
        if value is None or self.dst_name is None:
            return dt.timedelta(0)
        return self._dst - self._std if self._local_offset(value) == self.dst_east \
            and self.dst_east != self.std_east else dt.timedelta(0)

    def tzname(self, value: dt.datetime | None) -> str:
        if value is None or self.dst_name is None:
            return self.std_name
        offset = self._local_offset(value)
        return self.dst_name if offset == self.dst_east else self.std_name

    def fromutc(self, value: dt.datetime) -> dt.datetime:
        if self.dst_name is None:
            return value + self._std
        seconds = (value.toordinal() - _EPOCH_ORDINAL) * _DAY + value.hour * 3600 \
            + value.minute * 60 + value.second
        is_dst = self._is_dst_at(seconds)
        offset = self.dst_east if is_dst else self.std_east
        local = value + dt.timedelta(seconds=offset)
        other = self.std_east if is_dst else self.dst_east
        # the second of two instants showing the same wall-clock time has fold 1
        if other > offset and self._offset_at_utc(seconds + offset - other) == other:
            local = local.replace(fold=1)
        return local


@functools.lru_cache(maxsize=128)
def parse(text: str) -> PosixZone | None:
    """The zone a POSIX string describes, or None (tzparse with PostgreSQL's relaxations:
    empty or short names allowed, the default rules when a DST name has none)."""
    scanner = _Scanner(text.upper())
    std_name = scanner.name()
    if std_name is None or scanner.at_end():
        return None
    std_west = scanner.offset()
    if std_west is None:
        return None
    if abs(std_west) >= _DAY:
        return None     # datetime keeps offsets within a day (PostgreSQL takes 167 hours)
    if scanner.at_end():
        return PosixZone(text, std_name, -std_west)
    dst_name = scanner.name()
    if not dst_name:
        return None
    dst_west = std_west - 3600
    if not scanner.at_end() and scanner.peek() != ",":
        dst_west = scanner.offset()
    if dst_west is None or abs(dst_west) >= _DAY:
        return None
    if scanner.at_end():
        scanner = _Scanner(_DEFAULT_RULES)
    if scanner.peek() != ",":
        return None
    scanner.pos += 1
    start = scanner.rule()
    if start is None or scanner.peek() != ",":
        return None
    scanner.pos += 1
    end = scanner.rule()
    if end is None or not scanner.at_end():
        return None
    return PosixZone(text, std_name, -std_west, dst_name, -dst_west, start, end)
