# ANALYZE's element statistics alone (commands/element_statistics.py) and the planner's
# estimators over them (optimizer/element_selectivity.py), on hand-made samples: what
# is counted once per array, the lossy-counting cut, the extra frequencies, the count
# histogram, the tsvector lexeme order, and the <@ / @@ arithmetic's edge cases.
# pg_stats and EXPLAIN are compared with PostgreSQL in
# tests/regress/sql/analyze_element_statistics.sql and
# tests/regress/test_explain_element_statistics.py.
from __future__ import annotations

from pgsnake.catalog.statistic_rows import (STATISTIC_KIND_DECHIST, STATISTIC_KIND_MCELEM,
                                            ColumnStatistics, find_slot)
from pgsnake.commands import element_statistics
from pgsnake.commands.column_statistics import AnalyzedColumn
from pgsnake.datatypes.tsvector import tsvector_input
from pgsnake.optimizer import element_selectivity


def _array_column(target: int = 100, raw_width=lambda v: 40) -> AnalyzedColumn:
    return AnalyzedColumn(1, 1007, -1, target, 1070, 1072, 0, lambda v: 40, raw_width)


def _with_elements(values, target: int = 100, raw_width=lambda v: 40):
    base = ColumnStatistics(1, 0.0, 40, 0.0)
    return element_statistics.add_array_element_stats(
        _array_column(target, raw_width), values, base, 23, 96)


def test_an_element_counts_once_per_array_and_nulls_only_as_a_fraction():
    stats = _with_elements([[1, 1, 2], [2, None], None, [3, 1]])
    mcelem = find_slot(stats, STATISTIC_KIND_MCELEM)
    assert mcelem.values == (1, 2, 3)
    third = element_statistics._float4(1 / 3)
    # 3 analyzed arrays: 1 in two, 2 in two, 3 in one; then lowest, highest, NULLs
    assert mcelem.numbers == (element_statistics._float4(2 / 3),) * 2 + (third,) + (
        third, element_statistics._float4(2 / 3), third)
    assert (mcelem.operator, mcelem.element_oid) == (96, 23)


def test_count_histogram_holds_evenly_spaced_distinct_counts_then_their_average():
    stats = _with_elements([[1], [1, 2], [1, 2, 3], [], [5, 6, 7, 8]], target=3)
    hist = find_slot(stats, STATISTIC_KIND_DECHIST).numbers
    assert hist == (0.0, 2.0, 4.0, 2.0)      # counts 0 1 2 3 4: min, middle, max; mean 2
    assert find_slot(stats, STATISTIC_KIND_DECHIST).values is None


def test_the_target_keeps_the_most_frequent_elements_in_element_order():
    arrays = [[k for k in range(1, 30) if i % k == 0] for i in range(1, 200)]
    mcelem = find_slot(_with_elements(arrays, target=1), STATISTIC_KIND_MCELEM)
    assert mcelem.values == tuple(range(1, 11))          # 10 x target
    lowest = element_statistics._float4(len([i for i in range(1, 200) if i % 10 == 0]) / 199)
    assert mcelem.numbers[10] == lowest


def test_arrays_too_wide_or_all_null_add_no_element_slots():
    assert _with_elements([None, None]).slots == ()
    assert _with_elements([[1], [2]], raw_width=lambda v: 0x10001).slots == ()


def test_tsvector_lexemes_sorted_by_length_then_bytes_and_unique_column():
    column = AnalyzedColumn(1, 3614, -1, 100, 0, 0, 100, lambda v: 0, lambda v: 0)
    values = [tsvector_input(text) for text in ("bb a", "bb ccc", "a zz")] + [None]
    stats = element_statistics.compute_tsvector_stats(column, values, 4)
    assert stats.null_frac == 0.25 and stats.distinct == -0.75
    slot = find_slot(stats, STATISTIC_KIND_MCELEM)
    # single-occurrence lexemes are still kept (the cut-off is 9 N / bucket width = 0)
    assert slot.values == ("a", "bb", "zz", "ccc")
    assert (slot.operator, slot.collation, slot.element_oid) == (98, 100, 25)
    assert len(slot.numbers) == len(slot.values) + 2


def test_contained_selectivity_defaults_without_both_slots():
    assert element_selectivity._contained_selectivity(None, None, [1], None) == 0.005
    assert element_selectivity._contained_selectivity((1,), (0.5, 0.5, 0.5, 0.0), [1],
                                                      (1.0, 1.0)) == 0.005


def test_contained_selectivity_of_the_only_element_is_the_share_holding_just_it():
    # every array is {1}: count histogram all 1s, element 1 in every row
    numbers = (1.0, 1.0, 1.0, 0.0)
    hist = (1.0, 1.0, 1.0, 1.0)
    assert element_selectivity._contained_selectivity((1,), numbers, [1], hist) == 1.0
    assert element_selectivity._contained_selectivity((1,), numbers, [2], hist) < 0.01


def test_distribution_of_independent_events():
    dist = element_selectivity._distribution([0.5, 0.5], 2, 2, 0.0)
    assert dist == [0.25, 0.5, 0.25]


def test_ts_query_tree_without_statistics():
    from pgsnake.datatypes.tsquery import tsquery_input
    root = tsquery_input("a & (b | !c) & d:*").root
    expected = 0.005 * (0.005 + (1 - 0.005) - 0.005 * (1 - 0.005)) * 0.02
    assert abs(element_selectivity._query_selectivity(root, None, 0.0) - expected) < 1e-12
