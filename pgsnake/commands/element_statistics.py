"""ANALYZE's element statistics: the most common elements of array columns and the most
common lexemes of tsvector columns, for the planner's @>, <@, &&, = ANY and @@ estimates.

Entry points:
    add_array_element_stats(column, values, stats) -> ColumnStatistics
        array_typanalyze: the scalar statistics `stats` (already computed for the
        array as a whole) plus an MCELEM and a DECHIST slot
    compute_tsvector_stats(column, values, sample_rows) -> ColumnStatistics
        ts_typanalyze: null fraction, width, n_distinct -(1 - null fraction) (a tsvector
        column is taken as unique) and an MCELEM slot of lexemes (text)

Both count elements with Manku and Motwani's Lossy Counting over the sample: elements
are seen in sample order, batches of `bucket_width` elements each end with a prune of
the tracked elements whose count plus error is at most the batch number; at the end only
elements counted more than 9 x elements / bucket_width times (the cut-off (s - epsilon)
x N with epsilon = s / 10) are candidates, and the 10 x target most frequent are kept.
  arrays:   bucket_width = 10 x target x 1000 / 7; an element counts once per array;
            arrays wider than 64 kB (detoasted) are skipped; NULL elements only count
            towards the fraction of arrays holding one.
            MCELEM: the elements sorted by the element type's order, their frequencies
            (share of the analyzed non-NULL arrays), then the lowest and highest kept
            frequency and the NULL-element fraction (3 extra numbers); staop the
            element type's '=', stacoll the column's collation.
            DECHIST: target evenly spaced distinct-element counts of the analyzed
            arrays (first and last included; at least 2), then their average.
  tsvector: bucket_width = (10 x target + 10) x 1000 / 7 (ten stopwords assumed);
            MCELEM values are text sorted by byte length, then bytes; 2 extra numbers
            (lowest and highest kept frequency); staop text '=', stacoll "default".

Where we differ: when more candidates pass the cut-off than fit, PostgreSQL sorts them
by frequency with qsort, so which of several equally frequent elements survive at the
boundary depends on its hash table's order; here the earlier-sorted element wins.

PostgreSQL: utils/adt/array_typanalyze.c (compute_array_stats,
prune_element_hashtable), tsearch/ts_typanalyze.c (compute_tsvector_stats),
include/catalog/pg_statistic.h (STATISTIC_KIND_MCELEM, STATISTIC_KIND_DECHIST).
"""
from __future__ import annotations

import dataclasses

from pgsnake.catalog.statistic_rows import (STATISTIC_KIND_DECHIST, STATISTIC_KIND_MCELEM,
                                            ColumnStatistics, StatisticSlot, order_key)

ARRAY_WIDTH_THRESHOLD = 0x10000     # bytes, detoasted: wider arrays are not analyzed
TEXT_OID, TEXT_EQUAL_OPERATOR = 25, 98
DEFAULT_COLLATION_OID = 100
ELEMENTS_PER_TARGET = 10            # num_mcelem = 10 x the statistics target


def _float4(x: float) -> float:
    import struct
    return struct.unpack("<f", struct.pack("<f", x))[0]


class _LossyCounter:
    """The Lossy Counting table D: element key -> [frequency, delta, last container]."""

    def __init__(self, bucket_width: int) -> None:
        self.bucket_width = bucket_width
        self.items: dict = {}
        self.seen = 0               # N: elements processed
        self.bucket = 1             # b_current

    def add(self, key, container: int, value) -> bool:
        """Count one occurrence; False when `key` was already counted for this
        container (an element repeated within one array)."""
        item = self.items.get(key)
        if item is not None:
            if item[2] == container:
                return False
            item[0] += 1
            item[2] = container
        else:
            self.items[key] = [1, self.bucket - 1, container, value]
        self.seen += 1
        if self.seen % self.bucket_width == 0:
            bucket = self.bucket
            for k in [k for k, it in self.items.items() if it[0] + it[1] <= bucket]:
                del self.items[k]
            self.bucket += 1
        return True

    def candidates(self) -> list:
        """[frequency, delta, container, value] of the elements above the cut-off."""
        cutoff = 9 * self.seen // self.bucket_width
        return [item for item in self.items.values() if item[0] > cutoff]


def _most_common(candidates: list, wanted: int) -> tuple[list, int, int]:
    """(kept items, lowest kept frequency, highest frequency) of the `wanted` most
    frequent candidates."""
    if not candidates:
        return [], 0, 0
    highest = max(item[0] for item in candidates)
    if wanted < len(candidates):
        candidates = sorted(candidates, key=lambda item: -item[0])[:wanted]
        return candidates, candidates[-1][0], highest
    return candidates, min(item[0] for item in candidates), highest


# -- arrays --------------------------------------------------------------------------------

def add_array_element_stats(column, values: list, stats: ColumnStatistics,
                            element_oid: int, element_eq: int) -> ColumnStatistics:
    """compute_array_stats after std_compute_stats: `stats` gets the MCELEM and DECHIST
    slots after its own. Element values must be hashable (else `stats` is returned)."""
    from pgsnake.datatypes import array_values
    num_mcelem = column.target * ELEMENTS_PER_TARGET
    counter = _LossyCounter(num_mcelem * 1000 // 7)
    count_histogram: dict[int, int] = {}
    analyzed = null_element_arrays = 0
    try:
        for array_no, value in enumerate(values):
            if value is None:
                continue
            if column.raw_width_of(value) > ARRAY_WIDTH_THRESHOLD:
                continue
            analyzed += 1
            before = counter.seen
            null_present = False
            for element in array_values.elements(value):
                if element is None:
                    null_present = True
                    continue
                counter.add(order_key(element), array_no, element)
            if null_present:
                null_element_arrays += 1
            distinct = counter.seen - before
            count_histogram[distinct] = count_histogram.get(distinct, 0) + 1
    except TypeError:
        return stats            # unhashable elements: scalar statistics only
    if analyzed == 0:
        return stats
    kept, lowest, highest = _most_common(counter.candidates(), num_mcelem)
    slots = list(stats.slots)
    if kept:
        kept.sort(key=lambda item: order_key(item[3]))
        numbers = [_float4(item[0] / analyzed) for item in kept]
        numbers += [_float4(lowest / analyzed), _float4(highest / analyzed),
                    _float4(null_element_arrays / analyzed)]
        slots.append(StatisticSlot(STATISTIC_KIND_MCELEM, element_eq, column.collation,
                                   tuple(numbers), tuple(item[3] for item in kept),
                                   element_oid))
    slots.append(StatisticSlot(
        STATISTIC_KIND_DECHIST, element_eq, column.collation,
        _count_histogram(count_histogram, analyzed, max(column.target, 2), counter.seen)))
    return dataclasses.replace(stats, slots=tuple(slots))


def _count_histogram(counts: dict[int, int], analyzed: int, num_hist: int,
                     elements: int) -> tuple:
    """num_hist evenly spaced distinct-element counts of the analyzed arrays (the i-th
    is the one at position i x (analyzed - 1) / (num_hist - 1) of their sorted list),
    then the average count."""
    runs = sorted(counts.items())
    delta = analyzed - 1
    j = 0
    frac = runs[0][1] * (num_hist - 1)
    out = []
    for _ in range(num_hist):
        while frac <= 0:
            j += 1
            frac += runs[j][1] * (num_hist - 1)
        out.append(_float4(runs[j][0]))
        frac -= delta
    out.append(_float4(elements / analyzed))
    return tuple(out)


# -- tsvector ------------------------------------------------------------------------------

def tsvector_width(value) -> int:
    """VARSIZE_ANY of the stored tsvector: a 1-byte header when it fits in 127 bytes."""
    size = value.disk_size()
    return size - 3 if size - 3 <= 127 else size


def _lexeme_order(lexeme: str):
    data = lexeme.encode()
    return (len(data), data)


def compute_tsvector_stats(column, values: list, sample_rows: int) -> ColumnStatistics:
    num_mcelem = column.target * ELEMENTS_PER_TARGET
    counter = _LossyCounter((num_mcelem + 10) * 1000 // 7)
    null_count = 0
    total_width = 0.0
    for vector_no, value in enumerate(values):
        if value is None:
            null_count += 1
            continue
        total_width += tsvector_width(value)
        for lexeme in value.lexemes():
            counter.add(lexeme, vector_no, lexeme)
    if null_count == sample_rows:
        return ColumnStatistics(column.attnum, 1.0, 0, 0.0)
    nonnull = sample_rows - null_count
    null_frac = _float4(null_count / sample_rows)
    kept, lowest, highest = _most_common(counter.candidates(), num_mcelem)
    slots = ()
    if kept:
        kept.sort(key=lambda item: _lexeme_order(item[3]))
        numbers = [_float4(item[0] / nonnull) for item in kept]
        numbers += [_float4(lowest / nonnull), _float4(highest / nonnull)]
        slots = (StatisticSlot(STATISTIC_KIND_MCELEM, TEXT_EQUAL_OPERATOR,
                               DEFAULT_COLLATION_OID, tuple(numbers),
                               tuple(item[3] for item in kept), TEXT_OID),)
    return ColumnStatistics(column.attnum, null_frac, int(total_width / nonnull),
                            _float4(-1.0 * (1.0 - null_frac)), slots)
