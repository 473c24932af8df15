# The minmax-multi summary's invariants, whatever the values and the order they come
# in: every value added is covered by an interval or a point; the serialised summary
# holds at most values_per_range values, its intervals sorted and disjoint and its
# points sorted, outside every interval; deserialising and serialising again gives the
# same bytes; consistent() answers every strategy as the values do. Byte-for-byte
# agreement with PostgreSQL's pages: tests/regress/sql/brin_minmax_multi.sql.
from __future__ import annotations

import random

import pytest

from pgsnake.access.brin.minmax_multi import MinmaxMulti
from pgsnake.access.brin.page_format import BrinValues


def _build(cls, values):
    column = BrinValues(values=[None])
    for v in values:
        cls.add_value(column, v)
    return column, column.values[0].serialize()


def _covered(ranges, value) -> bool:
    bounds = ranges.values[:2 * ranges.nranges]
    points = ranges.values[2 * ranges.nranges:]
    return value in points or any(bounds[2 * i] <= value <= bounds[2 * i + 1]
                                  for i in range(ranges.nranges))


@pytest.mark.parametrize("values_per_range", [8, 16, 32])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_summary_covers_every_value_within_its_size(values_per_range, seed):
    rng = random.Random(seed)
    values = [rng.randrange(-10**6, 10**6) for _ in range(rng.randrange(1, 3000))]
    cls = MinmaxMulti(23, 4, values_per_range)
    _column, data = _build(cls, values)
    ranges = cls.deserialize(data)
    assert 2 * ranges.nranges + ranges.nvalues <= values_per_range
    assert ranges.target == values_per_range
    bounds = ranges.values[:2 * ranges.nranges]
    assert all(a < b for a, b in zip(bounds, bounds[1:]))
    points = ranges.values[2 * ranges.nranges:]
    assert all(a < b for a, b in zip(points, points[1:]))
    assert not any(bounds[2 * i] <= p <= bounds[2 * i + 1]
                   for p in points for i in range(ranges.nranges))
    assert all(_covered(ranges, v) for v in values)
    assert cls.deserialize(data).serialize() == data


def test_inserts_into_a_stored_summary_keep_covering():
    rng = random.Random(7)
    cls = MinmaxMulti(20, 128)
    values = [rng.randrange(0, 10**9) for _ in range(500)]
    column, data = _build(cls, values)
    for v in [rng.randrange(0, 10**12) for _ in range(50)]:
        column.values = [data]
        cls.add_value(column, v)
        data = column.values[0].serialize()
        values.append(v)
    ranges = cls.deserialize(data)
    assert all(_covered(ranges, v) for v in values)


def test_consistent_matches_what_the_values_say():
    cls = MinmaxMulti(23, 4, 8)
    values = [1, 2, 3, 50, 51, 52, 1000, 5000, 5001, 9000]
    column, data = _build(cls, values)
    column.values = [data]
    for query in (0, 1, 4, 49, 51, 999, 1000, 7000, 9000, 9001):
        for strategy, holds in ((1, lambda v: v < query), (2, lambda v: v <= query),
                                (4, lambda v: v >= query), (5, lambda v: v > query)):
            if any(holds(v) for v in values):     # never a false negative
                assert cls.consistent(column, strategy, query, 23)
        if query in values:
            assert cls.consistent(column, 3, query, 23)
    # Merged to 8 values: [1, 52], 1000, [5000, 5001], 9000 (the three longest gaps
    # kept). Each key alone matches something; both together match nothing.
    ranges = cls.deserialize(data)
    assert ranges.values == [1, 52, 5000, 5001, 1000, 9000]
    assert cls.consistent(column, 4, 6000, 23) and cls.consistent(column, 2, 8000, 23)
    assert not cls.consistent_keys(column, [(4, 6000, 23), (2, 8000, 23)])
    assert cls.consistent_keys(column, [(4, 4000, 23), (2, 5000, 23)])


def test_float_nan_and_duplicates():
    cls = MinmaxMulti(701, 4, 8)
    values = [float("nan"), 1.0, 1.0, 2.5, float("inf"), -float("inf")] * 20
    _column, data = _build(cls, values)
    ranges = cls.deserialize(data)
    assert 2 * ranges.nranges + ranges.nvalues <= 8
    shown = cls.shown(BrinValues(allnulls=False, values=[data]))
    assert shown.startswith("{{nranges: ") and "NaN" in shown
