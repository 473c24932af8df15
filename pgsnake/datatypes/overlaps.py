"""(start1, end1) OVERLAPS (start2, end2) for timestamp, timestamptz, time and timetz,
and the forms whose second point is an interval (start + length).

Entry point: register_sql_functions() (from catalog/sql_functions.py).

Rules (SQL's OVERLAPS as PostgreSQL evaluates it): each pair is put in order; a pair
with one NULL end is the single point it has; the result is NULL where the NULLs leave
it undecided (both ends of a pair NULL, or a comparison that needs a missing end).
The interval forms are PostgreSQL's SQL-language wrappers: ($1, $1 + $2) OVERLAPS
($3, $3 + $4) (and the mixed ones), so a NULL length makes that end NULL.

PostgreSQL: utils/adt/timestamp.c (overlaps_timestamp), date.c (overlaps_time,
overlaps_timetz), catalog/pg_proc.dat (the SQL-language overlaps variants).
"""
from __future__ import annotations

from pgsnake.datatypes import datetime_types as dtt, functions, operators

TIME, TIMESTAMP, TIMESTAMPTZ, INTERVAL, TIMETZ = 1083, 1114, 1184, 1186, 1266


def overlaps(ts1, te1, ts2, te2):
    if ts1 is None:
        if te1 is None:
            return None
        ts1, te1 = te1, None
    elif te1 is not None and ts1 > te1:
        ts1, te1 = te1, ts1
    if ts2 is None:
        if te2 is None:
            return None
        ts2, te2 = te2, None
    elif te2 is not None and ts2 > te2:
        ts2, te2 = te2, ts2
    if ts1 > ts2:
        if te2 is None:
            return None
        if ts1 < te2:
            return True
        return None if te1 is None else False
    if ts1 < ts2:
        if te1 is None:
            return None
        if ts2 < te1:
            return True
        return None if te2 is None else False
    return None if te1 is None or te2 is None else True


def _plus(add):
    return lambda start, length: None if start is None or length is None \
        else add(start, length)


def register_sql_functions() -> None:
    register = functions.register
    add_timestamp = _plus(dtt.timestamp_add_interval)
    add_time = _plus(operators._time_add_interval)
    for value_type, add, oids in (
            (TIMESTAMPTZ, add_timestamp, (1304, 1305, 1306, 1307)),
            (TIMESTAMP, add_timestamp, (2041, 2042, 2043, 2044)),
            (TIME, add_time, (1308, 1309, 1310, 1311))):
        plain, both, second, first = oids
        volatility = "s" if value_type == TIMESTAMPTZ else "i"
        register("overlaps", [value_type] * 4, 16, overlaps, oid=plain, strict=False,
                 volatility="i")
        register("overlaps", [value_type, INTERVAL, value_type, INTERVAL], 16,
                 lambda a, b, c, d, f=add: overlaps(a, f(a, b), c, f(c, d)), oid=both,
                 strict=False, volatility=volatility)
        register("overlaps", [value_type, value_type, value_type, INTERVAL], 16,
                 lambda a, b, c, d, f=add: overlaps(a, b, c, f(c, d)), oid=second,
                 strict=False, volatility=volatility)
        register("overlaps", [value_type, INTERVAL, value_type, value_type], 16,
                 lambda a, b, c, d, f=add: overlaps(a, f(a, b), c, d), oid=first,
                 strict=False, volatility=volatility)
    register("overlaps", [TIMETZ] * 4, 16, overlaps, oid=1271, strict=False, volatility="i")
