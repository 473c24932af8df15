"""Per-column statistics from ANALYZE's sample: null fraction, average width, number of
distinct values, most common values, histogram and correlation.

Entry points:
    compute_scalar_stats(column, values, sample_rows, total_rows) -> ColumnStatistics
        for a type whose default B-tree operator class gives '=' and '<'
    compute_distinct_stats(column, values, sample_rows, total_rows) -> ColumnStatistics
        for a type with '=' (a hash class's) but no '<': MCVs and n_distinct only
    compute_trivial_stats(column, values, sample_rows) -> ColumnStatistics
        for a type without either: null fraction and width only (distinct unknown)
    estimate_distinct(...)      the Haas-Stokes estimator, alone, for the unit tests
    significant_mcv_count(...)  analyze_mcv_list: how many MCVs are worth keeping

`values` are the column's values in sample order (None for NULL); `column` is an
AnalyzedColumn saying the type, its operators, collation, statistics target and how
to measure a stored value's width.

The algorithm, as PostgreSQL 15's compute_scalar_stats:
  1. Values wider than WIDTH_THRESHOLD (1024 bytes) are counted but left out of the
     sort ("too wide"): they cannot be MCVs or histogram bounds.
  2. The rest are sorted by '<'; runs of equal values give ndistinct, the number of
     values seen more than once (nmultiple), and the `target` longest runs (the MCV
     candidates, ties kept in sort order).
  3. n_distinct: nothing repeated -> every value distinct, -(1 - null_frac); every value
     repeated (and none too wide) -> the sample saw them all, ndistinct; else Haas and
     Stokes' Duj1 estimator n*d / (n - f1 + f1*n/N), clamped to [d, N]. More than 10% of
     the rows -> stored negative, as a fraction that scales with the table.
  4. MCVs: all of them when they are every distinct value and fit the target; else only
     those significantly more common than the average of the rest (analyze_mcv_list).
  5. Histogram: the values left after removing the MCVs, `target` + 1 evenly spaced
     bounds (first and last included), if at least two distinct values remain.
  6. Correlation between sort position and sample position (physical order when the
     whole table is read).

PostgreSQL: commands/analyze.c (compute_scalar_stats, compute_trivial_stats,
analyze_mcv_list, compare_scalars), include/catalog/pg_statistic.h (slot kinds).
"""
from __future__ import annotations

import dataclasses
import math
from decimal import Decimal
from typing import Callable

from pgsnake.catalog.statistic_rows import (
    STATISTIC_KIND_CORRELATION, STATISTIC_KIND_HISTOGRAM, STATISTIC_KIND_MCV,
    ColumnStatistics, StatisticSlot, order_key)

WIDTH_THRESHOLD = 1024          # bytes: wider values are not kept as MCVs / histogram bounds


@dataclasses.dataclass(frozen=True, slots=True)
class AnalyzedColumn:
    attnum: int
    type_oid: int
    typlen: int                             # > 0 fixed width, -1 varlena, -2 cstring
    target: int                             # attstattarget (or default_statistics_target)
    eq_operator: int                        # 0 if the type has no default B-tree class
    lt_operator: int
    collation: int                          # stacoll: the column's collation, 0 if none
    width_of: Callable[[object], int]       # stored width of a non-NULL value
    raw_width_of: Callable[[object], int]   # width once detoasted, for WIDTH_THRESHOLD
    n_distinct: float = 0.0                 # ALTER COLUMN SET (n_distinct): overrides
    # (stored width, detoasted width) at once, when one encoding of the value gives
    # both (analyze.py's stored columns): the two callables above each encode it
    widths_of: Callable[[object], tuple[int, int]] | None = None


def _float4(x: float) -> float:
    """stanullfrac & co are float4 columns: round as PostgreSQL stores them."""
    import struct
    return struct.unpack("<f", struct.pack("<f", x))[0]


def estimate_distinct(ndistinct: int, nmultiple: int, toowide: int, nonnull_sampled: int,
                      null_frac: float, total_rows: float) -> float:
    """n_distinct from the sample's counts (steps 3 of the module docstring), before the
    10% rule."""
    if nmultiple == 0:
        return -1.0 * (1.0 - null_frac)
    if toowide == 0 and nmultiple == ndistinct:
        return float(ndistinct)
    f1 = ndistinct - nmultiple + toowide
    d = f1 + nmultiple
    n = float(nonnull_sampled)
    big_n = total_rows * (1.0 - null_frac)
    estimate = (n * d) / ((n - f1) + f1 * n / big_n) if big_n > 0 else 0.0
    estimate = min(max(estimate, float(d)), big_n)
    return math.floor(estimate + 0.5)


def significant_mcv_count(counts: list[int], distinct: float, null_frac: float,
                          sample_rows: int, total_rows: float) -> int:
    """analyze_mcv_list: drop the least common candidates until the last one left is
    more than two standard errors (hypergeometric) above the frequency the values
    outside the list would have on average."""
    num_mcv = len(counts)
    if sample_rows == total_rows or total_rows <= 1.0:
        return num_mcv
    distinct_table = -distinct * total_rows if distinct < 0 else distinct
    sum_count = float(sum(counts[:num_mcv - 1]))
    while num_mcv > 0:
        selectivity = 1.0 - sum_count / sample_rows - null_frac
        selectivity = min(max(selectivity, 0.0), 1.0)
        other_distinct = distinct_table - (num_mcv - 1)
        if other_distinct > 1:
            selectivity /= other_distinct
        big_n, n = total_rows, float(sample_rows)
        k = big_n * counts[num_mcv - 1] / n
        variance = n * k * (big_n - k) * (big_n - n) / (big_n * big_n * (big_n - 1))
        if counts[num_mcv - 1] > selectivity * sample_rows + 2 * math.sqrt(variance) + 0.5:
            break
        num_mcv -= 1
        if num_mcv == 0:
            break
        sum_count -= counts[num_mcv - 1]
    return num_mcv


def _widths(column: AnalyzedColumn, values: list):
    """(null count, non-null count, total width, too-wide count, the usable values as
    (value, sample position) pairs)."""
    null_count = nonnull = toowide = 0
    total_width = 0.0
    kept = []
    if column.typlen >= 0:
        for value in values:
            if value is None:
                null_count += 1
            else:
                kept.append((value, len(kept)))
        return null_count, len(kept), total_width, toowide, kept
    widths_of = column.widths_of
    for value in values:
        if value is None:
            null_count += 1
            continue
        nonnull += 1
        if widths_of is not None:
            stored, raw = widths_of(value)
        else:
            stored, raw = column.width_of(value), column.raw_width_of(value)
        total_width += stored
        if raw > WIDTH_THRESHOLD:
            toowide += 1
            continue
        kept.append((value, len(kept)))
    return null_count, nonnull, total_width, toowide, kept


def array_order_key(value: list):
    """An array's place in the array B-tree order (array_cmp): element by element, a
    NULL element above any other; then the shorter array first; then the dimensions."""
    from pgsnake.datatypes import array_values
    flat = tuple((1,) if e is None else (0, order_key(e)) for e in array_values.elements(value))
    return (flat, tuple(array_values.dimensions(value)))


def _sort_keys(values: list) -> list:
    """What each value sorts by: the value itself, unless a NaN is among them (then
    order_key's pairs for all, NaN last); the same order either way, without building
    a pair per value in the common case. Arrays by array_order_key (Python's list
    order cannot place NULL elements)."""
    if values and isinstance(values[0], list):
        return [array_order_key(v) for v in values]
    for value in values:
        if (isinstance(value, float) and value != value) \
                or (isinstance(value, Decimal) and value.is_nan()):
            return [order_key(v) for v in values]
    return values


def _average_width(column: AnalyzedColumn, total_width: float, nonnull: int) -> int:
    if column.typlen > 0:
        return column.typlen
    return int(total_width / nonnull) if nonnull else 0


def compute_trivial_stats(column: AnalyzedColumn, values: list, sample_rows: int) -> ColumnStatistics:
    null_count, nonnull, total_width, _toowide, _kept = _widths(column, values)
    null_frac = null_count / sample_rows if sample_rows else 0.0
    return ColumnStatistics(column.attnum, _float4(null_frac),
                            _average_width(column, total_width, nonnull), 0.0)


def compute_scalar_stats(column: AnalyzedColumn, values: list, sample_rows: int,
                         total_rows: float) -> ColumnStatistics:
    null_count, nonnull, total_width, toowide, kept = _widths(column, values)
    # Rounded to float4 at once: PostgreSQL keeps these in the float4 fields it then
    # computes n_distinct and the MCV cut-off from.
    null_frac = _float4(null_count / sample_rows if sample_rows else 0.0)
    width = _average_width(column, total_width, nonnull)
    if not kept:
        # Only NULLs (or only too-wide values): distinct unknown (0).
        frac = 1.0 if nonnull == 0 and null_count else null_frac
        return ColumnStatistics(column.attnum, _float4(frac),
                                0 if nonnull == 0 and column.typlen < 0 else width, 0.0)
    keys = _sort_keys([value for value, _position in kept])
    # stable: ties stay in sample order
    order = sorted(range(len(kept)), key=keys.__getitem__)
    kept = [kept[i] for i in order]
    keys = [keys[i] for i in order]
    num_mcv = num_bins = column.target
    ndistinct = nmultiple = 0
    track: list[list[int]] = []               # [count, first sorted position], longest first
    xy_sum = 0.0
    for i, position in enumerate(order):      # position: where the value was sampled
        xy_sum += float(i) * float(position)
    # Runs of equal values: a run ends where the next value is greater.
    ends = [i for i in range(len(keys) - 1) if keys[i] < keys[i + 1]]
    ends.append(len(keys) - 1)
    ndistinct = len(ends)
    start = 0
    for end in ends:
        run = end + 1 - start
        if run > 1:
            nmultiple += 1
            if len(track) < num_mcv or run > track[-1][0]:
                if len(track) < num_mcv:
                    track.append([0, 0])
                j = len(track) - 1
                while j > 0 and run > track[j - 1][0]:
                    track[j] = track[j - 1]
                    j -= 1
                track[j] = [run, start]
        start = end + 1
    distinct = _float4(estimate_distinct(ndistinct, nmultiple, toowide, len(kept) + toowide,
                                         null_frac, total_rows))
    if distinct > 0.1 * total_rows:
        distinct = _float4(-(distinct / total_rows))
    if len(track) == ndistinct and toowide == 0 and distinct > 0 and len(track) <= num_mcv:
        num_mcv = len(track)
    else:
        num_mcv = min(num_mcv, len(track))
        if num_mcv > 0:
            num_mcv = significant_mcv_count([t[0] for t in track[:num_mcv]], distinct,
                                            null_frac, sample_rows, total_rows)
    slots = []
    if num_mcv > 0:
        mcv = track[:num_mcv]
        slots.append(StatisticSlot(
            STATISTIC_KIND_MCV, column.eq_operator, column.collation,
            tuple(_float4(count / sample_rows) for count, _first in mcv),
            tuple(kept[first][0] for _count, first in mcv), column.type_oid))
    histogram = _histogram_bounds(kept, track[:num_mcv], ndistinct - num_mcv, num_bins)
    if histogram is not None:
        slots.append(StatisticSlot(STATISTIC_KIND_HISTOGRAM, column.lt_operator,
                                   column.collation, None, histogram, column.type_oid))
    count = len(kept)
    if count > 1:
        x_sum = (count - 1) * count / 2.0
        x2_sum = (count - 1) * count * (2.0 * count - 1) / 6.0
        correlation = (count * xy_sum - x_sum * x_sum) / (count * x2_sum - x_sum * x_sum)
        slots.append(StatisticSlot(STATISTIC_KIND_CORRELATION, column.lt_operator,
                                   column.collation, (_float4(correlation),)))
    return ColumnStatistics(column.attnum, _float4(null_frac), width, _float4(distinct),
                            tuple(slots))


class _Tracked:
    """A value on compute_distinct_stats' track list (compared by identity there)."""
    __slots__ = ("value", "count")

    def __init__(self, value) -> None:
        self.value, self.count = value, 1


def compute_distinct_stats(column: AnalyzedColumn, values: list, sample_rows: int,
                           total_rows: float) -> ColumnStatistics:
    """For a type with '=' but no '<': the most common values among up to 2 x target
    (at least 10) tracked ones, kept in descending count order; a new value enters at
    the head of the values seen once, pushing the last of them off a full list."""
    null_count, nonnull, total_width, toowide, kept = _widths(column, values)
    width = _average_width(column, total_width, nonnull)
    if nonnull == 0:
        if null_count == 0:
            return ColumnStatistics(column.attnum, 0.0, width, 0.0)
        return ColumnStatistics(column.attnum, 1.0, 0 if column.typlen < 0 else width, 0.0)
    num_mcv = column.target
    track_max = max(2 * num_mcv, 10)
    track: list[_Tracked] = []
    where: dict = {}                 # value's key -> its _Tracked
    repeated = 0                     # entries with a count above 1 (a prefix of track)
    key_of = array_order_key if kept and isinstance(kept[0][0], list) else order_key
    for value, _position in kept:
        key = key_of(value)
        item = where.get(key)
        if item is not None:
            item.count += 1
            if item.count == 2:
                repeated += 1
            j = track.index(item)
            while j > 0 and track[j].count > track[j - 1].count:
                track[j], track[j - 1] = track[j - 1], track[j]
                j -= 1
            continue
        item = _Tracked(value)
        if len(track) == track_max:
            if repeated == track_max:
                continue             # no value seen once to give way
            dropped = track.pop()
            del where[key_of(dropped.value)]
        track.insert(repeated, item)
        where[key] = item
    null_frac = _float4(null_count / sample_rows)
    summultiple = sum(item.count for item in track[:repeated])
    if repeated == 0:
        distinct = -1.0 * (1.0 - null_frac)
    elif len(track) < track_max and toowide == 0 and repeated == len(track):
        distinct = float(len(track))
    else:
        f1 = nonnull - summultiple
        d = f1 + repeated
        n = float(sample_rows - null_count)
        big_n = total_rows * (1.0 - null_frac)
        estimate = (n * d) / ((n - f1) + f1 * n / big_n) if big_n > 0 else 0.0
        estimate = min(max(estimate, float(d)), big_n)
        distinct = math.floor(estimate + 0.5)
    distinct = _float4(distinct)
    if distinct > 0.1 * total_rows:
        distinct = _float4(-(distinct / total_rows))
    if len(track) < track_max and toowide == 0 and distinct > 0 and len(track) <= num_mcv:
        num_mcv = len(track)
    else:
        num_mcv = min(num_mcv, len(track))
        if num_mcv > 0:
            num_mcv = significant_mcv_count([t.count for t in track[:num_mcv]], distinct,
                                            null_frac, sample_rows, total_rows)
    slots = ()
    if num_mcv > 0:
        slots = (StatisticSlot(STATISTIC_KIND_MCV, column.eq_operator, column.collation,
                               tuple(_float4(t.count / sample_rows) for t in track[:num_mcv]),
                               tuple(t.value for t in track[:num_mcv]), column.type_oid),)
    return ColumnStatistics(column.attnum, null_frac, width, distinct, slots)


def _histogram_bounds(kept: list, mcv: list, num_hist: int, num_bins: int) -> tuple | None:
    """Evenly spaced values of the sorted sample without the MCVs' runs, first and last
    included; None unless at least two distinct values are left."""
    if num_hist > num_bins:
        num_hist = num_bins + 1
    if num_hist < 2:
        return None
    skipped = set()
    for count, first in mcv:
        skipped.update(range(first, first + count))
    rest = [value for i, (value, _position) in enumerate(kept) if i not in skipped]
    nvals = len(rest)
    # The i-th bound is rest[i * (nvals - 1) // (num_hist - 1)], stepped without the
    # product (which PostgreSQL avoids for overflow; the positions are the same).
    delta, delta_frac = divmod(nvals - 1, num_hist - 1)
    pos = pos_frac = 0
    bounds = []
    for _ in range(num_hist):
        bounds.append(rest[pos])
        pos += delta
        pos_frac += delta_frac
        if pos_frac >= num_hist - 1:
            pos += 1
            pos_frac -= num_hist - 1
    return tuple(bounds)
