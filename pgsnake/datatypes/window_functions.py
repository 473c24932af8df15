"""Built-in window functions (pg_proc rows with prokind 'w'): row_number, rank,
dense_rank, percent_rank, cume_dist, ntile, lag, lead, first_value, last_value, nth_value.

Entry points:
    resolve_window_function(name, nargs) -> WindowFunction | None
    is_window_function_name(name) -> bool
    WindowFunction.evaluate(partition) -> one value per row of the partition

A window function sees one partition at a time, through an object with this interface
(the executor's window_agg.Partition; a Protocol so that this layer imports nothing above
it):
    size                       rows in the partition
    argument(k, i)             the function's k-th argument evaluated at row i
    peer_start(i), peer_end(i) the half-open range of row i's peers (equal ORDER BY keys)
    peer_group(i)              the 0-based number of row i's peer group
    frame_rows(i)              the partition indexes in row i's window frame, in order
                               (frame clause and EXCLUDE applied)

Each function computes the whole partition's values in one call: in Python a loop per
partition is much cheaper than PostgreSQL's per-row WindowObject calls, and the results
are the same. Arguments are evaluated lazily, at the rows PostgreSQL would evaluate them
(ntile's bucket count at the partition's first row until it is not NULL; lag's default at
the current row), so that errors and volatile arguments behave alike.

PostgreSQL: utils/adt/windowfuncs.c, catalog/pg_proc.dat (OIDs 3100-3114).
"""
from __future__ import annotations

import dataclasses
from typing import Any, Callable, Protocol

from pgsnake.utils.errors import PgError

INT4 = 23
INT8 = 20
FLOAT8 = 701
ANYELEMENT = 2283
ANYCOMPATIBLE = 5077

INVALID_ARGUMENT_FOR_NTILE = "22014"
INVALID_ARGUMENT_FOR_NTH_VALUE = "22016"


class Partition(Protocol):
    size: int

    def argument(self, k: int, i: int) -> Any: ...
    def peer_start(self, i: int) -> int: ...
    def peer_end(self, i: int) -> int: ...
    def peer_group(self, i: int) -> int: ...
    def frame_rows(self, i: int) -> list[int]: ...


@dataclasses.dataclass(frozen=True, slots=True)
class WindowFunction:
    """One pg_proc row of a window function. Polymorphic argument and result types
    (anyelement, anycompatible) are bound by the parser per call."""
    oid: int
    name: str
    arg_types: tuple[int, ...]
    result_type: int
    evaluate: Callable[[Partition], list]
    uses_frame: bool = False        # reads the window frame (first/last/nth_value)


# -- rank family ------------------------------------------------------------------------

def _row_number(p: Partition) -> list:
    return list(range(1, p.size + 1))


def _rank(p: Partition) -> list:
    return [p.peer_start(i) + 1 for i in range(p.size)]


def _dense_rank(p: Partition) -> list:
    return [p.peer_group(i) + 1 for i in range(p.size)]


def _percent_rank(p: Partition) -> list:
    if p.size <= 1:
        return [0.0] * p.size
    return [p.peer_start(i) / (p.size - 1) for i in range(p.size)]


def _cume_dist(p: Partition) -> list:
    return [p.peer_end(i) / p.size for i in range(p.size)]


def _ntile(p: Partition) -> list:
    """Buckets of size n // buckets, the first n % buckets of them one row larger. The
    bucket count is read at the first row, and again at later rows while it is NULL."""
    out = []
    buckets = None
    boundary = remainder = rows_in_bucket = bucket = 0
    for i in range(p.size):
        if buckets is None:
            buckets = p.argument(0, i)
            if buckets is None:
                out.append(None)
                continue
            if buckets <= 0:
                raise PgError(INVALID_ARGUMENT_FOR_NTILE,
                              "argument of ntile must be greater than zero")
            bucket = 1
            boundary = p.size // buckets
            if boundary <= 0:
                boundary = 1
            else:
                remainder = p.size % buckets
                if remainder:
                    boundary += 1
        rows_in_bucket += 1
        if rows_in_bucket > boundary:
            if remainder and bucket == remainder:
                remainder = 0
                boundary -= 1
            bucket += 1
            rows_in_bucket = 1
        out.append(bucket)
    return out


# -- lag / lead -------------------------------------------------------------------------

def _shifted(direction: int, nargs: int):
    """lag (direction -1) and lead (+1): the value `offset` rows away in the partition,
    else the default (evaluated at the current row) or NULL. A NULL offset gives NULL."""
    def evaluate(p: Partition) -> list:
        out = []
        for i in range(p.size):
            offset = p.argument(1, i) if nargs >= 2 else 1
            if offset is None:
                out.append(None)
                continue
            target = i + direction * offset
            if 0 <= target < p.size:
                out.append(p.argument(0, target))
            else:
                out.append(p.argument(2, i) if nargs == 3 else None)
        return out
    return evaluate


# -- frame functions --------------------------------------------------------------------

def _first_value(p: Partition) -> list:
    out = []
    for i in range(p.size):
        frame = p.frame_rows(i)
        out.append(p.argument(0, frame[0]) if frame else None)
    return out


def _last_value(p: Partition) -> list:
    out = []
    for i in range(p.size):
        frame = p.frame_rows(i)
        out.append(p.argument(0, frame[-1]) if frame else None)
    return out


def _nth_value(p: Partition) -> list:
    out = []
    for i in range(p.size):
        nth = p.argument(1, i)
        if nth is None:
            out.append(None)
            continue
        if nth <= 0:
            raise PgError(INVALID_ARGUMENT_FOR_NTH_VALUE,
                          "argument of nth_value must be greater than zero")
        frame = p.frame_rows(i)
        out.append(p.argument(0, frame[nth - 1]) if nth <= len(frame) else None)
    return out


# OIDs and signatures are pg_proc's (PostgreSQL 15).
_FUNCTIONS = [
    WindowFunction(3100, "row_number", (), INT8, _row_number),
    WindowFunction(3101, "rank", (), INT8, _rank),
    WindowFunction(3102, "dense_rank", (), INT8, _dense_rank),
    WindowFunction(3103, "percent_rank", (), FLOAT8, _percent_rank),
    WindowFunction(3104, "cume_dist", (), FLOAT8, _cume_dist),
    WindowFunction(3105, "ntile", (INT4,), INT4, _ntile),
    WindowFunction(3106, "lag", (ANYELEMENT,), ANYELEMENT, _shifted(-1, 1)),
    WindowFunction(3107, "lag", (ANYELEMENT, INT4), ANYELEMENT, _shifted(-1, 2)),
    WindowFunction(3108, "lag", (ANYCOMPATIBLE, INT4, ANYCOMPATIBLE), ANYCOMPATIBLE,
                   _shifted(-1, 3)),
    WindowFunction(3109, "lead", (ANYELEMENT,), ANYELEMENT, _shifted(1, 1)),
    WindowFunction(3110, "lead", (ANYELEMENT, INT4), ANYELEMENT, _shifted(1, 2)),
    WindowFunction(3111, "lead", (ANYCOMPATIBLE, INT4, ANYCOMPATIBLE), ANYCOMPATIBLE,
                   _shifted(1, 3)),
    WindowFunction(3112, "first_value", (ANYELEMENT,), ANYELEMENT, _first_value, True),
    WindowFunction(3113, "last_value", (ANYELEMENT,), ANYELEMENT, _last_value, True),
    WindowFunction(3114, "nth_value", (ANYELEMENT, INT4), ANYELEMENT, _nth_value, True),
]
_BY_NAME: dict[str, list[WindowFunction]] = {}
for _function in _FUNCTIONS:
    _BY_NAME.setdefault(_function.name, []).append(_function)


def is_window_function_name(name: str) -> bool:
    return name in _BY_NAME


def resolve_window_function(name: str, nargs: int) -> WindowFunction | None:
    """The window function `name` taking `nargs` arguments (the built-ins are told apart
    by their argument count alone), or None."""
    for function in _BY_NAME.get(name, ()):
        if len(function.arg_types) == nargs:
            return function
    return None


__all__ = ["WindowFunction", "Partition", "resolve_window_function", "is_window_function_name"]
