"""Window frame arithmetic: which rows of a partition are in each row's frame.

Entry points:
    FrameSpec                       a window's frame clause with its offsets evaluated
    check_offsets(spec)             PostgreSQL's errors for NULL / negative offsets
    PeerGroups(keys)                rows with equal ORDER BY keys, as half-open ranges
    frame_bounds(spec, peers, i, order_values) -> (start, end)
                                    row i's frame before EXCLUDE, half-open
    excluded(spec, peers, i) -> (start, end) | None
                                    the range EXCLUDE removes from it (TIES: the peers
                                    but not row i itself, handled by frame_rows)
    frame_rows(spec, peers, i, order_values) -> list of row indexes

Everything here works on indexes into one partition, sorted by the window's ORDER BY;
it knows nothing of plans or rows, so it is tested alone (tests/executor/
test_window_frames.py).

Modes, as in PostgreSQL:
  ROWS     offsets count rows;
  GROUPS   offsets count peer groups (ORDER BY required);
  RANGE    CURRENT ROW means the current row's peers; an offset bounds the ORDER BY
           value (value - offset .. value + offset, mirrored for DESC). NULL values
           are peers of each other and never within an offset of a non-NULL value; for a
           NULL current row an offset bound stops at its NULL peers.
A frame whose end comes before its start is empty.

PostgreSQL: executor/nodeWindowAgg.c (update_frameheadpos, update_frametailpos,
row_is_in_frame, calculate_frame_offsets), utils/adt/*.c in_range_* functions.
"""
from __future__ import annotations

import dataclasses
import math
from typing import Any

from pgsnake.parser.window_clause import (
    FRAME_END_CURRENT_ROW, FRAME_END_OFFSET, FRAME_END_OFFSET_PRECEDING,
    FRAME_END_UNBOUNDED_FOLLOWING, FRAME_EXCLUDE_CURRENT_ROW, FRAME_EXCLUDE_GROUP,
    FRAME_EXCLUDE_TIES, FRAME_EXCLUSION, FRAME_GROUPS, FRAME_ROWS, FRAME_START_CURRENT_ROW,
    FRAME_START_OFFSET, FRAME_START_OFFSET_PRECEDING, FRAME_START_UNBOUNDED_PRECEDING,
    RangeSupport)
from pgsnake.utils.errors import PgError

INVALID_PRECEDING_OR_FOLLOWING_SIZE = "22013"
NULL_VALUE_NOT_ALLOWED = "22004"


@dataclasses.dataclass(frozen=True)
class FrameSpec:
    options: int
    start_offset: Any = None
    end_offset: Any = None
    descending: bool = False               # RANGE offset: the ORDER BY column's direction
    range_support: RangeSupport | None = None

    @property
    def is_rows(self) -> bool:
        return bool(self.options & FRAME_ROWS)

    @property
    def is_groups(self) -> bool:
        return bool(self.options & FRAME_GROUPS)

    @property
    def has_exclusion(self) -> bool:
        return bool(self.options & FRAME_EXCLUSION)


def check_offsets(spec: FrameSpec) -> None:
    """NULL offsets are 22004; negative ROWS / GROUPS offsets 22013 (RANGE offsets are
    checked by the in_range comparison when a row needs them, as PostgreSQL does)."""
    for present, value, which in ((spec.options & FRAME_START_OFFSET, spec.start_offset,
                                   "starting"),
                                  (spec.options & FRAME_END_OFFSET, spec.end_offset,
                                   "ending")):
        if not present:
            continue
        if value is None:
            raise PgError(NULL_VALUE_NOT_ALLOWED, f"frame {which} offset must not be null")
        if (spec.is_rows or spec.is_groups) and value < 0:
            raise PgError(INVALID_PRECEDING_OR_FOLLOWING_SIZE,
                          f"frame {which} offset must not be negative")


def _is_negative(offset) -> bool:
    """A RANGE offset in_range refuses: negative, or NaN (numeric / float)."""
    key = getattr(offset, "key", None)
    if key is not None:
        return key() < 0
    if offset != offset:          # NaN (Decimal('NaN') compares unequal to itself)
        return True
    return offset < 0


class PeerGroups:
    """Peer groups of a partition from its rows' ORDER BY key tuples (all rows are peers
    when the window has no ORDER BY: every key is ())."""

    def __init__(self, keys: list) -> None:
        self.size = len(keys)
        self.group_of: list[int] = []
        self.starts: list[int] = []          # first row of each group
        previous = object()
        for i, key in enumerate(keys):
            if not self.starts or key != previous:
                self.starts.append(i)
                previous = key
            self.group_of.append(len(self.starts) - 1)
        self.ends = self.starts[1:] + [self.size]

    def start(self, i: int) -> int:
        return self.starts[self.group_of[i]]

    def end(self, i: int) -> int:
        return self.ends[self.group_of[i]]

    @property
    def count(self) -> int:
        return len(self.starts)


def frame_bounds(spec: FrameSpec, peers: PeerGroups, i: int,
                 order_values: list | None = None) -> tuple[int, int]:
    n = peers.size
    options = spec.options
    if options & FRAME_START_UNBOUNDED_PRECEDING:
        start = 0
    elif options & FRAME_START_CURRENT_ROW:
        start = i if spec.is_rows else peers.start(i)
    elif spec.is_rows:
        offset = spec.start_offset
        start = i - offset if options & FRAME_START_OFFSET_PRECEDING else i + offset
        start = min(max(start, 0), n)
    elif spec.is_groups:
        group = peers.group_of[i]
        group += -spec.start_offset if options & FRAME_START_OFFSET_PRECEDING \
            else spec.start_offset
        start = 0 if group < 0 else n if group >= peers.count else peers.starts[group]
    else:
        start = _range_start(spec, peers, i, order_values)
    if options & FRAME_END_UNBOUNDED_FOLLOWING:
        end = n
    elif options & FRAME_END_CURRENT_ROW:
        end = i + 1 if spec.is_rows else peers.end(i)
    elif spec.is_rows:
        offset = spec.end_offset
        end = (i - offset if options & FRAME_END_OFFSET_PRECEDING else i + offset) + 1
        end = min(max(end, 0), n)
    elif spec.is_groups:
        group = peers.group_of[i]
        group += -spec.end_offset if options & FRAME_END_OFFSET_PRECEDING \
            else spec.end_offset
        end = 0 if group < 0 else n if group >= peers.count else peers.ends[group]
    else:
        end = _range_end(spec, peers, i, order_values)
    return start, max(start, end)


# -- RANGE with an offset ---------------------------------------------------------------

def _non_null_span(order_values: list) -> tuple[int, int]:
    """The half-open range of rows whose ORDER BY value is not NULL (NULLs sort all
    first or all last, so they are one run at one end)."""
    n = len(order_values)
    lo = 0
    while lo < n and order_values[lo] is None:
        lo += 1
    hi = n
    while hi > lo and order_values[hi - 1] is None:
        hi -= 1
    return lo, hi


_MINUS_INFINITY, _PLUS_INFINITY = "-inf", "+inf"


def _is_infinite(x) -> bool:
    try:
        return x in (math.inf, -math.inf) or bool(getattr(x, "is_infinite", lambda: False)())
    except TypeError:
        return False


def _bound(spec: FrameSpec, value, offset, preceding: bool, is_end: bool = False):
    """value -/+ offset in the frame's direction; an overflowing bound is infinitely far
    (PostgreSQL's in_range functions treat overflow the same way)."""
    if _is_negative(offset):
        raise PgError(INVALID_PRECEDING_OR_FOLLOWING_SIZE,
                      "invalid preceding or following size in window function")
    support = spec.range_support
    towards_smaller = preceding != spec.descending
    if _is_infinite(value) and _is_infinite(offset) \
            and (value > 0 if towards_smaller else value < 0):
        # +inf infinitely preceding +inf (-inf following -inf) would be NaN: in_range
        # counts every row within it (float8 / numeric in_range), except that a NaN
        # value (sorted above +inf) is never within the bound compared with `<=`: the
        # end for ASC, the start for DESC.
        if is_end != spec.descending:
            return value if value > 0 else -value
        return _MINUS_INFINITY      # (ASC start / DESC end: every row is within it)
    try:
        if towards_smaller:
            return support.subtract(value, offset)
        return support.add(value, offset)
    except PgError:
        return _MINUS_INFINITY if towards_smaller else _PLUS_INFINITY


def _first_index(lo: int, hi: int, predicate) -> int:
    """The first index in [lo, hi) where the monotone predicate holds (hi if none)."""
    while lo < hi:
        mid = (lo + hi) // 2
        if predicate(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo


def _beyond(spec: FrameSpec, value, bound) -> bool:
    """Whether `value` is at or past `bound` in sort order (>= for ASC, <= for DESC)."""
    if bound == _MINUS_INFINITY:
        return not spec.descending
    if bound == _PLUS_INFINITY:
        return spec.descending
    support = spec.range_support
    return bool(support.at_most(value, bound) if spec.descending
                else support.at_least(value, bound))


def _past(spec: FrameSpec, value, bound) -> bool:
    """Whether `value` is strictly past `bound` in sort order."""
    if bound == _MINUS_INFINITY:
        return not spec.descending
    if bound == _PLUS_INFINITY:
        return spec.descending
    support = spec.range_support
    return not bool(support.at_least(value, bound) if spec.descending
                    else support.at_most(value, bound))


def _range_start(spec, peers, i, order_values) -> int:
    value = order_values[i]
    if value is None:
        return peers.start(i)
    lo, hi = _non_null_span(order_values)
    preceding = bool(spec.options & FRAME_START_OFFSET_PRECEDING)
    bound = _bound(spec, value, spec.start_offset, preceding)
    return _first_index(lo, hi, lambda j: _beyond(spec, order_values[j], bound))


def _range_end(spec, peers, i, order_values) -> int:
    value = order_values[i]
    if value is None:
        return peers.end(i)
    lo, hi = _non_null_span(order_values)
    preceding = bool(spec.options & FRAME_END_OFFSET_PRECEDING)
    bound = _bound(spec, value, spec.end_offset, preceding, is_end=True)
    return _first_index(lo, hi, lambda j: _past(spec, order_values[j], bound))


# -- exclusion ----------------------------------------------------------------------------

def frame_rows(spec: FrameSpec, peers: PeerGroups, i: int,
               order_values: list | None = None) -> list[int]:
    start, end = frame_bounds(spec, peers, i, order_values)
    options = spec.options
    if not options & FRAME_EXCLUSION:
        return list(range(start, end))
    if options & FRAME_EXCLUDE_CURRENT_ROW:
        return [j for j in range(start, end) if j != i]
    first, last = peers.start(i), peers.end(i)
    if options & FRAME_EXCLUDE_GROUP:
        return [j for j in range(start, end) if not first <= j < last]
    assert options & FRAME_EXCLUDE_TIES, options
    return [j for j in range(start, end) if j == i or not first <= j < last]


__all__ = ["FrameSpec", "PeerGroups", "check_offsets", "frame_bounds", "frame_rows"]
