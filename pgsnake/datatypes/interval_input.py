"""interval text input: every form PostgreSQL 15's interval_in accepts.

Entry point: parse_interval(text, range_mask) -> (months, days, microseconds), raising
PgError 22007 (bad syntax), 22015 (a field out of range, quoting the text) or 22008
(fields that fit alone but not combined: "interval out of range").

The text is read as PostgreSQL reads it:
 1. split into fields (numbers, signed numbers, h:m:s times, y-m pairs and dates, words);
    punctuation other than the signs, ':' and '.' only separates fields;
 2. the fields are decoded from right to left, so a unit word names the number before it
    and a bare number takes the unit of what follows it: days before a time ('3 4:05:06'),
    days after hours, else the rightmost field of the type's range (interval '1' year) or
    seconds; each field kind may appear once ('1 day 1 day' is refused), 'ago' anywhere
    negates the whole value, '@' and a unit word without a number are ignored;
 3. under IntervalStyle sql_standard a leading '-' makes every field negative unless
    another field carries its own sign;
 4. text the above refuses is tried as ISO 8601: 'P1Y2M3DT4H5M6S' (fractions and
    negative numbers allowed, units in upper case) or the alternative forms
    'P0001-02-03T04:05:06' and 'P00010203T040506';
 5. the fields are kept as int32 years, months, days and int64 microseconds while
    reading (overflow is 22015) and combined at the end (overflow is 22008). Fractions
    carry down as PostgreSQL does: a fraction of a month is 30 days, of a day 24 hours,
    rounded to the microsecond with C's double arithmetic.

PostgreSQL: utils/adt/datetime.c (ParseDateTime, DecodeInterval, DecodeISO8601Interval,
DecodeTimeForInterval, AdjustFract*), utils/adt/timestamp.c (interval_in).
"""
from __future__ import annotations

import math
import re

from pgsnake.datatypes import datetime_styles
from pgsnake.utils.errors import PgError

INT32_MIN, INT32_MAX = -(1 << 31), (1 << 31) - 1
INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1
USECS_PER_SEC = 1_000_000
USECS_PER_MINUTE = 60 * USECS_PER_SEC
USECS_PER_HOUR = 3600 * USECS_PER_SEC
USECS_PER_DAY = 86400 * USECS_PER_SEC
DAYS_PER_MONTH = 30
MONTHS_PER_YEAR = 12

# typmod range bits (INTERVAL_MASK in PostgreSQL)
MONTH_MASK, YEAR_MASK, DAY_MASK = 1 << 1, 1 << 2, 1 << 3
HOUR_MASK, MINUTE_MASK, SECOND_MASK = 1 << 10, 1 << 11, 1 << 12


class _BadFormat(Exception):
    """The text is not an interval in this form (22007, or try the ISO 8601 form)."""


class _FieldOverflow(Exception):
    """A field is out of range (22015)."""


# field kinds
NUMBER, STRING, DATE, TIME, SIGNED, SPECIAL = "number", "string", "date", "time", "signed", \
    "special"

# which fields have been given (each at most once)
F_YEAR, F_MONTH, F_DAY, F_HOUR, F_MINUTE, F_SECOND = 1, 2, 4, 8, 16, 32
F_MILLISECOND, F_MICROSECOND, F_WEEK, F_DECADE, F_CENTURY, F_MILLENNIUM = \
    64, 128, 256, 512, 1024, 2048
F_ALL_SECONDS = F_SECOND | F_MILLISECOND | F_MICROSECOND
F_TIME = F_HOUR | F_MINUTE | F_ALL_SECONDS

# unit words (compared on their first 10 characters, as PostgreSQL's token tables are)
_UNITS = {}
for _unit, _words in (
        ("microsecond", ("microsecon", "us", "usec", "usecs", "useconds")),
        ("millisecond", ("millisecon", "ms", "msec", "msecs", "mseconds")),
        ("second", ("s", "sec", "second", "seconds", "secs")),
        ("minute", ("m", "min", "mins", "minute", "minutes")),
        ("hour", ("h", "hour", "hours", "hr", "hrs")),
        ("day", ("d", "day", "days")),
        ("week", ("w", "week", "weeks")),
        ("month", ("mon", "mons", "month", "months")),
        ("year", ("y", "year", "years", "yr", "yrs")),
        ("decade", ("dec", "decade", "decades", "decs")),
        ("century", ("c", "cent", "centuries", "century")),
        ("millennium", ("mil", "millennia", "millennium", "mils")),
        # units PostgreSQL knows but an interval cannot take
        ("quarter", ("qtr", "quarter")),
        ("timezone", ("timezone", "timezone_h", "timezone_m"))):
    for _word in _words:
        _UNITS[_word] = _unit

# Words of the date/time keyword table: after one of these a digit starts a new field
# ('1 y2' is a year and two seconds); after any other word it makes a date-like field.
_KEYWORDS = frozenset(
    "ad allballs am apr april at aug august bc d dec december dow doy epoch feb february "
    "fri friday h infinity isodow isoyear j jan january jd jul julian july jun june m mar "
    "march may mm mon monday nov november now oct october on pm s sat saturday sep sept "
    "september sun sunday t thu thur thurs thursday today tomorrow tue tues tuesday wed "
    "wednesday weds y yesterday z zulu".split())



def unit_of_word(word: str) -> str | None:
    """The unit a lower-case unit word names ('mins' -> 'minute'), or None: PostgreSQL's
    interval unit table, which date_part / extract / date_trunc read units with too."""
    return _UNITS.get(word[:10])


_MAX_FIELDS = 25        # MAXDATEFIELDS
_WORK_BUFFER = 256      # interval_in's field buffer (fields and their terminators)


def parse_interval(text: str, range_mask: int) -> tuple[int, int, int]:
    """Read interval text; range_mask is the typmod's field range (0x7FFF for none)."""
    try:
        try:
            parts = _decode_fields(_split_fields(text), range_mask)
        except _BadFormat:
            parts = _decode_iso8601(text)
    except _BadFormat:
        raise PgError("22007", f'invalid input syntax for type interval: "{text}"') from None
    except _FieldOverflow:
        raise PgError("22015", f'interval field value out of range: "{text}"') from None
    years, months, days, usec = parts
    total_months = years * MONTHS_PER_YEAR + months
    if not INT32_MIN <= total_months <= INT32_MAX:
        raise PgError("22008", "interval out of range")
    return total_months, days, usec


# ------------------------------------------------------------------ C number reading

_DECIMAL = re.compile(r"[ \t\n\r\f\v]*([+-]?)(?:(0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)"
                      r"(?:[pP][+-]?\d+)?)|((?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)|"
                      r"(inf(?:inity)?|nan))", re.IGNORECASE)


def _strtod(text: str, pos: int) -> tuple[float, int, bool]:
    """C strtod at pos: (value, end, range_error); end == pos when nothing was read."""
    match = _DECIMAL.match(text, pos)
    if match is None:
        return 0.0, pos, False
    sign, hex_text, dec_text, special = match.groups()
    if hex_text is not None:
        value = float.fromhex(hex_text)
    elif dec_text is not None:
        value = float(dec_text)
        if math.isinf(value):
            return (-value if sign == "-" else value), match.end(), True
        if value == 0.0 and re.search(r"[1-9]", dec_text.split("e")[0].split("E")[0]):
            return 0.0, match.end(), True
    else:
        value = math.nan if special.lower() == "nan" else math.inf
    return (-value if sign == "-" else value), match.end(), False


_INTEGER = re.compile(r"[ \t\n\r\f\v]*([+-]?\d+)")


def _strtol(text: str, pos: int, low: int, high: int) -> tuple[int, int]:
    """C strtoi64 / strtoint at pos: (value, end); out of [low, high] is a field overflow."""
    match = _INTEGER.match(text, pos)
    if match is None:
        return 0, pos
    value = int(match.group(1))
    if not low <= value <= high:
        raise _FieldOverflow
    return value, match.end()


# ------------------------------------------------------------------ splitting

def _split_fields(text: str) -> list[tuple[str, str]]:
    """ParseDateTime: (kind, field text) pairs; letters are lowered."""
    fields: list[tuple[str, str]] = []
    n, i = len(text), 0
    used = 0
    while i < n:
        c = text[i]
        start = i
        if c.isdigit() and c.isascii():
            i = _skip_digits(text, i)
            if i < n and text[i] == ":":
                kind = TIME
                i += 1
                while i < n and (_is_digit(text[i]) or text[i] in ":."):
                    i += 1
            elif i < n and text[i] in "-/.":
                delim = text[i]
                i += 1
                if i < n and _is_digit(text[i]):
                    kind = NUMBER if delim == "." else DATE
                    i = _skip_digits(text, i)
                    if i < n and text[i] == delim:
                        kind = DATE
                        i += 1
                        while i < n and (_is_digit(text[i]) or text[i] == delim):
                            i += 1
                else:
                    kind = DATE
                    while i < n and (_is_alnum(text[i]) or text[i] == delim):
                        i += 1
            else:
                kind = NUMBER
            field = text[start:i].lower()
        elif c == ".":
            i = _skip_digits(text, i + 1)
            kind, field = NUMBER, text[start:i]
        elif _is_alpha(c):
            kind = STRING
            while i < n and _is_alpha(text[i]):
                i += 1
            word = text[start:i].lower()
            is_date = False
            if i < n and text[i] in "-/.":
                is_date = True
            elif i < n and (text[i] == "+" or _is_digit(text[i])):
                is_date = word[:10] not in _KEYWORDS
            if is_date:
                kind = DATE
                i += 1
                while i < n and (text[i] in "+-/_.:" or _is_alnum(text[i])):
                    i += 1
            field = text[start:i].lower()
        elif c.isspace():
            i += 1
            continue
        elif c in "+-":
            i += 1
            while i < n and text[i].isspace():
                i += 1
            if i < n and _is_digit(text[i]):
                kind = SIGNED
                digits_start = i
                i += 1
                while i < n and (_is_digit(text[i]) or text[i] in ":.-"):
                    i += 1
                field = c + text[digits_start:i]
            elif i < n and _is_alpha(text[i]):
                kind = SPECIAL
                word_start = i
                while i < n and _is_alpha(text[i]):
                    i += 1
                field = c + text[word_start:i].lower()
            else:
                raise _BadFormat
        elif c.isascii() and not c.isalnum() and c.isprintable():
            i += 1          # other punctuation only separates fields
            continue
        else:
            raise _BadFormat
        used += len(field) + 1
        if len(fields) >= _MAX_FIELDS or used > _WORK_BUFFER:
            raise _BadFormat
        fields.append((kind, field))
    return fields


def _is_digit(c: str) -> bool:
    return "0" <= c <= "9"


def _is_alpha(c: str) -> bool:
    return c.isascii() and c.isalpha()


def _is_alnum(c: str) -> bool:
    return c.isascii() and c.isalnum()


def _skip_digits(text: str, i: int) -> int:
    while i < len(text) and _is_digit(text[i]):
        i += 1
    return i


# ------------------------------------------------------------------ accumulating

class _Parts:
    """pg_itm_in: int32 years, months, days and int64 microseconds; False on overflow."""

    def __init__(self) -> None:
        self.years = self.months = self.days = 0
        self.usec = 0

    def add_usec(self, amount: int) -> bool:
        total = self.usec + amount
        if not INT64_MIN <= total <= INT64_MAX:
            return False
        self.usec = total
        return True

    def micro(self, value: int, fraction: float, scale: int) -> bool:
        """AdjustMicroseconds: value * scale plus the fraction's share."""
        if not INT64_MIN <= value * scale <= INT64_MAX:
            return False
        return self.add_usec(value * scale) and self.fract_micro(fraction, scale)

    def fract_micro(self, fraction: float, scale: int) -> bool:
        if fraction == 0:
            return True
        fraction *= scale
        if math.isnan(fraction) or not -9.223372036854775808e18 <= fraction \
                < 9.223372036854775808e18:
            return False
        usec = int(fraction)
        fraction -= usec
        return self.add_usec(usec + int(round(fraction)))

    def _add_int32(self, field: str, value: int, scale: int = 1) -> bool:
        """field += value * scale; False (nothing changed) if the value, the product or
        the sum leaves int32 (PostgreSQL's pg_mul_s32_overflow / pg_add_s32_overflow)."""
        if not INT32_MIN <= value <= INT32_MAX or not INT32_MIN <= value * scale <= INT32_MAX:
            return False
        total = getattr(self, field) + value * scale
        if not INT32_MIN <= total <= INT32_MAX:
            return False
        setattr(self, field, total)
        return True

    def add_days(self, value: int, scale: int) -> bool:
        return self._add_int32("days", value, scale)

    def fract_days(self, fraction: float, scale: int) -> bool:
        if fraction == 0:
            return True
        fraction *= scale
        whole = int(fraction)
        total = self.days + whole
        if not INT32_MIN <= total <= INT32_MAX:
            return False
        self.days = total
        return self.fract_micro(fraction - whole, USECS_PER_DAY)

    def add_months(self, value: int) -> bool:
        return self._add_int32("months", value)

    def add_years(self, value: int, scale: int) -> bool:
        return self._add_int32("years", value, scale)

    def fract_years(self, fraction: float, scale: int) -> bool:
        extra = int(round(fraction * scale * MONTHS_PER_YEAR))
        return self.add_months(extra)

    def result(self) -> tuple[int, int, int, int]:
        return self.years, self.months, self.days, self.usec


def _check(ok: bool) -> None:
    if not ok:
        raise _FieldOverflow


# ------------------------------------------------------------------ the usual form

def _bare_number_unit(range_mask: int) -> str:
    """The unit of a number without one, from the rightmost field of the typmod's range."""
    if range_mask == YEAR_MASK:
        return "year"
    if range_mask in (MONTH_MASK, YEAR_MASK | MONTH_MASK):
        return "month"
    if range_mask == DAY_MASK:
        return "day"
    if range_mask in (HOUR_MASK, DAY_MASK | HOUR_MASK):
        return "hour"
    if range_mask in (MINUTE_MASK, HOUR_MASK | MINUTE_MASK, DAY_MASK | HOUR_MASK | MINUTE_MASK):
        return "minute"
    return "second"


_UNIT_FIELD = {"microsecond": F_MICROSECOND, "millisecond": F_MILLISECOND,
               "minute": F_MINUTE, "hour": F_HOUR, "day": F_DAY, "week": F_WEEK,
               "month": F_MONTH, "year": F_YEAR, "decade": F_DECADE,
               "century": F_CENTURY, "millennium": F_MILLENNIUM}


def _decode_fields(fields: list[tuple[str, str]], range_mask: int) -> tuple[int, int, int, int]:
    """DecodeInterval."""
    parts = _Parts()
    seen = 0
    unit: str | None = None
    ago = False
    force_negative = False
    if datetime_styles.interval_style() == "sql_standard" and fields and \
            fields[0][1].startswith("-"):
        force_negative = not any(f[1][:1] in "+-" for f in fields[1:])
    for kind, field in reversed(fields):
        if kind == TIME or (kind == SIGNED and ":" in field[1:]):
            if kind == TIME:
                field_mask = _decode_time(field, range_mask, parts)
            else:
                try:
                    field_mask = _decode_time(field[1:], range_mask, parts)
                except (_BadFormat, _FieldOverflow):
                    raise _BadFormat from None
                if field[0] == "-":
                    parts.usec = -parts.usec
            if force_negative and parts.usec > 0:
                parts.usec = -parts.usec
            unit = "day"
        elif kind in (NUMBER, DATE, SIGNED):
            if unit is None:
                unit = _bare_number_unit(range_mask)
            value, end = _strtol(field, 0, INT64_MIN, INT64_MAX)
            if end == 0 and field[:1] not in ".":
                raise _BadFormat
            fraction = 0.0
            rest = field[end:]
            if rest.startswith("-"):
                # SQL standard years-months
                months, month_end = _strtol(field, end + 1, INT32_MIN, INT32_MAX)
                if not 0 <= months < MONTHS_PER_YEAR:
                    raise _FieldOverflow
                if month_end != len(field):
                    raise _BadFormat
                unit = "month"
                if field[0] == "-":
                    months = -months
                value = value * MONTHS_PER_YEAR + months
                if not INT64_MIN <= value <= INT64_MAX:
                    raise _FieldOverflow
            elif rest.startswith("."):
                fraction = _fraction(rest)
                if field[0] == "-":
                    fraction = -fraction
            elif rest:
                raise _BadFormat
            if force_negative:
                value, fraction = -abs(value), -abs(fraction)
            field_mask = _add_unit(parts, unit, value, fraction)
            if unit == "hour":
                unit = "day"
        elif kind in (STRING, SPECIAL):
            if field == "@":
                continue
            if field == "ago":
                # a number right before 'ago' has no unit ('1 ago' is refused)
                ago, unit = True, "none"
                continue
            name = _UNITS.get(field[:10])
            if name is None:
                raise _BadFormat
            unit = name
            continue
        else:
            raise _BadFormat
        if field_mask & seen:
            raise _BadFormat
        seen |= field_mask
    if seen == 0:
        raise _BadFormat
    if ago:
        if parts.usec == INT64_MIN or INT32_MIN in (parts.days, parts.months, parts.years):
            raise _FieldOverflow
        parts.usec, parts.days = -parts.usec, -parts.days
        parts.months, parts.years = -parts.months, -parts.years
    return parts.result()


def _fraction(text: str) -> float:
    """ParseFraction: '.' alone is zero; otherwise the whole rest must be a number."""
    if text == ".":
        return 0.0
    value, end, range_error = _strtod(text, 0)
    if end != len(text) or range_error:
        raise _BadFormat
    return value


def _add_unit(parts: _Parts, unit: str, value: int, fraction: float) -> int:
    if unit == "microsecond":
        _check(parts.micro(value, fraction, 1))
    elif unit == "millisecond":
        _check(parts.micro(value, fraction, 1000))
    elif unit == "second":
        _check(parts.micro(value, fraction, USECS_PER_SEC))
        return F_SECOND if fraction == 0 else F_ALL_SECONDS
    elif unit == "minute":
        _check(parts.micro(value, fraction, USECS_PER_MINUTE))
    elif unit == "hour":
        _check(parts.micro(value, fraction, USECS_PER_HOUR))
    elif unit == "day":
        _check(parts.add_days(value, 1) and parts.fract_micro(fraction, USECS_PER_DAY))
    elif unit == "week":
        _check(parts.add_days(value, 7) and parts.fract_days(fraction, 7))
    elif unit == "month":
        _check(parts.add_months(value) and parts.fract_days(fraction, DAYS_PER_MONTH))
    elif unit in ("year", "decade", "century", "millennium"):
        scale = {"year": 1, "decade": 10, "century": 100, "millennium": 1000}[unit]
        _check(parts.add_years(value, scale) and parts.fract_years(fraction, scale))
    else:
        raise _BadFormat
    return _UNIT_FIELD[unit]


def _decode_time(text: str, range_mask: int, parts: _Parts) -> int:
    """DecodeTimeForInterval: 'h:m', 'h:m:s[.f]', 'm:s.f' (and 'm:s' under MINUTE TO
    SECOND); sets the microseconds."""
    hours, pos = _strtol(text, 0, INT64_MIN, INT64_MAX)
    if pos >= len(text) or text[pos] != ":":
        raise _BadFormat
    minutes, pos = _strtol(text, pos + 1, INT32_MIN, INT32_MAX)
    seconds = usec = 0
    if pos == len(text):
        if range_mask == MINUTE_MASK | SECOND_MASK:
            if not INT32_MIN <= hours <= INT32_MAX:
                raise _FieldOverflow
            hours, minutes, seconds = 0, hours, minutes
    elif text[pos] == ".":
        usec = _fractional_second(text[pos:])
        if not INT32_MIN <= hours <= INT32_MAX:
            raise _FieldOverflow
        hours, minutes, seconds = 0, hours, minutes
    elif text[pos] == ":":
        seconds, pos = _strtol(text, pos + 1, INT32_MIN, INT32_MAX)
        if pos < len(text):
            if text[pos] != ".":
                raise _BadFormat
            usec = _fractional_second(text[pos:])
    else:
        raise _BadFormat
    if hours < 0 or not 0 <= minutes <= 59 or not 0 <= seconds <= 60 or \
            not 0 <= usec <= USECS_PER_SEC:
        raise _FieldOverflow
    total = usec
    for amount, scale in ((hours, USECS_PER_HOUR), (minutes, USECS_PER_MINUTE),
                          (seconds, USECS_PER_SEC)):
        product = amount * scale
        if not INT64_MIN <= product <= INT64_MAX:
            raise _FieldOverflow
        total += product
        if not INT64_MIN <= total <= INT64_MAX:
            raise _FieldOverflow
    parts.usec = total
    return F_TIME


def _fractional_second(text: str) -> int:
    if text == ".":
        return 0
    value, end, range_error = _strtod(text, 0)
    if end != len(text) or end == 0 or range_error:
        raise _BadFormat
    return int(round(value * 1_000_000))


# ------------------------------------------------------------------ ISO 8601

def _iso_number(text: str, pos: int) -> tuple[int, float, int]:
    """ParseISO8601Number: (integer part, fraction, end)."""
    if pos >= len(text) or not (_is_digit(text[pos]) or text[pos] in "-."):
        raise _BadFormat
    value, end, range_error = _strtod(text, pos)
    if end == pos or range_error:
        raise _BadFormat
    if math.isnan(value) or not -1.0e15 <= value <= 1.0e15:
        raise _FieldOverflow
    whole = math.floor(value) if value >= 0 else -math.floor(-value)
    return int(whole), value - whole, end


def _integer_width(text: str, pos: int) -> int:
    if pos < len(text) and text[pos] == "-":
        pos += 1
    return _skip_digits(text, pos) - pos


def _decode_iso8601(text: str) -> tuple[int, int, int, int]:
    """DecodeISO8601Interval: the designator form and the alternative forms."""
    parts = _Parts()
    if len(text) < 2 or text[0] != "P":
        raise _BadFormat
    pos, n = 1, len(text)
    date_part, have_field = True, False
    while pos < n:
        if text[pos] == "T":
            date_part, have_field = False, False
            pos += 1
            continue
        field_start = pos
        value, fraction, pos = _iso_number(text, pos)
        unit = text[pos] if pos < n else ""
        pos += 1
        if date_part:
            if unit == "Y":
                _check(parts.add_years(value, 1) and parts.fract_years(fraction, 1))
            elif unit == "M":
                _check(parts.add_months(value) and parts.fract_days(fraction, DAYS_PER_MONTH))
            elif unit == "W":
                _check(parts.add_days(value, 7) and parts.fract_days(fraction, 7))
            elif unit == "D":
                _check(parts.add_days(value, 1) and parts.fract_micro(fraction, USECS_PER_DAY))
            elif unit in ("T", "", "-"):
                if unit != "-" and _integer_width(text, field_start) == 8 and not have_field:
                    _check(parts.add_years(_c_div(value, 10000), 1)
                           and parts.add_months(_c_mod(_c_div(value, 100), 100))
                           and parts.add_days(_c_mod(value, 100), 1)
                           and parts.fract_micro(fraction, USECS_PER_DAY))
                    if unit == "":
                        return parts.result()
                    date_part, have_field = False, False
                    continue
                if have_field:
                    raise _BadFormat
                _check(parts.add_years(value, 1) and parts.fract_years(fraction, 1))
                if unit == "":
                    return parts.result()
                if unit == "T":
                    date_part, have_field = False, False
                    continue
                value, fraction, pos = _iso_number(text, pos)
                _check(parts.add_months(value) and parts.fract_days(fraction, DAYS_PER_MONTH))
                if pos >= n:
                    return parts.result()
                if text[pos] == "T":
                    date_part, have_field = False, False
                    pos += 1
                    continue
                if text[pos] != "-":
                    raise _BadFormat
                value, fraction, pos = _iso_number(text, pos + 1)
                _check(parts.add_days(value, 1) and parts.fract_micro(fraction, USECS_PER_DAY))
                if pos >= n:
                    return parts.result()
                if text[pos] == "T":
                    date_part, have_field = False, False
                    pos += 1
                    continue
                raise _BadFormat
            else:
                raise _BadFormat
        else:
            if unit == "H":
                _check(parts.micro(value, fraction, USECS_PER_HOUR))
            elif unit == "M":
                _check(parts.micro(value, fraction, USECS_PER_MINUTE))
            elif unit == "S":
                _check(parts.micro(value, fraction, USECS_PER_SEC))
            elif unit in ("", ":"):
                if unit == "" and _integer_width(text, field_start) == 6 and not have_field:
                    _check(parts.micro(_c_div(value, 10000), 0.0, USECS_PER_HOUR)
                           and parts.micro(_c_mod(_c_div(value, 100), 100), 0.0,
                                           USECS_PER_MINUTE)
                           and parts.micro(_c_mod(value, 100), 0.0, USECS_PER_SEC)
                           and parts.fract_micro(fraction, 1))
                    return parts.result()
                if have_field:
                    raise _BadFormat
                _check(parts.micro(value, fraction, USECS_PER_HOUR))
                if unit == "":
                    return parts.result()
                value, fraction, pos = _iso_number(text, pos)
                _check(parts.micro(value, fraction, USECS_PER_MINUTE))
                if pos >= n:
                    return parts.result()
                if text[pos] != ":":
                    raise _BadFormat
                value, fraction, pos = _iso_number(text, pos + 1)
                _check(parts.micro(value, fraction, USECS_PER_SEC))
                if pos >= n:
                    return parts.result()
                raise _BadFormat
            else:
                raise _BadFormat
        have_field = True
    return parts.result()


def _c_div(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    return -q if (a < 0) != (b < 0) else q


def _c_mod(a: int, b: int) -> int:
    return a - _c_div(a, b) * b
