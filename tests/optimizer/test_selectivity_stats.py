# The planner's estimators over pg_statistic contents (optimizer/selectivity_stats.py),
# without a server: var = const against MCVs, histogram interpolation and its clamps,
# the string-to-scalar scale, and the fall-back (None) when a column has no statistics.
# EXPLAIN estimates are compared with PostgreSQL in tests/regress/test_explain_statistics.py.
from __future__ import annotations

from pgsnake.catalog.statistic_rows import (STATISTIC_KIND_HISTOGRAM, STATISTIC_KIND_MCV,
                                            ColumnStatistics, StatisticSlot)
from pgsnake.optimizer import join_group_statistics, selectivity_stats
from pgsnake.optimizer.selectivity_stats import VariableStats


def _column(mcv=(), freqs=(), histogram=None, null_frac=0.0, distinct=100.0):
    slots = []
    if mcv:
        slots.append(StatisticSlot(STATISTIC_KIND_MCV, 96, 0, tuple(freqs), tuple(mcv), 23))
    if histogram:
        slots.append(StatisticSlot(STATISTIC_KIND_HISTOGRAM, 97, 0, None, tuple(histogram), 23))
    stats = ColumnStatistics(1, null_frac, 4, distinct, tuple(slots))
    return VariableStats(stats, 10000.0, 10000.0, 23, False)


def test_equality_with_a_common_value_is_its_frequency():
    var = _column(mcv=(5, 6), freqs=(0.3, 0.1))
    assert selectivity_stats.var_eq_const(var, 5) == 0.3


def test_equality_with_another_value_shares_what_the_mcvs_leave():
    var = _column(mcv=(5, 6), freqs=(0.3, 0.1), null_frac=0.1, distinct=52.0)
    expected = (1.0 - 0.4 - 0.1) / (52 - 2)
    assert abs(selectivity_stats.var_eq_const(var, 7) - expected) < 1e-12
    assert abs(selectivity_stats.var_eq_const(var, 7, negate=True)
               - (1.0 - expected - 0.1)) < 1e-12


def test_inequality_interpolates_within_a_bin():
    var = _column(histogram=(0, 10, 20, 30, 40), distinct=-1.0)
    # x <= 25: two full bins and half of the third, of four.
    assert abs(selectivity_stats.scalar_ineq_selectivity(var, 25, False, True) - 2.5 / 4) < 1e-9


def test_inequality_outside_the_histogram_is_clamped_to_a_hundredth_of_a_bin():
    var = _column(histogram=(0, 10, 20, 30, 40), distinct=-1.0)
    assert selectivity_stats.scalar_ineq_selectivity(var, -5, False, False) == 0.01 / 4
    assert selectivity_stats.scalar_ineq_selectivity(var, 99, False, False) == 1 - 0.01 / 4


def test_strings_scale_after_their_common_prefix():
    value, low, high = selectivity_stats.convert_to_scalar("abm", "aba", "abz", 25)
    assert low < value < high


def test_unknown_column_gives_no_estimate():
    lookup = selectivity_stats.StatisticsLookup([], {}, {}, lambda rtindex: set())
    assert join_group_statistics.estimate_num_groups([], 10.0, lookup) is None
    assert selectivity_stats.null_fraction(None, lookup) is None


class _Lookup:
    """A StatisticsLookup stand-in answering examine() from a dict of Var names."""

    def __init__(self, columns) -> None:
        self.columns = columns

    def examine(self, expr):
        return self.columns.get(expr)


def test_semi_join_matched_mcvs_count_exactly():
    outer = _column(mcv=(1, 2, 3), freqs=(0.5, 0.2, 0.1), distinct=10.0)
    inner = _column(mcv=(1, 9), freqs=(0.6, 0.2), distinct=4.0)
    lookup = _Lookup({"o": outer, "i": inner})
    # 1 matches (0.5); of the other 0.5 of the outer rows, nd2/nd1 = (4-1)/(10-1) have
    # a partner.
    expected = 0.5 + (3 / 9) * 0.5
    selectivity = join_group_statistics.semi_join_selectivity("o", "i", lookup)
    assert abs(selectivity - expected) < 1e-12


def test_semi_join_without_mcvs_uses_the_distinct_counts():
    outer = _column(null_frac=0.1, distinct=100.0)
    inner = _column(distinct=25.0)
    lookup = _Lookup({"o": outer, "i": inner})
    assert abs(join_group_statistics.semi_join_selectivity("o", "i", lookup)
               - 0.25 * 0.9) < 1e-12
    assert join_group_statistics.semi_join_selectivity("o", "x", lookup) is None
