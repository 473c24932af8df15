"""pg_sleep, pg_sleep_for, pg_sleep_until: SQL functions that sleep on the latch.

A sleeping backend must still notice a cancel, a termination, a statement_timeout and
the postmaster's death, so it sleeps on its latch (which all of those set) in slices of
at most a second, checking for interrupts between them, as PostgreSQL's pg_sleep does.

Registered with the datatypes function registry by catalog/sql_functions.register_all().

PostgreSQL: utils/adt/misc.c (pg_sleep), catalog/system_functions.sql (pg_sleep_for,
pg_sleep_until).
"""
from __future__ import annotations

import datetime as dt
import time

from pgsnake.datatypes import functions
from pgsnake.storage.ipc import latch
from pgsnake.utils.interrupts import check_for_interrupts

FLOAT8, INTERVAL, TIMESTAMPTZ, VOID = 701, 1186, 1184, 2278
VOID_VALUE = ""


def pg_sleep(seconds: float) -> str:
    end = time.monotonic() + max(0.0, seconds)
    while True:
        check_for_interrupts()
        remaining = end - time.monotonic()
        if remaining <= 0:
            return VOID_VALUE
        latch.wait(min(remaining, 1.0))
        latch.reset_my_latch()


def pg_sleep_for(duration) -> str:
    return pg_sleep(_interval_seconds(duration))


def pg_sleep_until(moment: dt.datetime) -> str:
    return pg_sleep((moment - dt.datetime.now(dt.timezone.utc)).total_seconds())


def _interval_seconds(duration) -> float:
    """An interval's length, months as 30 days (as pg_sleep_for's cast to epoch does)."""
    months = getattr(duration, "months", 0)
    days = getattr(duration, "days", 0)
    micros = getattr(duration, "microseconds", 0)
    if isinstance(duration, dt.timedelta):
        return duration.total_seconds()
    return months * 30 * 86400 + days * 86400 + micros / 1e6


def register_all() -> None:
    functions.register("pg_sleep", [FLOAT8], VOID, pg_sleep, oid=2626)
    functions.register("pg_sleep_for", [INTERVAL], VOID, pg_sleep_for, oid=3935)
    functions.register("pg_sleep_until", [TIMESTAMPTZ], VOID, pg_sleep_until, oid=3936)
