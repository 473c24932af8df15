# ANALYZE's estimators alone (commands/column_statistics.py, commands/analyze_sample.py):
# the n_distinct rules and the Haas-Stokes formula, the MCV significance test, the
# histogram and correlation of a small sample, the block sampler and the reservoir.
# End-to-end contents of pg_statistic are compared with PostgreSQL in
# tests/regress/sql/analyze_statistics.sql.
from __future__ import annotations

import random

from pgsnake.catalog.statistic_rows import (STATISTIC_KIND_CORRELATION,
                                            STATISTIC_KIND_HISTOGRAM, STATISTIC_KIND_MCV,
                                            find_slot)
from pgsnake.commands import analyze_sample, column_statistics
from pgsnake.commands.column_statistics import AnalyzedColumn


def _int_column(target: int = 100) -> AnalyzedColumn:
    return AnalyzedColumn(1, 23, 4, target, 96, 97, 0, lambda v: 4, lambda v: 4)


def test_distinct_when_nothing_repeats_scales_with_the_table():
    assert column_statistics.estimate_distinct(10, 0, 0, 10, 0.25, 1000.0) == -0.75


def test_distinct_when_every_value_repeats_is_the_count_seen():
    assert column_statistics.estimate_distinct(7, 7, 0, 100, 0.0, 1e6) == 7.0


def test_distinct_haas_stokes_between_seen_and_total():
    n, d, f1, big_n = 30000, 15000, 10000, 1e6
    estimate = column_statistics.estimate_distinct(d, d - f1, 0, n, 0.0, big_n)
    assert estimate == int(n * d / ((n - f1) + f1 * n / big_n) + 0.5)
    assert d <= estimate <= big_n


def test_every_mcv_kept_when_the_whole_table_was_sampled():
    assert column_statistics.significant_mcv_count([5, 4, 3], 10.0, 0.0, 100, 100.0) == 3


def test_mcvs_no_commoner_than_average_are_dropped():
    # 30000 of 1e6 rows sampled, 100 distinct values: a value seen 300 times is exactly
    # average, one seen 3000 times is not.
    assert column_statistics.significant_mcv_count([3000, 300, 300], 100.0, 0.0, 30000,
                                                   1e6) == 1


def test_scalar_stats_of_a_small_sample():
    stats = column_statistics.compute_scalar_stats(_int_column(), [1, 1, 2, 3, None], 5, 5.0)
    assert abs(stats.null_frac - 0.2) < 1e-6 and stats.width == 4
    assert abs(stats.distinct - -0.6) < 1e-6           # 3 of 5 rows: scales with the table
    mcv = find_slot(stats, STATISTIC_KIND_MCV)
    assert mcv.values == (1,) and abs(mcv.numbers[0] - 0.4) < 1e-6 and mcv.operator == 96
    histogram = find_slot(stats, STATISTIC_KIND_HISTOGRAM)
    assert histogram.values == (2, 3) and histogram.operator == 97
    assert find_slot(stats, STATISTIC_KIND_CORRELATION).numbers == (1.0,)


def test_histogram_has_target_plus_one_evenly_spaced_bounds():
    stats = column_statistics.compute_scalar_stats(_int_column(target=4), list(range(101)),
                                                   101, 101.0)
    assert find_slot(stats, STATISTIC_KIND_HISTOGRAM).values == (0, 25, 50, 75, 100)
    assert stats.distinct == -1.0


def test_reverse_order_has_correlation_minus_one():
    stats = column_statistics.compute_scalar_stats(_int_column(), list(range(50, 0, -1)),
                                                   50, 50.0)
    assert find_slot(stats, STATISTIC_KIND_CORRELATION).numbers == (-1.0,)


def test_only_nulls():
    stats = column_statistics.compute_scalar_stats(_int_column(), [None] * 4, 4, 4.0)
    assert (stats.null_frac, stats.distinct, stats.slots) == (1.0, 0.0, ())


def test_block_sampler_picks_distinct_increasing_blocks():
    sampler = analyze_sample.BlockSampler(1000, 30, random.Random(7))
    blocks = []
    while sampler.has_more():
        blocks.append(sampler.next())
    assert len(blocks) == 30 and blocks == sorted(set(blocks)) and blocks[-1] < 1000


def test_block_sampler_takes_every_block_of_a_small_table():
    sampler = analyze_sample.BlockSampler(5, 300, random.Random(7))
    blocks = []
    while sampler.has_more():
        blocks.append(sampler.next())
    assert blocks == [0, 1, 2, 3, 4]


def test_reservoir_skips_are_never_negative_and_grow():
    reservoir = analyze_sample.ReservoirState(100, random.Random(3))
    early = [reservoir.next_skip(100 + i, 100) for i in range(200)]
    late = [reservoir.next_skip(1_000_000 + i, 100) for i in range(200)]
    assert min(early + late) >= 0
    assert sum(late) > sum(early)
