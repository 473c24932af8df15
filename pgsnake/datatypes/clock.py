"""The three clocks SQL can read: transaction start, statement start, and the wall clock.

Entry points: now() / transaction_timestamp(), statement_timestamp(), clock_timestamp(),
and set_transaction_start(ts) / set_statement_start(ts), which tcop and the transaction
manager call; until they do, the start times default to the first call's wall clock.

PostgreSQL: utils/adt/timestamp.c (now, statement_timestamp, clock_timestamp),
access/transam/xact.c (GetCurrentTransactionStartTimestamp).
"""
from __future__ import annotations

import datetime as dt

_transaction_start: dt.datetime | None = None
_statement_start: dt.datetime | None = None


def clock_timestamp() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def set_transaction_start(ts: dt.datetime | None = None) -> None:
    global _transaction_start
    _transaction_start = ts or clock_timestamp()


def set_statement_start(ts: dt.datetime | None = None) -> None:
    global _statement_start
    _statement_start = ts or clock_timestamp()


def now() -> dt.datetime:
    return _transaction_start or statement_timestamp()


transaction_timestamp = now


def statement_timestamp() -> dt.datetime:
    return _statement_start or clock_timestamp()
