"""in_range(val, base, offset, sub, less): the B-tree support function (number 3) that
decides whether a row is inside a window frame's RANGE ... offset PRECEDING / FOLLOWING
bound: val <= base +/- offset when `less`, val >= base +/- offset otherwise (`sub`
subtracts). A negative offset (or a NaN one) is 22013.

- integers: exact arithmetic (PostgreSQL's overflow shortcuts give the same answers);
- float8 / float4 and numeric: NaN sorts after everything (equal to NaN), and an
  infinite offset with an infinite base in the direction that would give NaN counts as
  inside, as PostgreSQL decides;
- date, timestamp, timestamptz, interval: the type's own + / - and comparisons (a date
  is compared as the timestamp it starts);
- time and timetz: only the offset's time part, without wrapping around midnight.

Entry point: register_sql_functions() (from catalog/sql_functions.py).

PostgreSQL: utils/adt/int.c / int8.c (in_range_int4_int4 ...), float.c
(in_range_float8_float8), numeric.c (in_range_numeric_numeric), date.c
(in_range_date_interval, in_range_time_interval, in_range_timetz_interval),
timestamp.c (in_range_timestamp[tz]_interval, in_range_interval_interval).
"""
from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

from pgsnake.utils.errors import PgError

INVALID_PRECEDING_OR_FOLLOWING_SIZE = "22013"
INT2, INT4, INT8, FLOAT4, FLOAT8, NUMERIC = 21, 23, 20, 700, 701, 1700
DATE, TIME, TIMESTAMP, TIMESTAMPTZ, INTERVAL, TIMETZ, BOOL = 1082, 1083, 1114, 1184, 1186, \
    1266, 16


def _bad_size() -> PgError:
    return PgError(INVALID_PRECEDING_OR_FOLLOWING_SIZE,
                   "invalid preceding or following size in window function")


def _compare(val, bound, less: bool) -> bool:
    return val <= bound if less else val >= bound


def in_range_integer(val: int, base: int, offset: int, sub: bool, less: bool) -> bool:
    if offset < 0:
        raise _bad_size()
    return _compare(val, base - offset if sub else base + offset, less)


def in_range_float(val: float, base: float, offset: float, sub: bool, less: bool) -> bool:
    if math.isnan(offset) or offset < 0:
        raise _bad_size()
    if math.isnan(val):
        return True if math.isnan(base) else not less
    if math.isnan(base):
        return less
    if math.isinf(offset) and math.isinf(base) and (base > 0 if sub else base < 0):
        return True
    return _compare(val, base - offset if sub else base + offset, less)


def in_range_numeric(val: Decimal, base: Decimal, offset: Decimal, sub: bool,
                     less: bool) -> bool:
    if offset.is_nan() or offset < 0:
        raise _bad_size()
    if val.is_nan():
        return True if base.is_nan() else not less
    if base.is_nan():
        return less
    if offset.is_infinite():                      # +Infinity
        if (base.is_infinite() and base > 0) if sub else (base.is_infinite() and base < 0):
            return True
        if sub:
            return (val.is_infinite() and val < 0) if less else True
        return True if less else (val.is_infinite() and val > 0)
    if val.is_infinite():
        if val > 0:
            return True if base.is_infinite() and base > 0 else not less
        return True if base.is_infinite() and base < 0 else less
    if base.is_infinite():
        return less if base > 0 else not less
    return _compare(val, base - offset if sub else base + offset, less)


def _operator(name: str, left: int, right: int):
    from pgsnake.datatypes import operators
    return operators.resolve_operator(name, left, right).fn


def _interval_negative(offset) -> bool:
    from pgsnake.datatypes.datetime_types import Interval
    return _operator("<", INTERVAL, INTERVAL)(offset, Interval(0, 0, 0))


def _datetime_in_range(value_type: int, sum_type: int):
    """For date, timestamp[tz] and interval: the type's own arithmetic and comparison."""
    def in_range(val, base, offset, sub: bool, less: bool) -> bool:
        if _interval_negative(offset):
            raise _bad_size()
        bound = _operator("-" if sub else "+", value_type, INTERVAL)(base, offset)
        return _operator("<=" if less else ">=", value_type, sum_type)(val, bound)
    return in_range


def _time_usec(value: dt.time) -> int:
    return ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 \
        + value.microsecond


def in_range_time(val: dt.time, base: dt.time, offset, sub: bool, less: bool) -> bool:
    if _interval_negative(offset):
        raise _bad_size()
    step = -offset.microseconds if sub else offset.microseconds
    return _compare(_time_usec(val), _time_usec(base) + step, less)


def in_range_timetz(val, base, offset, sub: bool, less: bool) -> bool:
    from pgsnake.datatypes.timetz import TimeTZ
    if _interval_negative(offset):
        raise _bad_size()
    step = -offset.microseconds if sub else offset.microseconds
    return _compare(val, TimeTZ(base.usec + step, base.zone), less)


def register_sql_functions() -> None:
    from pgsnake.datatypes import functions
    signatures = (
        (4126, INT8, INT8, in_range_integer), (4127, INT4, INT8, in_range_integer),
        (4128, INT4, INT4, in_range_integer), (4129, INT4, INT2, in_range_integer),
        (4130, INT2, INT8, in_range_integer), (4131, INT2, INT4, in_range_integer),
        (4132, INT2, INT2, in_range_integer),
        (4133, DATE, INTERVAL, _datetime_in_range(DATE, TIMESTAMP)),
        (4134, TIMESTAMP, INTERVAL, _datetime_in_range(TIMESTAMP, TIMESTAMP)),
        (4135, TIMESTAMPTZ, INTERVAL, _datetime_in_range(TIMESTAMPTZ, TIMESTAMPTZ)),
        (4136, INTERVAL, INTERVAL, _datetime_in_range(INTERVAL, INTERVAL)),
        (4137, TIME, INTERVAL, in_range_time), (4138, TIMETZ, INTERVAL, in_range_timetz),
        (4139, FLOAT8, FLOAT8, in_range_float), (4140, FLOAT4, FLOAT8, in_range_float),
        (4141, NUMERIC, NUMERIC, in_range_numeric))
    for oid, value_type, offset_type, fn in signatures:
        functions.register("in_range", [value_type, value_type, offset_type, BOOL, BOOL],
                           BOOL, fn, oid=oid, volatility="s" if value_type == TIMESTAMPTZ
                           else "i")
