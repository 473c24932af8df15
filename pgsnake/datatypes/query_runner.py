"""Running a query from inside a built-in function: ts_rewrite(tsquery, text), ts_stat,
query_to_xml and table_to_xml read the rows of a query their caller names.

Functions here are pure code (layer L0) and cannot reach the executor, so the executor
installs the runner (executor/spi.py); until it has, a call is 0A000.

Entry points:
    set_runner(fn)                 fn(text, read_only) -> (columns, rows); columns are
                                   (name, type oid, typmod) tuples, rows lists of values
    run(text) -> (columns, rows)   the statement run in the caller's transaction
    run_select(text)               the same for a statement that must be a query
    set_cursor_fetcher(fn), fetch_cursor(name, count) -> (columns, rows)   an open
                                   cursor's next rows (cursor_to_xml)

PostgreSQL: executor/spi.c as the functions use it (SPI_prepare, SPI_cursor_open,
SPI_execute).
"""
from __future__ import annotations

from typing import Callable

from pgsnake.utils.errors import PgError

_runner: Callable | None = None


def set_runner(fn: Callable) -> None:
    global _runner
    _runner = fn


def run(text: str):
    if _runner is None:
        raise PgError("0A000", "running a query from this function is not supported here")
    return _runner(text, False)


def run_select(text: str):
    """run() for a query that must only read (SPI_execute with read_only)."""
    if _runner is None:
        raise PgError("0A000", "running a query from this function is not supported here")
    return _runner(text, True)


# Reading an open cursor (cursor_to_xml): tcop installs the fetcher with the session's
# portals (tcop/pl_cursor_portals.py); fn(name, count) -> (columns, rows) as run's.
_cursor_fetcher: Callable | None = None


def set_cursor_fetcher(fn: Callable) -> None:
    global _cursor_fetcher
    _cursor_fetcher = fn


def fetch_cursor(name: str, count: int, describe_only: bool = False):
    """The next `count` rows of cursor `name` (34000 when there is none); with
    describe_only, its columns and no rows (the cursor does not move)."""
    if _cursor_fetcher is None:
        raise PgError("0A000", "reading a cursor from this function is not supported here")
    return _cursor_fetcher(name, count, describe_only)
